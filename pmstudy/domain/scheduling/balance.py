"""The load balancer: which day of the fuzz range a review card falls due on.

Fuzz alone spreads a card uniformly over its range (``scheduler.fuzz_days``); the balancer,
as Anki (24.11+) and the FSRS Helper do, leans that choice towards days with fewer cards due
in the same deck-options preset. For each day ``d`` of the range (days from today):

- weight = (1 / max(cards due on d, 1))² / d: emptier days and, a little, sooner ones;
- a day where a **sibling** (another card of the same note) is due is left out;
- **easy days**: a day with load 0 (a weekday set to Minimum, a break) is left out; a reduced
  day (0 < load < 1) is left out once its cards due, divided by its load, exceed what the
  other days of the range hold per unit of load (so it fills to its share and no further);
- when that leaves no day, the rules give way in this order: siblings, then a reduced day's
  share, then load 0 (a range made only of breaks still gets a day: the card must be due).

The day is then drawn with the card's one fuzz number ``uniform`` in proportion to the
weights: deterministic given that number, and the draw spreads cards answered together
(picking the single emptiest day would send them all to it). Intervals above
``MAX_BALANCED_DAYS`` are fuzzed only, as in Anki: the load three months ahead is not yet
known, and the range to read stays short.

:func:`balanced_days` is the one rule: a live answer calls it with one row
(``pmstudy.domain.scheduling.scheduler``), the simulations with every card answered in a
step (``fsrs_vec.review``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from pmstudy.domain.exam import FloatArray, IntArray
from pmstudy.domain.scheduling.calendar import StudyCalendar
from pmstudy.domain.scheduling.fsrs_vec import REVIEW, fuzz, fuzz_bounds
from pmstudy.domain.scheduling.scheduler import MAX_BALANCED_DAYS

BoolArray = npt.NDArray[np.bool_]


def balanced_days(
    low: IntArray,
    high: IntArray,
    counts: FloatArray,
    loads: FloatArray,
    siblings: BoolArray,
    uniform: FloatArray,
) -> IntArray:
    """For each card, the day in ``[low, high]`` (days from today, ``low`` ≥ 1) the balancer
    picks with ``uniform`` (one draw in [0, 1) per card).

    ``counts``, ``loads`` and ``siblings`` have one row per card and one column per day of
    its range, column ``j`` being day ``low + j`` (columns past ``high`` are ignored): cards
    already due that day in the card's preset, the day's load (1 normal, 0 none), whether a
    sibling is due that day.
    """
    n, width = counts.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    column = np.arange(width, dtype=np.int64)
    day = low[:, None] + column
    valid = day <= high[:, None]
    count = np.where(valid, counts, 0.0)
    load = np.where(valid, loads, 0.0)
    # a reduced day's share: its count per unit of load against the other days' together
    others = count.sum(axis=1, keepdims=True) - count
    other_load = load.sum(axis=1, keepdims=True) - load
    with np.errstate(divide="ignore", invalid="ignore"):
        over_share = (load < 1.0) & (
            count * np.where(other_load > 0, other_load, 1.0) > others * load
        )
    open_day = load > 0.0
    # each day's rank: the rules above in the order they give way (0 keeps every rule,
    # 6 is outside the range); a card takes the days of its best rank
    rank = 4 * ~open_day + 2 * (open_day & over_share) + siblings
    rank = np.where(valid, rank, 6)
    chosen = rank == rank.min(axis=1, keepdims=True)
    weight = np.where(chosen, 1.0 / (np.maximum(count, 1.0) ** 2 * np.maximum(day, 1)), 0.0)
    cumulative = np.cumsum(weight, axis=1)
    target = np.asarray(uniform, dtype=np.float64) * cumulative[:, -1]
    index = (cumulative <= target[:, None]).sum(axis=1)
    # a draw at the very top (rounding) takes the last allowed day
    last = width - 1 - np.argmax(chosen[:, ::-1], axis=1)
    index = np.minimum(index, last)
    return np.asarray(low + index, dtype=np.int64)


@dataclass(frozen=True)
class DueLoads:
    """What the balancer knows around one live answer: cards due per study day in the card's
    preset (``today`` + 1 onwards), the days its siblings are due, and the calendar."""

    today: dt.date
    counts: Mapping[dt.date, int]
    calendar: StudyCalendar = field(default_factory=StudyCalendar)
    sibling_days: frozenset[dt.date] = frozenset()
    # picks made (the buttons' preview, then the answer, ask the same)
    _picked: dict[tuple[int, int, float], int] = field(default_factory=dict, compare=False)

    @property
    def max_days(self) -> int:
        """The longest interval the balancer places (longer ones are fuzzed only)."""
        return MAX_BALANCED_DAYS

    def pick(self, low: int, high: int, uniform: float) -> int:
        """The balanced day in ``[low, high]`` (days from today) for one card."""
        found = self._picked.get((low, high, uniform))
        if found is None:
            found = self._picked[low, high, uniform] = self._pick(low, high, uniform)
        return found

    def _pick(self, low: int, high: int, uniform: float) -> int:
        days = [self.today + dt.timedelta(days=d) for d in range(low, high + 1)]
        return int(
            balanced_days(
                np.array([low], dtype=np.int64),
                np.array([high], dtype=np.int64),
                np.array([[self.counts.get(d, 0) for d in days]], dtype=np.float64),
                np.array([[self.calendar.load_on(d) for d in days]], dtype=np.float64),
                np.array([[d in self.sibling_days for d in days]], dtype=np.bool_),
                np.array([uniform], dtype=np.float64),
            )[0]
        )


def day_loads(loads: Sequence[float], days: int) -> FloatArray:
    """A simulation's day loads from today: ``loads`` then normal days, far enough past
    ``days`` for the longest balanced interval's range."""
    horizon = days + MAX_BALANCED_DAYS + 16
    result = np.ones(max(horizon, len(loads)), dtype=np.float64)
    result[: len(loads)] = loads
    return result


class DayCounts:
    """The simulations' side of the balancer (``fsrs_vec.Balance``): review cards due per
    simulated study day in each group (a preset; with stacked runs, a preset in one run), and
    the load of each group's days; kept current as cards are answered.

    Days are the simulations' axis (day ``k`` runs from ``k`` to ``k + 1``), counted up to
    ``loads.shape[1]`` (past it a day counts as empty and normal). Siblings are not tracked:
    the simulations do not know notes.
    """

    def __init__(
        self, group: IntArray, loads: FloatArray, state: IntArray, due: FloatArray
    ) -> None:
        self.group = group
        self.loads = loads
        self.horizon = int(loads.shape[1])
        self.counts = np.zeros(loads.shape, dtype=np.float64)
        self._count(np.arange(len(group), dtype=np.int64), state, due, 1.0)

    def _count(self, rows: IntArray, state: IntArray, due: FloatArray, sign: float) -> None:
        day = np.floor(np.where(np.isfinite(due), due, -1.0))
        keep = (state == REVIEW) & (day >= 0) & (day < self.horizon)
        np.add.at(self.counts, (self.group[rows[keep]], day[keep].astype(np.int64)), sign)

    def moved(
        self,
        rows: IntArray,
        before: tuple[IntArray, FloatArray],
        after: tuple[IntArray, FloatArray],
    ) -> None:
        """Cards ``rows`` were answered: take them off their old day, onto their new one."""
        self._count(rows, before[0], before[1], -1.0)
        self._count(rows, after[0], after[1], 1.0)

    def intervals(
        self,
        rows: IntArray,
        interval: FloatArray,
        max_interval: IntArray,
        uniform: FloatArray,
        now: FloatArray,
    ) -> FloatArray:
        """Fuzzed intervals, balanced for intervals from 2.5 to ``MAX_BALANCED_DAYS`` days."""
        result = fuzz(interval, max_interval, uniform)
        chosen = np.flatnonzero((interval >= 2.5) & (interval <= MAX_BALANCED_DAYS))
        if len(chosen) == 0:
            return result
        longest = np.asarray(max_interval)
        low, high = fuzz_bounds(interval[chosen], longest[chosen] if longest.ndim else longest)
        low_i = low.astype(np.int64)
        high_i = high.astype(np.int64)
        width = int((high_i - low_i).max()) + 1
        today = np.floor(now[chosen]).astype(np.int64)
        day = today[:, None] + low_i[:, None] + np.arange(width, dtype=np.int64)
        inside = day < self.horizon
        cell = np.minimum(day, self.horizon - 1)
        group = self.group[rows[chosen]][:, None]
        counts = np.where(inside, self.counts[group, cell], 0.0)
        loads = np.where(inside, self.loads[group, cell], 1.0)
        siblings = np.zeros(counts.shape, dtype=np.bool_)
        picked = balanced_days(low_i, high_i, counts, loads, siblings, uniform[chosen])
        result[chosen] = picked
        return result
