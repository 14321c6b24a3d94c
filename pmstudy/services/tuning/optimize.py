"""Fit FSRS parameters per preset, and evaluate the parameters in use.

``optimize`` fits per preset (or for the preset of one deck) on the review log of the cards that use
it, compares the old and the new parameters on the same data, and saves the new ones only when their
log loss is lower (or when forced). The optimiser is the optional ``pmstudy[optimizer]`` extra
(``pmstudy.services.tuning.fsrs_engine``); ``evaluate`` works without it.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from pmstudy.domain.scheduling import (
    DEFAULT_PARAMETERS,
    Evaluation,
    TrainingSet,
    bin_keys,
    build_training_set,
    evaluate,
)
from pmstudy.domain.scheduling import parameters as params
from pmstudy.errors import PmStudyError
from pmstudy.services.tuning import fsrs_engine
from pmstudy.services.tuning.presets import Scope, find_scopes
from pmstudy.services.tuning.reports import (
    EvaluationReport,
    OptimizeResult,
    OptimizeStage,
    OptimizeStatus,
    OptimizeStep,
)

if TYPE_CHECKING:
    from pmstudy.db.unit_of_work import Database
    from pmstudy.domain.scheduling import DayClock

OptimizeProgress = Callable[[OptimizeStage], None]


def _quiet(stage: OptimizeStage) -> None:
    """The default progress callback: says nothing."""


def steps_within_a_day(steps: Sequence[int]) -> int:
    """How many of the steps (seconds) end within a day of the first's start: the relearning
    steps Anki's deck options hand the optimiser (later ones are answered on another day)."""
    total = 0
    for count, step in enumerate(steps):
        total += step
        if total >= 86_400:
            return count
    return len(steps)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: a fit makes about a million short-lived objects (log
    rows, reviews, items) with no cycles among them, and collection passes over them took a
    twentieth of the command's CPU time (measured on 200,000 reviews)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class OptimizeService:
    """Fit parameters to the review history; measure how well the current ones predict it."""

    def __init__(self, db: Database, days: DayClock) -> None:
        self.db = db
        self._days = days

    def _training(
        self, deck_ids: Sequence[int] | None, ignore_before: float | None = None
    ) -> TrainingSet:
        with self.db.read() as uow:
            log = uow.tuning.log_columns(deck_ids)
        return build_training_set(log, self._days, ignore_before=ignore_before)

    def optimize(
        self,
        *,
        preset: str | None = None,
        deck: str | None = None,
        force: bool = False,
        ignore_before: dt.date | None = None,
        progress: OptimizeProgress = _quiet,
    ) -> list[OptimizeResult]:
        """Fit parameters per scope; save those that beat the current ones (or all, forced).

        ``ignore_before`` leaves out cards first learnt before that date (midnight UTC, as
        Anki reads its "ignore reviews before" date), in the fit and in its comparison.
        """
        cutoff = None
        if ignore_before is not None:
            cutoff = dt.datetime.combine(ignore_before, dt.time(), dt.UTC).timestamp()
        if not fsrs_engine.available():
            raise fsrs_engine.OptimizerMissingError()
        with self.db.read() as uow:
            scopes = find_scopes(uow.tuning, preset=preset, deck=deck)
            every_deck = {d for d, _, _ in uow.tuning.decks()}
        if not scopes:
            raise PmStudyError("there is no deck to optimise")
        with _collector_paused():
            return [
                self._optimize_one(
                    scope, force, progress, whole=set(scope.deck_ids) == every_deck, cutoff=cutoff
                )
                for scope in scopes
            ]

    def _optimize_one(
        self,
        scope: Scope,
        force: bool,
        progress: OptimizeProgress,
        *,
        whole: bool,
        cutoff: float | None,
    ) -> OptimizeResult:
        label = scope.label
        progress(OptimizeStage(label, OptimizeStep.READING))
        # A scope of every deck reads the whole log: a plain scan, where a filter by deck
        # makes SQLite visit the log card by card through its index (twice the time).
        data = self._training(None if whole else scope.deck_ids, cutoff)
        old_parameters = scope.preset.fsrs_params or DEFAULT_PARAMETERS
        outcome = OptimizeResult(
            scope.preset.name,
            label,
            OptimizeStatus.INSUFFICIENT,
            answers_read=data.answers_read,
            answers_used=data.answer_count,
            items=data.item_count,
            cards=data.sequence_count,
            cards_skipped=data.cards_skipped,
            old_parameters=old_parameters,
        )
        if data.item_count < fsrs_engine.MIN_ITEMS:
            return replace(outcome, min_items=fsrs_engine.MIN_ITEMS)
        progress(OptimizeStage(label, OptimizeStep.FITTING, data.item_count))
        started = time.perf_counter()
        relearning_steps = steps_within_a_day(scope.preset.relearning_steps)
        raw = fsrs_engine.fit(data, relearning_steps=relearning_steps)
        seconds = time.perf_counter() - started
        try:
            fitted = params.validate(params.sanitize(raw))
        except params.InvalidParametersError as exc:
            raise PmStudyError(f"the optimiser gave unusable parameters: {exc}") from exc
        if np.allclose(raw, fsrs_engine.default_parameters(), rtol=0, atol=1e-7):
            return replace(outcome, seconds=seconds, left_too_few=True)
        progress(OptimizeStage(label, OptimizeStep.COMPARING))
        keys = bin_keys(data)
        old = evaluate(data, old_parameters, keys=keys)
        new = evaluate(data, fitted, keys=keys)
        # As Anki: the fit replaces parameters that score no better only when several
        # relearning steps would raise a lapsed card's stability under the current ones.
        better = new.log_loss < old.log_loss or (
            relearning_steps > 1
            and not fsrs_engine.relearning_shrinks(old_parameters, relearning_steps)
        )
        if better or force:
            progress(OptimizeStage(label, OptimizeStep.SAVING))
            with self.db.write() as uow:
                current = uow.tuning.preset(scope.preset.id or 0)
                uow.tuning.save_preset(replace(current, fsrs_params=fitted))
            status = OptimizeStatus.SAVED if better else OptimizeStatus.FORCED
        else:
            status = OptimizeStatus.KEPT
        progress(OptimizeStage(label, OptimizeStep.DONE))
        return replace(
            outcome,
            status=status,
            partial=data.item_count < fsrs_engine.FULL_FIT_ITEMS,
            seconds=seconds,
            old=old,
            new=new,
            new_parameters=fitted,
        )

    def evaluate(self) -> EvaluationReport:
        """Each card's preset parameters on its own history: overall, per preset, per deck."""
        # Here, not at the top: the back-test module (and what it imports) is not needed to fit.
        from pmstudy.services.backtest import parameters_per_card

        with self.db.read() as uow:
            decks = uow.tuning.decks()
            presets = {p.id: p for p in uow.tuning.presets() if p.id is not None}
            log = uow.tuning.log_columns(None)
        data = build_training_set(log, self._days)
        if data.item_count == 0:
            return EvaluationReport(None, answers_read=data.answers_read)
        deck_preset = {d: p for d, _, p in decks}
        deck_name = {d: n for d, n, _ in decks}
        preset_of_seq = np.asarray([deck_preset.get(int(d), -1) for d in data.decks])
        matrix = parameters_per_card(data, deck_preset, presets)
        item_seq = data.sequence_of()[data.items]
        overall = evaluate(data, matrix)
        per_preset: dict[str, Evaluation] = {}
        for preset_id in sorted(set(preset_of_seq.tolist())):
            if preset_id in presets:
                mask = preset_of_seq[item_seq] == preset_id
                per_preset[presets[preset_id].name] = evaluate(data, matrix, only=mask)
        per_deck: dict[str, Evaluation] = {}
        for deck_id in sorted(set(data.decks.tolist()), key=lambda d: deck_name.get(d, "")):
            mask = data.decks[item_seq] == deck_id
            if mask.any():
                per_deck[deck_name.get(deck_id, str(deck_id))] = evaluate(data, matrix, only=mask)
        return EvaluationReport(overall, per_preset, per_deck, data.answers_read, data.answer_count)
