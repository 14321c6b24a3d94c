"""The workload projection: reviews, minutes and memorised cards per day, and retention advice.

Starts from the collection's cards (memory and due dates as stored) and the learner's own answer
times; the day loop is ``pmstudy.domain.scheduling.workload``. ("Simulate" names the exam plan's
simulation in ``pmstudy.domain.exam.simulation``; this tool's word is "workload".)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from pmstudy.domain.exam import exam_retention_advice, exam_setup
from pmstudy.domain.scheduling import (
    MAX_BALANCED_DAYS,
    CardArrays,
    StudyCalendar,
    WorkloadSetup,
    learner_from_log,
    retention_advice,
    simulate_workload,
)
from pmstudy.errors import PmStudyError
from pmstudy.services.day_plan import deck_new_limit, serving_goal
from pmstudy.services.tuning.presets import find_scopes
from pmstudy.services.tuning.reports import WorkloadReport

if TYPE_CHECKING:
    from pmstudy.clock import Clock
    from pmstudy.db.unit_of_work import Database
    from pmstudy.domain.scheduling import DayClock

SECONDS_PER_DAY = 86_400.0


class WorkloadService:
    """Projects the review workload of a preset, a deck or the whole collection."""

    def __init__(self, db: Database, clock: Clock, days: DayClock) -> None:
        self.db = db
        self._clock = clock
        self._days = days

    def project(
        self,
        *,
        days: int,
        retention: float,
        new_per_day: int | None = None,
        preset: str | None = None,
        deck: str | None = None,
        new_cards: int | None = None,
        advice: bool = True,
    ) -> WorkloadReport:
        """Project reviews, minutes and memorised cards per day; advise a retention.

        ``new_per_day`` None: the deck's number for today (its exam plan's, the learner's today
        only, or the preset's: services/day_plan.py), so the first day is the queue's. When the
        deck serves an exam ahead, the advice also looks up to the exam day and at its target
        (``exam_retention_advice``).
        """
        now = self._clock.now()
        with self.db.read() as uow:
            scopes = find_scopes(uow.tuning, preset=preset, deck=deck)
            if not scopes:
                raise PmStudyError("there is no deck to simulate")
            if preset is None and deck is None:
                scope = max(scopes, key=lambda s: len(s.deck_ids))
                deck_ids: tuple[int, ...] = tuple(i for s in scopes for i in s.deck_ids)
                label = "all decks"
            else:
                scope = scopes[0]
                deck_ids = scope.deck_ids
                label = scope.label
            cards, _ = uow.tuning.card_columns(deck_ids, dict.fromkeys(deck_ids, 0))
            available = uow.tuning.new_card_count(deck_ids)
            learner = learner_from_log(uow.tuning.recent_answers(deck_ids))
            # the load balancer as live answers use it (easy days, breaks), while it is on
            today = self._days.day_of(now)
            loads = (
                StudyCalendar.of(scope.preset.easy_days, uow.calendar.dates(first=today)).loads(
                    today, days + MAX_BALANCED_DAYS + 16
                )
                if uow.calendar.balancing()
                else None
            )
            if new_per_day is None:
                new_per_day = (
                    deck_new_limit(uow, self._days, now, scope.deck_ids[0]).total
                    if deck is not None and scope.deck_ids
                    else scope.preset.new_per_day
                )
            goal = serving_goal(uow, deck_ids, now) if deck is not None and advice else None
        # Times count from the start of today's study day: fsrs_vec's study day is floor(t).
        origin = self._days.start_of(self._days.day_of(now)).timestamp()
        time_of_day = min((now.timestamp() - origin) / SECONDS_PER_DAY, 1.0 - 1e-9)
        start = CardArrays(
            state=cards.state.copy(),
            step=np.maximum(cards.step, 0),
            stability=cards.stability.copy(),
            difficulty=cards.difficulty.copy(),
            last=(cards.last - origin) / SECONDS_PER_DAY,
            due=(cards.due - origin) / SECONDS_PER_DAY,
            preset=np.zeros(len(cards), dtype=np.int64),
        )
        active = ~cards.suspended & np.isfinite(cards.stability)
        start = CardArrays(*(getattr(start, f)[active] for f in CardArrays.__dataclass_fields__))
        pool = available if new_cards is None else new_cards
        try:
            setup = WorkloadSetup(
                days=days,
                new_per_day=new_per_day,
                new_cards=pool,
                learner=learner,
                max_reviews_per_day=scope.preset.max_reviews_per_day,
                time_of_day=time_of_day,
                loads=loads,
            )
            result = simulate_workload(start, scope.preset, retention, setup)
            best = retention_advice(start, scope.preset, setup) if advice else None
            exam_advice = None
            if goal is not None:
                exam_day = self._days.day_of(goal.exam_at)
                exam_days = (exam_day - self._days.day_of(now)).days
                exam_advice = exam_retention_advice(
                    start,
                    scope.preset,
                    exam_setup(setup, exam_days),
                    (goal.exam_at.timestamp() - origin) / SECONDS_PER_DAY,
                    goal.target,
                )
        except ValueError as exc:
            raise PmStudyError(str(exc)) from exc
        return WorkloadReport(
            label,
            result,
            best,
            learner.seconds_per_answer,
            learner.own_seconds,
            len(start.state),
            min(pool, new_per_day * days),
            new_per_day,
            None if goal is None else (goal.profile_id, goal.id),
            exam_advice,
        )
