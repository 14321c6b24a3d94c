"""The exam report: readiness today and with the plan, the plan itself, today's progress.

The collection is read through ``ExamReads`` (kept until the collection changes); the plan is
simulated (domain/simulate.py) and its readiness point of the day recorded (history.py).
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from pmstudy.clock import Clock
from pmstudy.domain.exam import (
    DRAWS,
    Backtest,
    BoolArray,
    CardInputs,
    ExamGoal,
    ExamModeSim,
    ExamSpec,
    FloatArray,
    Groups,
    Membership,
    MemoryColumns,
    PlanInputs,
    Readiness,
    ReadinessPoint,
    SimulationSetup,
    UncertaintyInputs,
    adherence,
    build_plan,
    card_decay,
    exam_day_ratio,
    link_draws,
    new_schedule,
    prior_backtest_sd,
    recall_after,
    simulate,
    summarise,
)
from pmstudy.domain.model import Rating
from pmstudy.domain.scheduling import (
    DEFAULT_PARAMETERS,
    MAX_BALANCED_DAYS,
    DayClock,
    LearnerProfile,
)
from pmstudy.services.exams.exam_mode import ExamMode
from pmstudy.services.exams.goals import Goals
from pmstudy.services.exams.history import History
from pmstudy.services.exams.profiles import Profiles
from pmstudy.services.exams.reads import ExamReads
from pmstudy.services.exams.report_data import ExamReport, SimulationInfo, TodayProgress

DEFAULT_DECAY = float(DEFAULT_PARAMETERS[20])


def _day(point: ReadinessPoint) -> dt.date:
    return point.day


class Reports:
    """Builds exam reports; keeps the learner's back-test of the day."""

    def __init__(
        self,
        *,
        clock: Clock,
        days: DayClock,
        seed: int,
        reads: ExamReads,
        profiles: Profiles,
        goals: Goals,
        exam_mode: ExamMode,
        history: History,
        backtest: Callable[[], Backtest],
    ) -> None:
        self._clock = clock
        self._days = days
        self._seed = seed
        self._reads = reads
        self._profiles = profiles
        self._goals = goals
        self._exam_mode = exam_mode
        self._history = history
        self._run_backtest = backtest
        # reports run in worker threads: the kept back-test
        self._lock = threading.Lock()
        self._backtest: tuple[dt.date, Backtest] | None = None

    def report(
        self,
        goal_id: int | None = None,
        *,
        with_plan: bool = True,
        backtest: bool = False,
        link_before: dt.datetime | None = None,
    ) -> ExamReport:
        """Readiness today and with the plan, the plan itself, and today's progress.

        What is read from the collection is kept until the collection changes (any commit, by
        anyone: cache.py), so asking again costs only the maths; the report with the plan is
        kept too (its simulation is most of the cost: the dashboard panel and the exams screen
        ask for the same one, often at the same time, and the second waits for the first),
        within the same minute.
        Its day's readiness point is written when its figures change, and that commit empties
        the cache: the report after it simulates once more, writes nothing, and is kept.
        ``link_before``: fit the recall-to-item link on the mock answers logged before that
        instant only (a mock is checked against a prediction its own answers did not inform:
        last_mock.py).
        """
        goal = self._goals.goal(goal_id)
        now = self._clock.now()
        if not (with_plan and now < goal.exam_at):
            return self._report(
                goal, now, with_plan=False, backtest=backtest, link_before=link_before
            )
        # the minute: a report simulated seconds ago is the same plan; a later one starts anew
        key = ("plan", goal, now.replace(second=0, microsecond=0), backtest, link_before)
        return self._reads.kept(
            key,
            lambda: self._report(
                goal, now, with_plan=True, backtest=backtest, link_before=link_before
            ),
        )

    def _report(
        self,
        goal: ExamGoal,
        now: dt.datetime,
        *,
        with_plan: bool,
        backtest: bool,
        link_before: dt.datetime | None,
    ) -> ExamReport:
        spec = self._profiles.get(goal.profile_id)
        today = self._days.day_of(now)
        exam_day = self._days.day_of(goal.exam_at)
        start, end = self._days.start_of(today), self._days.next_day_start(now)
        reads = self._reads
        decks = reads.decks(goal)
        full = with_plan and now < goal.exam_at
        cards = reads.memory(decks, end)
        learner = reads.learner()
        done = reads.done(decks, start, end)
        groups = Groups.of(spec)
        member = reads.membership(decks, spec, groups)
        exam_ts = goal.exam_at.timestamp()
        recall = reads.recall(decks, exam_ts)
        seen = np.isfinite(cards.memory.last_review)
        remaining = cards.new_active
        breaks = reads.breaks(today, exam_day)
        schedule = new_schedule(remaining, done["new"], today, exam_day, goal.buffer_days, breaks)
        plan = None
        sim_info = None
        plan_inputs = None
        points: list[ReadinessPoint] = []
        if full:
            table, _ = reads.table(decks)
            seed = self._seed
            rng = np.random.default_rng([seed, goal.id, today.toordinal()])
            capacity = self._exam_mode.capacity(goal, learner)
            setup = SimulationSetup(
                origin_ts=self._days.start_of(today).timestamp(),
                now_ts=now.timestamp(),
                exam_ts=exam_ts,
                exam_day=(exam_day - today).days,
                new_per_day=schedule.days,
                learner=learner,
                exam_mode=ExamModeSim(goal.target, max(1, goal.buffer_days), capacity)
                if goal.exam_mode
                else None,
                final_pass_days=goal.final_pass_days,
                breaks=frozenset((day - today).days for day in breaks),
                loads=reads.day_loads(
                    table.presets, today, (exam_day - today).days + MAX_BALANCED_DAYS + 16
                ),
            )
            weights = [d.weight for d in spec.domains]
            result = simulate(table, groups, member, weights, setup, rng)
            points = self._history.points(goal.id)
            done_before, planned_before = adherence(points, today)
            plan_inputs = PlanInputs(
                card_recall=result.card_recall,
                task_recall=result.task_recall,
                done=done_before,
                planned=planned_before,
            )
            plan = build_plan(
                schedule,
                today,
                exam_day,
                remaining,
                result.new_per_day.tolist(),
                (result.reviews_per_day + result.steps_per_day).tolist(),
                learner.seconds_per_answer,
                goal.minutes_per_day,
            )
            sim_info = SimulationInfo(
                runs=result.runs,
                stderr=result.stderr,
                seed=self._seed,
                moved_by_exam_mode=result.moved_by_exam_mode,
                answers_total=result.answers_total,
                moved_by_final_pass=result.moved_by_final_pass,
            )

        def compute() -> Readiness:
            return self._readiness(
                goal,
                spec,
                groups,
                member,
                cards.memory,
                recall,
                seen,
                learner,
                plan_inputs,
                today,
                backtest=backtest,
                link_before=link_before,
            )

        # the quick report's readiness (intervals drawn) holds until the collection changes
        readiness = (
            compute()
            if plan_inputs is not None
            else reads.kept(("readiness", goal, today, now >= goal.exam_at, link_before), compute)
        )
        due_today = cards.reviews_due
        new_target = schedule.days[0] + done["new"] if schedule.days else done["new"]
        progress = TodayProgress(
            new_target=new_target,
            new_done=done["new"],
            reviews_due=due_today + done["review"],
            reviews_done=done["review"],
            minutes_target=(new_target + due_today + done["review"])
            * learner.seconds_per_answer
            / 60,
            minutes_done=done["ms"] / 60_000,
        )
        report = ExamReport(
            goal=goal,
            spec=spec,
            now=now,
            today=today,
            exam_day=exam_day,
            cards=len(cards.memory),
            readiness=readiness,
            plan=plan,
            progress=progress,
            learner=learner,
            simulation=sim_info,
            unmapped=reads.unmapped(
                list(zip(goal.deck_ids, goal.deck_names, strict=True)), spec, member.untagged
            ),
        )
        if full:
            # one readiness point per exam and day (the last report wins): the history
            # plot and the adherence that tempers the next projection come from these
            today_point = self._history.record(report)
            earlier = [p for p in points if p.day != today]
            history = sorted([*earlier, *([today_point] if today_point else [])], key=_day)
            report = replace(report, history=tuple(history))
        return report

    def _readiness(
        self,
        goal: ExamGoal,
        spec: ExamSpec,
        groups: Groups,
        member: Membership,
        memory: MemoryColumns,
        recall: FloatArray,
        seen: BoolArray,
        learner: LearnerProfile,
        plan: PlanInputs | None,
        today: dt.date,
        *,
        backtest: bool = False,
        link_before: dt.datetime | None = None,
    ) -> Readiness:
        """Readiness with its intervals: seeded per exam and day, so the figures hold still.

        ``backtest``: run the learner's back-test if today's is not kept yet (it reads the whole
        log: about 2.7 s at 1M reviews), so only the TUI's plan worker asks for it; other
        reports use a kept one, else the prior.
        """
        rng = np.random.default_rng([self._seed, goal.id, today.toordinal(), 1])
        exam_ts = goal.exam_at.timestamp()
        horizon = max(0.0, (exam_ts - self._clock.now().timestamp()) / 86_400.0)
        at, stability, last, rating = self._reads.mock_answers()
        if link_before is not None:
            kept = at < link_before.timestamp()
            at, stability, last, rating = at[kept], stability[kept], last[kept], rating[kept]
        link = link_draws(
            spec.options_per_item,
            recall_after(stability, (at - last) / 86_400.0, DEFAULT_DECAY),
            rating > int(Rating.AGAIN),
            rng,
            DRAWS,
        )
        tested = self._backtest_of(today, compute=backtest and plan is not None)
        inputs = UncertaintyInputs(
            review_answers=learner.reviews,
            # the back-test's bias is predicted − observed: recall is shifted by its opposite
            backtest_bias=0.0 if tested is None else -tested.bias_at(horizon),
            backtest_sd=prior_backtest_sd(horizon)
            if tested is None
            # error_sd is an RMS error that holds the bias, which is shifted out above
            else max(
                math.sqrt(max(tested.error_sd(horizon) ** 2 - tested.bias_at(horizon) ** 2, 0.0)),
                prior_backtest_sd(min(horizon, 1.0)),
            ),
            link=link,
        )
        cards = CardInputs(
            recall=recall,
            ratio=exam_day_ratio(memory, exam_ts),
            decay=card_decay(memory),
            seen=seen,
        )
        return summarise(spec, groups, member, cards, inputs, rng, plan)

    def _backtest_of(self, today: dt.date, *, compute: bool) -> Backtest | None:
        """The learner's back-test, run once a study day (it reads the whole log): only for
        the report with the plan, which runs in a worker; quick reports use the kept one."""
        with self._lock:
            kept = self._backtest
        if kept is not None and (kept[0] == today or not compute):
            return kept[1]
        if not compute:
            return None
        found = self._run_backtest()
        with self._lock:
            self._backtest = (today, found)
        return found
