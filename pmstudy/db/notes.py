"""Write note specs: add new notes with their cards, update changed ones in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pmstudy.db.convert import tags_from_text, tags_to_text
from pmstudy.db.models import CardRow, DeckRow, NoteRow, NoteTypeRow
from pmstudy.db.repo import Repository
from pmstudy.domain.cards import STANDARD, ImportSummary, NoteSpec, ordinals
from pmstudy.domain.exam import kept_on_reimport
from pmstudy.domain.model import NoteKind
from pmstudy.errors import NotFoundError

# The note types a new note can have: the registry's standard kinds, by name and fields.
STANDARD_TYPES: dict[NoteKind, tuple[str, list[str]]] = {
    k.kind: (k.name, list(k.fields)) for k in STANDARD
}


def ensure_note_type(
    session: Session,
    kind: NoteKind,
    *,
    name: str | None = None,
    fields: list[str] | None = None,
    templates: list[list[str]] | None = None,
    html: bool = False,
) -> int:
    """Id of a note type, created when missing."""
    default_name, default_fields = STANDARD_TYPES.get(kind, (kind.value, ["Front", "Back"]))
    type_name = name or default_name
    row = session.scalar(select(NoteTypeRow).where(NoteTypeRow.name == type_name))
    if row is None:
        row = NoteTypeRow(
            name=type_name,
            kind=kind.value,
            fields=fields or default_fields,
            templates=templates or [],
            html=html,
        )
        session.add(row)
        session.flush()
    return row.id


def write_notes(
    session: Session,
    specs: Sequence[NoteSpec],
    *,
    source: str,
    now: dt.datetime,
    summary: ImportSummary,
    progress: Callable[[int, int], None] | None = None,
    keep_exam_tags_except: Collection[str] | None = None,
) -> dict[str, int]:
    """Add or update notes from ``source``; returns guid -> note id. Does not commit.

    With ``keep_exam_tags_except`` (a re-import of a deck file: the exams it serves), an
    updated note keeps its exam tags of the other exams that the incoming note does not tag
    (``kept_on_reimport``); without it (an edit), the tags are the spec's.
    """
    repo = Repository(session)
    guids = [s.guid for s in specs]
    existing: dict[str, NoteRow] = {}
    for start in range(0, len(guids), 500):
        chunk = guids[start : start + 500]
        for found in session.scalars(select(NoteRow).where(NoteRow.guid.in_(chunk))):
            existing[found.guid] = found
    decks_before = set(session.scalars(select(DeckRow.name)))
    deck_ids: dict[str, int] = {}
    type_ids: dict[tuple[NoteKind, str | None], int] = {}
    position = int(session.scalar(select(func.coalesce(func.max(CardRow.position), 0))) or 0)
    note_ids: dict[str, int] = {}
    for number, spec in enumerate(specs, start=1):
        if spec.deck not in deck_ids:
            deck_ids[spec.deck] = repo.ensure_deck(spec.deck, now=now)
        type_key = (spec.kind, spec.note_type)
        if type_key not in type_ids:
            type_ids[type_key] = ensure_note_type(session, spec.kind, name=spec.note_type)
        row: NoteRow | None = existing.get(spec.guid)
        tags = tags_to_text(
            spec.tags
            if row is None or keep_exam_tags_except is None
            else kept_on_reimport(tags_from_text(row.tags), spec.tags, keep_exam_tags_except)
        )
        if row is None:
            row = NoteRow(
                guid=spec.guid,
                note_type_id=type_ids[type_key],
                fields=dict(spec.fields),
                tags=tags,
                source=source,
                source_ref=spec.source_ref,
                created_at=now,
                modified_at=now,
            )
            session.add(row)
            session.flush()
            summary.notes_added += 1
        elif (
            row.fields == spec.fields
            and row.tags == tags
            and row.note_type_id == type_ids[type_key]
        ):
            summary.notes_unchanged += 1
        else:
            row.fields = dict(spec.fields)
            row.tags = tags
            row.note_type_id = type_ids[type_key]
            row.modified_at = now
            summary.notes_updated += 1
        note_ids[spec.guid] = row.id
        wanted = set(ordinals(spec.kind, spec.fields))
        have = set(session.scalars(select(CardRow.ord).where(CardRow.note_id == row.id)))
        for ord_ in sorted(wanted - have):
            position += 1
            session.add(
                CardRow(
                    note_id=row.id,
                    deck_id=deck_ids[spec.deck],
                    ord=ord_,
                    position=position,
                    created_at=now,
                )
            )
            summary.cards_added += 1
        gone = have - wanted
        if gone:
            session.execute(delete(CardRow).where(CardRow.note_id == row.id, CardRow.ord.in_(gone)))
            summary.cards_removed += len(gone)
        if progress is not None and number % 200 == 0:
            progress(number, len(specs))
    session.flush()
    summary.decks_created.extend(sorted(set(session.scalars(select(DeckRow.name))) - decks_before))
    return note_ids


def update_note(
    session: Session,
    note_id: int,
    fields: dict[str, str],
    tags: tuple[str, ...],
    *,
    deck: str,
    now: dt.datetime,
    summary: ImportSummary,
    default_source: str,
) -> None:
    """Save an edited note's fields and tags; its cards keep their scheduling.

    Standard note types go through ``write_notes``, so a cloze edit that adds or removes a
    ``cN`` adds (in ``deck``) or removes that card. An imported note type makes one card per
    template whatever the text says, so its edits never change which cards exist.
    """
    row = session.get(NoteRow, note_id)
    if row is None:
        raise NotFoundError(f"note {note_id} no longer exists")
    note_type = session.get(NoteTypeRow, row.note_type_id)
    assert note_type is not None
    kind = NoteKind(note_type.kind)
    if kind == NoteKind.TEMPLATE:
        if row.fields == fields and row.tags == tags_to_text(tags):
            summary.notes_unchanged += 1
        else:
            Repository(session).update_note_fields(note_id, dict(fields), tags, now)
            summary.notes_updated += 1
        return
    spec = NoteSpec(
        guid=row.guid,
        kind=kind,
        fields=dict(fields),
        deck=deck,
        tags=tags,
        source_ref=row.source_ref,
        note_type=note_type.name,
    )
    write_notes(session, [spec], source=row.source or default_source, now=now, summary=summary)
