"""Exam mode inside a study session: the rule of ``pmstudy.domain.exam_mode`` for each answer.

A policy is built when a session starts, from the exams that are ahead with exam mode on: the
cards each one covers and the reviews already due on each day of its window. The session calls
it after FSRS with every new memory.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from pmstudy.domain.days import DayClock
from pmstudy.domain.exam_mode import ExamModeRule, apply_exam_mode
from pmstudy.domain.model import Memory, StudyCard


@dataclass
class GoalPolicy:
    """One exam's rule, the cards it covers and its per-day review load."""

    goal_id: int
    rule: ExamModeRule
    card_ids: frozenset[int]
    load: Counter[int] = field(default_factory=Counter)


@dataclass
class ExamModePolicy:
    """Callable after FSRS: moves a review before the exam when the rule says so."""

    days: DayClock
    goals: list[GoalPolicy]
    moved: int = 0

    def __call__(
        self, card: StudyCard, after: Memory, now: dt.datetime, parameters: tuple[float, ...]
    ) -> Memory:
        """The memory to store: FSRS's, with the due moved by the earliest-exam rule."""
        best = after
        chosen: tuple[GoalPolicy, int] | None = None
        for goal in self.goals:
            if card.id not in goal.card_ids:
                continue
            moved, day = apply_exam_mode(
                after,
                now=now,
                rule=goal.rule,
                days=self.days,
                parameters=parameters,
                load=goal.load,
            )
            earlier = moved.due is not None and best.due is not None and moved.due < best.due
            if day is not None and earlier:
                best, chosen = moved, (goal, day)
        if chosen is not None:
            chosen[0].load[chosen[1]] += 1
            self.moved += 1
        return best
