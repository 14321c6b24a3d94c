"""Bulk writes for imports: presets, decks, note types and notes (cards and review history
in :mod:`pmstudy.db.transfer.bulk_cards` and :mod:`pmstudy.db.transfer.bulk_reviews`).

A writer works inside the caller's transaction.  Small things (presets, decks, note types) go
through the ORM; notes, cards and review-log rows go in with ``executemany``: on SQLite
straight through the DBAPI cursor with values already in SQLAlchemy's storage format (the ORM
costs ~50 µs a row, Core ~5 µs, the cursor ~2 µs), elsewhere through SQLAlchemy Core so that
every dialect's types apply.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from json.encoder import encode_basestring_ascii
from typing import Any, ClassVar

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from pmstudy.db.convert import preset_to_row, tags_from_text, tags_to_text
from pmstudy.db.models import (
    CardRow,
    DeckRow,
    NoteRow,
    NoteTypeRow,
    PresetRow,
    ReviewLogRow,
    table_of,
)
from pmstudy.db.notes import STANDARD_TYPES
from pmstudy.db.repo import Repository
from pmstudy.db.sqlfuncs import chunks
from pmstudy.domain.cards import (
    DeckSpec,
    ImportSummary,
    NoteSpec,
    NoteTypeSpec,
    no_progress,
)
from pmstudy.domain.exam import kept_on_reimport
from pmstudy.domain.model import NoteKind, Preset

BATCH = 20_000  # rows per executemany (progress is reported between batches)
NOTES = table_of(NoteRow)
CARDS = table_of(CardRow)
REVIEWS = table_of(ReviewLogRow)
NOTE_COLUMNS = (
    "id",
    "guid",
    "note_type_id",
    "fields",
    "tags",
    "source",
    "source_ref",
    "created_at",
    "modified_at",
)
Progress = Callable[[str, int, int], None]
_EXAM_TAG = " exam::"  # how an exam tag starts in the stored tag text


def sqlite_datetime(value: dt.datetime | None) -> str | None:
    """SQLAlchemy's SQLite DATETIME storage format for an aware datetime (as UTC)."""
    if value is None:
        return None
    if value.tzinfo is not dt.UTC:
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()} cannot be stored")
        value = value.astimezone(dt.UTC)
    return value.isoformat(" ", "microseconds")[:26]  # without the "+00:00"


def sqlite_json(value: Any) -> str:
    """``json.dumps(value)``, as SQLAlchemy's JSON type stores it; faster for a dict of str."""
    if type(value) is dict:
        quote = encode_basestring_ascii
        try:
            return "{" + ", ".join([f"{quote(k)}: {quote(v)}" for k, v in value.items()]) + "}"
        except TypeError:  # a key or value that is not a string: json.dumps knows what to do
            pass
    return json.dumps(value)


def _same(old: dict[str, str], new: dict[str, str]) -> bool:
    """Equal fields, an absent field counting as an empty one."""
    return {k: v for k, v in old.items() if v} == {k: v for k, v in new.items() if v}


class BulkWriter:
    """Writes one parsed import inside the session's transaction (never commits)."""

    core_only: ClassVar[bool] = False
    """Use SQLAlchemy Core even on SQLite (tests run the other dialects' path with it)."""

    def __init__(
        self,
        session: Session,
        *,
        now: dt.datetime,
        summary: ImportSummary,
        progress: Progress | None = None,
    ) -> None:
        self.session = session
        self.now = now
        self.summary = summary
        self.progress = progress or no_progress
        self.repo = Repository(session)
        self.connection = session.connection()
        self.sqlite = self.connection.dialect.name == "sqlite" and not self.core_only
        self._dt: Callable[[dt.datetime | None], Any] = (
            sqlite_datetime if self.sqlite else (lambda v: v)
        )
        self._json: Callable[[Any], Any] = sqlite_json if self.sqlite else (lambda v: v)
        self._type_templates: dict[int, int] = {}
        self._old_notes: set[int] | None = None

    # --- plumbing ------------------------------------------------------------------------

    def lock(self) -> None:
        """Take the write lock now, so that ids read below stay ours until commit."""
        self.session.execute(update(PresetRow).where(PresetRow.id < 0).values(name=PresetRow.name))

    def _cursor_executemany(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        cursor = self.connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()

    def _insert(
        self, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]], stage: str
    ) -> None:
        if not rows:
            return
        self.progress(stage, 0, len(rows))
        self.session.flush()
        if self.sqlite:
            sql = (
                f"INSERT INTO {table.name} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})"
            )
        for done in range(0, len(rows), BATCH):
            batch = rows[done : done + BATCH]
            if self.sqlite:
                self._cursor_executemany(sql, batch)
            else:
                self.connection.execute(
                    insert(table), [dict(zip(columns, r, strict=True)) for r in batch]
                )
            self.progress(stage, min(done + BATCH, len(rows)), len(rows))

    def _first_id(self, table: Table) -> int:
        """The id the first new row of ``table`` gets: on SQLite max + 1 (under the write
        lock), so that rows go in with their ids; elsewhere 0 (the database assigns them)."""
        if not self.sqlite:
            return 0
        return 1 + int(
            self.connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        )

    def _insert_new(
        self,
        table: Table,
        columns: Sequence[str],
        rows: list[tuple[Any, ...]],
        stage: str,
        first: int,
    ) -> list[int]:
        """Insert rows whose first column is ``id``, counted from ``first`` (see
        :meth:`_first_id`; 0 for the database to assign them); returns the ids."""
        if not rows:
            return []
        if first:
            self._insert(table, columns, rows, stage)
            return list(range(first, first + len(rows)))
        self.progress(stage, 0, len(rows))
        self.session.flush()
        out: list[int] = []
        for done in range(0, len(rows), BATCH):
            batch = rows[done : done + BATCH]
            result = self.connection.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True),
                [dict(zip(columns[1:], r[1:], strict=True)) for r in batch],
            )
            out.extend(int(r[0]) for r in result)
            self.progress(stage, min(done + BATCH, len(rows)), len(rows))
        return out

    # --- presets, decks, note types ---------------------------------------------------

    def presets(self, presets: Sequence[Preset]) -> dict[str, int]:
        """Preset name -> id; presets not in the collection yet are created, others kept."""
        ids: dict[str, int] = {}
        for preset in presets:
            row = self.session.scalar(select(PresetRow).where(PresetRow.name == preset.name))
            if row is None:
                row = PresetRow()
                preset_to_row(preset, row)
                self.session.add(row)
                self.session.flush()
                self.summary.presets_created.append(preset.name)
            ids[preset.name] = row.id
        return ids

    def decks(
        self, decks: Sequence[DeckSpec], names: Iterable[str], presets: dict[str, int]
    ) -> dict[str, int]:
        """Deck name -> id for every deck named (parents included); new ones get the preset."""
        before = set(self.session.scalars(select(DeckRow.name)))
        ids: dict[str, int] = {}
        specs = {d.name: d for d in decks}
        for name in sorted(set(specs) | set(names)):
            spec = specs.get(name)
            preset_id = presets.get(spec.preset) if spec and spec.preset else None
            deck_id = self.repo.ensure_deck(name, now=self.now, preset_id=preset_id)
            ids[name] = deck_id
            if spec is not None:
                row = self.session.get(DeckRow, deck_id)
                assert row is not None
                if spec.source is not None:
                    row.source = spec.source
                    row.source_version = spec.source_version
                if spec.description and (spec.source is not None or not row.description):
                    row.description = spec.description
                if spec.desired_retention is not None and row.desired_retention is None:
                    row.desired_retention = spec.desired_retention  # never the learner's own
        self.session.flush()
        after = set(self.session.scalars(select(DeckRow.name)))
        self.summary.decks_created.extend(sorted(after - before))
        return ids

    def deck_presets(self, deck_ids: dict[str, int]) -> dict[str, Preset]:
        """Deck name -> its preset."""
        by_deck = self.repo.presets_by_deck()
        return {name: by_deck[deck_id] for name, deck_id in deck_ids.items()}

    def note_types(self, specs: Sequence[NoteTypeSpec]) -> dict[str, int]:
        """Spec name -> note type id: an existing compatible type, else a new one.

        The standard names (Basic, Cloze, ...) belong to pmstudy's plain-text types, which
        deck files and edits use: an HTML note type of that name (from Anki) becomes
        "<name> (HTML)".  A type of the same name that differs otherwise (other templates) is
        not touched: the new one is named "<name> (imported)".
        """
        reserved = {name for name, _ in STANDARD_TYPES.values()}
        ids: dict[str, int] = {}
        for spec in specs:
            base = spec.name
            if spec.html and base in reserved:
                base = f"{base} (HTML)"
            candidates = [base, f"{base} (imported)"] + [
                f"{base} (imported {n})" for n in range(2, 100)
            ]
            row: NoteTypeRow | None = None
            for name in candidates:
                row = self.session.scalar(select(NoteTypeRow).where(NoteTypeRow.name == name))
                if row is None:
                    row = NoteTypeRow(
                        name=name,
                        kind=spec.kind.value,
                        fields=list(spec.fields),
                        templates=[list(t) for t in spec.templates],
                        html=spec.html,
                    )
                    self.session.add(row)
                    self.session.flush()
                    break
                if self._compatible(row, spec):
                    missing = [f for f in spec.fields if f not in row.fields]
                    if missing:
                        row.fields = [*row.fields, *missing]
                    break
            assert row is not None
            ids[spec.name] = row.id
            self._type_templates[row.id] = len(spec.templates)
        self.session.flush()
        return ids

    @staticmethod
    def _compatible(row: NoteTypeRow, spec: NoteTypeSpec) -> bool:
        if row.kind != spec.kind.value or bool(row.html) != spec.html:
            return False
        if spec.kind == NoteKind.TEMPLATE:
            return list(row.fields) == list(spec.fields) and [
                tuple(t) for t in row.templates
            ] == list(spec.templates)
        return True

    # --- notes ---------------------------------------------------------------------------

    def _existing_notes(self, guids: list[str]) -> dict[str, tuple[int, int, dict[str, str], str]]:
        """guid -> (id, note type id, fields, tags) of the notes already here.

        On SQLite the lookups skip SQLAlchemy: building 20,000 bound IN values costs more than
        running the queries.
        """
        found: dict[str, tuple[int, int, dict[str, str], str]] = {}
        if not self.sqlite:
            for chunk in chunks(guids):
                for note_id, guid, type_id, fields, tags in self.connection.execute(
                    select(
                        NOTES.c.id, NOTES.c.guid, NOTES.c.note_type_id, NOTES.c.fields, NOTES.c.tags
                    ).where(NOTES.c.guid.in_(chunk))
                ):
                    found[guid] = (note_id, type_id, fields, tags)
            return found
        self.session.flush()
        cursor = self.connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            for chunk in chunks(guids):
                cursor.execute(
                    "SELECT id, guid, note_type_id, fields, tags FROM notes "
                    f"WHERE guid IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
                for note_id, guid, type_id, fields, tags in cursor.fetchall():
                    found[guid] = (note_id, type_id, json.loads(fields), tags)
        finally:
            cursor.close()
        return found

    def notes(
        self, specs: Sequence[NoteSpec], type_ids: dict[str, int], *, source: str
    ) -> tuple[dict[str, int], set[str]]:
        """Add new notes, update changed ones in place; (guid -> id, guids that existed)."""
        self.progress("writing notes", 0, len(specs))
        existing = self._existing_notes([s.guid for s in specs])
        now = self._dt(self.now)
        first = self._first_id(NOTES)
        new_rows: list[tuple[Any, ...]] = []
        new_guids: list[str] = []
        updates: list[dict[str, Any]] = []
        ids: dict[str, int] = {}
        tag_texts: dict[tuple[str, ...], str] = {}  # notes of one source share few tag sets
        for spec in specs:
            type_id = type_ids[spec.note_type or ""]
            tags = tag_texts.get(spec.tags)
            if tags is None:
                tags = tag_texts[spec.tags] = tags_to_text(spec.tags)
            found = existing.get(spec.guid)
            if found is None:
                new_rows.append(
                    (first and first + len(new_rows), spec.guid, type_id, self._json(spec.fields),
                     tags, source, spec.source_ref, now, now)
                )  # fmt: skip
                new_guids.append(spec.guid)
                continue
            note_id, old_type, old_fields, old_tags = found
            ids[spec.guid] = note_id
            if _EXAM_TAG in old_tags:  # the learner's exam placements outlive a re-import
                tags = tags_to_text(kept_on_reimport(tags_from_text(old_tags), spec.tags))
            if _same(old_fields, spec.fields) and old_tags == tags and old_type == type_id:
                self.summary.notes_unchanged += 1
            else:
                self.summary.notes_updated += 1
                updates.append({"i": note_id, "f": dict(spec.fields), "t": tags, "n": type_id})
        self._old_notes = {found[0] for found in existing.values()}
        new_ids = self._insert_new(NOTES, NOTE_COLUMNS, new_rows, "writing notes", first)
        ids.update(zip(new_guids, new_ids, strict=True))
        self.summary.notes_added += len(new_ids)
        if updates:
            self.connection.execute(
                update(NOTES)
                .where(NOTES.c.id == bindparam("i"))
                .values(
                    fields=bindparam("f"),
                    tags=bindparam("t"),
                    note_type_id=bindparam("n"),
                    modified_at=self.now,
                ),
                updates,
            )
        return ids, set(existing)

    def has_notes_from(self, source: str) -> bool:
        """Whether an earlier import brought notes from ``source``."""
        found = self.connection.execute(
            select(NOTES.c.id).where(NOTES.c.source == source).limit(1)
        ).first()
        return found is not None

    def removed_upstream(self, source: str, guids: set[str]) -> int:
        """Notes an earlier import of ``source`` brought that it no longer holds (kept)."""
        return sum(
            1
            for guid in self.connection.execute(
                select(NOTES.c.guid).where(NOTES.c.source == source)
            ).scalars()
            if guid not in guids
        )
