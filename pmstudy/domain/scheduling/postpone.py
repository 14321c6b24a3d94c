"""Postpone, advance and a break: move review cards by hand, with the FSRS Helper's safeguards.

The rules follow the FSRS Helper add-on (open-spaced-repetition/fsrs4anki-helper,
``schedule/postpone.py``, ``advance.py``, ``schedule_break.py``), measured in study days:

- a card's **target interval** ``t`` is the time its recall takes to fall to the desired
  retention (``S / factor * (DR ** (-1 / decay) - 1)``, not rounded);
- **postpone** takes review cards due today or overdue, and moves each one to today plus 5-10 %
  of its interval (the Helper's ``ceil(ivl * (1.05 + 0.05 u)) - ivl``, ``u`` seeded per card), or
  by a number of days when asked. Cards that lose least go first: the smallest relative overdue
  after the move (``elapsed / t - 1``), then the most stable. **Safeguard**: a card is never
  pushed to where ``elapsed / t - 1`` reaches 0.15 (the Helper's "safe to postpone" bound); a
  longer move is cut to the last day under it, and a card that cannot move a day is held;
- **advance** takes review cards due after today and makes them due today, the ones losing the
  least of their interval first (``1 - elapsed / t``, then the most stable). **Safeguard**: only
  cards that lose less than 13 % of their interval (the Helper's "safe to advance" bound);
- **a break** (a run of dates without reviews) moves the cards due in it to the days just before
  it (as early as the advance safeguard lets them) or just after it (as late as the postpone
  safeguard lets them), each to the least loaded such day (ties: the smallest change relative to
  its interval), shortest intervals first, so the load is spread evenly. A card that fits neither
  side safely still leaves the break: it goes to the least loaded of the days after it.

Every move keeps within the preset's maximum interval. Only review cards move; suspended cards,
new and learning cards stay.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from pmstudy.domain.exam import BoolArray, FloatArray, IntArray
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling.days import DayClock
from pmstudy.domain.scheduling.fsrs_vec import REVIEW, VecPresets, decay_of, factor_of
from pmstudy.domain.scheduling.reschedule import CardColumns
from pmstudy.domain.scheduling.training import study_days

POSTPONE_SAFE = 0.15
"""A postponed card's relative overdue (elapsed / target interval - 1) stays below this."""
ADVANCE_SAFE = 0.13
"""An advanced card loses less than this share of its target interval."""
FORECAST_DAYS = 30
DEFAULT_SPREAD = 7
"""Days before and after a break its cards may go to (the Helper's default spread)."""


class MoveKind(StrEnum):
    """The three hand moves; the value names the step in the review log."""

    POSTPONE = "postpone"
    ADVANCE = "advance"
    BREAK = "break"


@dataclass(frozen=True)
class MovePlan:
    """What a move would change: ``rows`` index the CardColumns, ``due`` their new instants.

    ``candidates`` could move, ``held`` were kept by the safeguard (or the maximum interval),
    ``unsafe`` moved past the safeguard because a break left them no safe day. ``loads`` are the
    review cards due per study day in the scope, from ``first_day`` on, before and after.
    ``retention_before``/``after``: mean recall of the moved cards on their old and new due days.
    """

    kind: MoveKind
    rows: IntArray
    due: FloatArray
    candidates: int
    held: int
    unsafe: int
    first_day: dt.date
    loads_before: tuple[int, ...]
    loads_after: tuple[int, ...]
    retention_before: float | None
    retention_after: float | None

    @property
    def moved(self) -> int:
        """How many cards the plan moves."""
        return int(self.rows.shape[0])


@dataclass(frozen=True)
class _Cards:
    """The review cards of a CardColumns in study days, with their target intervals."""

    rows: IntArray
    last: IntArray
    due: IntArray
    target: FloatArray
    stability: FloatArray
    decay: FloatArray
    cap: IntArray


def _review_cards(
    cards: CardColumns, presets: Sequence[Preset], days: DayClock, selected: BoolArray | None
) -> _Cards:
    ok = (
        (cards.state == REVIEW)
        & ~cards.suspended
        & np.isfinite(cards.stability)
        & (cards.stability > 0)
        & np.isfinite(cards.last)
        & np.isfinite(cards.due)
    )
    if selected is not None:
        ok &= selected
    rows = np.flatnonzero(ok).astype(np.int64)
    vec = VecPresets.of(presets or [Preset()])  # no decks: no cards either
    preset = cards.preset[rows]
    decay = np.broadcast_to(decay_of(vec, preset), rows.shape).astype(np.float64)
    retention = np.broadcast_to(vec.of_card(vec.retention, preset), rows.shape)
    stability = cards.stability[rows]
    target = stability / factor_of(decay) * (np.power(retention, -1.0 / decay) - 1)
    cap = np.broadcast_to(vec.of_card(vec.max_interval, preset), rows.shape).astype(np.int64)
    return _Cards(
        rows=rows,
        last=study_days(cards.last[rows], days),
        due=study_days(cards.due[rows], days),
        target=np.maximum(target, 1e-6),
        stability=stability,
        decay=decay,
        cap=cap,
    )


def _recall(elapsed: float, stability: float, decay: float) -> float:
    factor = 0.9 ** (-1.0 / decay) - 1.0
    return float((1.0 + factor * max(elapsed, 0.0) / stability) ** -decay)


def _latest_safe(last: int, target: float, cap: int) -> int:
    """The last day a card may fall due on under the postpone safeguard and its maximum."""
    bound = math.ceil(last + (1.0 + POSTPONE_SAFE) * target) - 1
    return min(bound, last + cap)


def _earliest_safe(last: int, target: float) -> int:
    """The first day a card may fall due on under the advance safeguard."""
    return math.floor(last + (1.0 - ADVANCE_SAFE) * target) + 1


def _loads(due_days: IntArray, first: int, horizon: int) -> tuple[int, ...]:
    offsets = np.maximum(due_days - first, 0)
    counts = np.bincount(offsets[offsets < horizon], minlength=horizon)
    return tuple(int(c) for c in counts[:horizon])


def _plan(
    kind: MoveKind,
    cards: CardColumns,
    chosen: _Cards,
    picks: list[tuple[int, int]],
    *,
    candidates: int,
    held: int,
    unsafe: int,
    today: int,
    days: DayClock,
    horizon: int,
) -> MovePlan:
    """The plan from ``picks``: (index into ``chosen``, new due day)."""
    old_days = chosen.due.copy()
    new_days = chosen.due.copy()
    rows = []
    due = []
    before = []
    after = []
    for index, day in picks:
        new_days[index] = day
        rows.append(int(chosen.rows[index]))
        start = days.start_of(dt.date.fromordinal(day))
        due.append(start.timestamp())
        s, d, last = float(chosen.stability[index]), float(chosen.decay[index]), chosen.last[index]
        before.append(_recall(float(old_days[index] - last), s, d))
        after.append(_recall(float(day - last), s, d))
    return MovePlan(
        kind=kind,
        rows=np.asarray(rows, dtype=np.int64),
        due=np.asarray(due, dtype=np.float64),
        candidates=candidates,
        held=held,
        unsafe=unsafe,
        first_day=dt.date.fromordinal(today),
        loads_before=_loads(old_days, today, horizon),
        loads_after=_loads(new_days, today, horizon),
        retention_before=float(np.mean(before)) if before else None,
        retention_after=float(np.mean(after)) if after else None,
    )


def _today(now: dt.datetime, days: DayClock) -> int:
    return days.day_of(now).toordinal()


def plan_postpone(
    cards: CardColumns,
    presets: Sequence[Preset],
    *,
    now: dt.datetime,
    days: DayClock,
    seed: int,
    count: int | None = None,
    by_days: int | None = None,
    selected: BoolArray | None = None,
    horizon: int = FORECAST_DAYS,
) -> MovePlan:
    """Postpone up to ``count`` due cards (None: all that may), least loss first.

    Each card moves by 5-10 % of its interval, or by ``by_days`` when given; never past the
    safeguard (a longer move is cut short; a card that cannot move a day is held).
    """
    today = _today(now, days)
    chosen = _review_cards(cards, presets, days, selected)
    due_now = np.flatnonzero(chosen.due <= today)
    options: list[tuple[float, float, int, int]] = []
    held = 0
    for index in due_now.tolist():
        last = int(chosen.last[index])
        interval = max(int(chosen.due[index]) - last, 1)
        card_id = int(cards.ids[chosen.rows[index]])
        if by_days is None:
            rng = random.Random(f"{seed}:postpone:{card_id}:{int(cards.reps[chosen.rows[index]])}")
            shift = max(math.ceil(interval * (1.05 + 0.05 * rng.random())) - interval, 1)
        else:
            shift = by_days
        target = float(chosen.target[index])
        day = min(today + shift, _latest_safe(last, target, int(chosen.cap[index])))
        if day <= today:
            held += 1
            continue
        overdue = (day - last) / target - 1.0
        options.append((overdue, -float(chosen.stability[index]), index, day))
    options.sort()
    take = options if count is None else options[:count]
    picks = [(index, day) for _, _, index, day in take]
    return _plan(
        MoveKind.POSTPONE,
        cards,
        chosen,
        picks,
        candidates=len(due_now),
        held=held,
        unsafe=0,
        today=today,
        days=days,
        horizon=horizon,
    )


def plan_advance(
    cards: CardColumns,
    presets: Sequence[Preset],
    *,
    now: dt.datetime,
    days: DayClock,
    count: int | None = None,
    selected: BoolArray | None = None,
    horizon: int = FORECAST_DAYS,
) -> MovePlan:
    """Make up to ``count`` cards due later due today (None: all that may), least loss first;
    only cards the advance safeguard allows."""
    today = _today(now, days)
    chosen = _review_cards(cards, presets, days, selected)
    later = np.flatnonzero(chosen.due > today)
    options: list[tuple[float, float, int]] = []
    held = 0
    for index in later.tolist():
        if today < _earliest_safe(int(chosen.last[index]), float(chosen.target[index])):
            held += 1
            continue
        loss = 1.0 - (today - int(chosen.last[index])) / float(chosen.target[index])
        options.append((loss, -float(chosen.stability[index]), index))
    options.sort()
    take = options if count is None else options[:count]
    return _plan(
        MoveKind.ADVANCE,
        cards,
        chosen,
        [(index, today) for _, _, index in take],
        candidates=len(later),
        held=held,
        unsafe=0,
        today=today,
        days=days,
        horizon=horizon,
    )


def plan_break(
    cards: CardColumns,
    presets: Sequence[Preset],
    *,
    now: dt.datetime,
    days: DayClock,
    start: dt.date,
    end: dt.date,
    spread: int = DEFAULT_SPREAD,
    closed: frozenset[dt.date] = frozenset(),
    selected: BoolArray | None = None,
    horizon: int = FORECAST_DAYS,
) -> MovePlan:
    """Move the cards due from ``start`` to ``end`` (overdue ones too when the break starts
    today) to the ``spread`` days before or after it, evenly; ``closed`` are other dates
    without reviews (other breaks), which receive no card."""
    if end < start:
        raise ValueError("a break ends on or after its first day")
    today = _today(now, days)
    first, last_day = start.toordinal(), end.toordinal()
    if first < today:
        raise ValueError("a break cannot start before today")
    chosen = _review_cards(cards, presets, days, selected)
    shut = {d.toordinal() for d in closed} | set(range(first, last_day + 1))
    inside = chosen.due <= last_day
    if first > today:
        inside &= chosen.due >= first
    moving = np.flatnonzero(inside)
    before_days = [d for d in range(max(today, first - spread), first) if d not in shut]
    after_days = [d for d in range(last_day + 1, last_day + 1 + spread) if d not in shut]
    load: dict[int, int] = {}
    for day in chosen.due[~inside].tolist():
        load[int(day)] = load.get(int(day), 0) + 1
    order = sorted(
        moving.tolist(),
        key=lambda i: (int(chosen.due[i]) - int(chosen.last[i]), int(chosen.due[i])),
    )
    picks: list[tuple[int, int]] = []
    unsafe = 0
    for index in order:
        last = int(chosen.last[index])
        target = float(chosen.target[index])
        interval = max(int(chosen.due[index]) - last, 1)
        early = _earliest_safe(last, target)
        late = _latest_safe(last, target, int(chosen.cap[index]))
        safe = [d for d in before_days if d >= early] + [d for d in after_days if d <= late]
        if not safe:
            unsafe += 1
            safe = after_days or before_days
        if not safe:
            continue
        original = int(chosen.due[index])
        day = min(safe, key=lambda d: (load.get(d, 0), abs(d - original) / interval, d))
        load[day] = load.get(day, 0) + 1
        picks.append((index, day))
    return _plan(
        MoveKind.BREAK,
        cards,
        chosen,
        picks,
        candidates=len(moving),
        held=len(moving) - len(picks),
        unsafe=unsafe,
        today=today,
        days=days,
        horizon=max(horizon, last_day + spread + 1 - today),
    )
