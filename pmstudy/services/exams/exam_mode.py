"""Exam mode: the rule of ``pmstudy.domain.exam.exam_mode``, in a study session and at once.

A policy is built when a session starts, from the exams that are ahead with exam mode on: the
cards each one covers and the reviews already due on each day of its window. The session calls
it after FSRS with every new memory. Switching exam mode on applies the rule at once to the
cards answered before (``ExamMode.reschedule``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from pmstudy.clock import Clock
from pmstudy.db.unit_of_work import Database, UnitOfWork
from pmstudy.domain.exam import (
    CardTable,
    ExamGoal,
    ExamModeRule,
    apply_exam_mode,
    apply_final_pass,
    exam_day_recall,
    final_window,
    least_loaded,
)
from pmstudy.domain.model import (
    CardState,
    Memory,
    ReviewEntry,
    StudyCard,
)
from pmstudy.domain.scheduling import (
    DEFAULT_PARAMETERS,
    DayClock,
    LearnerProfile,
    learner_from_counts,
)


@dataclass
class GoalPolicy:
    """One exam's rule, the cards it covers and its per-day review load."""

    goal_id: int
    rule: ExamModeRule
    card_ids: frozenset[int]
    load: Counter[int] = field(default_factory=Counter)
    exam_mode: bool = True
    # the goal's final pass (docs/exam-mode.md): days before the exam; None = off
    final_pass_days: int | None = None


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
            moved, day = after, None
            if goal.exam_mode:
                moved, day = apply_exam_mode(
                    after,
                    now=now,
                    rule=goal.rule,
                    days=self.days,
                    parameters=parameters,
                    load=goal.load,
                )
            if goal.final_pass_days is not None:
                passed, final_day = apply_final_pass(
                    moved,
                    now=now,
                    exam_at=goal.rule.exam_at,
                    days=goal.final_pass_days,
                    clock=self.days,
                    load=goal.load,
                    closed=goal.rule.closed,
                )
                if final_day is not None:
                    moved, day = passed, final_day
            earlier = moved.due is not None and best.due is not None and moved.due < best.due
            if day is not None and earlier:
                best, chosen = moved, (goal, day)
        if chosen is not None:
            chosen[0].load[chosen[1]] += 1
            self.moved += 1
        return best


def _instant(epoch_seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch_seconds, dt.UTC)


class ExamMode:
    """Exam mode's policies and moves, over units of work."""

    def __init__(self, db: Database, clock: Clock, days: DayClock) -> None:
        self._db = db
        self._clock = clock
        self._days = days

    def _capacity(self, goal: ExamGoal, uow: UnitOfWork, learner: LearnerProfile) -> int:
        if goal.minutes_per_day is not None:
            return max(1, math.floor(goal.minutes_per_day * 60 / learner.seconds_per_answer))
        repo = uow.repo
        if goal.deck_ids:
            return max(1, repo.preset(repo.deck(goal.deck_ids[0]).preset_id).max_reviews_per_day)
        return 200

    def capacity(self, goal: ExamGoal, learner: LearnerProfile) -> int:
        """Answers a day the exam's window can take: the budget's, else the first deck's
        review limit."""
        with self._db.read() as uow:
            return self._capacity(goal, uow, learner)

    def _goal_policy(self, goal: ExamGoal, uow: UnitOfWork) -> GoalPolicy:
        repo = uow.exams
        learner = learner_from_counts(uow.exam_cards.answer_counts())
        deck_ids = repo.expand_decks(goal.deck_ids)
        exam_day = self._days.day_of(goal.exam_at)
        today = self._days.day_of(self._clock.now())
        closed = uow.calendar.dates(first=today, last=exam_day)
        rule = ExamModeRule(
            exam_at=goal.exam_at,
            target=goal.target,
            window_days=max(1, goal.buffer_days),
            capacity=self._capacity(goal, uow, learner),
            # a break's days take no review (the calendar's load 0)
            closed=frozenset(day.toordinal() for day, load in closed.items() if load == 0),
        )
        start = self._days.start_of(exam_day - dt.timedelta(days=rule.window_days))
        load: Counter[int] = Counter(
            self._days.day_of(due).toordinal()
            for due in repo.due_instants(deck_ids, start, self._days.start_of(exam_day))
        )
        return GoalPolicy(
            goal.id,
            rule,
            frozenset(repo.card_ids(deck_ids)),
            load,
            exam_mode=goal.exam_mode,
            final_pass_days=goal.final_pass_days,
        )

    def policy(self, goals: list[ExamGoal]) -> ExamModePolicy | None:
        """The policy for a study session starting now (None: no exam ahead in exam mode)."""
        now = self._clock.now()
        ahead = [g for g in goals if (g.exam_mode or g.final_pass_days) and g.exam_at > now]
        if not ahead:
            return None
        with self._db.read() as uow:
            return ExamModePolicy(self._days, [self._goal_policy(g, uow) for g in ahead])

    def reschedule(self, goal: ExamGoal) -> int:
        """Apply the exam-mode rule, then the final pass, now to cards answered before; each
        move is logged.

        Exam mode: only review cards due on or after the exam day with exam-day recall under
        the target can move (found with the card columns at once). Final pass: review cards due
        on or after the exam day and not seen in the window yet go into it, each to its least
        loaded day. Each move is a manual review-log row (answer text "exam mode" or "final
        pass") and a new due date, nothing else.
        """
        now = self._clock.now()
        if not (goal.exam_mode or goal.final_pass_days) or goal.exam_at <= now:
            return 0
        moved = 0
        with self._db.write() as uow:
            policy = self._goal_policy(goal, uow)
            table, _ = uow.exam_cards.card_table(uow.exams.expand_decks(goal.deck_ids))
            exam_day_start = self._days.start_of(self._days.day_of(goal.exam_at)).timestamp()
            recall = exam_day_recall(table, goal.exam_at.timestamp())
            review = (table.state == int(CardState.REVIEW)) & ~table.suspended
            after_exam = review & (table.due >= exam_day_start)
            moved_rows: set[int] = set()
            if goal.exam_mode:
                for row in np.flatnonzero(after_exam & (recall < goal.target)).tolist():
                    if self._move(uow, policy, table, row, now):
                        moved_rows.add(row)
            moved = len(moved_rows)
            if goal.final_pass_days:
                moved += self._final_pass(uow, policy, table, goal.final_pass_days, now, moved_rows)
        return moved

    def _final_pass(
        self,
        uow: UnitOfWork,
        policy: GoalPolicy,
        table: CardTable,
        days: int,
        now: dt.datetime,
        skip: set[int],
    ) -> int:
        """Review cards due on or after the exam day and not seen in the final pass's window
        yet go into it (from today when it has begun), least loaded day first."""
        exam_day = self._days.day_of(policy.rule.exam_at)
        first, last = final_window(exam_day.toordinal(), days)
        first = max(first, self._days.day_of(now).toordinal())
        window_start = self._days.start_of(dt.date.fromordinal(first)).timestamp()
        exam_day_start = self._days.start_of(exam_day).timestamp()
        rows = np.flatnonzero(
            (table.state == int(CardState.REVIEW))
            & ~table.suspended
            & (table.due >= exam_day_start)
            & ~(table.last_review >= window_start)
        ).tolist()
        moved = 0
        for row in rows:
            if row in skip:  # exam mode moved it before the exam already (the table is older)
                continue
            day = least_loaded(policy.load, first, last, policy.rule.closed)
            if day is None:
                break
            moved += self._move(uow, policy, table, row, now, day=day)
        return moved

    def _move(
        self,
        uow: UnitOfWork,
        policy: GoalPolicy,
        table: CardTable,
        row: int,
        now: dt.datetime,
        *,
        day: int | None = None,
    ) -> bool:
        """Move one card's review (by exam mode's rule, or to ``day`` for the final pass) and
        log it; whether it moved."""
        preset = table.presets[int(table.preset[row])]
        before = Memory(
            state=CardState.REVIEW,
            stability=float(table.stability[row]),
            difficulty=float(table.difficulty[row]),
            due=_instant(float(table.due[row])),
            last_review=_instant(float(table.last_review[row])),
        )
        final = day is not None
        if day is not None:
            after = replace(before, due=self._days.start_of(dt.date.fromordinal(day)))
        else:
            after, day = apply_exam_mode(
                before,
                now=now,
                rule=policy.rule,
                days=self._days,
                parameters=preset.fsrs_params or DEFAULT_PARAMETERS,
                load=policy.load,
            )
        if day is None or after.due is None:
            return False
        policy.load[day] += 1
        card_id = int(table.ids[row])
        answer = "final pass" if final else "exam mode"
        uow.repo.add_review(ReviewEntry.manual(card_id, before, after, now=now, answer=answer))
        uow.exams.move_due(card_id, after.due)
        return True
