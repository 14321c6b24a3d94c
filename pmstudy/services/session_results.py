"""What a study session hands back: an answer's result and the steps undo takes back; and the
hook exam mode plugs into (``DuePolicy``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from pmstudy.domain.model import Memory, Rating, StudyCard

# Called after FSRS with (card, new memory, now, FSRS parameters); returns the memory to store.
# Exam mode is one (pmstudy.services.exams.exam_mode): it may move the due date before an exam.
DuePolicy = Callable[[StudyCard, Memory, dt.datetime, tuple[float, ...]], Memory]


class UndoKind(Enum):
    """What an undo step takes back."""

    ANSWER = "answer"
    SUSPEND = "suspend"
    BURY = "bury"


@dataclass(frozen=True)
class UndoStep:
    """Everything needed to put one action back exactly."""

    kind: UndoKind
    card_id: int
    before: Memory
    review_id: int | None
    flags: dict[int, tuple[bool, dt.datetime | None]]
    tags: tuple[str, ...] | None
    note_id: int | None
    was_new: bool
    was_review: bool
    # what the answer stored: undo puts ``before`` back only while the card still holds it
    after: Memory | None = None
    # False: another process changed the card since, so nothing was taken back
    restored: bool = True


@dataclass(frozen=True)
class AnswerResult:
    """What an answer did."""

    card_id: int
    rating: Rating
    after: Memory
    leech: bool
    buried_siblings: int
    moved_by_exam_mode: bool = False
    # the card had been changed elsewhere (another window, a reschedule) since it was read:
    # the answer was computed from the memory stored then, which the review log records
    recomputed: bool = False
