"""Size limits that keep a hostile file from exhausting memory or disk.

Real Anki packages stay far below them: a 20,000-note collection with 200,000 reviews is
about 40 MB uncompressed.  Tests pass smaller limits to exercise every check cheaply.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pmstudy.domain.cards import ParsedImport, ordinals
from pmstudy.io.errors import ImportFileError

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on what an import may read."""

    max_file_bytes: int = 2048 * MiB
    """The file itself (archive or text file) on disk."""

    max_members: int = 100_000
    """Entries in a package archive (one per media file, plus a few)."""

    max_collection_bytes: int = 1024 * MiB
    """The decompressed collection database."""

    max_media_bytes: int = 100 * MiB
    """One decompressed media file."""

    max_total_media_bytes: int = 2048 * MiB
    """All media files of one package together, decompressed."""

    max_ratio: int = 200
    """Largest decompressed/compressed size ratio a zip entry may claim or reach."""

    max_field_bytes: int = 1 * MiB
    """One note field (UTF-8)."""

    max_text_bytes: int = 100 * MiB
    """A CSV/TSV/TXT file."""

    max_small_member_bytes: int = 16 * MiB
    """Package metadata entries (``meta``, the media list)."""

    max_value_bytes: int = 64 * MiB
    """One value a package's database yields (a note's fields together, the note types'
    JSON): SQLite itself refuses to make a larger one, whatever the file's schema computes."""

    max_decks: int = 5_000
    """Decks one import may name, parents included (a 1 MB text file named 3,049)."""

    max_deck_depth: int = 20
    """Levels of one deck name (``A::B::C`` has three)."""

    max_cards_per_note: int = 500
    """Cards one note makes (cloze numbers, templates)."""

    max_alike_messages: int = 20
    """Skipped-row reasons of one shape shown; the rest are counted in one line."""


DEFAULT_LIMITS = Limits()


def bound_values(connection: sqlite3.Connection, limits: Limits) -> None:
    """Make SQLite refuse to build any value over ``limits.max_value_bytes``.

    Set before the first statement, so that it holds while the schema is read too: whatever a
    hostile schema computes (``zeroblob(300000000)`` in a default or a generated column) fails
    with "string or blob too big" instead of allocating.
    """
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, limits.max_value_bytes)


_VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|\d+")
_MORE = "… and "


def _shape(message: str) -> str:
    """A message with its numbers and quoted names blanked: what makes reasons alike."""
    return _VARIABLE.sub("#", message)


class SkipLog:
    """Reasons rows were skipped, at most ``shown`` of one shape kept, the rest counted.

    A 507 KB package once yielded 1,000,001 reasons (0.8 GB); this keeps a few of each shape.
    """

    def __init__(self, shown: int) -> None:
        self.shown = shown
        self._kept: list[tuple[str, str]] = []
        self._counts: Counter[str] = Counter()

    def add(self, message: str, shape: str | None = None) -> None:
        """Record one reason; ``shape`` names its kind (else it is worked out: ~2 µs)."""
        if shape is None:
            shape = message if message.startswith(_MORE) else _shape(message)
        self._counts[shape] += 1
        if self._counts[shape] <= self.shown:
            self._kept.append((shape, message))

    def lines(self) -> list[str]:
        """The reasons kept, each shape's last followed by how many more there were."""
        last = {shape: index for index, (shape, _) in enumerate(self._kept)}
        out: list[str] = []
        for index, (shape, message) in enumerate(self._kept):
            out.append(message)
            more = self._counts[shape] - self.shown
            if more > 0 and last[shape] == index:
                out.append(f"{_MORE}{more:,} more like this")
        return out


def summarise(messages: Iterable[str], shown: int) -> list[str]:
    """``messages`` with repeats of one shape beyond ``shown`` folded into one line."""
    log = SkipLog(shown)
    for message in messages:
        log.add(message)
    return log.lines()


def check_parsed(parsed: ParsedImport, limits: Limits) -> None:
    """Refuse a parsed file that would make far more than it holds: too many or too deep
    decks, a note making too many cards, a field over the size limit (every import path)."""
    label = parsed.label
    names = {d.name for d in parsed.decks}
    names.update(n.deck for n in parsed.notes)
    names.update(c.deck for c in parsed.cards)
    every: set[str] = set()
    for name in names:
        parts = name.split("::")
        if len(parts) > limits.max_deck_depth:
            raise ImportFileError(
                label,
                f"has {len(parts)} levels; the limit is {limits.max_deck_depth}",
                where=f"deck {name[:60]!r}",
            )
        every.update("::".join(parts[: i + 1]) for i in range(len(parts)))
        if len(every) > limits.max_decks:
            raise ImportFileError(
                label, f"names more than {limits.max_decks:,} decks (parents included)"
            )
    field_cap = limits.max_field_bytes
    card_cap = limits.max_cards_per_note
    templates = {t.name: max(len(t.templates), 1) for t in parsed.note_types}
    for note in parsed.notes:
        where = f"note {note.source_ref or note.guid}"
        for name, value in note.fields.items():
            # len() first: a str of n characters is at most 4n bytes in UTF-8
            if len(value) * 4 > field_cap and len(value.encode("utf-8")) > field_cap:
                raise ImportFileError(
                    label,
                    f"is {len(value.encode('utf-8')) / MiB:.1f} MiB; the limit for one field "
                    f"is {field_cap / MiB:g} MiB",
                    where=f"{where}, field {name!r}",
                )
        if not parsed.explicit_cards:
            made = len(ordinals(note.kind, note.fields, templates.get(note.note_type or "", 1)))
            if made > card_cap:
                raise ImportFileError(
                    label,
                    f"makes {made:,} cards; the limit for one note is {card_cap}",
                    where=where,
                )
    if parsed.explicit_cards:
        per_note = Counter(c.note_guid for c in parsed.cards)
        if per_note:
            guid, made = per_note.most_common(1)[0]
            if made > card_cap:
                raise ImportFileError(
                    label,
                    f"has {made:,} cards; the limit for one note is {card_cap}",
                    where=f"note {guid}",
                )
