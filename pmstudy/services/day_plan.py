"""The plan drives the day: each active exam plan's new cards for today, as budgets that the
deck tree (and so the study queue) applies.

Read with plain counts, no card table and no NumPy (the dashboard's first frame asks for them):
a goal's new cards not suspended and its decks' new cards introduced today, the two numbers the
report's plan starts from (``services/exams/report.py``), so the plan, the deck counts and the
queue agree (docs/readiness.md, "The plan drives the day").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pmstudy.db.unit_of_work import UnitOfWork
from pmstudy.domain.exam import ExamGoal, NewLimit, PlanBudget, new_limit, plan_budget
from pmstudy.domain.scheduling import DayClock


def plan_budgets(
    uow: UnitOfWork, days: DayClock, now: dt.datetime, new_done: Mapping[int, int]
) -> list[PlanBudget]:
    """Today's budget of every goal whose plan sets the new cards and whose exam is ahead.

    ``new_done``: new cards introduced today per deck (``Repository.raw_counts``).
    """
    today = days.day_of(now)
    budgets: list[PlanBudget] = []
    goals = [g for g in uow.exams.goals() if g.plan_sets_new and g.exam_at > now and g.deck_ids]
    if not goals:
        return budgets
    # breaks (a load of 0) get no new cards in the plan (domain/exam/plan.py)
    last = max(days.day_of(g.exam_at) for g in goals)
    breaks = frozenset(d for d, load in uow.calendar.dates(today, last).items() if load == 0)
    for goal in goals:
        decks = uow.exams.expand_decks(goal.deck_ids)
        budget = plan_budget(
            goal.id,
            decks,
            remaining=uow.exams.new_cards(decks),
            done_today=sum(new_done.get(d, 0) for d in decks),
            today=today,
            exam_day=days.day_of(goal.exam_at),
            buffer_days=goal.buffer_days,
            breaks=breaks,
        )
        if budget is not None:
            budgets.append(budget)
    return budgets


def deck_new_limit(uow: UnitOfWork, days: DayClock, now: dt.datetime, deck_id: int) -> NewLimit:
    """One deck's new-card limit for today, as the deck tree gives it."""
    today = days.day_of(now)
    start, end = days.start_of(today), days.next_day_start(now)
    raw = uow.repo.raw_counts(now=now, day_start=start, day_end=end)
    budgets = plan_budgets(uow, days, now, {d: c.new_done for d, c in raw.items()})
    return new_limit(
        deck_id,
        today_only=uow.repo.new_limits_today(today).get(deck_id),
        preset_per_day=uow.repo.preset(uow.repo.deck(deck_id).preset_id).new_per_day,
        budgets=budgets,
    )


def serving_goal(uow: UnitOfWork, deck_ids: Sequence[int], now: dt.datetime) -> ExamGoal | None:
    """The soonest exam ahead whose decks hold all of ``deck_ids`` (None: no such exam)."""
    wanted = set(deck_ids)
    for goal in uow.exams.goals():  # soonest first
        if goal.exam_at > now and wanted <= set(uow.exams.expand_decks(goal.deck_ids)):
            return goal
    return None
