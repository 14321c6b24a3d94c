"""The plan drives the day (pure): budgets, limits and what a deck offers; the final pass rule."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pmstudy.domain.exam import (
    NewFrom,
    PlanBudget,
    apply_final_pass,
    final_window,
    least_loaded,
    needs_final_pass,
    new_limit,
    new_offered,
    new_schedule,
    plan_budget,
    spread,
)
from pmstudy.domain.model import CardState, Memory
from pmstudy.domain.scheduling import DayClock

TODAY = dt.date(2026, 11, 22)
EXAM_DAY = dt.date(2027, 1, 21)


def test_the_budget_is_the_plans_number_for_today() -> None:
    # the case: PSM I in 60 days, 230 new cards, 14-day buffer -> 5 a day
    budget = plan_budget(
        1, [1, 2], remaining=230, done_today=0, today=TODAY, exam_day=EXAM_DAY, buffer_days=14
    )
    assert budget == PlanBudget(1, frozenset({1, 2}), 5, 5)
    assert budget.total == new_schedule(230, 0, TODAY, EXAM_DAY, 14).per_day
    # two introduced today: the number holds, three are left
    after = plan_budget(
        1, [1], remaining=228, done_today=2, today=TODAY, exam_day=EXAM_DAY, buffer_days=14
    )
    assert after is not None
    assert (after.total, after.left) == (5, 3)
    # on the exam day the plan is over: the preset decides again
    assert (
        plan_budget(
            1, [1], remaining=9, done_today=0, today=EXAM_DAY, exam_day=EXAM_DAY, buffer_days=14
        )
        is None
    )


def test_today_only_beats_the_plan_which_beats_the_preset() -> None:
    budgets = [PlanBudget(1, frozenset({1, 2}), 5, 5)]
    assert new_limit(1, today_only=8, preset_per_day=20, budgets=budgets).source == NewFrom.TODAY
    planned = new_limit(2, today_only=None, preset_per_day=20, budgets=budgets)
    assert (planned.source, planned.total, planned.goal_id) == (NewFrom.PLAN, 5, 1)
    assert new_limit(3, today_only=None, preset_per_day=20, budgets=budgets).source == (
        NewFrom.PRESET
    )


def test_one_budget_for_a_goal_across_its_decks() -> None:
    budgets = [PlanBudget(1, frozenset({1, 2}), 5, 3)]
    available = {1: 50, 2: 40, 3: 30}
    limit = new_limit(1, today_only=None, preset_per_day=20, budgets=budgets)
    # a planned deck offers what is left of the goal's budget, wherever it was spent
    assert new_offered(limit, [1], available, 0, budgets) == 3
    # a parent under the preset with a planned sub-deck (2) and a free one (3): 30 + 3, cut at 20
    parent = new_limit(9, today_only=None, preset_per_day=20, budgets=budgets)
    assert new_offered(parent, [9, 2, 3], available, 0, budgets) == 20
    assert new_offered(parent, [9, 2, 3], {2: 40, 3: 4}, 0, budgets) == 7
    # the learner's own number for today, less what was introduced today in the subtree
    mine = new_limit(1, today_only=10, preset_per_day=20, budgets=budgets)
    assert new_offered(mine, [1], available, 4, budgets) == 6


def test_a_deck_of_two_goals_follows_the_one_with_most_left() -> None:
    budgets = [PlanBudget(1, frozenset({1}), 5, 1), PlanBudget(2, frozenset({1}), 9, 7)]
    limit = new_limit(1, today_only=None, preset_per_day=20, budgets=budgets)
    assert (limit.goal_id, limit.total) == (2, 9)
    assert new_offered(limit, [1], {1: 100}, 0, budgets) == 7


def test_final_pass_window_and_spread() -> None:
    assert final_window(100, 7) == (93, 99)
    assert needs_final_pass(today=80, due_day=100, exam_day=100, days=7)
    assert needs_final_pass(today=80, due_day=150, exam_day=100, days=7)
    assert not needs_final_pass(today=80, due_day=99, exam_day=100, days=7)  # seen in time
    assert not needs_final_pass(today=93, due_day=150, exam_day=100, days=7)  # seen in it now
    assert least_loaded({99: 2, 98: 1, 97: 1}, 96, 99) == 96
    assert least_loaded({}, 96, 99) == 99
    assert least_loaded({}, 99, 96) is None
    assert spread([0, 3, 1], 5) == [3, 0, 2]
    counts = spread([0] * 7, 100)
    assert sum(counts) == 100
    assert max(counts) - min(counts) <= 1


def test_the_final_pass_never_chooses_a_break_day() -> None:
    assert least_loaded({99: 2, 98: 1, 97: 1}, 96, 99, closed={96}) == 98
    assert least_loaded({}, 98, 99, closed={98, 99}) is None
    assert spread([0, 3, 1], 5, closed={0}) == [0, 1, 4]
    assert spread([0, 0], 4, closed={0, 1}) == [0, 0]
    counts = spread([0] * 7, 100, closed={2, 3})
    assert (counts[2], counts[3], sum(counts)) == (0, 0, 100)


def test_apply_final_pass_moves_a_review_past_the_exam_into_the_window() -> None:
    clock = DayClock(dt.UTC, 4)
    now = dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC)
    exam = dt.datetime(2027, 1, 21, 9, tzinfo=dt.UTC)
    memory = Memory(
        state=CardState.REVIEW,
        stability=80.0,
        difficulty=5.0,
        due=now + dt.timedelta(days=60),
        last_review=now,
        reps=3,
    )
    window = final_window(dt.date(2027, 1, 21).toordinal(), 7)
    load = {window[1]: 4, window[1] - 1: 4}
    moved, day = apply_final_pass(memory, now=now, exam_at=exam, days=7, clock=clock, load=load)
    assert day == window[1] - 2
    assert moved.due == clock.start_of(dt.date.fromordinal(day))
    assert (moved.stability, moved.difficulty, moved.state) == (80.0, 5.0, CardState.REVIEW)
    # due before the exam: seen again in time, left alone
    soon = Memory(
        state=CardState.REVIEW,
        stability=3.0,
        difficulty=5.0,
        due=now + dt.timedelta(days=3),
        last_review=now,
    )
    assert apply_final_pass(soon, now=now, exam_at=exam, days=7, clock=clock, load={}) == (
        soon,
        None,
    )


def _one_at_a_time(load: list[int], cards: int) -> list[int]:
    counts, totals = [0] * len(load), list(load)
    for _ in range(cards):
        day = min(range(len(totals) - 1, -1, -1), key=lambda i: totals[i])
        totals[day] += 1
        counts[day] += 1
    return counts


@given(st.lists(st.integers(0, 9), min_size=1, max_size=12), st.integers(0, 60))
def test_spread_is_one_card_at_a_time_to_the_least_loaded_day(load: list[int], cards: int) -> None:
    assert spread(load, cards) == _one_at_a_time(load, cards)
