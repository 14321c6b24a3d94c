"""Read one deck (with its sub-decks) for export, and a card's note for media lookups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmstudy.db.convert import NOTE_COLUMNS, memory_from_row, note_from_columns, preset_from_row
from pmstudy.db.models import CardRow, DeckRow, NoteRow, NoteTypeRow, PresetRow, ReviewLogRow
from pmstudy.db.repo import subtree_condition
from pmstudy.db.sqlfuncs import chunks
from pmstudy.domain.cards import CollectionSlice, DeckSpec, ExportCard, NoteTypeSpec
from pmstudy.domain.model import (
    CardState,
    Memory,
    NoteKind,
    Rating,
    ReviewEntry,
    ReviewKind,
)


def read_slice(session: Session, deck: str, *, history: bool = True) -> CollectionSlice | None:
    """Deck ``deck`` and its sub-decks: decks, presets, note types, notes, cards, reviews."""
    deck_rows = list(session.scalars(select(DeckRow).where(subtree_condition(deck))))
    if not any(d.name == deck for d in deck_rows):
        return None
    result = CollectionSlice(deck=deck)
    preset_rows = {p.id: p for p in session.scalars(select(PresetRow))}
    names = {d.id: d.name for d in deck_rows}
    for row in sorted(deck_rows, key=lambda d: d.name):
        result.decks.append(
            DeckSpec(
                name=row.name,
                preset=preset_rows[row.preset_id].name,
                description=row.description,
                source=row.source,
                source_version=row.source_version,
                desired_retention=row.desired_retention,
            )
        )
        if row.name == deck:
            result.deck_source = row.source
    used_presets = {d.preset_id for d in deck_rows}
    result.presets = [preset_from_row(preset_rows[i]) for i in sorted(used_presets)]
    card_rows = list(
        session.scalars(
            select(CardRow)
            .where(CardRow.deck_id.in_(list(names)))
            .order_by(CardRow.note_id, CardRow.ord)
        )
    )
    for card in card_rows:
        result.cards.append(
            ExportCard(
                id=card.id,
                note_id=card.note_id,
                ord=card.ord,
                deck=names[card.deck_id],
                memory=memory_from_row(card),
                position=card.position,
                suspended=card.suspended,
                buried_until=card.buried_until,
                flag=card.flag,
            )
        )
    note_ids = sorted({c.note_id for c in card_rows})
    type_rows: dict[int, NoteTypeRow] = {t.id: t for t in session.scalars(select(NoteTypeRow))}
    used_types: set[int] = set()
    connection = session.connection()
    for chunk in chunks(note_ids):
        for note in connection.execute(
            select(*NOTE_COLUMNS, NoteRow.note_type_id)
            .join_from(NoteRow, NoteTypeRow, NoteTypeRow.id == NoteRow.note_type_id)
            .where(NoteRow.id.in_(chunk))
        ):
            used_types.add(note.note_type_id)
            result.notes.append(note_from_columns(note))
    result.notes.sort(key=lambda n: n.id or 0)
    for type_id in sorted(used_types):
        type_row = type_rows[type_id]
        result.note_types.append(
            NoteTypeSpec(
                name=type_row.name,
                kind=NoteKind(type_row.kind),
                fields=tuple(type_row.fields),
                templates=tuple((t[0], t[1]) for t in type_row.templates),
                html=type_row.html,
            )
        )
    if history:
        result.reviews = _reviews(session, [c.id for c in card_rows])
    return result


def _reviews(session: Session, card_ids: list[int]) -> list[ReviewEntry]:
    columns = (
        ReviewLogRow.id,
        ReviewLogRow.card_id,
        ReviewLogRow.answered_at,
        ReviewLogRow.rating,
        ReviewLogRow.duration_ms,
        ReviewLogRow.kind,
        ReviewLogRow.answer,
        ReviewLogRow.state_before,
        ReviewLogRow.stability_before,
        ReviewLogRow.difficulty_before,
        ReviewLogRow.state_after,
        ReviewLogRow.stability_after,
        ReviewLogRow.difficulty_after,
        ReviewLogRow.due_after,
    )
    out: list[ReviewEntry] = []
    connection = session.connection()
    for chunk in chunks(sorted(card_ids)):
        rows: Any = connection.execute(
            select(*columns)
            .where(ReviewLogRow.card_id.in_(chunk))
            .order_by(ReviewLogRow.card_id, ReviewLogRow.answered_at)
        )
        for (rid, card_id, answered, rating, duration, kind, answer, sb, stb, db, sa, sta, da,
             due) in rows:  # fmt: skip
            out.append(
                ReviewEntry(
                    id=rid,
                    card_id=card_id,
                    rating=Rating(rating),
                    answered_at=answered,
                    duration_ms=duration,
                    kind=ReviewKind(kind),
                    answer=answer,
                    before=Memory(state=CardState(sb), stability=stb, difficulty=db),
                    after=Memory(state=CardState(sa), stability=sta, difficulty=da, due=due),
                )
            )
    return out


def card_note(session: Session, card_id: int) -> tuple[dict[str, str], str | None] | None:
    """A card's note fields and the note's import source."""
    row = session.execute(
        select(NoteRow.fields, NoteRow.source)
        .join(CardRow, CardRow.note_id == NoteRow.id)
        .where(CardRow.id == card_id)
    ).one_or_none()
    return None if row is None else (dict(row[0]), row[1])
