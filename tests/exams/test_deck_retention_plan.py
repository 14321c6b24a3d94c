"""The exam plan simulates a deck's cards at the deck's own desired retention (Anki 25.09):
a higher retention on the exam's deck plans more reviews; the preset is left as it was."""

from __future__ import annotations

from pmstudy.services.container import Services


def _planned_reviews(services: Services, goal_id: int) -> float:
    plan = services.exams.report(goal_id).plan_dict()
    days = plan["days"]
    assert isinstance(days, list)
    return sum(float(day["reviews"]) for day in days)


def test_the_plan_follows_the_decks_own_retention(services: Services) -> None:
    goal = services.exams.add("psm-1", "2027-01-10")
    at_preset = _planned_reviews(services, goal.id)
    services.presets.set_deck_retention("Scrum", 0.97)
    higher = _planned_reviews(services, goal.id)
    assert higher > at_preset * 1.3
    services.presets.set_deck_retention("Scrum", None)
    assert _planned_reviews(services, goal.id) == at_preset
    assert services.presets.deck_retention("Scrum").preset_retention == 0.9
