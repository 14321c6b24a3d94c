"""Postpone, advance and a break: which cards move, where to, and the safeguards' limits.

With desired retention 0.9 a card's target interval equals its stability, so the bounds are easy
to state: a card last reviewed on day L with stability S may be postponed to day L + 1.15 S at
the latest (strictly below) and advanced only from day L + 0.87 S on (strictly above).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pmstudy.domain.model import CardState, Preset
from pmstudy.domain.scheduling import (
    CardColumns,
    DayClock,
    MoveKind,
    plan_advance,
    plan_break,
    plan_postpone,
)

DAYS = DayClock()
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = DAYS.day_of(NOW)


def _at(offset: int) -> float:
    """An instant on study day ``today + offset`` (an hour after it starts)."""
    return (DAYS.start_of(TODAY + dt.timedelta(days=offset)) + dt.timedelta(hours=1)).timestamp()


def _cards(*rows: tuple[int, int, int, float], state: int = int(CardState.REVIEW)) -> CardColumns:
    """Cards from (id, last review day, due day, stability), days relative to today."""
    n = len(rows)
    return CardColumns(
        ids=np.asarray([r[0] for r in rows], dtype=np.int64),
        state=np.full(n, state, dtype=np.int64),
        step=np.full(n, -1, dtype=np.int64),
        stability=np.asarray([r[3] for r in rows], dtype=np.float64),
        difficulty=np.full(n, 5.0),
        due=np.asarray([_at(r[2]) for r in rows], dtype=np.float64),
        last=np.asarray([_at(r[1]) for r in rows], dtype=np.float64),
        reps=np.full(n, 3, dtype=np.int64),
        preset=np.zeros(n, dtype=np.int64),
        suspended=np.zeros(n, dtype=np.bool_),
    )


def _days_of(cards: CardColumns, plan_rows: np.ndarray, due: np.ndarray) -> dict[int, int]:
    """card id -> new due day relative to today."""
    return {
        int(cards.ids[r]): (dt.datetime.fromtimestamp(d, dt.UTC) - DAYS.start_of(TODAY)).days
        for r, d in zip(plan_rows.tolist(), due.tolist(), strict=True)
    }


POSTPONE_SET = (
    (1, -10, 0, 10.0),  # due today, on time: one day later is 10 % overdue
    (2, -100, 0, 100.0),  # due today, long interval: 5-10 % later is the least loss
    (3, -12, -2, 10.0),  # already 20 % overdue: the safeguard holds it
    (4, -5, 5, 10.0),  # not due: no candidate
)


def test_postpone_takes_the_least_loss_first_and_holds_unsafe_cards() -> None:
    cards = _cards(*POSTPONE_SET)
    one = plan_postpone(cards, [Preset()], now=NOW, days=DAYS, seed=1, count=1)
    assert one.kind is MoveKind.POSTPONE
    moved = _days_of(cards, one.rows, one.due)
    assert list(moved) == [2]
    assert 5 <= moved[2] <= 10
    every = plan_postpone(cards, [Preset()], now=NOW, days=DAYS, seed=1)
    assert _days_of(cards, every.rows, every.due).keys() == {1, 2}
    assert _days_of(cards, every.rows, every.due)[1] == 1
    assert (every.candidates, every.held) == (3, 1)
    assert every.loads_before[0] == 3
    assert every.loads_after[0] == 1
    assert every.retention_after is not None
    assert every.retention_before is not None
    assert every.retention_after < every.retention_before


def test_postpone_by_days_stops_at_the_safeguard_and_the_maximum_interval() -> None:
    cards = _cards(*POSTPONE_SET)
    plan = plan_postpone(cards, [Preset()], now=NOW, days=DAYS, seed=1, by_days=30)
    # card 1: L=-10, S=10 -> last day under 1.15 S is day 1; card 2: L=-100 -> day 14
    assert _days_of(cards, plan.rows, plan.due) == {1: 1, 2: 14}
    capped = plan_postpone(
        cards, [Preset(max_interval_days=100)], now=NOW, days=DAYS, seed=1, by_days=30
    )
    assert _days_of(cards, capped.rows, capped.due) == {1: 1}
    assert capped.held == 2


def test_postpone_ignores_suspended_learning_and_unselected_cards() -> None:
    learning = _cards(*POSTPONE_SET, state=int(CardState.RELEARNING))
    assert plan_postpone(learning, [Preset()], now=NOW, days=DAYS, seed=1).moved == 0
    cards = _cards(*POSTPONE_SET)
    only_first = np.asarray([True, False, False, False])
    plan = plan_postpone(cards, [Preset()], now=NOW, days=DAYS, seed=1, selected=only_first)
    assert _days_of(cards, plan.rows, plan.due).keys() == {1}


def test_advance_takes_the_least_loss_first_and_only_safe_cards() -> None:
    cards = _cards(
        (5, -9, 1, 10.0),  # loses 10 % of its interval
        (6, -5, 5, 10.0),  # would lose half: held
        (7, -95, 5, 100.0),  # loses 5 %: first
        (8, -10, 0, 10.0),  # due today already: no candidate
    )
    one = plan_advance(cards, [Preset()], now=NOW, days=DAYS, count=1)
    assert _days_of(cards, one.rows, one.due) == {7: 0}
    every = plan_advance(cards, [Preset()], now=NOW, days=DAYS)
    assert _days_of(cards, every.rows, every.due) == {7: 0, 5: 0}
    assert (every.candidates, every.held) == (3, 1)
    # the bound: L + 0.87 S must lie before today (L=-8.7 is not a whole day; -9 passes)
    edge = _cards((9, -8, 2, 10.0))
    assert plan_advance(edge, [Preset()], now=NOW, days=DAYS).moved == 0


def test_break_empties_its_days_and_spreads_the_cards_around_it() -> None:
    rows = [(100 + i, -57 + i % 3, 3 + i % 3, 60.0) for i in range(30)]  # safe both sides
    rows += [(200, -2, 1, 2.0), (201, -3, 9, 12.0)]  # due before / after: stay unless needed
    cards = _cards(*rows)
    plan = plan_break(
        cards,
        [Preset()],
        now=NOW,
        days=DAYS,
        start=TODAY + dt.timedelta(days=3),
        end=TODAY + dt.timedelta(days=5),
    )
    assert plan.kind is MoveKind.BREAK
    assert plan.candidates == 30
    assert plan.moved == 30
    assert plan.held == 0
    assert plan.loads_after[3:6] == (0, 0, 0)
    assert sum(plan.loads_after) == sum(plan.loads_before)
    new_days = _days_of(cards, plan.rows, plan.due)
    assert not any(3 <= d <= 5 for d in new_days.values())
    around = [plan.loads_after[d] for d in (0, 1, 2, 6, 7, 8, 9, 10, 11, 12)]
    assert max(around) - min(around) <= 2  # spread evenly over both sides


def test_break_puts_a_card_without_a_safe_day_after_it() -> None:
    # L=-1, S=2: safe before the break only from day 0.74 -> day 1; break days 1..3; after it
    # only up to day 1.3 -> no safe day after; day 0 is too early: it goes after the break
    cards = _cards((1, -1, 2, 2.0))
    plan = plan_break(
        cards,
        [Preset()],
        now=NOW,
        days=DAYS,
        start=TODAY + dt.timedelta(days=1),
        end=TODAY + dt.timedelta(days=3),
    )
    assert plan.unsafe == 1
    assert _days_of(cards, plan.rows, plan.due)[1] >= 4


def test_break_skips_closed_days_and_checks_its_dates() -> None:
    cards = _cards(*[(i, -20, 2, 20.0) for i in range(10)])
    closed = frozenset({TODAY + dt.timedelta(days=d) for d in (0, 1, 4)})
    plan = plan_break(
        cards,
        [Preset()],
        now=NOW,
        days=DAYS,
        start=TODAY + dt.timedelta(days=2),
        end=TODAY + dt.timedelta(days=3),
        closed=closed,
    )
    assert set(_days_of(cards, plan.rows, plan.due).values()) <= {5, 6, 7, 8, 9, 10}
    with pytest.raises(ValueError, match="ends on or after"):
        plan_break(cards, [Preset()], now=NOW, days=DAYS, start=TODAY, end=TODAY - dt.timedelta(1))
    with pytest.raises(ValueError, match="before today"):
        plan_break(cards, [Preset()], now=NOW, days=DAYS, start=TODAY - dt.timedelta(1), end=TODAY)
