"""Editing a note from the review screen (the editor's save, the one edit path) keeps every card
and its history."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select

from pmstudy.db.models import CardRow, NoteRow, ReviewLogRow
from pmstudy.db.notes import ensure_note_type
from pmstudy.db.repo import Repository
from pmstudy.domain.model import NoteKind, Rating
from pmstudy.services.container import Services

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


def _imported_note(services: Services) -> int:
    """A note of an imported three-template note type with its three cards."""
    with services.sessions.begin() as session:
        type_id = ensure_note_type(
            session,
            NoteKind.TEMPLATE,
            name="Imported three-way",
            fields=["A", "B", "C"],
            templates=[["{{A}}", "{{B}}"], ["{{B}}", "{{C}}"], ["{{C}}", "{{A}}"]],
        )
        deck = Repository(session).ensure_deck("Imported", now=NOW)
        note = NoteRow(
            guid="imported-3",
            note_type_id=type_id,
            fields={"A": "a", "B": "b", "C": "c"},
            tags=" ",
            source="apkg:shared.apkg",
            created_at=NOW,
            modified_at=NOW,
        )
        session.add(note)
        session.flush()
        for ord_ in (0, 1, 2):
            session.add(
                CardRow(note_id=note.id, deck_id=deck, ord=ord_, position=ord_, created_at=NOW)
            )
        return note.id


def _cards_and_reviews(services: Services, note_id: int) -> tuple[list[int], int]:
    with services.sessions() as session:
        cards = list(
            session.scalars(
                select(CardRow.id).where(CardRow.note_id == note_id).order_by(CardRow.ord)
            )
        )
        reviews = session.scalar(
            select(func.count()).select_from(ReviewLogRow).where(ReviewLogRow.card_id.in_(cards))
        )
    return cards, int(reviews or 0)


def test_quick_edit_of_an_imported_note_type_keeps_all_its_cards(
    empty_services: Services,
) -> None:
    services = empty_services
    note_id = _imported_note(services)
    deck_id = next(n.id for n in services.study.deck_tree() if n.name == "Imported")
    session = services.study.start(deck_id)
    assert session.next_card() is not None
    session.answer(Rating.GOOD, duration_ms=1000)  # its siblings are buried until tomorrow
    cards_before, reviews_before = _cards_and_reviews(services, note_id)
    assert len(cards_before) == 3
    assert reviews_before == 1
    card = services.library.card(cards_before[1])
    draft = services.editor.draft(card.id)
    fields = {"A": "a!", "B": "b", "C": "c"}
    summary = services.editor.save(dataclasses.replace(draft, fields=fields, tags=("x",)))
    assert not summary.added
    assert summary.cards_removed == 0
    assert summary.cards_added == 0
    assert _cards_and_reviews(services, note_id) == (cards_before, reviews_before)
    edited = services.library.card(cards_before[0])
    assert edited.note.fields == {"A": "a!", "B": "b", "C": "c"}
    assert edited.note.tags == ("x",)
    assert edited.memory.reps == 1  # scheduling untouched


def test_quick_edit_of_a_cloze_still_adds_and_removes_cards(services: Services) -> None:
    with services.sessions() as session:
        note_id = session.scalar(
            select(NoteRow.id)
            .join(CardRow, CardRow.note_id == NoteRow.id)
            .where(NoteRow.fields["Text"].as_string().like("%{{c1::%"))
            .limit(1)
        )
    assert note_id is not None
    cards, _ = _cards_and_reviews(services, note_id)
    card = services.library.card(cards[0])
    text = card.note.fields["Text"] + " plus {{c9::a new one}}"
    draft = services.editor.draft(card.id)
    summary = services.editor.save(
        dataclasses.replace(draft, fields={**card.note.fields, "Text": text}, tags=())
    )
    assert summary.cards_added == 1
    after, _ = _cards_and_reviews(services, note_id)
    assert after[: len(cards)] == cards
    assert len(after) == len(cards) + 1
