"""Postpone, advance and breaks: due-date moves by hand, each one undoable step.

The rules are pure (``pmstudy.domain.scheduling.postpone``); the writes follow the reschedule
pattern (``pmstudy.services.tuning.reschedule``): each moved card gets one manual review-log row
tagged ``"<kind> <step>"`` holding its state before and after, written only while the card still
holds what the plan was computed from. The steps are remembered (newest last, at most
``MAX_STEPS``); undo of a kind takes back its newest step and leaves alone any card answered (or
moved again) since. A break also writes its dates as days without reviews (the study calendar,
load 0) in the same transaction, and its undo puts back those dates' loads.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmstudy.domain.scheduling import MoveKind, MovePlan, ReschedulePlan
from pmstudy.errors import NotFoundError, PmStudyError

if TYPE_CHECKING:
    from pmstudy.clock import Clock
    from pmstudy.db.unit_of_work import Database, UnitOfWork
    from pmstudy.domain.scheduling import CardColumns, DayClock

STEPS_KEY = "scheduling.due_moves"
MAX_STEPS = 20


@dataclass(frozen=True)
class MoveScope:
    """Which cards a move looks at: a deck with its sub-decks, given cards, or all (neither)."""

    deck: str | None = None
    card_ids: tuple[int, ...] | None = None

    @property
    def label(self) -> str:
        """The scope in reports and remembered steps."""
        if self.deck is not None:
            return f"deck {self.deck}"
        if self.card_ids is not None:
            return f"{len(self.card_ids)} selected card(s)"
        return "all decks"


@dataclass(frozen=True)
class MoveReport:
    """What a move did (or would do, ``applied`` False): the plan's figures and the step."""

    scope: str
    plan: MovePlan
    applied: bool
    step: str | None
    written: int
    break_days: tuple[dt.date, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """JSON-ready summary."""
        plan = self.plan
        return {
            "kind": plan.kind.value,
            "scope": self.scope,
            "applied": self.applied,
            "step": self.step,
            "cards_moved": self.written if self.applied else plan.moved,
            "candidates": plan.candidates,
            "held_by_safeguard": plan.held,
            "beyond_safeguard": plan.unsafe,
            "first_day": plan.first_day.isoformat(),
            "loads_before": list(plan.loads_before),
            "loads_after": list(plan.loads_after),
            "retention_before": plan.retention_before,
            "retention_after": plan.retention_after,
            "break_days": [d.isoformat() for d in self.break_days],
        }


@dataclass(frozen=True)
class MoveUndo:
    """What undo put back: the step, cards restored, cards left (answered or moved since), and
    the break dates given back their loads."""

    kind: MoveKind
    step: str
    restored: int
    skipped: int
    days: tuple[dt.date, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """JSON-ready summary."""
        return {
            "kind": self.kind.value,
            "step": self.step,
            "restored": self.restored,
            "skipped": self.skipped,
            "days": [d.isoformat() for d in self.days],
        }


def _as_reschedule(plan: MovePlan, cards: CardColumns) -> ReschedulePlan:
    """The move in the reschedule writer's shape: memory kept, new due dates on its rows."""
    due = cards.due.copy()
    due[plan.rows] = plan.due
    return ReschedulePlan(
        changed=plan.rows,
        stability=cards.stability,
        difficulty=cards.difficulty,
        due=due,
        considered=len(cards),
        replayed=0,
        moving=plan.moved,
        earlier=0,
        later=0,
        forecast_before=plan.loads_before,
        forecast_after=plan.loads_after,
    )


class PostponeService:
    """Postpone, advance, schedule a break; undo the newest step of each."""

    def __init__(self, db: Database, clock: Clock, days: DayClock, seed: int) -> None:
        self.db = db
        self._clock = clock
        self._days = days
        self._seed = seed

    def today(self) -> dt.date:
        """Today's study day."""
        return self._days.day_of(self._clock.now())

    # --- the moves -----------------------------------------------------------------------

    def postpone(
        self,
        scope: MoveScope,
        *,
        count: int | None = None,
        by_days: int | None = None,
        dry_run: bool = False,
    ) -> MoveReport:
        """Postpone up to ``count`` due cards (None: all the safeguard allows), by 5-10 % of
        their interval or by ``by_days``."""
        from pmstudy.domain.scheduling import plan_postpone

        _check_count(count, "cards")
        _check_count(by_days, "days")
        now = self._clock.now()

        def make(cards: CardColumns, presets: Sequence[Any], selected: Any) -> MovePlan:
            return plan_postpone(
                cards,
                presets,
                now=now,
                days=self._days,
                seed=self._seed,
                count=count,
                by_days=by_days,
                selected=selected,
            )

        return self._run(scope, make, dry_run=dry_run)

    def advance(
        self, scope: MoveScope, *, count: int | None = None, dry_run: bool = False
    ) -> MoveReport:
        """Make up to ``count`` cards due later due today (None: all the safeguard allows)."""
        from pmstudy.domain.scheduling import plan_advance

        _check_count(count, "cards")
        now = self._clock.now()

        def make(cards: CardColumns, presets: Sequence[Any], selected: Any) -> MovePlan:
            return plan_advance(
                cards, presets, now=now, days=self._days, count=count, selected=selected
            )

        return self._run(scope, make, dry_run=dry_run)

    def schedule_break(
        self,
        scope: MoveScope,
        start: dt.date,
        end: dt.date,
        *,
        dry_run: bool = False,
    ) -> MoveReport:
        """Make ``start``..``end`` days without reviews (the calendar) and move the scope's
        cards due then to the days around them."""
        from pmstudy.domain.scheduling import days_between, plan_break

        now = self._clock.now()
        today = self._days.day_of(now)
        if end < start:
            raise PmStudyError(f"break: the end {end} comes before the start {start}")
        if start < today:
            raise PmStudyError(f"break: the start {start} lies before today ({today})")
        try:
            dates = days_between(start, end)
        except ValueError as error:
            raise PmStudyError(f"break: {error}") from None

        def make(cards: CardColumns, presets: Sequence[Any], selected: Any) -> MovePlan:
            return plan_break(
                cards,
                presets,
                now=now,
                days=self._days,
                start=start,
                end=end,
                closed=frozenset(closed),
                selected=selected,
            )

        with self.db.read() as uow:
            closed = [d for d, load in uow.calendar.dates(first=today).items() if load == 0]
        return self._run(scope, make, dry_run=dry_run, break_days=tuple(dates))

    def breaks(self) -> list[tuple[dt.date, dt.date]]:
        """The coming breaks (runs of dates with load 0, from today), first to last day."""
        today = self._days.day_of(self._clock.now())
        with self.db.read() as uow:
            days = sorted(d for d, load in uow.calendar.dates(first=today).items() if load == 0)
        runs: list[tuple[dt.date, dt.date]] = []
        for day in days:
            if runs and (day - runs[-1][1]).days == 1:
                runs[-1] = (runs[-1][0], day)
            else:
                runs.append((day, day))
        return runs

    def _run(
        self,
        scope: MoveScope,
        make: Any,
        *,
        dry_run: bool,
        break_days: tuple[dt.date, ...] = (),
    ) -> MoveReport:
        import numpy as np

        now = self._clock.now()
        step = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        with self.db.read() if dry_run else self.db.write() as uow:
            deck_ids, presets, index = _scope_decks(uow, scope)
            cards, raw = uow.tuning.card_columns(deck_ids, index)
            selected = None
            if scope.card_ids is not None:
                selected = np.isin(cards.ids, np.asarray(scope.card_ids, dtype=np.int64))
            plan: MovePlan = make(cards, presets, selected)
            if dry_run:
                return MoveReport(scope.label, plan, False, None, 0, break_days)
            tag = f"{plan.kind.value} {step}"
            written = uow.tuning.apply_reschedule(
                _as_reschedule(plan, cards), raw, now=now, tag=tag
            )
            before: dict[dt.date, float | None] = {}
            if break_days:
                before = uow.calendar.set_days(break_days, 0.0)
            if written or break_days:
                record = {
                    "kind": plan.kind.value,
                    "step": step,
                    "at": now.isoformat(),
                    "scope": scope.label,
                    "cards": written,
                    "days": [[d.isoformat(), load] for d, load in before.items()],
                }
                steps = _steps(uow)
                uow.repo.set_setting(STEPS_KEY, [*steps, record][-MAX_STEPS:])
        applied = bool(written or break_days)
        return MoveReport(
            scope.label, plan, applied, step if applied else None, written, break_days
        )

    # --- undo ----------------------------------------------------------------------------

    def last(self, kind: MoveKind | None = None) -> dict[str, Any] | None:
        """The newest remembered step (of ``kind``), as stored, or None."""
        with self.db.read() as uow:
            steps = _steps(uow)
        found = [s for s in steps if kind is None or s.get("kind") == kind.value]
        return found[-1] if found else None

    def undo(self, kind: MoveKind | None = None, step: str | None = None) -> MoveUndo:
        """Take back the newest step of ``kind`` (None: of any kind), or the step named;
        cards answered or moved since keep their state."""
        with self.db.write() as uow:
            steps = _steps(uow)
            found = [
                s
                for s in steps
                if (kind is None or s.get("kind") == kind.value)
                and (step is None or s.get("step") == step)
            ]
            if not found:
                what = "move" if kind is None else kind.value
                raise PmStudyError(f"there is no {what} to undo")
            record = found[-1]
            done = MoveKind(str(record["kind"]))
            name = str(record["step"])
            restored, skipped = uow.tuning.undo_reschedule(f"{done.value} {name}")
            days = {
                dt.date.fromisoformat(str(d)): (None if load is None else float(load))
                for d, load in record.get("days", [])
            }
            if days:
                uow.calendar.restore(days)
            uow.repo.set_setting(STEPS_KEY, [s for s in steps if s is not record] or None)
        return MoveUndo(done, name, restored, skipped, tuple(sorted(days)))


def _check_count(value: int | None, what: str) -> None:
    if value is not None and value <= 0:
        raise PmStudyError(f"the number of {what} must be at least 1 (got {value})")


def _steps(uow: UnitOfWork) -> list[dict[str, Any]]:
    value = uow.repo.get_setting(STEPS_KEY)
    if not isinstance(value, list):
        return []
    return [s for s in value if isinstance(s, dict) and "step" in s and "kind" in s]


def _scope_decks(uow: UnitOfWork, scope: MoveScope) -> tuple[list[int], list[Any], dict[int, int]]:
    """The scope's deck ids, the options their cards are scheduled with (a deck's own desired
    retention included), and each deck's index into them."""
    from pmstudy.domain.scheduling import deck_presets

    decks = uow.tuning.decks()
    if scope.deck is not None:
        name = scope.deck
        decks = [d for d in decks if d[1] == name or d[1].startswith(name + "::")]
        if not decks:
            raise NotFoundError(f"no deck named {name!r}")
    by_deck = uow.repo.presets_by_deck()
    presets, index = deck_presets({d[0]: by_deck[d[0]] for d in decks}, {})
    return [d[0] for d in decks], presets, index
