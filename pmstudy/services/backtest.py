"""The readiness back-test: recall predictions against what happened, on the learner's log.

One read of the review log (``TuningRepository.log_columns``, the optimiser's reader), the
training data the optimiser and ``pmstudy evaluate`` use, each card scored with its preset's
FSRS parameters; the arithmetic is ``pmstudy.domain.exam.backtesting``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from pmstudy.domain.exam import Backtest, FloatArray, backtest, outcomes
from pmstudy.domain.model import Preset, require_utc
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, DayClock, TrainingSet, build_training_set

if TYPE_CHECKING:
    from pmstudy.db.unit_of_work import Database


def parameters_per_card(
    data: TrainingSet, deck_preset: dict[int, int], presets: dict[int, Preset]
) -> FloatArray:
    """One row of FSRS parameters per sequence: its deck's preset's (defaults if unset)."""
    rows = [
        (presets[p].fsrs_params if p in presets else None) or DEFAULT_PARAMETERS
        for p in (deck_preset.get(int(d), -1) for d in data.decks.tolist())
    ]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(DEFAULT_PARAMETERS))


class BacktestService:
    """Back-tests the recall predictions readiness is built on."""

    def __init__(self, db: Database, days: DayClock) -> None:
        self.db = db
        self._days = days

    def run(self, *, since: dt.datetime | None = None) -> Backtest:
        """Every card's answers after a gap, predicted from the memory before the gap.

        ``since``: score only answers given at or after it (memory still uses all earlier
        answers); None scores the whole log.
        """
        cut = None if since is None else require_utc(since, "since").timestamp()
        with self.db.read() as uow:
            deck_preset = {deck: preset for deck, _, preset in uow.tuning.decks()}
            presets = {p.id: p for p in uow.tuning.presets() if p.id is not None}
            log = uow.tuning.log_columns(None)
        data = build_training_set(log, self._days)
        tests = outcomes(data, parameters_per_card(data, deck_preset, presets))
        return backtest(tests, since=cut)
