"""The card browser's value types: result rows, sort keys, bulk-action results, due specs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from pmstudy.domain.cards import RenderedCard, render
from pmstudy.domain.cards import one_line as terminal_line
from pmstudy.domain.fmt import clip, rounded
from pmstudy.domain.model import CardState, StudyCard

STATE_NAMES = {
    CardState.NEW: "new",
    CardState.LEARNING: "learning",
    CardState.REVIEW: "review",
    CardState.RELEARNING: "relearning",
}
FLAG_NAMES = ("", "red", "orange", "green", "blue", "pink", "turquoise", "purple")
FRONT_CHARS = 200


class SortKey(StrEnum):
    """Columns the browser sorts by (over every match, not just the page shown)."""

    CREATED = "created"
    FRONT = "front"
    DECK = "deck"
    STATE = "state"
    DUE = "due"
    STABILITY = "stability"
    DIFFICULTY = "difficulty"
    RETRIEVABILITY = "retrievability"
    REPS = "reps"
    LAPSES = "lapses"


@dataclass(frozen=True, slots=True)
class BrowseRow:
    """One card as the browser lists it."""

    id: int
    note_id: int
    deck: str
    front: str
    state: CardState
    due: dt.datetime | None
    stability: float | None
    difficulty: float | None
    retrievability: float | None
    suspended: bool = False
    buried: bool = False
    flag: int = 0
    reps: int = 0
    lapses: int = 0
    tags: tuple[str, ...] = ()

    @property
    def state_name(self) -> str:
        """``new``, ``learning``, ``review`` or ``relearning``."""
        return STATE_NAMES[self.state]

    def as_json(self) -> dict[str, object]:
        """JSON-ready form (what ``pmstudy cards --json`` prints)."""
        return {
            "id": self.id,
            "note_id": self.note_id,
            "deck": self.deck,
            "front": self.front,
            "state": self.state_name,
            "due": self.due.isoformat() if self.due else None,
            "stability": rounded(self.stability, 3),
            "difficulty": rounded(self.difficulty, 3),
            "retrievability": rounded(self.retrievability, 4),
            "suspended": self.suspended,
            "buried": self.buried,
            "flag": self.flag,
            "reps": self.reps,
            "lapses": self.lapses,
            "tags": list(self.tags),
        }


def one_line(text: str, limit: int = FRONT_CHARS) -> str:
    """Text on one line, whitespace runs collapsed, cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return clip(flat, limit)


def front_line(card: StudyCard) -> str:
    """The card's front as plain text on one line, cut to ``FRONT_CHARS`` (its fields' text
    when it cannot render), with no escape, control or bidi character left."""
    try:
        rendered = render(card)
    except (KeyError, ValueError, IndexError):
        return one_line(terminal_line(" ".join(card.note.fields.values())))
    return one_line(terminal_line("".join(text for text, _ in rendered.front)))


@dataclass(frozen=True)
class SearchResult:
    """Every matching card id, in display order."""

    query: str
    sort: SortKey
    descending: bool
    ids: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.ids)

    def page(self, number: int, size: int) -> tuple[int, ...]:
        """The ids on page ``number`` (0-based)."""
        return self.ids[number * size : (number + 1) * size]

    def pages(self, size: int) -> int:
        """How many pages of ``size`` there are (at least one)."""
        return max(1, -(-len(self.ids) // size))


@dataclass(frozen=True)
class CardPreview:
    """A card as the browser's preview pane shows it."""

    card: StudyCard
    rendered: RenderedCard
    retrievability: float | None
    reviews: int


@dataclass(frozen=True)
class BulkResult:
    """What a bulk action changed (``skipped``: selected cards it does not apply to)."""

    action: str
    cards: int
    notes: int = 0
    skipped: int = 0

    @property
    def message(self) -> str:
        """One line for the status bar."""
        what = f"{self.action}: {self.cards} card{'s' if self.cards != 1 else ''}"
        if self.notes:
            what += f" ({self.notes} note{'s' if self.notes != 1 else ''})"
        if self.skipped:
            what += f", {self.skipped} skipped"
        return what


_DUE_SPEC = re.compile(r"^\s*(\d{1,5})\s*(?:-\s*(\d{1,5}))?\s*$")


def parse_due_spec(text: str) -> tuple[int, int]:
    """``"0"`` (today), ``"3"`` or ``"3-7"`` (a day picked in that range) as (low, high)."""
    match = _DUE_SPEC.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not a number of days such as 0, 3 or 3-7")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    if high < low:
        raise ValueError(f"'{text}': the range must go from the smaller number to the larger")
    return low, high


def parse_tag_list(text: str) -> tuple[str, ...]:
    """Tags typed with spaces or commas between them, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(t for t in re.split(r"[\s,]+", text) if t))
