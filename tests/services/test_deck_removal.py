"""Removing and renaming a deck: its cards, the notes only used there, their history."""

from __future__ import annotations

from collections import Counter

import pytest

from pmstudy.clock import FixedClock
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

    preview = services.deck_edits.removal("Scrum")
    assert preview.decks == ("Scrum",)
    assert preview.cards == len(scrum) - 1
    assert preview.notes == len(per_note) - 1  # the note with a card elsewhere stays
    assert preview.reviews == 1
    assert services.deck_edits.remove("Scrum") == preview

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
        services.deck_edits.remove("Default")
    with pytest.raises(NotFoundError, match="no deck named 'Nope'"):
        services.deck_edits.removal("Nope")


def test_rename_moves_sub_decks_and_refuses_clashes(services: Services) -> None:
    first = _cards(services, "deck:Scrum")[0]
    services.browser.move([first], "Scrum::Extra")
    assert services.deck_edits.rename("Scrum", "Agile :: Scrum") == 2
    names = {n.name for n in services.study.deck_tree()}
    assert {"Agile", "Agile::Scrum", "Agile::Scrum::Extra"} <= names
    assert not {"Scrum", "Scrum::Extra"} & names
    assert _cards(services, '"deck:Agile::Scrum::Extra"') == [first]
    services.browser.move([first], "Other")
    with pytest.raises(PmStudyError, match="a deck named 'Other' exists already"):
        services.deck_edits.rename("Agile::Scrum", "Other")
    with pytest.raises(PmStudyError, match="itself or inside it"):
        services.deck_edits.rename("Agile", "Agile::Sub")
    with pytest.raises(PmStudyError, match="empty level"):
        services.deck_edits.rename("Agile", "A::")
    with pytest.raises(NotFoundError):
        services.deck_edits.rename("Nope", "New")


def test_remove_refuses_the_last_deck_of_an_exam(services: Services) -> None:
    goal = services.exams.add("psm-1", "2027-01-10", decks=["Scrum"])
    with pytest.raises(PmStudyError, match=r"every deck of exam \d+ \(psm-1\): remove the exam"):
        services.deck_edits.removal("Scrum")
    services.exams.remove(goal.id)
    assert services.deck_edits.remove("Scrum").cards > 0


def _rows(services: Services, sql: str) -> list[tuple[object, ...]]:
    from sqlalchemy import text

    with services.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def test_undo_of_a_removal_puts_back_every_row_exactly(services: Services) -> None:
    scrum = _cards(services, "deck:Scrum")
    services.browser.move(scrum[:2], "Scrum::Sub")
    goal = services.exams.add("psm-1", "2027-01-10", decks=["Scrum::Sub", "Scrum"])
    other = services.exams.add("csm", "2027-02-10", decks=["Scrum"])
    deck_id = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck_id)
    for _ in range(3):
        assert session.next_card() is not None
        session.answer(Rating.GOOD, duration_ms=1000)
    tables = ("decks", "notes", "cards", "review_log", "exam_goal_decks", "mock_items")
    before = {t: _rows(services, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}

    removal = services.deck_edits.removal("Scrum::Sub")
    assert [(e.goal_id, e.via) for e in removal.exams] == [
        (goal.id, None),
        (goal.id, "Scrum"),
        (other.id, "Scrum"),
    ]
    services.deck_edits.remove("Scrum::Sub")
    assert services.exams.goal(goal.id).deck_names == ("Scrum",)
    assert services.deck_edits.undoable == removal
    assert services.deck_edits.undo_remove() == removal
    assert {t: _rows(services, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables} == before
    assert services.exams.goal(goal.id).deck_names == ("Scrum", "Scrum::Sub")
    assert services.deck_edits.undo_remove() is None  # once


def test_undo_refuses_when_the_name_came_back_and_changes_nothing(services: Services) -> None:
    services.deck_edits.remove("Scrum")
    services.decks.install(["scrum"])  # the same notes (guids) and deck name again
    before = _rows(services, "SELECT count(*) FROM cards")
    with pytest.raises(PmStudyError, match="cannot undo the removal of 'Scrum'"):
        services.deck_edits.undo_remove()
    assert _rows(services, "SELECT count(*) FROM cards") == before


def test_move_under_a_deck_and_back_to_the_top(services: Services) -> None:
    first = _cards(services, "deck:Scrum")[0]
    services.browser.move([first], "Other::Deep")
    assert services.deck_edits.move("Other", "Scrum") == ("Scrum::Other", 2)
    assert _cards(services, '"deck:Scrum::Other::Deep"') == [first]
    assert "Scrum::Other" not in services.deck_edits.parents("Scrum::Other")
    assert "Scrum::Other::Deep" not in services.deck_edits.parents("Scrum::Other")
    assert "Scrum" in services.deck_edits.parents("Scrum::Other")
    with pytest.raises(PmStudyError, match="the deck itself or inside it"):
        services.deck_edits.move("Scrum", "Scrum::Other")
    with pytest.raises(PmStudyError, match="already under 'Scrum'"):
        services.deck_edits.move("Scrum::Other", "Scrum")
    with pytest.raises(NotFoundError, match="no deck named 'Nope'"):
        services.deck_edits.move("Scrum::Other", "Nope")
    services.browser.move([_cards(services, "deck:Scrum")[-1]], "Deep")
    with pytest.raises(PmStudyError, match="a deck named 'Deep' exists already"):
        services.deck_edits.move("Scrum::Other::Deep", None)
    assert services.deck_edits.move("Scrum::Other", None) == ("Other", 2)


def test_link_and_unlink_an_exam(services: Services) -> None:
    first = _cards(services, "deck:Scrum")[0]
    services.browser.move([first], "Mine")
    goal = services.exams.add("psm-1", "2027-01-10", decks=["Scrum"])
    assert services.exams.find("psm-1") == goal
    assert services.exams.find(str(goal.id)) == goal
    cards = services.exams.report(goal.id, with_plan=False)
    linked = services.exams.link(goal.id, ["Mine", "Scrum"])
    assert linked.deck_names == ("Mine", "Scrum")
    assert services.exams.report(goal.id, with_plan=False) != cards
    with pytest.raises(NotFoundError, match="no deck named 'Nope'"):
        services.exams.link(goal.id, ["Nope"])
    assert services.exams.unlink(goal.id, ["Scrum"]).deck_names == ("Mine",)
    with pytest.raises(PmStudyError, match="would have no deck left"):
        services.exams.unlink(goal.id, ["Mine"])
    with pytest.raises(PmStudyError, match="does not link 'Scrum'; it links 'Mine'"):
        services.exams.unlink(goal.id, ["Scrum"])
    services.exams.add("psm-1", "2027-03-10", decks=["Scrum"])
    with pytest.raises(PmStudyError, match="2 exams are set for psm-1"):
        services.exams.find("psm-1")


def test_undo_gives_the_mock_items_their_cards_back(services: Services, clock: FixedClock) -> None:
    from tests.cli.mock_sitting import start_mock

    start_mock(services, clock, answered=3)
    query = "SELECT mock_id, position, card_id, response FROM mock_items ORDER BY 1, 2"
    before = _rows(services, query)
    assert all(card is not None for _, _, card, _ in before)
    services.deck_edits.remove("Scrum")
    assert all(card is None for _, _, card, _ in _rows(services, query))
    services.deck_edits.undo_remove()
    assert _rows(services, query) == before
