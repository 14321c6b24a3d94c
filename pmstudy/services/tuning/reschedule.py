"""Reschedule cards after a parameter or retention change, as one undoable step.

Every changed card gets one manual review-log row tagged with the step
(``answer = "reschedule <step>"``) that holds its state before and after, and the settings
table remembers the last step; undo restores the "before" of those rows and removes them,
leaving alone any card answered since.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmstudy.domain.scheduling import ReschedulePlan, deck_presets, plan_reschedule
from pmstudy.errors import PmStudyError
from pmstudy.services.tuning.presets import find_scopes
from pmstudy.services.tuning.reports import (
    LastReschedule,
    PlanSummary,
    RescheduleReport,
    UndoReport,
)

if TYPE_CHECKING:
    from pmstudy.clock import Clock
    from pmstudy.db.unit_of_work import Database
    from pmstudy.domain.scheduling import DayClock

UNDO_KEY = "tuning.last_reschedule"


def _added(forecasts: Sequence[Sequence[int]]) -> list[int]:
    total = [0] * max((len(f) for f in forecasts), default=0)
    for forecast in forecasts:
        for day, count in enumerate(forecast):
            total[day] += count
    return total


def _merge_plans(plans: Sequence[ReschedulePlan]) -> PlanSummary:
    """The plans' counts added up, and their due-per-day forecasts added day by day."""
    return {
        "cards_considered": sum(p.considered for p in plans),
        "memory_recomputed": sum(p.replayed for p in plans),
        "cards_changed": sum(len(p.changed) for p in plans),
        "cards_moving": sum(p.moving for p in plans),
        "earlier": sum(p.earlier for p in plans),
        "later": sum(p.later for p in plans),
        "forecast_before": _added([p.forecast_before for p in plans]),
        "forecast_after": _added([p.forecast_after for p in plans]),
    }


class RescheduleService:
    """Move cards to the intervals of their preset's current options; undo the last move."""

    def __init__(self, db: Database, clock: Clock, days: DayClock, seed: int) -> None:
        self.db = db
        self._clock = clock
        self._days = days
        self._seed = seed

    def reschedule(
        self, *, preset: str | None = None, deck: str | None = None, dry_run: bool = False
    ) -> RescheduleReport:
        """Recompute memory and due dates after a parameter or retention change (one step)."""
        now = self._clock.now()
        step = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        tag = f"reschedule {step}"
        plans: list[ReschedulePlan] = []
        written = 0
        with self.db.read() if dry_run else self.db.write() as uow:
            scopes = find_scopes(uow.tuning, preset=preset, deck=deck)
            own = uow.tuning.deck_retentions()
            for scope in scopes:
                if not scope.deck_ids:
                    continue
                # each deck's cards at its own desired retention, if it has one
                presets, index = deck_presets(dict.fromkeys(scope.deck_ids, scope.preset), own)
                cards, raw = uow.tuning.card_columns(scope.deck_ids, index)
                log = uow.tuning.log_columns(scope.deck_ids)
                plan = plan_reschedule(
                    cards,
                    log,
                    presets,
                    seed=self._seed,
                    now_ts=now.timestamp(),
                    days=self._days,
                )
                plans.append(plan)
                if not dry_run:
                    written += uow.tuning.apply_reschedule(plan, raw, now=now, tag=tag)
            if not dry_run and written:
                last: LastReschedule = {
                    "step": step,
                    "at": now.isoformat(),
                    "scopes": [s.label for s in scopes],
                    "cards": written,
                }
                uow.repo.set_setting(UNDO_KEY, last)
        return RescheduleReport(
            tuple(s.label for s in scopes),
            _merge_plans(plans),
            applied=not dry_run and written > 0,
            step=step if written and not dry_run else None,
            changed=written,
        )

    def last(self) -> LastReschedule | None:
        """The reschedule step undo would take back, if any."""
        with self.db.read() as uow:
            value = uow.repo.get_setting(UNDO_KEY)
        if not isinstance(value, dict) or "step" not in value:
            return None
        return {
            "step": str(value["step"]),
            "at": str(value.get("at", "")),
            "scopes": [str(s) for s in value.get("scopes", [])],
            "cards": int(value.get("cards", 0)),
        }

    def undo(self) -> UndoReport:
        """Take back the last reschedule (cards answered since keep their new state)."""
        with self.db.write() as uow:
            value = uow.repo.get_setting(UNDO_KEY)
            if not isinstance(value, dict) or "step" not in value:
                raise PmStudyError("there is no reschedule to undo")
            step = str(value["step"])
            restored, skipped = uow.tuning.undo_reschedule(f"reschedule {step}")
            uow.repo.set_setting(UNDO_KEY, None)
        return UndoReport(step, restored, skipped)
