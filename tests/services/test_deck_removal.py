"""Removing and renaming a deck: its cards, the notes only used there, their history."""

from __future__ import annotations

from collections import Counter

import pytest

from pmstudy.domain.model import Rating
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.container import Services


def _cards(services: Services, query: str) -> list[int]:
    return list(services.browser.search(query).ids)


def test_remove_takes_cards_notes_and_history_and_keeps_shared_notes(
    services: Services,
) -> None:
    scrum = _cards(services, "deck:Scrum")
    notes = {card_id: services.library.card(card_id).note.id for card_id in scrum}
    per_note = Counter(notes.values())
    shared_note = next(n for n, count in per_note.items() if count > 1)
    moved = next(c for c, n in notes.items() if n == shared_note)
    services.browser.move([moved], "Elsewhere")
    deck_id = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck_id)
    card = session.next_card()
    assert card is not None
    session.answer(Rating.GOOD, duration_ms=1000)

    preview = services.decks.removal("Scrum")
    assert preview.decks == ("Scrum",)
    assert preview.cards == len(scrum) - 1
    assert preview.notes == len(per_note) - 1  # the note with a card elsewhere stays
    assert preview.reviews == 1
    assert services.decks.remove("Scrum") == preview

    names = [n.name for n in services.study.deck_tree()]
    assert "Scrum" not in names
    assert "Elsewhere" in names
    assert _cards(services, "deck:Scrum") == []
    kept = services.library.card(moved)
    assert kept.note.id == shared_note
    assert services.stats.overview().reviews_total == 0
    assert services.decks.sync() == []  # the starter deck does not come back


def test_remove_refuses_the_default_deck_and_unknown_names(services: Services) -> None:
    services.browser.move(_cards(services, "deck:Scrum")[:1], "Default")
    with pytest.raises(PmStudyError, match="the Default deck cannot be removed"):
        services.decks.remove("Default")
    with pytest.raises(NotFoundError, match="no deck named 'Nope'"):
        services.decks.removal("Nope")


def test_rename_moves_sub_decks_and_refuses_clashes(services: Services) -> None:
    first = _cards(services, "deck:Scrum")[0]
    services.browser.move([first], "Scrum::Extra")
    assert services.decks.rename("Scrum", "Agile :: Scrum") == 2
    names = {n.name for n in services.study.deck_tree()}
    assert {"Agile", "Agile::Scrum", "Agile::Scrum::Extra"} <= names
    assert not {"Scrum", "Scrum::Extra"} & names
    assert _cards(services, '"deck:Agile::Scrum::Extra"') == [first]
    services.browser.move([first], "Other")
    with pytest.raises(PmStudyError, match="a deck named 'Other' exists already"):
        services.decks.rename("Agile::Scrum", "Other")
    with pytest.raises(PmStudyError, match="itself or inside it"):
        services.decks.rename("Agile", "Agile::Sub")
    with pytest.raises(PmStudyError, match="empty level"):
        services.decks.rename("Agile", "A::")
    with pytest.raises(NotFoundError):
        services.decks.rename("Nope", "New")


def test_remove_refuses_the_last_deck_of_an_exam(services: Services) -> None:
    goal = services.exams.add("psm-1", "2027-01-10", decks=["Scrum"])
    with pytest.raises(PmStudyError, match=r"every deck of exam \d+ \(psm-1\): remove the exam"):
        services.decks.removal("Scrum")
    services.exams.remove(goal.id)
    assert services.decks.remove("Scrum").cards > 0
