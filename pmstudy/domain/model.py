"""Domain value types: small frozen dataclasses and IntEnums, converted explicitly at the edges."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class CardState(IntEnum):
    """Where a card is in its life; the numbers match Anki's card ``type``."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class Rating(IntEnum):
    """An answer; the numbers match FSRS and Anki's ``ease``. MANUAL marks non-answers."""

    MANUAL = 0
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


ANSWER_RATINGS = (Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY)


class ReviewKind(StrEnum):
    """Why a review-log row exists."""

    LEARN = "learn"
    REVIEW = "review"
    RELEARN = "relearn"
    MANUAL = "manual"
    MOCK_EXAM = "mock-exam"
    IMPORT = "import"


class NoteKind(StrEnum):
    """Note types pmstudy knows how to render."""

    BASIC = "basic"
    REVERSED = "reversed"
    CLOZE = "cloze"
    TYPE_IN = "type_in"
    MULTIPLE_CHOICE = "multiple_choice"
    MULTIPLE_RESPONSE = "multiple_response"
    MATCHING = "matching"
    ORDERING = "ordering"
    NUMERIC = "numeric"
    TEMPLATE = "template"  # an imported note type rendered from its own templates


class LeechAction(StrEnum):
    """What happens when a card becomes a leech."""

    SUSPEND = "suspend"
    TAG_ONLY = "tag"


# The tag a leech's note gets (Anki's word), and what ``is:leech`` searches for.
LEECH_TAG = "leech"


def require_utc(value: dt.datetime, name: str = "datetime") -> dt.datetime:
    """Reject naive datetimes and normalise aware ones to UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Memory:
    """A card's scheduling state: FSRS memory plus counters."""

    state: CardState = CardState.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: dt.datetime | None = None
    last_review: dt.datetime | None = None
    reps: int = 0
    lapses: int = 0


NEW_MEMORY = Memory()


@dataclass(frozen=True, slots=True)
class Preset:
    """Deck options (Anki's 'preset'). Steps are in seconds."""

    id: int | None = None
    name: str = "Default"
    new_per_day: int = 20
    max_reviews_per_day: int = 200
    desired_retention: float = 0.90
    learning_steps: tuple[int, ...] = (60, 600)
    relearning_steps: tuple[int, ...] = (600,)
    max_interval_days: int = 36500
    leech_threshold: int = 8
    leech_action: LeechAction = LeechAction.SUSPEND
    bury_siblings: bool = True
    fsrs_params: tuple[float, ...] | None = None
    # Review load per weekday, Monday first, each 0..1 (Anki's easy days); None = all normal.
    easy_days: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if self.easy_days is not None and (
            len(self.easy_days) != 7 or not all(0.0 <= v <= 1.0 for v in self.easy_days)
        ):
            raise ValueError("easy days take seven loads between 0 and 1, Monday first")
        if not 0.5 <= self.desired_retention <= 0.99:
            raise ValueError("desired retention must lie between 0.50 and 0.99")
        if self.new_per_day < 0 or self.max_reviews_per_day < 0:
            raise ValueError("daily limits cannot be negative")
        if self.max_interval_days < 1:
            raise ValueError("maximum interval must be at least 1 day")
        if any(step <= 0 for step in (*self.learning_steps, *self.relearning_steps)):
            raise ValueError("learning and relearning steps must be positive")
        if self.leech_threshold < 1:
            raise ValueError("leech threshold must be at least 1")


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One review-log row as the domain sees it."""

    card_id: int
    rating: Rating
    answered_at: dt.datetime
    duration_ms: int
    kind: ReviewKind
    before: Memory
    after: Memory
    answer: str | None = None
    id: int | None = None

    @classmethod
    def manual(
        cls,
        card_id: int,
        before: Memory,
        after: Memory,
        *,
        now: dt.datetime,
        answer: str | None = None,
    ) -> ReviewEntry:
        """A manual row: the card's memory set by the program (reschedule, exam mode), not
        answered; no time spent."""
        return cls(
            card_id=card_id,
            rating=Rating.MANUAL,
            answered_at=now,
            duration_ms=0,
            kind=ReviewKind.MANUAL,
            before=before,
            after=after,
            answer=answer,
        )


@dataclass(frozen=True, slots=True)
class Note:
    """A note: fields by name, tags, and where it came from."""

    id: int | None
    guid: str
    kind: NoteKind
    fields: dict[str, str]
    tags: tuple[str, ...] = ()
    note_type: str = ""
    source: str | None = None
    source_ref: str | None = None
    templates: tuple[tuple[str, str], ...] = ()
    html: bool = False


@dataclass(frozen=True, slots=True)
class StudyCard:
    """A card ready to show: its note, ordinal, deck and memory."""

    id: int
    note: Note
    ord: int
    deck_id: int
    deck_name: str
    memory: Memory
    flag: int = 0
    suspended: bool = False
    buried_until: dt.datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)
