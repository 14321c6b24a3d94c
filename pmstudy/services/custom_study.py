"""Custom study: the cards of a search, an exam's domain, task or weakest tasks, or the flagged
cards, studied now in their own decks (Anki's filtered decks without the moving).

``choose`` says which cards and why others were left out; ``start`` opens a session over them.
With rescheduling (the default) every answer is a normal FSRS answer, committed at once and
logged with its normal kind, as Anki does: a card answered before it is due is an early review,
which FSRS models from the days actually elapsed, so the optimizer, readiness and the stats
read it like any other review. A preview (``reschedule`` False) changes nothing
(services/preview_session.py says why it logs nothing).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from pmstudy.clock import Clock
from pmstudy.db.custom_study import candidates
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.custom import (
    CustomChoice,
    CustomOptions,
    CustomQueue,
    CustomSource,
    SourceKind,
    choose,
)
from pmstudy.domain.model import CardState
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, LEARN_AHEAD, DayClock
from pmstudy.errors import PmStudyError
from pmstudy.services.preview_session import PreviewSession
from pmstudy.services.session import DuePolicy, StudySession

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamGoal, ExamSpec
    from pmstudy.services.exams import ExamReport


class ExamCards(Protocol):
    """What custom study asks the exam service: an exam's cards by task, its readiness."""

    def card_ids_for_tasks(
        self, goal_id: int | None, tasks: Sequence[tuple[str, str | None]]
    ) -> list[int]: ...
    def report(self, goal_id: int | None = None, *, with_plan: bool = ...) -> ExamReport: ...
    def goal(self, goal_id: int | None = None) -> ExamGoal: ...
    def profile(self, profile_id: str) -> ExamSpec: ...


class CustomStudyService:
    """Choose the cards of a custom study and open a session over them."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        days: DayClock,
        seed: int,
        *,
        search: Callable[[str], Sequence[int]],
        exams: Callable[[], ExamCards],
        due_policy: Callable[[], DuePolicy | None],
        learn_ahead: dt.timedelta = LEARN_AHEAD,
    ) -> None:
        self._db = db
        self._clock = clock
        self._days = days
        self._seed = seed
        self._search = search
        self._exams = exams
        self._due_policy = due_policy
        self._learn_ahead = learn_ahead

    def card_ids(self, source: CustomSource) -> list[int]:
        """Every card the source names, before the options leave any out."""
        if source.kind == SourceKind.SEARCH:
            return list(self._search(source.query))
        if source.kind == SourceKind.CARDS:
            return list(source.card_ids)
        if source.kind == SourceKind.FLAGGED:
            return list(self._search("is:flagged"))
        exams = self._exams()
        if source.kind == SourceKind.WEAKEST:
            report = exams.report(source.goal_id, with_plan=False)
            weakest = report.readiness.weakest(source.count)
            tasks = [(t.domain_id, t.task_id) for t in weakest]
        else:
            tasks = [self._part(exams, source)]
        return exams.card_ids_for_tasks(source.goal_id, tasks) if tasks else []

    @staticmethod
    def _part(exams: ExamCards, source: CustomSource) -> tuple[str, str | None]:
        """The (domain, task) asked for, checked against the exam's blueprint."""
        spec = exams.profile(exams.goal(source.goal_id).profile_id)
        domain = next((d for d in spec.domains if d.id == source.domain), None)
        if domain is None:
            known = ", ".join(d.id for d in spec.domains)
            raise PmStudyError(f"{spec.name} has no domain {source.domain!r} (domains: {known})")
        if source.task is not None and all(t.id != source.task for t in domain.tasks):
            known = ", ".join(t.id for t in domain.tasks) or "none"
            raise PmStudyError(
                f"{spec.name}'s domain {domain.id} has no task {source.task!r} (tasks: {known})"
            )
        return domain.id, source.task

    def choose(self, source: CustomSource, options: CustomOptions) -> CustomChoice:
        """The cards to study, in order, and what was left out of what the source found."""
        ids = self.card_ids(source)
        now = self._clock.now()
        with self._db.read() as uow:
            found = candidates(uow.connection, ids)
            parameters = {
                deck_id: preset.fsrs_params or DEFAULT_PARAMETERS
                for deck_id, preset in uow.repo.presets_by_deck().items()
            }
        return choose(found, self._seeded(options), now=now, parameters=parameters)

    def start(self, choice: CustomChoice, options: CustomOptions) -> StudySession:
        """A session over the chosen cards: answers reschedule them, or (preview) change
        nothing."""
        now = self._clock.now()
        with self._db.read() as uow:
            found = candidates(uow.connection, choice.card_ids)
        new_ids = frozenset(c.id for c in found if c.memory.state == CardState.NEW)
        queue = CustomQueue.of(tuple(c.id for c in found), new_ids, self._days.next_day_start(now))
        queue.learn_ahead = self._learn_ahead
        session = (
            # a normal session's answers: FSRS, exam mode's due policy, siblings, leeches
            StudySession(self._db, self._clock, self._days, self._seed, queue, self._due_policy())
            if options.reschedule
            else PreviewSession(self._db, self._clock, self._days, self._seed, queue)
        )
        session.warm()
        return session

    def _seeded(self, options: CustomOptions) -> CustomOptions:
        """A random order without a seed of its own: the collection's seed and today's date
        (the same order all day, another tomorrow)."""
        if options.seed is not None:
            return options
        day = self._days.day_of(self._clock.now())
        return dataclasses.replace(options, seed=self._seed * 100_003 + day.toordinal())
