"""Final pass: every card of an exam's decks seen at least once in the last N days before it.

An option of an exam goal (``final_pass_days``, None = off). The rule, after FSRS (and after
exam mode) on every answer while the exam is ahead, and at once on the cards answered before
when the option is switched on:

1. It applies to review cards only, and only before the window ``[exam day − N, exam day − 1]``
   begins: a card answered inside the window has been seen in it.
2. A card whose next review falls on a study day before the exam day is left alone: it is seen
   again before the exam, on a day in the window or before it (and then the rule runs again).
3. Otherwise its review is moved into the window, to the day with the fewest reviews due (the
   latest of equals), so the extra reviews spread evenly over the window; a break in the study
   calendar (a day without reviews) is never chosen. The memory is FSRS's; only the due date
   moves earlier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from pmstudy.domain.model import CardState, Memory, require_utc
from pmstudy.domain.scheduling import DayClock


def final_window(exam_day: int, days: int) -> tuple[int, int]:
    """First and last day numbers of the final pass (day numbers as the caller counts them)."""
    return exam_day - days, exam_day - 1


def needs_final_pass(today: int, due_day: int, exam_day: int, days: int) -> bool:
    """Rule steps 1–2: answered before the window, next review not before the exam day."""
    first, _last = final_window(exam_day, days)
    return today < first and due_day >= exam_day


def least_loaded(
    load: Mapping[int, int], first: int, last: int, closed: Collection[int] = frozenset()
) -> int | None:
    """The day in [first, last] with the fewest reviews (the latest of equals), never a
    ``closed`` day (a break); None if no day is left."""
    open_days = [day for day in range(last, first - 1, -1) if day not in closed]
    if not open_days:
        return None
    return min(open_days, key=lambda day: load.get(day, 0))


def spread(load: Sequence[int], cards: int, closed: Collection[int] = frozenset()) -> list[int]:
    """How many of ``cards`` go to each day of a window whose days already hold ``load``: as
    if given one at a time to the least loaded day (the latest of equals), computed by filling
    up to a common level (the day loop moves thousands of cards at once). Positions in
    ``closed`` (breaks) get none; with every day closed, none moves."""
    if closed:
        open_positions = [i for i in range(len(load)) if i not in closed]
        shares = spread([load[i] for i in open_positions], cards)
        counts = [0] * len(load)
        for position, share in zip(open_positions, shares, strict=True):
            counts[position] = share
        return counts
    counts = [0] * len(load)
    if not load or cards <= 0:
        return counts

    def need(level: int) -> int:
        return sum(max(0, level - n) for n in load)

    low, high = min(load), min(load) + cards  # need(low) == 0 <= cards < need(high + 1)
    while low < high:
        middle = (low + high + 1) // 2
        if need(middle) <= cards:
            low = middle
        else:
            high = middle - 1
    counts = [max(0, low - n) for n in load]
    left = cards - sum(counts)
    for day in range(len(load) - 1, -1, -1):  # the rest: one each, latest first, at the level
        if left == 0:
            break
        if load[day] + counts[day] == low:
            counts[day] += 1
            left -= 1
    return counts


def apply_final_pass(
    after: Memory,
    *,
    now: dt.datetime,
    exam_at: dt.datetime,
    days: int,
    clock: DayClock,
    load: Mapping[int, int],
    closed: Collection[int] = frozenset(),
) -> tuple[Memory, int | None]:
    """The memory with its due moved into the final pass, and the day ordinal it moved to
    (None: left alone). ``load``: reviews due per day ordinal; the caller adds the moved one;
    ``closed``: day ordinals of breaks, never chosen."""
    now = require_utc(now, "now")
    if now >= exam_at or after.state != CardState.REVIEW or after.due is None:
        return after, None
    exam_day = clock.day_of(exam_at).toordinal()
    today = clock.day_of(now).toordinal()
    if not needs_final_pass(today, clock.day_of(after.due).toordinal(), exam_day, days):
        return after, None
    first, last = final_window(exam_day, days)
    chosen = least_loaded(load, first, last, closed)
    if chosen is None:
        return after, None
    return replace(after, due=clock.start_of(dt.date.fromordinal(chosen))), chosen
