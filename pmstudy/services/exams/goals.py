"""The learner's exam goals: booking, listing, picking, forgetting, exam mode on and off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pmstudy.clock import Clock
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.exam import ExamGoal, ExamSpec
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.exams.exam_mode import ExamMode
from pmstudy.services.exams.profiles import Profiles, parse_exam_instant
from pmstudy.services.exams.reads import ExamReads

if TYPE_CHECKING:
    from pmstudy.db.exams import ExamRepository

DEFAULT_TARGET = 0.90
DEFAULT_BUFFER_DAYS = 14

# Bundled decks as (deck id, the exams it serves), for the hint when no deck is tagged.
BundledDecks = Callable[[], list[tuple[str, tuple[str, ...]]]]


class Goals:
    """Exam goals over units of work; lists come from the cached reads."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        reads: ExamReads,
        profiles: Profiles,
        exam_mode: ExamMode,
        zone_name: str | None,
        bundled_decks: BundledDecks | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._reads = reads
        self._profiles = profiles
        self._exam_mode = exam_mode
        self._zone = zone_name or "UTC"
        self._bundled = bundled_decks

    def add(
        self,
        profile_id: str,
        date: str,
        time: str | None = None,
        *,
        decks: Sequence[str] = (),
        target: float = DEFAULT_TARGET,
        exam_mode: bool = True,
        buffer_days: int | None = None,
        minutes_per_day: int | None = None,
        timezone: str | None = None,
        final_pass_days: int | None = None,
        plan_sets_new: bool = True,
    ) -> ExamGoal:
        """Book an exam. With no deck named, the decks holding its tagged cards are linked.

        ``final_pass_days``: every card seen in the last N days before the exam (None: off);
        ``plan_sets_new``: the plan's number is today's new-card limit of the exam's decks."""
        spec = self._profiles.get(profile_id)
        exam_at, zone = parse_exam_instant(date, time, timezone or self._zone)
        now = self._clock.now()
        if exam_at <= now:
            raise PmStudyError(f"the exam date {date} {time or ''}".rstrip() + " is in the past")
        if not 0.5 <= target <= 0.99:
            raise PmStudyError("the target recall lies between 0.50 and 0.99")
        if buffer_days is None:
            # the default is kept even for an exam nearer than it: the plan then spreads the
            # new cards over the days left (what it did before a buffer could be refused)
            buffer_days = DEFAULT_BUFFER_DAYS
        elif buffer_days < 0:
            raise PmStudyError("the buffer cannot be negative")
        elif buffer_days and buffer_days >= (days_left := _days_between(now, exam_at, zone)):
            raise PmStudyError(
                f"a buffer of {buffer_days} day(s) leaves no day to learn in: the exam is "
                f"{days_left} day(s) away, so the buffer must be less than {days_left}"
            )
        if minutes_per_day is not None and minutes_per_day < 1:
            raise PmStudyError("the daily budget is at least 1 minute")
        if final_pass_days is not None:
            _check_final_pass(final_pass_days, _days_between(now, exam_at, zone), buffer_days)
        with self._db.write() as uow:
            if decks:
                deck_ids = _deck_ids(uow.exams, decks)
            else:
                deck_ids = uow.exams.decks_with_tag(spec.id)
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
                final_pass_days=final_pass_days,
                plan_sets_new=plan_sets_new,
            )
            goal_id = uow.exams.add_goal(goal, deck_ids)
        if exam_mode or final_pass_days:
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

    def find(self, exam: str) -> ExamGoal:
        """A goal by its id, or by its profile id when one goal has that profile."""
        if exam.isdigit():
            return self.goal(int(exam))
        found = [g for g in self.goals() if g.profile_id == exam]
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(f"no exam {exam!r} is set (see 'pmstudy exam list')")
        ids = ", ".join(str(g.id) for g in found)
        raise PmStudyError(f"{len(found)} exams are set for {exam} (ids {ids}): name one by id")

    def link(self, goal_id: int, decks: Sequence[str]) -> ExamGoal:
        """Link decks (with their sub-decks) to an exam; in exam mode their cards' due dates
        aim at the exam at once. Decks linked already stay as they are."""
        goal = self.goal(goal_id)
        with self._db.write() as uow:
            deck_ids = _deck_ids(uow.exams, decks)
            uow.exams.link_decks(goal.id, deck_ids)
        if goal.exam_mode:
            self.reschedule_for_exam(goal.id)
        return self.goal(goal.id)

    def unlink(self, goal_id: int, decks: Sequence[str]) -> ExamGoal:
        """Take decks off an exam (their cards keep their schedule). An exam keeps at least
        one deck: remove the exam instead."""
        goal = self.goal(goal_id)
        not_linked = [d for d in decks if d not in goal.deck_names]
        if not_linked:
            linked = ", ".join(repr(n) for n in goal.deck_names)
            raise PmStudyError(
                f"exam {goal.id} ({goal.profile_id}) does not link "
                f"{', '.join(repr(d) for d in not_linked)}; it links {linked}"
            )
        if not set(goal.deck_names) - set(decks):
            raise PmStudyError(
                f"exam {goal.id} ({goal.profile_id}) would have no deck left: link another "
                f"deck first, or remove the exam ('pmstudy exam remove {goal.id}')"
            )
        with self._db.write() as uow:
            uow.exams.unlink_decks(goal.id, _deck_ids(uow.exams, decks))
        return self.goal(goal.id)

    def remove(self, goal_id: int) -> None:
        """Forget an exam goal; cards keep their schedule (plain FSRS from their next answer)."""
        with self._db.write() as uow:
            uow.exams.remove_goal(goal_id)

    def set_exam_mode(self, goal_id: int, on: bool) -> int:
        """Switch exam mode; switching on applies the rule to cards at once (returns moved)."""
        with self._db.write() as uow:
            uow.exams.set_exam_mode(goal_id, on)
        return self.reschedule_for_exam(goal_id) if on else 0

    def set_options(self, goal_id: int, *, final_pass_days: int | None, plan_sets_new: bool) -> int:
        """Set the goal's final pass (None: off) and whether its plan sets today's new cards.
        A final pass switched on or changed applies at once (returns the reviews moved)."""
        goal = self.goal(goal_id)
        if final_pass_days is not None:
            now = self._clock.now()
            if goal.exam_at <= now:
                raise PmStudyError(f"exam {goal.id} is over: no final pass to set")
            days_left = _days_between(now, goal.exam_at, goal.timezone)
            _check_final_pass(final_pass_days, days_left, goal.buffer_days)
        with self._db.write() as uow:
            uow.exams.set_goal_options(
                goal.id, final_pass_days=final_pass_days, plan_sets_new=plan_sets_new
            )
        if final_pass_days is not None and final_pass_days != goal.final_pass_days:
            return self.reschedule_for_exam(goal.id)
        return 0

    def reschedule_for_exam(self, goal_id: int) -> int:
        """Apply the exam-mode rule now to the goal's cards answered before (returns moved)."""
        return self._exam_mode.reschedule(self.goal(goal_id))


def _deck_ids(exams: ExamRepository, names: Sequence[str]) -> list[int]:
    """The ids of decks named in full (NotFoundError naming those that do not exist)."""
    if not names:
        raise PmStudyError("name at least one deck")
    deck_ids, missing = exams.decks_by_names(names)
    if missing:
        raise NotFoundError(
            f"no deck named {', '.join(repr(m) for m in missing)} (see 'pmstudy decks')"
        )
    return deck_ids


def _check_final_pass(days: int, days_left: int, buffer_days: int) -> None:
    """Refuse a final pass that cannot be kept, in one line."""
    if days < 1:
        raise PmStudyError("the final pass is at least 1 day")
    if days > days_left:
        raise PmStudyError(
            f"a final pass of {days} day(s) does not fit: the exam is {days_left} day(s) away"
        )
    if days > buffer_days:
        raise PmStudyError(
            f"a final pass of {days} day(s) is longer than the buffer of {buffer_days} day(s) "
            "(new cards come in until the buffer starts): shorten it or lengthen the buffer"
        )


def _days_between(now: dt.datetime, exam_at: dt.datetime, zone_name: str) -> int:
    """Calendar days from today to the exam day, both in the exam's time zone."""
    zone: dt.tzinfo = ZoneInfo(zone_name) if zone_name != "UTC" else dt.UTC
    return (exam_at.astimezone(zone).date() - now.astimezone(zone).date()).days
