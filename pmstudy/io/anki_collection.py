"""An Anki collection (SQLite, schema 11 or 18) -> note types, decks, presets, notes, cards,
review history.  Pure: reads one database file, writes nothing.

Schema 11 keeps note types, decks and presets as JSON in the ``col`` row; schema 18 keeps them
in their own tables as protobuf blobs and separates deck-name levels with ``\\x1f``.  The
layout is told by the tables present, not by the file name, as Anki itself upgrades whatever
it opens.  Cards are converted in :mod:`pmstudy.io.anki_cards`, the review log in
:mod:`pmstudy.io.anki_revlog`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pmstudy.domain.cards import DeckSpec, ImportedCard, NoteSpec, ParsedImport, clean, plain
from pmstudy.domain.model import NEW_MEMORY, Preset
from pmstudy.io.anki_cards import (
    NEW,
    NOTHING_STORED,
    STUDIED,
    CardRow,
    Memories,
    read_card_rows,
    stored_state,
)
from pmstudy.io.anki_meta import Meta, read_schema11, read_schema18
from pmstudy.io.anki_notetypes import MappedType, map_note_type, plain_again
from pmstudy.io.anki_revlog import check_revlog, last_answers, read_reviews
from pmstudy.io.errors import ImportFileError
from pmstudy.io.limits import DEFAULT_LIMITS, Limits, MiB, SkipLog, bound_values
from pmstudy.io.protobuf import ProtobufError

SQLITE_MAGIC = b"SQLite format 3\x00"
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
REQUIRED = ("col", "notes", "cards", "revlog")
SCHEMA18 = ("notetypes", "fields", "templates", "decks", "deck_config")
MMAP_BYTES = 1 << 30
# A column default Anki could have written: a short number, string or NULL, nothing computed.
_LITERAL_DEFAULT = re.compile(r"-?[0-9.]{1,20}|'[^']{0,30}'|NULL|TRUE|FALSE", re.IGNORECASE)
_VIRTUAL_TABLE = re.compile(r"\s*CREATE\s+VIRTUAL\s", re.IGNORECASE)


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def check_collection_file(path: Path, label: str, member: str) -> None:
    """Refuse a file that is not SQLite; mark a WAL-mode one rollback-journal.

    The file is a copy without its log: read-only WAL access would need one.  The mode is
    header bytes 18-19.
    """
    with path.open("r+b") as handle:
        head = handle.read(20)
        if not head.startswith(SQLITE_MAGIC):
            raise ImportFileError(label, "is not an SQLite database", where=f"entry {member!r}")
        if head[18:20] == b"\x02\x02":
            handle.seek(18)
            handle.write(b"\x01\x01")


def check_schema(connection: sqlite3.Connection, label: str, member: str) -> None:
    """Refuse a schema that computes anything while it is read.

    An Anki collection has plain tables and indexes.  A view, a trigger, a virtual table, a
    generated column or a computed default in a table pmstudy reads would run code of the
    file's choosing (a 14 KB package once grew the process to 24 GB through a generated
    ``notes.flds``); none of it is read, the package is refused.
    """
    where = f"entry {member!r}"
    read = {*REQUIRED, *SCHEMA18}
    entries = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    for kind, name, sql in entries:
        if kind in ("view", "trigger"):
            raise ImportFileError(
                label, f"defines a {kind} ({name!r}); refusing the package", where=where
            )
        if kind == "table" and isinstance(sql, str) and _VIRTUAL_TABLE.match(sql):
            raise ImportFileError(
                label, f"table {name!r} is a virtual table; refusing the package", where=where
            )
    for kind, table, _ in entries:
        if kind != "table" or table not in read:
            continue
        columns = connection.execute(
            "SELECT name, hidden, dflt_value FROM pragma_table_xinfo(?)", (table,)
        ).fetchall()
        for column, hidden, default in columns:
            if hidden:
                raise ImportFileError(
                    label,
                    f"column {table}.{column} is computed (a generated column); refusing the "
                    "package",
                    where=where,
                )
            if default is not None and not _LITERAL_DEFAULT.fullmatch(str(default)):
                raise ImportFileError(
                    label,
                    f"column {table}.{column} has a computed default; refusing the package",
                    where=where,
                )


def open_collection(
    path: Path, label: str, member: str, limits: Limits = DEFAULT_LIMITS
) -> sqlite3.Connection:
    """A read-only connection on a collection file whose schema passed :func:`check_schema`
    (see :func:`check_collection_file` too)."""
    where = f"entry {member!r}"
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        bound_values(connection, limits)
        connection.create_collation("unicase", _unicase)
        connection.execute("PRAGMA trusted_schema = OFF")  # the schema may be hostile
        # the file is read in place rather than through SQLite's small page cache
        connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        check_schema(connection, label, member)
        tables = {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        encoding = connection.execute("PRAGMA encoding").fetchone()[0]
    except ImportFileError:
        connection.close()
        raise
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
    if encoding != "UTF-8":
        connection.close()
        raise ImportFileError(label, f"is not an Anki collection: text in {encoding}", where=where)
    return connection


_Note = tuple[str, dict[str, str], tuple[str, ...], MappedType]


@dataclass
class CollectionReader:
    """Reads one collection into a ParsedImport (``history`` False: content only).

    With ``reviews_in_sql`` the review list holds only the history of the cards whose memory
    is replayed: the whole log is copied with :func:`anki_revlog.stage_reviews`.
    """

    connection: sqlite3.Connection
    label: str
    source: str
    limits: Limits
    history: bool = True
    progress: Callable[[str, int, int], None] | None = None
    reviews_in_sql: bool = False
    meta: Meta = field(default_factory=Meta)
    layout: str = ""
    _revlog_checked: bool = field(default=False, init=False)
    _skips: SkipLog = field(default_factory=lambda: SkipLog(0), init=False)

    def _revlog(self) -> sqlite3.Connection:
        """The connection, once the review log has passed :func:`check_revlog`."""
        if not self._revlog_checked:
            check_revlog(self.connection, self.label)
            self._revlog_checked = True
        return self.connection

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
        except sqlite3.DataError as exc:
            raise self._too_big(exc) from exc
        except RecursionError as exc:
            raise ImportFileError(
                self.label, "its note types, decks or presets are nested too deeply"
            ) from exc
        except (sqlite3.DatabaseError, ProtobufError, ValueError, KeyError, TypeError) as exc:
            raise ImportFileError(
                self.label, f"cannot read the collection's note types, decks or presets ({exc})"
            ) from exc
        parsed = ParsedImport(source=self.source, label=self.label, explicit_cards=True)
        self._skips = SkipLog(self.limits.max_alike_messages)
        parsed.detected["layout"] = self.layout
        mapped = {ntid: map_note_type(t) for ntid, t in self.meta.note_types.items()}
        try:
            notes = self._notes(mapped, parsed)
            self._plain_again(mapped, notes)
            if self.progress:
                self.progress("reading cards", 0, 1)
            card_rows = read_card_rows(self.connection, notes, self.label)
            self._cards(card_rows, notes, parsed)
            if self.history:
                if self.reviews_in_sql:
                    refs = [c.ref for c in parsed.cards if c.replay]
                else:
                    refs = [r.id for r in card_rows]
                if refs:
                    if self.progress:
                        self.progress("reading reviews", 0, 1)
                    parsed.reviews = read_reviews(self._revlog(), refs)
        except sqlite3.DataError as exc:
            raise self._too_big(exc) from exc
        except sqlite3.DatabaseError as exc:
            raise ImportFileError(self.label, f"the collection is damaged ({exc})") from exc
        used_types = {note[3].spec.name for note in notes.values()}
        seen_types: set[str] = set()
        for mapped_type in mapped.values():
            name = mapped_type.spec.name
            if name in used_types and name not in seen_types:
                seen_types.add(name)
                parsed.note_types.append(mapped_type.spec)
        self._decks_and_presets(parsed)
        parsed.skipped.extend(self._skips.lines())
        return parsed

    def _too_big(self, exc: sqlite3.DataError) -> ImportFileError:
        """The error for a value SQLite refused to build (see :func:`bound_values`)."""
        if "too big" not in str(exc):
            return ImportFileError(self.label, f"the collection is damaged ({exc})")
        return ImportFileError(
            self.label,
            f"holds a value over {self.limits.max_value_bytes / MiB:g} MiB; refusing the package",
        )

    # --- notes ---------------------------------------------------------------------------

    def _notes(self, mapped: dict[int, MappedType], parsed: ParsedImport) -> dict[int, _Note]:
        """Anki note id -> (guid, fields, tags, type); the deck comes with the cards.

        Rows are read one by one, not as one list: a 507 KB package once held a million notes,
        all to be skipped.
        """
        total = self.connection.execute("SELECT count(*) FROM notes").fetchone()[0]
        if self.progress:
            self.progress("reading notes", 0, total)
        result: dict[int, _Note] = {}
        guids: set[str] = set()
        limit = self.limits.max_field_bytes
        control = _CONTROL_CHARS
        skip = self._skips.add
        types = {mid: (t, self.meta.note_types[mid].fields) for mid, t in mapped.items()}
        self.connection.text_factory = bytes
        try:
            rows = self.connection.execute(
                "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
            )
            for number, (nid, guid_raw, mid, tags_raw, flds_raw) in enumerate(rows, start=1):
                found = types.get(mid)
                if found is None:
                    skip(f"note {nid}: its note type {mid} is not in the package", "no type")
                    parsed.notes_skipped += 1
                    continue
                note_type, anki_fields = found
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
                    skip(
                        f"note {nid}: has {len(values)} fields, its note type "
                        f"{note_type.spec.name!r} has {count}",
                        "fields",
                    )
                    parsed.notes_skipped += 1
                    continue
                if not guid or guid in guids:
                    skip(
                        f"note {nid}: {'duplicate' if guid else 'empty'} guid",
                        "guid" if guid else "no guid",
                    )
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
                    self.progress("reading notes", number, total)
        finally:
            self.connection.text_factory = str
        return result

    def _plain_again(self, mapped: dict[int, MappedType], notes: dict[int, _Note]) -> None:
        """pmstudy's own plain-text note types back in plain text (``plain_again``), in place."""
        marked = {id(mapped[n]): n for n, t in self.meta.note_types.items() if t.plain}
        if not marked:
            return
        by_type: dict[int, list[int]] = {ntid: [] for ntid in marked.values()}
        for nid, note in notes.items():  # one pass over the notes, whatever the types
            if (ntid := marked.get(id(note[3]))) is not None:
                by_type[ntid].append(nid)
        for ntid, ids in by_type.items():
            again = plain_again(mapped[ntid], [notes[nid][1] for nid in ids])
            if again is None:
                continue
            mapped[ntid], plain_fields = again
            for nid, fields in zip(ids, plain_fields, strict=True):
                guid, _, tags, _ = notes[nid]
                notes[nid] = (guid, fields, tags, mapped[ntid])

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

    def _cards(self, rows: list[CardRow], notes: dict[int, _Note], parsed: ParsedImport) -> None:
        decks = self.meta.decks
        presets = self.meta.presets
        history = self.history
        stored = [NOTHING_STORED if r.type == NEW else stored_state(r.data) for r in rows]
        last_answer: dict[int, int] = {}
        if history and any(
            r.type in STUDIED and not s.complete for r, s in zip(rows, stored, strict=True)
        ):
            last_answer = last_answers(self._revlog())
        memories = Memories(self.meta)
        first_deck: dict[int, str] = {}
        homes: dict[int, tuple[str, Preset | None]] = {}
        append = parsed.cards.append
        card = ImportedCard  # positional arguments below: keywords cost ~2.5 µs a card
        for row, state in zip(rows, stored, strict=True):
            cid, nid, did, ord_, ctype, queue, due = row[:7]
            odue, odid, flags = row[12:15]
            home = odid if odid else did
            if odid and odue:
                due = odue
            found = homes.get(home)
            if found is None:
                deck = decks.get(home)
                found = homes[home] = (
                    deck.name if deck and not deck.filtered else "Default",
                    presets.get(deck.config_id) if deck else None,
                )
            deck_name, preset = found
            if nid not in first_deck:
                first_deck[nid] = deck_name
            if not history or ctype not in STUDIED:
                memory, replay = NEW_MEMORY, False
            else:
                memory, replay = memories.memory(row, due, state, preset, last_answer.get(cid))
            append(
                card(
                    cid,  # ref
                    notes[nid][0],  # note_guid
                    ord_,
                    deck_name,
                    memory,
                    due if ctype == NEW else state.position,
                    history and queue == -1,  # suspended
                    history and queue in (-2, -3),  # buried
                    (flags & 0b111) if history else 0,
                    replay,
                )
            )
        for nid, (guid, fields, tags, note_type) in notes.items():
            home_deck = first_deck.get(nid)
            if home_deck is None:
                self._skips.add(f"note {nid}: has no cards", "no cards")
                parsed.notes_skipped += 1
                continue
            spec = note_type.spec
            # guid, kind, fields, deck, tags, source_ref, note_type (positional: faster)
            parsed.notes.append(
                NoteSpec(guid, spec.kind, fields, home_deck, tags, str(nid), spec.name)
            )

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
                    desired_retention=deck.desired_retention,
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
