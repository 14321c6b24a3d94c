"""The plan drives the day: today's new-card limit of a deck, and where it comes from.

While an exam goal's plan is active (the exam day is after today and the goal's
``plan_sets_new`` is on), the plan's number for today is the new-card limit of the goal's decks
(linked decks and their sub-decks), in place of the preset's. The number is **one budget for the
goal across its decks**: cards introduced today in any of them count towards it, as they count
towards the plan's "new today" (``new_schedule``). A deck serving two goals follows the goal
with the most left today, so that neither plan falls behind (each new card counts for both).

The learner's "today only" limit (Anki's) overrides both, visibly: it holds for the study day it
was set on and lapses on any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pmstudy.domain.exam.plan import new_schedule


class NewFrom(StrEnum):
    """Where a deck's new-card number for today comes from."""

    PLAN = "plan"
    TODAY = "today"
    PRESET = "preset"


@dataclass(frozen=True, slots=True)
class PlanBudget:
    """One goal's new cards for today: the plan's number (``total``, those introduced today
    included) and what is left of it, shared by every deck in ``decks``."""

    goal_id: int
    decks: frozenset[int]
    total: int
    left: int


@dataclass(frozen=True, slots=True)
class NewLimit:
    """A deck's new-card limit for today (cards introduced today included) and its source."""

    source: NewFrom
    total: int
    goal_id: int | None = None


def plan_budget(
    goal_id: int,
    decks: Iterable[int],
    *,
    remaining: int,
    done_today: int,
    today: dt.date,
    exam_day: dt.date,
    buffer_days: int,
    breaks: Collection[dt.date] = (),
) -> PlanBudget | None:
    """The plan's budget for today (None once the exam day has come: the plan is over).

    ``remaining``: the goal's new cards not suspended; ``done_today``: new cards of its decks
    introduced today; ``breaks``: days without study. The same numbers the report's plan
    uses, so the two agree.
    """
    if exam_day <= today:
        return None
    schedule = new_schedule(remaining, done_today, today, exam_day, buffer_days, breaks)
    left = schedule.days[0] if schedule.days else 0
    return PlanBudget(goal_id, frozenset(decks), left + done_today, left)


def covering(deck_id: int, budgets: Sequence[PlanBudget]) -> PlanBudget | None:
    """The budget a deck follows: of the goals covering it, the one with the most left."""
    found = [b for b in budgets if deck_id in b.decks]
    return max(found, key=lambda b: (b.left, -b.goal_id), default=None)


def new_limit(
    deck_id: int,
    *,
    today_only: int | None,
    preset_per_day: int,
    budgets: Sequence[PlanBudget],
) -> NewLimit:
    """The deck's limit: the learner's today-only number, else its plan's, else the preset's."""
    if today_only is not None:
        return NewLimit(NewFrom.TODAY, today_only)
    budget = covering(deck_id, budgets)
    if budget is not None:
        return NewLimit(NewFrom.PLAN, budget.total, budget.goal_id)
    return NewLimit(NewFrom.PRESET, preset_per_day)


def new_offered(
    limit: NewLimit,
    members: Sequence[int],
    available: Mapping[int, int],
    done_today: int,
    budgets: Sequence[PlanBudget],
) -> int:
    """New cards a deck offers today: its available new cards (sub-decks included) within its
    limit.

    A deck under a plan offers up to what is left of the goal's budget (introduced today in any
    of the goal's decks). A deck with the learner's number for today offers up to it, less its
    subtree's new cards done today: the learner's number governs the whole subtree. A deck
    under its preset does the same with the preset's number, but its sub-decks under a plan
    count at most what is left of their plan.
    """
    if limit.source == NewFrom.PLAN:
        goal = next(b for b in budgets if b.goal_id == limit.goal_id)
        return max(0, min(sum(available.get(m, 0) for m in members), goal.left))
    if limit.source == NewFrom.TODAY:
        budgets = ()
    free = 0
    planned: dict[int, int] = {}
    lefts: dict[int, int] = {}
    for member in members:
        budget = covering(member, budgets)
        if budget is None:
            free += available.get(member, 0)
        else:
            planned[budget.goal_id] = planned.get(budget.goal_id, 0) + available.get(member, 0)
            lefts[budget.goal_id] = budget.left
    capped = free + sum(min(count, lefts[goal]) for goal, count in planned.items())
    return max(0, min(capped, limit.total - done_today))
