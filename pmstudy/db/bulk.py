"""Bulk writes for imports: presets, decks, note types, notes, cards and review history.

One :class:`BulkWriter` works inside the caller's transaction.  Small things (presets, decks,
note types) go through the ORM; notes, cards and review-log rows go in with ``executemany``:
on SQLite straight through the DBAPI cursor with values already in SQLAlchemy's storage
format (the ORM costs ~50 µs a row, Core ~5 µs, the cursor ~2 µs), elsewhere through
SQLAlchemy Core so that every dialect's types apply.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from pmstudy.db.convert import preset_to_row, tags_to_text
from pmstudy.db.models import CardRow, DeckRow, NoteRow, NoteTypeRow, PresetRow, ReviewLogRow
from pmstudy.db.notes import STANDARD_TYPES
from pmstudy.db.repo import Repository
from pmstudy.domain.imports import (
    DeckSpec,
    ImportedCard,
    ImportedReview,
    ImportSummary,
    NoteSpec,
    NoteTypeSpec,
    no_progress,
)
from pmstudy.domain.model import CardState, NoteKind, Preset
from pmstudy.domain.render import card_count

CHUNK = 500  # ids per IN (...) list
IMPORT_CACHE_KIB = 256 * 1024
DEFAULT_CACHE_KIB = 2000
BATCH = 20_000  # rows per executemany (progress is reported between batches)
NOTES: Table = NoteRow.__table__  # type: ignore[assignment]
CARDS: Table = CardRow.__table__  # type: ignore[assignment]
REVIEWS: Table = ReviewLogRow.__table__  # type: ignore[assignment]
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
CARD_COLUMNS = (
    "id",
    "note_id",
    "deck_id",
    "ord",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "position",
    "suspended",
    "buried_until",
    "flag",
    "created_at",
)
REVIEW_COLUMNS = (
    "card_id",
    "answered_at",
    "rating",
    "duration_ms",
    "kind",
    "state_before",
    "state_after",
    "due_after",
)
_EPOCH = dt.datetime(1970, 1, 1)
_MS = dt.timedelta(milliseconds=1)

Progress = Callable[[str, int, int], None]


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    """SQLAlchemy's SQLite DATETIME storage format for an aware UTC datetime."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value.isoformat()} cannot be stored")
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


@contextmanager
def import_connection(engine: Engine) -> Iterator[Connection]:
    """A connection set up for one large import, and set back before it returns to the pool.

    On SQLite, foreign keys are off for its duration: every id the writer stores comes from a
    row it read or inserted in the same transaction, so the per-row lookups only cost time (a
    third of a large import).  The page cache grows so that index pages stay in memory.  Both
    pragmas are per connection and only take effect outside a transaction.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
            connection.commit()
        try:
            yield connection
        finally:
            if sqlite:
                if connection.in_transaction():
                    connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.exec_driver_sql(f"PRAGMA cache_size = -{DEFAULT_CACHE_KIB}")
                connection.commit()


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
            _sqlite_datetime if self.sqlite else (lambda v: v)
        )
        self._json: Callable[[Any], Any] = json.dumps if self.sqlite else (lambda v: v)
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

    def _next_ids(self, table: Table, count: int) -> list[int] | None:
        """Ids for ``count`` new rows (SQLite: max + 1 onwards, under the write lock)."""
        if not self.sqlite:
            return None
        start = int(
            self.connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        )
        return list(range(start + 1, start + 1 + count))

    def _insert_with_ids(
        self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]], stage: str
    ) -> list[int]:
        """Insert rows whose first column is ``id`` (filled in here); returns the ids."""
        if not rows:
            return []
        ids = self._next_ids(table, len(rows))
        if ids is not None:
            self._insert(
                table, columns, [(i, *r[1:]) for i, r in zip(ids, rows, strict=True)], stage
            )
            return ids
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

    def notes(
        self, specs: Sequence[NoteSpec], type_ids: dict[str, int], *, source: str
    ) -> tuple[dict[str, int], set[str]]:
        """Add new notes, update changed ones in place; (guid -> id, guids that existed)."""
        existing: dict[str, tuple[int, int, dict[str, str], str]] = {}
        guids = [s.guid for s in specs]
        for chunk in _chunks(guids):
            for note_id, guid, type_id, fields, tags in self.connection.execute(
                select(
                    NOTES.c.id, NOTES.c.guid, NOTES.c.note_type_id, NOTES.c.fields, NOTES.c.tags
                ).where(NOTES.c.guid.in_(chunk))
            ):
                existing[guid] = (note_id, type_id, fields, tags)
        now = self._dt(self.now)
        new_rows: list[tuple[Any, ...]] = []
        new_guids: list[str] = []
        updates: list[dict[str, Any]] = []
        ids: dict[str, int] = {}
        for spec in specs:
            type_id = type_ids[spec.note_type or ""]
            tags = tags_to_text(spec.tags)
            found = existing.get(spec.guid)
            if found is None:
                new_rows.append(
                    (0, spec.guid, type_id, self._json(spec.fields), tags, source,
                     spec.source_ref, now, now)
                )  # fmt: skip
                new_guids.append(spec.guid)
                continue
            note_id, old_type, old_fields, old_tags = found
            ids[spec.guid] = note_id
            if _same(old_fields, spec.fields) and old_tags == tags and old_type == type_id:
                self.summary.notes_unchanged += 1
            else:
                self.summary.notes_updated += 1
                updates.append({"i": note_id, "f": dict(spec.fields), "t": tags, "n": type_id})
        self._old_notes = {found[0] for found in existing.values()}
        new_ids = self._insert_with_ids(NOTES, NOTE_COLUMNS, new_rows, "writing notes")
        ids.update(zip(new_guids, new_ids, strict=True))
        self.summary.notes_added += len(new_ids)
        if updates:
            from sqlalchemy import bindparam

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

    def removed_upstream(self, source: str, guids: set[str]) -> int:
        """Notes an earlier import of ``source`` brought that it no longer holds (kept)."""
        return sum(
            1
            for guid in self.connection.execute(
                select(NOTES.c.guid).where(NOTES.c.source == source)
            ).scalars()
            if guid not in guids
        )

    # --- cards ---------------------------------------------------------------------------

    def _existing_cards(
        self, note_ids: Iterable[int]
    ) -> dict[tuple[int, int], tuple[int, dt.datetime | None]]:
        found: dict[tuple[int, int], tuple[int, dt.datetime | None]] = {}
        wanted = set(note_ids)
        if self._old_notes is not None:
            wanted &= self._old_notes  # notes added by this import have no cards yet
        for chunk in _chunks(sorted(wanted)):
            for card_id, note_id, ord_, last_review in self.connection.execute(
                select(CARDS.c.id, CARDS.c.note_id, CARDS.c.ord, CARDS.c.last_review).where(
                    CARDS.c.note_id.in_(chunk)
                )
            ):
                found[(note_id, ord_)] = (card_id, last_review)
        return found

    def _max_position(self) -> int:
        return int(
            self.connection.execute(
                select(func.coalesce(func.max(CARDS.c.position), 0))
            ).scalar_one()
        )

    def derived_cards(
        self,
        specs: Sequence[NoteSpec],
        note_ids: dict[str, int],
        deck_ids: dict[str, int],
        type_ids: dict[str, int],
    ) -> None:
        """Cards a note's kind implies: new ordinals added, vanished ones removed."""
        have: dict[int, set[int]] = {}
        existed = self._existing_cards(note_ids[s.guid] for s in specs if s.guid in note_ids)
        for note_id, ord_ in existed:
            have.setdefault(note_id, set()).add(ord_)
        position = self._max_position()
        now = self._dt(self.now)
        rows: list[tuple[Any, ...]] = []
        gone: list[int] = []
        for spec in specs:
            note_id = note_ids[spec.guid]
            templates = self._type_templates.get(type_ids[spec.note_type or ""], 1)
            wanted = set(card_count(spec.kind, spec.fields, templates))
            current = have.get(note_id, set())
            for ord_ in sorted(wanted - current):
                position += 1
                rows.append(
                    (0, note_id, deck_ids[spec.deck], ord_, int(CardState.NEW), None, None, None,
                     None, None, 0, 0, position, False, None, 0, now)
                )  # fmt: skip
            gone.extend(existed[(note_id, o)][0] for o in current - wanted)
        self._insert_with_ids(CARDS, CARD_COLUMNS, rows, "writing cards")
        self.summary.cards_added += len(rows)
        if gone:
            for chunk in _chunks(gone):
                # explicit, not ON DELETE CASCADE: foreign keys may be off (see lock)
                self.connection.execute(delete(REVIEWS).where(REVIEWS.c.card_id.in_(chunk)))
                self.connection.execute(delete(CARDS).where(CARDS.c.id.in_(chunk)))
            self.summary.cards_removed += len(gone)

    def explicit_cards(
        self,
        cards: Sequence[ImportedCard],
        note_ids: dict[str, int],
        deck_ids: dict[str, int],
        *,
        buried_until: dt.datetime,
    ) -> tuple[dict[int, int], set[int]]:
        """Cards exactly as the source has them; (source ref -> card id, refs that existed).

        A card already in the collection keeps its deck; its scheduling is replaced only when
        the source has seen it answered more recently (merging two histories of one card).
        """
        existing = self._existing_cards(
            note_ids[c.note_guid] for c in cards if c.note_guid in note_ids
        )
        base = self._max_position()
        now = self._dt(self.now)
        to_dt = self._dt
        rows: list[tuple[Any, ...]] = []
        refs: list[int] = []
        ids: dict[int, int] = {}
        matched: set[int] = set()
        updates: list[dict[str, Any]] = []
        bury = to_dt(buried_until)
        for card in cards:
            note_id = note_ids.get(card.note_guid)
            if note_id is None:
                continue
            m = card.memory
            found = existing.get((note_id, card.ord))
            if found is not None:
                card_id, last_review = found
                ids[card.ref] = card_id
                matched.add(card.ref)
                if m.last_review is not None and (
                    last_review is None or m.last_review > last_review
                ):
                    updates.append(
                        {
                            "i": card_id,
                            "state": int(m.state),
                            "step": m.step,
                            "stability": m.stability,
                            "difficulty": m.difficulty,
                            "due": m.due,
                            "last_review": m.last_review,
                            "reps": m.reps,
                            "lapses": m.lapses,
                            "suspended": card.suspended,
                            "buried_until": buried_until if card.buried else None,
                            "flag": card.flag,
                        }
                    )
                continue
            rows.append(
                (0, note_id, deck_ids[card.deck], card.ord, int(m.state), m.step, m.stability,
                 m.difficulty, to_dt(m.due), to_dt(m.last_review), m.reps, m.lapses,
                 base + card.position, card.suspended, bury if card.buried else None, card.flag,
                 now)
            )  # fmt: skip
            refs.append(card.ref)
        new_ids = self._insert_with_ids(CARDS, CARD_COLUMNS, rows, "writing cards")
        ids.update(zip(refs, new_ids, strict=True))
        self.summary.cards_added += len(new_ids)
        if updates:
            from sqlalchemy import bindparam

            values: dict[str, Any] = {k: bindparam(k) for k in updates[0] if k != "i"}
            self.connection.execute(
                update(CARDS).where(CARDS.c.id == bindparam("i")).values(**values), updates
            )
            self.summary.cards_rescheduled += len(updates)
        return ids, matched

    # --- review history ------------------------------------------------------------------

    def reviews(
        self, reviews: Sequence[ImportedReview], card_ids: dict[int, int], matched: set[int]
    ) -> None:
        """Append review-log rows; rows a matched card already has (same instant) are skipped."""
        present: set[tuple[int, dt.datetime]] = set()
        old_ids = sorted({card_ids[r] for r in matched})
        for chunk in _chunks(old_ids):
            for card_id, answered in self.connection.execute(
                select(REVIEWS.c.card_id, REVIEWS.c.answered_at).where(REVIEWS.c.card_id.in_(chunk))
            ):
                present.add((card_id, answered))
        if self.sqlite:
            rows, skipped = _sqlite_review_rows(reviews, card_ids, present)
        else:
            rows, skipped = _review_rows(reviews, card_ids, present)
        self._insert(REVIEWS, REVIEW_COLUMNS, rows, "writing reviews")
        self.summary.reviews_added += len(rows)
        self.summary.reviews_present += skipped


def _review_rows(
    reviews: Sequence[ImportedReview],
    card_ids: dict[int, int],
    present: set[tuple[int, dt.datetime]],
) -> tuple[list[tuple[Any, ...]], int]:
    """Review-log rows with aware datetimes (for SQLAlchemy Core)."""
    epoch = _EPOCH.replace(tzinfo=dt.UTC)
    rows: list[tuple[Any, ...]] = []
    skipped = 0
    for card_ref, answered_ms, rating, kind, duration, before, after, due_ms in reviews:
        card_id = card_ids.get(card_ref)
        if card_id is None:
            continue
        answered = epoch + answered_ms * _MS
        if (card_id, answered) in present:
            skipped += 1
            continue
        due = None if due_ms is None else epoch + due_ms * _MS
        rows.append((card_id, answered, rating, duration, kind, before, after, due))
    return rows, skipped


def _sqlite_review_rows(
    reviews: Sequence[ImportedReview],
    card_ids: dict[int, int],
    present: set[tuple[int, dt.datetime]],
) -> tuple[list[tuple[Any, ...]], int]:
    """Review-log rows with datetimes already in SQLAlchemy's SQLite text format.

    This is the hot loop of a large import (one pass per review): a due date a whole number
    of days after the answer reuses the answer's time of day with a cached date.
    """
    epoch, ms, day_ms = _EPOCH, _MS, 86_400_000
    dates: dict[int, str] = {}
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    get = card_ids.get
    skipped = 0
    for card_ref, answered_ms, rating, kind, duration, before, after, due_ms in reviews:
        card_id = get(card_ref)
        if card_id is None:
            continue
        answered = (epoch + answered_ms * ms).isoformat(" ", "microseconds")
        if present and (card_id, _parse_sqlite(answered)) in present:
            skipped += 1
            continue
        if due_ms is None:
            due = None
        elif (due_ms - answered_ms) % day_ms == 0:
            day = due_ms // day_ms
            date = dates.get(day)
            if date is None:
                date = dates[day] = (epoch + day * dt.timedelta(days=1)).date().isoformat()
            due = date + answered[10:]
        else:
            due = (epoch + due_ms * ms).isoformat(" ", "microseconds")
        append((card_id, answered, rating, duration, kind, before, after, due))
    return rows, skipped


def _parse_sqlite(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
