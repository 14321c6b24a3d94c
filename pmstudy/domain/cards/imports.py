"""What an import produces before anything is written, and what an import or export did.

A parse step (``pmstudy.io``) turns a file into a :class:`ParsedImport`: note types, decks,
presets, notes, cards with their scheduling, review-log rows and a media list.  A service then
writes it in one transaction and fills in an :class:`ImportSummary`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

from pmstudy.domain.model import Memory, Note, NoteKind, Preset, ReviewEntry

Progress = Callable[[str, int, int], None]
"""Progress callback: (stage, done, total)."""


def no_progress(stage: str, done: int, total: int) -> None:
    """A progress callback that reports nowhere."""


@dataclass(frozen=True, slots=True)
class NoteSpec:
    """A note as a source describes it; ``guid`` is stable across re-imports."""

    guid: str
    kind: NoteKind
    fields: dict[str, str]
    deck: str
    tags: tuple[str, ...] = ()
    source_ref: str | None = None
    note_type: str | None = None  # defaults to the standard type of ``kind``


@dataclass(frozen=True, slots=True)
class NoteTypeSpec:
    """A note type as a source defines it (templates only for ``NoteKind.TEMPLATE``)."""

    name: str
    kind: NoteKind
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str], ...] = ()
    html: bool = False


@dataclass(frozen=True, slots=True)
class DeckSpec:
    """A deck a source names: full ``A::B`` path, its preset, description, provenance."""

    name: str
    preset: str | None = None
    description: str = ""
    source: str | None = None
    source_version: str | None = None
    desired_retention: float | None = None  # the deck's own (Anki 25.09); None: the preset's


@dataclass(frozen=True, slots=True)
class ImportedCard:
    """A card with the scheduling its source gave it.

    ``ref`` is the card's id in the source (review rows point at it).  ``replay`` means the
    source stored no memory state (stability/difficulty): derive it from the card's history.
    """

    ref: int
    note_guid: str
    ord: int
    deck: str
    memory: Memory
    position: int = 0
    suspended: bool = False
    buried: bool = False
    flag: int = 0
    replay: bool = False


class ImportedReview(NamedTuple):
    """One review-log row of a source (a tuple: packages hold hundreds of thousands)."""

    card_ref: int
    answered_ms: int  # epoch milliseconds, UTC
    rating: int  # 0 manual, 1-4 Again..Easy
    kind: str  # a ReviewKind value
    duration_ms: int
    state_before: int  # a CardState value
    state_after: int
    due_after_ms: int | None


@dataclass(frozen=True, slots=True)
class MediaItem:
    """A media file a package carries: its name in notes, and where it is in the archive."""

    name: str
    member: str
    compressed: bool = False


@dataclass
class ParsedImport:
    """Everything a source holds, parsed and checked, ready for one transactional write."""

    source: str  # stored on notes, e.g. "apkg:my-deck"
    label: str  # shown to the user, e.g. the file name
    notes: list[NoteSpec] = field(default_factory=list)
    note_types: list[NoteTypeSpec] = field(default_factory=list)
    decks: list[DeckSpec] = field(default_factory=list)
    presets: list[Preset] = field(default_factory=list)
    cards: list[ImportedCard] = field(default_factory=list)
    reviews: list[ImportedReview] = field(default_factory=list)
    media: list[MediaItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes_skipped: int = 0
    detected: dict[str, str] = field(default_factory=dict)
    explicit_cards: bool = False  # True: create exactly ``cards``; False: derive from kinds


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import a file (the CLI flags and the TUI's choices)."""

    dry_run: bool = False
    history: bool = True
    strict: bool = False
    encoding: str | None = None
    delimiter: str | None = None
    mapping: tuple[tuple[str, int], ...] | None = None  # (target, 1-based column)
    deck: str | None = None
    keep_cards: bool = False
    """Roll the import back (``CardsWouldGoError``) rather than remove a card, with its answers,
    whose note now makes fewer cards."""


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do)."""

    source: str
    notes_added: int = 0
    notes_updated: int = 0
    notes_unchanged: int = 0
    notes_skipped: int = 0
    cards_added: int = 0
    cards_removed: int = 0
    cards_rescheduled: int = 0
    reviews_added: int = 0
    reviews_present: int = 0
    media_added: int = 0
    decks_created: list[str] = field(default_factory=list)
    presets_created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # reasons, "line 12: ..."
    removed_upstream: int = 0
    dry_run: bool = False
    detected: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "source": self.source,
            "notes": {
                "added": self.notes_added,
                "updated": self.notes_updated,
                "unchanged": self.notes_unchanged,
                "skipped": self.notes_skipped,
            },
            "cards": {
                "added": self.cards_added,
                "removed": self.cards_removed,
                "rescheduled": self.cards_rescheduled,
            },
            "reviews": self.reviews_added,
            "reviews_already_present": self.reviews_present,
            "media": self.media_added,
            "decks_created": self.decks_created,
            "presets_created": self.presets_created,
            "skipped": self.skipped,
            "removed_upstream_kept": self.removed_upstream,
            "detected": self.detected,
            "dry_run": self.dry_run,
        }


@dataclass
class ExportSummary:
    """What an export wrote."""

    path: str
    format: str
    notes: int = 0
    cards: int = 0
    reviews: int = 0
    media: int = 0
    skipped: list[str] = field(default_factory=list)  # notes left out, with the reason
    converted: list[str] = field(default_factory=list)  # notes the format could not keep as is

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form: every field, in order."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ExportCard:
    """A card as an export sees it: where it is and how it is scheduled."""

    id: int
    note_id: int
    ord: int
    deck: str
    memory: Memory
    position: int = 0
    suspended: bool = False
    buried_until: dt.datetime | None = None
    flag: int = 0


@dataclass
class CollectionSlice:
    """One deck (with its sub-decks) read for export: everything an export format needs."""

    deck: str
    decks: list[DeckSpec] = field(default_factory=list)
    presets: list[Preset] = field(default_factory=list)
    note_types: list[NoteTypeSpec] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    cards: list[ExportCard] = field(default_factory=list)
    reviews: list[ReviewEntry] = field(default_factory=list)
    deck_source: str | None = None  # "deckfile:<id>" when the deck came from a deck file


MAPPING_TARGETS = ("front", "back", "extra", "text", "tags", "deck", "guid", "notetype")
"""What a text-file column can be mapped to (``text`` is a cloze note's text)."""


@dataclass
class TextPreview:
    """A CSV/TSV file as detected, for choosing a column mapping before importing."""

    label: str
    encoding: str
    delimiter: str
    html: bool
    header: list[str]  # column names when the file has a header row, else []
    rows: list[list[str]]  # the first data rows
    columns: int
    mapping: dict[str, int]  # target -> 1-based column (the default mapping)
    meta: dict[str, int] = field(default_factory=dict)  # Anki header columns (guid, deck, ...)


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A media file a card refers to, and where it is stored (None: not found)."""

    name: str
    path: Path | None
