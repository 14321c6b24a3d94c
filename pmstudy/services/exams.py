"""Exams: profiles, the learner's exam goals, readiness, the study plan, coverage, exam mode."""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db.exam_cards import ExamCards
from pmstudy.db.exams import ExamRepository
from pmstudy.db.readiness_history import ReadinessHistory
from pmstudy.db.repo import Repository
from pmstudy.domain.backtest import Backtest
from pmstudy.domain.cardtable import BoolArray, FloatArray, Groups, Membership, MemoryColumns
from pmstudy.domain.days import DayClock
from pmstudy.domain.exam import ExamGoal, ExamSpec
from pmstudy.domain.exam_mode import ExamModeRule, apply_exam_mode
from pmstudy.domain.item_link import link_draws
from pmstudy.domain.learner import LearnerProfile, learner_from_counts
from pmstudy.domain.model import CardState, Memory, Rating, ReviewEntry, ReviewKind
from pmstudy.domain.plan import build_plan, new_schedule
from pmstudy.domain.readiness import card_decay, exam_day_ratio, exam_day_recall, recall_after
from pmstudy.domain.readiness_history import ADHERENCE_DAYS, ReadinessPoint, adherence, kept
from pmstudy.domain.readiness_report import CardInputs, PlanInputs, Readiness, summarise
from pmstudy.domain.scheduler import DEFAULT_PARAMETERS
from pmstudy.domain.simulate import ExamModeSim, SimulationSetup, simulate
from pmstudy.domain.uncertainty import DRAWS, UncertaintyInputs, prior_backtest_sd
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.backtest import BacktestService
from pmstudy.services.clock import Clock
from pmstudy.services.exam_policy import ExamModePolicy, GoalPolicy
from pmstudy.services.exam_profiles import load_spec, load_specs, parse_exam_instant
from pmstudy.services.exam_reads import ExamReads
from pmstudy.services.exam_report import (
    Coverage,
    ExamReport,
    SimulationInfo,
    TodayProgress,
    coverage_from_tags,
)

DEFAULT_DECAY = float(DEFAULT_PARAMETERS[20])
DEFAULT_TARGET = 0.90
DEFAULT_BUFFER_DAYS = 14


def _day(point: ReadinessPoint) -> dt.date:
    return point.day


def _instant(epoch_seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch_seconds, dt.UTC)


class ExamService:
    """Exam profiles and goals; readiness, plan and coverage; the exam-mode policy."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        days: DayClock,
        seed: int,
        profiles_dir: Path,
        zone_name: str | None,
        bundled_decks: Callable[[], list[tuple[str, tuple[str, ...]]]] | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._days = days
        self._seed = seed
        self._profiles_dir = profiles_dir
        self._zone = zone_name or "UTC"
        self._bundled = bundled_decks
        self._specs: dict[str, ExamSpec] | None = None
        self._single: dict[str, ExamSpec] = {}
        self._reads = ExamReads(sessions)
        # reports run in worker threads: the day's readiness point and the kept back-test
        self._lock = threading.Lock()
        self._backtest: tuple[dt.date, Backtest] | None = None

    # --- profiles ----------------------------------------------------------------------

    def profiles(self) -> list[ExamSpec]:
        """Every exam profile pmstudy ships, by id."""
        if self._specs is None:
            self._specs = {s.id: s for s in load_specs(self._profiles_dir)}
        return list(self._specs.values())

    def profile(self, profile_id: str) -> ExamSpec:
        """One profile by id."""
        if self._specs is None:
            found = self._single.get(profile_id) or load_spec(self._profiles_dir, profile_id)
            if found is not None:
                self._single[profile_id] = found
                return found
        specs = {s.id: s for s in self.profiles()}
        spec = specs.get(profile_id)
        if spec is None:
            raise NotFoundError(
                f"no exam profile '{profile_id}'; known: {', '.join(sorted(specs))}"
            )
        return spec

    # --- goals -------------------------------------------------------------------------

    def add(
        self,
        profile_id: str,
        date: str,
        time: str | None = None,
        *,
        decks: Sequence[str] = (),
        target: float = DEFAULT_TARGET,
        exam_mode: bool = True,
        buffer_days: int = DEFAULT_BUFFER_DAYS,
        minutes_per_day: int | None = None,
        timezone: str | None = None,
    ) -> ExamGoal:
        """Book an exam. With no deck named, the decks holding its tagged cards are linked."""
        spec = self.profile(profile_id)
        exam_at, zone = parse_exam_instant(date, time, timezone or self._zone)
        now = self._clock.now()
        if exam_at <= now:
            raise PmStudyError(f"the exam date {date} {time or ''}".rstrip() + " is in the past")
        if not 0.5 <= target <= 0.99:
            raise PmStudyError("the target recall lies between 0.50 and 0.99")
        if buffer_days < 0:
            raise PmStudyError("the buffer cannot be negative")
        if minutes_per_day is not None and minutes_per_day < 1:
            raise PmStudyError("the daily budget is at least 1 minute")
        with self._sessions.begin() as session:
            repo = ExamRepository(session)
            if decks:
                deck_ids, missing = repo.decks_by_names(decks)
                if missing:
                    raise NotFoundError(
                        f"no deck named {', '.join(repr(m) for m in missing)} (see 'pmstudy decks')"
                    )
            else:
                deck_ids = repo.decks_with_tag(spec.id)
                if not deck_ids:
                    raise PmStudyError(self._no_deck_message(spec))
            goal = ExamGoal(
                id=0,
                profile_id=spec.id,
                exam_at=exam_at,
                timezone=zone,
                target=target,
                exam_mode=exam_mode,
                buffer_days=buffer_days,
                minutes_per_day=minutes_per_day,
                created_at=now,
            )
            goal_id = repo.add_goal(goal, deck_ids)
        if exam_mode:
            self.reschedule_for_exam(goal_id)
        return self.goal(goal_id)

    def _no_deck_message(self, spec: ExamSpec) -> str:
        serving = [d for d, exams in (self._bundled() if self._bundled else []) if spec.id in exams]
        hint = f"add one first ('pmstudy deck add {' '.join(serving)}')" if serving else ""
        return (
            f"no deck in your collection has cards tagged for {spec.id}; "
            + (hint + " or " if hint else "")
            + "name decks with --deck"
        )

    def goals(self) -> list[ExamGoal]:
        """Every exam goal, soonest first."""
        return self._reads.goals()

    def goal(self, goal_id: int | None = None) -> ExamGoal:
        """A goal by id; None picks the next exam ahead (else the latest one)."""
        goals = self.goals()
        if goal_id is not None:
            for goal in goals:
                if goal.id == goal_id:
                    return goal
            raise NotFoundError(f"no exam with id {goal_id} (see 'pmstudy exam list')")
        if not goals:
            raise NotFoundError(
                "no exam is set: add one with 'pmstudy exam add PROFILE --date ...'"
            )
        now = self._clock.now()
        ahead = [g for g in goals if g.exam_at > now]
        return ahead[0] if ahead else goals[-1]

    def remove(self, goal_id: int) -> None:
        """Forget an exam goal; cards keep their schedule (plain FSRS from their next answer)."""
        with self._sessions.begin() as session:
            ExamRepository(session).remove_goal(goal_id)

    def set_exam_mode(self, goal_id: int, on: bool) -> int:
        """Switch exam mode; switching on applies the rule to cards at once (returns moved)."""
        with self._sessions.begin() as session:
            ExamRepository(session).set_exam_mode(goal_id, on)
        return self.reschedule_for_exam(goal_id) if on else 0

    # --- exam mode ---------------------------------------------------------------------

    def _capacity(self, goal: ExamGoal, session: Session, learner: LearnerProfile) -> int:
        if goal.minutes_per_day is not None:
            return max(1, math.floor(goal.minutes_per_day * 60 / learner.seconds_per_answer))
        repo = Repository(session)
        if goal.deck_ids:
            return max(1, repo.preset(repo.deck(goal.deck_ids[0]).preset_id).max_reviews_per_day)
        return 200

    def _goal_policy(self, goal: ExamGoal, session: Session) -> GoalPolicy:
        repo = ExamRepository(session)
        learner = learner_from_counts(ExamCards(session).answer_counts())
        deck_ids = repo.expand_decks(goal.deck_ids)
        rule = ExamModeRule(
            exam_at=goal.exam_at,
            target=goal.target,
            window_days=max(1, goal.buffer_days),
            capacity=self._capacity(goal, session, learner),
        )
        exam_day = self._days.day_of(goal.exam_at)
        start = self._days.start_of(exam_day - dt.timedelta(days=rule.window_days))
        load: Counter[int] = Counter(
            self._days.day_of(due).toordinal()
            for due in repo.due_instants(deck_ids, start, self._days.start_of(exam_day))
        )
        return GoalPolicy(goal.id, rule, frozenset(repo.card_ids(deck_ids)), load)

    def due_policy(self) -> ExamModePolicy | None:
        """The exam-mode policy for a study session starting now (None: no exam mode)."""
        now = self._clock.now()
        goals = [g for g in self.goals() if g.exam_mode and g.exam_at > now]
        if not goals:
            return None
        with self._sessions() as session:
            return ExamModePolicy(self._days, [self._goal_policy(g, session) for g in goals])

    def reschedule_for_exam(self, goal_id: int) -> int:
        """Apply the exam-mode rule now to cards answered before; each move is logged.

        Only review cards due on or after the exam day with exam-day recall under the target
        can move (found with the card columns at once); each move is a manual review-log row
        (answer text "exam mode") and a new due date, nothing else.
        """
        goal = self.goal(goal_id)
        now = self._clock.now()
        if not goal.exam_mode or goal.exam_at <= now:
            return 0
        moved = 0
        with self._sessions.begin() as session:
            policy = self._goal_policy(goal, session)
            exam_repo = ExamRepository(session)
            table, _ = ExamCards(session).card_table(exam_repo.expand_decks(goal.deck_ids))
            exam_day_start = self._days.start_of(self._days.day_of(goal.exam_at)).timestamp()
            recall = exam_day_recall(table, goal.exam_at.timestamp())
            candidates = np.flatnonzero(
                (table.state == int(CardState.REVIEW))
                & ~table.suspended
                & (table.due >= exam_day_start)
                & (recall < goal.target)
            )
            repo = Repository(session)
            for row in candidates.tolist():
                preset = table.presets[int(table.preset[row])]
                before = Memory(
                    state=CardState.REVIEW,
                    stability=float(table.stability[row]),
                    difficulty=float(table.difficulty[row]),
                    due=_instant(float(table.due[row])),
                    last_review=_instant(float(table.last_review[row])),
                )
                after, day = apply_exam_mode(
                    before,
                    now=now,
                    rule=policy.rule,
                    days=self._days,
                    parameters=preset.fsrs_params or DEFAULT_PARAMETERS,
                    load=policy.load,
                )
                if day is None or after.due is None:
                    continue
                policy.load[day] += 1
                card_id = int(table.ids[row])
                repo.add_review(
                    ReviewEntry(
                        card_id=card_id,
                        rating=Rating.MANUAL,
                        answered_at=now,
                        duration_ms=0,
                        kind=ReviewKind.MANUAL,
                        before=before,
                        after=after,
                        answer="exam mode",
                    )
                )
                exam_repo.move_due(card_id, after.due)
                moved += 1
        return moved

    # --- readiness and plan ------------------------------------------------------------

    def report(
        self, goal_id: int | None = None, *, with_plan: bool = True, backtest: bool = False
    ) -> ExamReport:
        """Readiness today and with the plan, the plan itself, and today's progress.

        What is read from the collection is kept until the collection changes (any commit, by
        anyone: services/exam_cache.py), so asking again costs only the maths.
        """
        goal = self.goal(goal_id)
        spec = self.profile(goal.profile_id)
        now = self._clock.now()
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
        schedule = new_schedule(remaining, done["new"], today, exam_day, goal.buffer_days)
        plan = None
        sim_info = None
        plan_inputs = None
        points: list[ReadinessPoint] = []
        if full:
            table, _ = reads.table(decks)
            seed = self._seed
            rng = np.random.default_rng([seed, goal.id, today.toordinal()])
            capacity = self._capacity_for(goal, learner)
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
            )
            weights = [d.weight for d in spec.domains]
            result = simulate(table, groups, member, weights, setup, rng)
            points = self.history(goal.id)
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
            )

        # the quick report's readiness (intervals drawn) holds until the collection changes
        readiness = (
            compute()
            if plan_inputs is not None
            else reads.kept(("readiness", goal, today, now >= goal.exam_at), compute)
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
        )
        if full:
            # one readiness point per exam and day (the last report wins): the history
            # plot and the adherence that tempers the next projection come from these
            today_point = self.record_history(report)
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
        found = BacktestService(self._sessions, self._days).run()
        with self._lock:
            self._backtest = (today, found)
        return found

    def _capacity_for(self, goal: ExamGoal, learner: LearnerProfile) -> int:
        with self._sessions() as session:
            return self._capacity(goal, session, learner)

    # --- coverage and weak spots -------------------------------------------------------

    def coverage(self, exam: str) -> Coverage:
        """Cards per domain and task of an exam (a profile id, or an exam goal's id)."""
        profile_id = exam
        if exam.isdigit():
            profile_id = self.goal(int(exam)).profile_id
        spec = self.profile(profile_id)
        with self._sessions() as session:
            counts = ExamRepository(session).tag_counts(spec.id)
        return coverage_from_tags(spec, [(tuple(t.split()), c) for t, c in counts])

    def card_ids_for_tasks(
        self, goal_id: int | None, tasks: Sequence[tuple[str, str | None]]
    ) -> list[int]:
        """The exam's cards tagged with any of (domain, task or None for the whole domain)."""
        goal = self.goal(goal_id)
        wanted_domains = {d for d, t in tasks if t is None}
        wanted_tasks = {(d, t) for d, t in tasks if t is not None}
        prefix = f"exam::{goal.profile_id}::"
        table, tags = self._reads.table(self._reads.decks(goal))
        chosen = []
        for row, card_id in enumerate(table.ids.tolist()):
            for tag in tags.of_card(row):
                if not tag.startswith(prefix):
                    continue
                parts = tag[len(prefix) :].split("::")
                if parts[0] in wanted_domains or (
                    len(parts) == 2 and (parts[0], parts[1]) in wanted_tasks
                ):
                    chosen.append(int(card_id))
                    break
        return chosen

    # --- readiness over time -----------------------------------------------------------

    def record_history(self, report: ExamReport) -> ReadinessPoint | None:
        """Keep the report as its exam's readiness point of the day (the latest one wins).

        Only reports with the plan are kept (a quick report has no plan figures). Answers
        planned and done are today's totals as the report shows them (new and reviews, done
        included), so that adherence compares like with like. Nothing is written when the
        day's stored figures are the same to 0.1 point (a commit would empty the report
        cache).
        """
        if report.plan is None:
            return None
        r = report.readiness
        p = report.progress
        point = ReadinessPoint(
            goal_id=report.goal.id,
            day=report.today,
            recorded_at=report.now,
            today=kept(r.today),
            plan=None if r.plan is None else kept(r.plan),
            pass_today=None if r.pass_today is None else kept(r.pass_today),
            pass_plan=None if r.pass_plan is None else kept(r.pass_plan),
            answers_planned=p.new_target + p.reviews_due,
            answers_done=p.new_done + p.reviews_done,
        )
        with self._lock, self._sessions.begin() as session:
            ReadinessHistory(session).save(point)
        return point

    def history(self, goal_id: int) -> list[ReadinessPoint]:
        """The exam's readiness points, oldest day first."""
        with self._sessions() as session:
            return ReadinessHistory(session).points(goal_id)

    def adherence(
        self, goal_id: int, today: dt.date, days: int = ADHERENCE_DAYS
    ) -> tuple[float, float]:
        """(answers done, answers planned) over the ``days`` study days before ``today``,
        from the readiness history; days with no point count neither way."""
        return adherence(self.history(goal_id), today, days)
