"""An Anki collection (SQLite, schema 11 or 18) -> note types, decks, presets, notes, cards,
review history.  Pure: reads one in-memory database, writes nothing.

Schema 11 keeps note types, decks and presets as JSON in the ``col`` row; schema 18 keeps them
in their own tables as protobuf blobs and separates deck-name levels with ``\\x1f``.  The
layout is told by the tables present, not by the file name, as Anki itself upgrades whatever
it opens.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from pmstudy.domain.imports import (
    DeckSpec,
    ImportedCard,
    ImportedReview,
    NoteSpec,
    ParsedImport,
)
from pmstudy.domain.model import NEW_MEMORY, CardState, Memory, Preset, ReviewKind
from pmstudy.domain.text import clean, plain
from pmstudy.io.anki_meta import Meta, read_schema11, read_schema18
from pmstudy.io.anki_notetypes import MappedType, map_note_type
from pmstudy.io.errors import ImportFileError
from pmstudy.io.limits import Limits
from pmstudy.io.protobuf import ProtobufError

SQLITE_MAGIC = b"SQLite format 3\x00"
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
REQUIRED = ("col", "notes", "cards", "revlog")
SCHEMA18 = ("notetypes", "fields", "templates", "decks", "deck_config")
DAY_MS = 86_400_000
# Anki revlog ``type`` -> review kind; 3 (filtered deck) is a review, 5 (rescheduled) manual.
KINDS = {
    0: ReviewKind.LEARN.value,
    1: ReviewKind.REVIEW.value,
    2: ReviewKind.RELEARN.value,
    3: ReviewKind.REVIEW.value,
    4: ReviewKind.MANUAL.value,
    5: ReviewKind.MANUAL.value,
}
NEW, LEARNING, REVIEW, RELEARNING = (int(s) for s in CardState)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def open_collection(data: bytes, label: str, member: str) -> sqlite3.Connection:
    """An in-memory connection on a collection image, after checking it is one."""
    where = f"entry {member!r}"
    if not data.startswith(SQLITE_MAGIC):
        raise ImportFileError(label, "is not an SQLite database", where=where)
    image = bytearray(data)
    if len(image) > 20 and image[18:20] == b"\x02\x02":
        # A WAL-mode image cannot be deserialised; mark it rollback-journal (bytes 18-19).
        image[18:20] = b"\x01\x01"
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(bytes(image))
        connection.create_collation("unicase", _unicase)
        tables = {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise ImportFileError(label, f"the database is damaged ({exc})", where=where) from exc
    missing = [t for t in REQUIRED if t not in tables]
    if missing:
        connection.close()
        raise ImportFileError(
            label,
            f"is not an Anki collection: table(s) {', '.join(missing)} missing",
            where=where,
        )
    return connection


_Note = tuple[str, dict[str, str], tuple[str, ...], MappedType]


class _CardRow(NamedTuple):
    id: int
    nid: int
    did: int
    ord: int
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    odue: int
    odid: int
    flags: int
    data: object


def _utc(ms: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(milliseconds=ms)


@dataclass
class CollectionReader:
    """Reads one collection into a ParsedImport (``history`` False: content only)."""

    connection: sqlite3.Connection
    label: str
    source: str
    limits: Limits
    history: bool = True
    progress: Callable[[str, int, int], None] | None = None
    meta: Meta = field(default_factory=Meta)
    layout: str = ""

    def read(self) -> ParsedImport:
        """Everything in the collection, checked."""
        tables = {
            r[0]
            for r in self.connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        try:
            if all(t in tables for t in SCHEMA18):
                read_schema18(self.connection, self.meta)
                self.layout = "schema 18"
            else:
                read_schema11(self.connection, self.meta)
                self.layout = "schema 11"
        except (sqlite3.DatabaseError, ProtobufError, ValueError, KeyError, TypeError) as exc:
            raise ImportFileError(
                self.label, f"cannot read the collection's note types, decks or presets ({exc})"
            ) from exc
        parsed = ParsedImport(source=self.source, label=self.label, explicit_cards=True)
        parsed.detected["layout"] = self.layout
        mapped = {ntid: map_note_type(t) for ntid, t in self.meta.note_types.items()}
        try:
            notes = self._notes(mapped, parsed)
            card_rows = self._card_rows(notes)
            reviews, last_answer = self._reviews(card_rows) if self.history else ([], {})
        except sqlite3.DatabaseError as exc:
            raise ImportFileError(self.label, f"the collection is damaged ({exc})") from exc
        self._cards(card_rows, notes, last_answer, parsed)
        parsed.reviews = reviews
        used_types = {note[3].spec.name for note in notes.values()}
        seen_types: set[str] = set()
        for mapped_type in mapped.values():
            name = mapped_type.spec.name
            if name in used_types and name not in seen_types:
                seen_types.add(name)
                parsed.note_types.append(mapped_type.spec)
        self._decks_and_presets(parsed)
        return parsed

    # --- notes ---------------------------------------------------------------------------

    def _notes(self, mapped: dict[int, MappedType], parsed: ParsedImport) -> dict[int, _Note]:
        """Anki note id -> (guid, fields, tags, type); the deck comes with the cards."""
        self.connection.text_factory = bytes
        try:
            rows = self.connection.execute(
                "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
            ).fetchall()
        finally:
            self.connection.text_factory = str
        result: dict[int, _Note] = {}
        guids: set[str] = set()
        limit = self.limits.max_field_bytes
        control = _CONTROL_CHARS
        for number, (nid, guid_raw, mid, tags_raw, flds_raw) in enumerate(rows, start=1):
            note_type = mapped.get(mid)
            if note_type is None:
                parsed.skipped.append(f"note {nid}: its note type {mid} is not in the package")
                parsed.notes_skipped += 1
                continue
            anki_fields = self.meta.note_types[mid].fields
            raw = bytes(flds_raw)
            if len(raw) > limit:
                self._check_sizes(nid, raw, anki_fields)
            try:
                values = raw.decode("utf-8").split("\x1f")
                guid = bytes(guid_raw).decode("utf-8").strip()
                tag_text = bytes(tags_raw).decode("utf-8")
            except UnicodeDecodeError:
                self._find_bad_text(nid, raw, bytes(guid_raw), bytes(tags_raw), anki_fields)
                raise
            count = len(anki_fields)
            if len(values) > count and any(v.strip() for v in values[count:]):
                parsed.skipped.append(
                    f"note {nid}: has {len(values)} fields, its note type "
                    f"{note_type.spec.name!r} has {count}"
                )
                parsed.notes_skipped += 1
                continue
            if not guid or guid in guids:
                parsed.skipped.append(f"note {nid}: {'duplicate' if guid else 'empty'} guid")
                parsed.notes_skipped += 1
                continue
            guids.add(guid)
            if len(values) < count:
                values += [""] * (count - len(values))
            if control.search(tag_text):
                tag_text = clean(tag_text)
            fields = dict(zip(note_type.names, values, strict=False))
            result[nid] = (guid, fields, tuple(tag_text.split()), note_type)
            if self.progress and number % 5000 == 0:
                self.progress("reading notes", number, len(rows))
        return result

    def _check_sizes(self, nid: int, raw: bytes, fields: tuple[str, ...]) -> None:
        limit = self.limits.max_field_bytes
        for index, value in enumerate(raw.split(b"\x1f")):
            if len(value) > limit:
                raise ImportFileError(
                    self.label,
                    f"is {len(value) / (1024 * 1024):.1f} MiB; the limit for one field is "
                    f"{limit // (1024 * 1024)} MiB",
                    where=f"note {nid}, field {_name(fields, index)!r}",
                )

    def _find_bad_text(
        self, nid: int, raw: bytes, guid: bytes, tags: bytes, fields: tuple[str, ...]
    ) -> None:
        """Raise the error naming the field that is not UTF-8."""
        parts = [(f"field {_name(fields, i)!r}", v) for i, v in enumerate(raw.split(b"\x1f"))]
        for what, value in [*parts, ("guid", guid), ("tags", tags)]:
            try:
                value.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    self.label,
                    f"is not valid UTF-8 (byte {exc.start})",
                    where=f"note {nid}, {what}",
                ) from exc

    # --- cards ---------------------------------------------------------------------------

    def _card_rows(self, notes: dict[int, _Note]) -> list[_CardRow]:
        columns = (
            "id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, "
            "flags"
        )
        odd = self.connection.execute(
            "SELECT id FROM cards WHERE "
            + " OR ".join(f"typeof({c.strip()}) != 'integer'" for c in columns.split(","))
            + " LIMIT 1"
        ).fetchone()
        if odd is not None:
            raise ImportFileError(
                self.label, "holds something other than numbers", where=f"card {odd[0]!r}"
            )
        rows = self.connection.execute(
            f"SELECT {columns}, data FROM cards ORDER BY nid, ord"
        ).fetchall()
        return [_CardRow._make(r) for r in rows if r[1] in notes]

    def _reviews(self, card_rows: list[_CardRow]) -> tuple[list[ImportedReview], dict[int, int]]:
        """Review rows of the kept cards in time order, with the states before and after each.

        Read in rowid (= answer time) order, which needs no sort; each card's previous state
        is kept in a dict.  This loop runs once per review: keep it lean.
        """
        states: dict[int, int] = dict.fromkeys((r.id for r in card_rows), -1)
        out: list[ImportedReview] = []
        append = out.append
        kinds = tuple(KINDS[t] for t in range(6))
        manual_kind = ReviewKind.MANUAL.value
        make = ImportedReview
        new = tuple.__new__  # skips the NamedTuple's Python-level __new__: ~1 µs a row
        cap = 3_600_000
        rows = self.connection.execute(
            "SELECT cid, id, ease, ivl, lastIvl, type, time FROM revlog"
        ).fetchall()
        total = len(rows)
        if self.progress:
            self.progress("reading reviews", 0, total)
        for cid, rid, ease, ivl, last_ivl, rtype, taken in rows:
            after = states.get(cid)
            if after is None:
                continue
            if 0 < ease < 5 and 0 <= rtype < 4:
                rating = ease
                kind = kinds[rtype]
                if rtype == 1:
                    before = REVIEW
                elif rtype == 0:
                    before = NEW if after < 1 else LEARNING  # -1 (none yet) or NEW
                elif rtype == 2:
                    before = RELEARNING
                else:
                    before = after if after >= 0 else REVIEW
                if ivl > 0:
                    after = REVIEW
                elif ivl < 0:
                    after = LEARNING if before < REVIEW else RELEARNING
                else:
                    after = before if before != NEW else LEARNING
            else:
                before = after if after >= 0 else (REVIEW if last_ivl > 0 else NEW)
                after = REVIEW if ivl > 0 else NEW
                rating = 0
                kind = manual_kind
            states[cid] = after
            due = rid + ivl * DAY_MS if ivl > 0 else (rid - ivl * 1000 if ivl < 0 else None)
            if not 0 <= taken <= cap:
                taken = 0 if taken < 0 else cap
            append(new(make, (cid, rid, rating, kind, taken, before, after, due)))
        last_answer = dict(
            self.connection.execute(
                "SELECT cid, max(id) FROM revlog WHERE ease BETWEEN 1 AND 4 GROUP BY cid"
            ).fetchall()
        )
        return out, last_answer

    def _cards(
        self,
        rows: list[_CardRow],
        notes: dict[int, _Note],
        last_answer: dict[int, int],
        parsed: ParsedImport,
    ) -> None:
        crt = self.meta.crt
        decks = self.meta.decks
        presets = self.meta.presets
        first_deck: dict[int, str] = {}
        for row in rows:
            (cid, nid, did, ord_, ctype, queue, due, ivl, factor, reps, lapses, left, odue,
             odid, flags, data) = row  # fmt: skip
            home = odid if odid else did
            if odid and odue:
                due = odue
            deck = decks.get(home)
            deck_name = deck.name if deck and not deck.filtered else "Default"
            first_deck.setdefault(nid, deck_name)
            preset = presets.get(deck.config_id) if deck else None
            stored = _card_data(data) if ctype != NEW else {}
            position = due if ctype == NEW else _position(stored)
            if not self.history or ctype not in (LEARNING, REVIEW, RELEARNING):
                memory, replay = NEW_MEMORY, False
            else:
                memory, replay = self._memory(
                    ctype, due, ivl, factor, reps, lapses, left, stored, crt, preset,
                    last_answer.get(cid),
                )  # fmt: skip
            parsed.cards.append(
                ImportedCard(
                    ref=cid,
                    note_guid=notes[nid][0],
                    ord=ord_,
                    deck=deck_name,
                    memory=memory,
                    position=position,
                    suspended=self.history and queue == -1,
                    buried=self.history and queue in (-2, -3),
                    flag=(flags & 0b111) if self.history else 0,
                    replay=replay,
                )
            )
        for nid, (guid, fields, tags, note_type) in notes.items():
            home_deck = first_deck.get(nid)
            if home_deck is None:
                parsed.skipped.append(f"note {nid}: has no cards")
                parsed.notes_skipped += 1
                continue
            parsed.notes.append(
                NoteSpec(
                    guid=guid,
                    kind=note_type.spec.kind,
                    fields=fields,
                    deck=home_deck,
                    tags=tags,
                    source_ref=str(nid),
                    note_type=note_type.spec.name,
                )
            )

    def _memory(
        self,
        ctype: int,
        due: int,
        ivl: int,
        factor: int,
        reps: int,
        lapses: int,
        left: int,
        stored: dict[str, object],
        crt: int,
        preset: Preset | None,
        last_answer_ms: int | None,
    ) -> tuple[Memory, bool]:
        state = CardState(ctype)
        stability = _number(stored.get("s"), 1e-4, 1e6)
        difficulty = _number(stored.get("d"), 1.0, 10.0)
        lrt = stored.get("lrt")
        if due > 1_000_000_000:  # intraday learning: epoch seconds
            due_at = _EPOCH + dt.timedelta(seconds=due)
        else:  # days since the collection was created
            due_at = _EPOCH + dt.timedelta(seconds=crt) + dt.timedelta(days=due)
        if isinstance(lrt, int) and lrt > 0:
            last_review: dt.datetime | None = _EPOCH + dt.timedelta(seconds=lrt)
        elif last_answer_ms is not None:
            last_review = _utc(last_answer_ms)
        elif state == CardState.REVIEW and ivl > 0:
            last_review = due_at - dt.timedelta(days=ivl)
        else:
            last_review = None
        step: int | None = None
        if state in (CardState.LEARNING, CardState.RELEARNING):
            steps: tuple[int, ...] = ()
            if preset is not None:
                steps = (
                    preset.learning_steps
                    if state == CardState.LEARNING
                    else preset.relearning_steps
                )
            remaining = left % 1000
            step = min(max(len(steps) - remaining, 0), max(len(steps) - 1, 0))
        replay = False
        if stability is None or difficulty is None:
            stability = difficulty = None
            if last_answer_ms is not None:
                replay = True
            elif state == CardState.REVIEW and ivl > 0:
                # No FSRS state and no history (an SM-2 card): interval ~ stability at 90 %,
                # and ease 130 %..300 % spread over difficulty 10..1.
                stability = float(ivl)
                difficulty = min(max(10.0 - (factor / 1000 - 1.3) * 9 / 1.7, 1.0), 10.0)
        memory = Memory(
            state=state,
            step=step,
            stability=stability,
            difficulty=difficulty,
            due=due_at,
            last_review=last_review,
            reps=max(reps, 0),
            lapses=max(lapses, 0),
        )
        return memory, replay

    # --- decks and presets ---------------------------------------------------------------

    def _decks_and_presets(self, parsed: ParsedImport) -> None:
        used = {c.deck for c in parsed.cards}
        names_by_config: dict[int, str] = {}
        seen: set[str] = set()
        for deck in sorted(self.meta.decks.values(), key=lambda d: d.name):
            if deck.filtered or deck.name in seen:
                continue
            if deck.name == "Default" and "Default" not in used:
                continue
            seen.add(deck.name)
            preset = self.meta.presets.get(deck.config_id)
            if preset is not None:
                names_by_config[deck.config_id] = preset.name
            parsed.decks.append(
                DeckSpec(
                    name=deck.name,
                    preset=preset.name if preset else None,
                    description=plain(deck.description, html=True),
                )
            )
        for name in sorted(used - seen):
            parsed.decks.append(DeckSpec(name=name))
        wanted = set(names_by_config.values())
        seen_presets: set[str] = set()
        for preset in self.meta.presets.values():
            if preset.name in wanted and preset.name not in seen_presets:
                seen_presets.add(preset.name)
                parsed.presets.append(preset)


def _name(fields: tuple[str, ...], index: int) -> str:
    return fields[index] if index < len(fields) else f"#{index + 1}"


def _card_data(data: object) -> dict[str, object]:
    if data == "{}" or not data:
        return {}
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    if not isinstance(data, str) or len(data) < 3 or len(data) > 10_000:
        return {}
    try:
        value = json.loads(data)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _position(stored: dict[str, object]) -> int:
    pos = stored.get("pos")
    return pos if isinstance(pos, int) and pos >= 0 else 0


def _number(value: object, low: float, high: float) -> float | None:
    if isinstance(value, int | float) and math.isfinite(value) and low <= value <= high:
        return float(value)
    return None
