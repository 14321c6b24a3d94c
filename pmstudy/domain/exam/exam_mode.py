"""Exam-mode scheduling: the rule applied after FSRS to every answer while an exam is ahead.

The rule (docs/exam-mode.md):

1. It applies while the exam is ahead (now < exam instant), exam mode is on for the exam, the
   card is linked to it, and FSRS has just put the card in the review state.
2. If FSRS's next review already falls on a study day before the exam day, nothing changes:
   the card will be seen again before the exam and the rule runs again then.
3. Otherwise the card's exam-day recall if it is not reviewed again, R(exam), is computed from
   its new memory. If R(exam) >= the exam's target, nothing changes.
4. Otherwise the review is moved into the window ``[exam day − window, exam day − 1]`` (never
   before tomorrow): to the latest day in it whose review load is under the daily capacity,
   or, when every day is full, to the least loaded day (the latest of equals). Days without
   reviews (a break in the study calendar) are never chosen. With no day left in the window
   (the exam is tomorrow), nothing changes.
5. The memory (stability, difficulty, state) is FSRS's, untouched; only the due date moves
   earlier. After the exam instant the rule is off, so the next answer is plain FSRS again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from pmstudy.domain.model import CardState, Memory, require_utc
from pmstudy.domain.scheduling import DayClock, retrievability


@dataclass(frozen=True, slots=True)
class ExamModeRule:
    """One exam's exam-mode settings."""

    exam_at: dt.datetime
    target: float
    window_days: int
    capacity: int
    # Day ordinals (``date.toordinal()``) without reviews: the calendar's breaks.
    closed: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        require_utc(self.exam_at, "exam_at")
        if not 0 < self.target < 1:
            raise ValueError("the target recall lies between 0 and 1")
        if self.window_days < 1:
            raise ValueError("the exam-mode window is at least one day")
        if self.capacity < 1:
            raise ValueError("the daily capacity is at least one review")


def window(today: int, exam_day: int, window_days: int) -> tuple[int, int]:
    """First and last day numbers a moved review may fall on (first > last: none)."""
    return max(today + 1, exam_day - window_days), exam_day - 1


def choose_day(
    load: Mapping[int, int],
    first: int,
    last: int,
    capacity: int,
    closed: Collection[int] = frozenset(),
) -> int | None:
    """The latest day in [first, last] under capacity, else the least loaded (latest wins);
    never a ``closed`` day (a break)."""
    open_days = [day for day in range(last, first - 1, -1) if day not in closed]
    if not open_days:
        return None
    for day in open_days:
        if load.get(day, 0) < capacity:
            return day
    return min(open_days, key=lambda day: load.get(day, 0))


def needs_exam_review(recall_at_exam: float, due_day: int, exam_day: int, target: float) -> bool:
    """Rule steps 2–3: the next review falls on or after the exam day and recall is short."""
    return due_day >= exam_day and recall_at_exam < target


def apply_exam_mode(
    after: Memory,
    *,
    now: dt.datetime,
    rule: ExamModeRule,
    days: DayClock,
    parameters: tuple[float, ...],
    load: Mapping[int, int],
) -> tuple[Memory, int | None]:
    """The memory with its due moved by the rule, and the day ordinal it moved to (or None).

    ``load`` maps day ordinals (``date.toordinal()``) to the reviews already due that day; the
    caller adds one to the chosen day.
    """
    now = require_utc(now, "now")
    if now >= rule.exam_at or after.state != CardState.REVIEW or after.due is None:
        return after, None
    exam_day = days.day_of(rule.exam_at).toordinal()
    due_day = days.day_of(after.due).toordinal()
    recall = retrievability(after, rule.exam_at, parameters)
    if not needs_exam_review(recall, due_day, exam_day, rule.target):
        return after, None
    first, last = window(days.day_of(now).toordinal(), exam_day, rule.window_days)
    chosen = choose_day(load, first, last, rule.capacity, rule.closed)
    if chosen is None:
        return after, None
    return replace(after, due=days.start_of(dt.date.fromordinal(chosen))), chosen
