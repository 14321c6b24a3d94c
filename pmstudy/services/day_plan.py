"""The plan drives the day: each active exam plan's new cards for today, as budgets that the
deck tree (and so the study queue) applies.

Read with plain counts, no card table and no NumPy (the dashboard's first frame asks for them):
a goal's new cards not suspended and its decks' new cards introduced today, the two numbers the
report's plan starts from (``services/exams/report.py``), so the plan, the deck counts and the
queue agree (docs/readiness.md, "The plan drives the day").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pmstudy.db.unit_of_work import UnitOfWork
from pmstudy.domain.exam import PlanBudget, plan_budget
from pmstudy.domain.scheduling import DayClock


def plan_budgets(
    uow: UnitOfWork, days: DayClock, now: dt.datetime, new_done: Mapping[int, int]
) -> list[PlanBudget]:
    """Today's budget of every goal whose plan sets the new cards and whose exam is ahead.

    ``new_done``: new cards introduced today per deck (``Repository.raw_counts``).
    """
    today = days.day_of(now)
    budgets = []
    for goal in uow.exams.goals():
        if not goal.plan_sets_new or goal.exam_at <= now or not goal.deck_ids:
            continue
        decks = uow.exams.expand_decks(goal.deck_ids)
        budget = plan_budget(
            goal.id,
            decks,
            remaining=uow.exams.new_cards(decks),
            done_today=sum(new_done.get(d, 0) for d in decks),
            today=today,
            exam_day=days.day_of(goal.exam_at),
            buffer_days=goal.buffer_days,
        )
        if budget is not None:
            budgets.append(budget)
    return budgets
