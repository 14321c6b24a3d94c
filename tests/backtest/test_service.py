"""BacktestService on real SQLite files with real migrations."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pmstudy.db.tuning import TuningRepository
from pmstudy.domain.exam import RecalibrationStatus, backtest, outcomes
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, build_training_set
from pmstudy.services.container import Services
from tests.backtest.conftest import NOW
from tests.tuning.synthetic import TRUE_PARAMETERS


def test_the_log_is_tested_with_the_presets_parameters(history_services: Services) -> None:
    result = history_services.backtest.run()
    with history_services.sessions() as session:
        log = TuningRepository(session).log_columns(None)
    data = build_training_set(log, history_services.days)
    # the preset holds no parameters of its own: FSRS's defaults
    assert result == backtest(outcomes(data, DEFAULT_PARAMETERS))
    assert result.answers == data.item_count > 1000
    assert result.cards == 299  # one of the 300 cards has no answer after a gap yet
    assert sum(row.answers for row in result.rows) > 800
    assert not result.enough
    assert result.recalibration.status == RecalibrationStatus.TOO_FEW_ANSWERS


def test_parameters_saved_on_the_preset_are_used(history_services: Services) -> None:
    defaults = history_services.backtest.run()
    [(preset, _)] = [p for p in history_services.presets.with_decks() if p[1]]
    history_services.presets.save(dataclasses.replace(preset, fsrs_params=TRUE_PARAMETERS))
    own = history_services.backtest.run()
    assert own.answers == defaults.answers
    assert own.log_loss is not None
    assert defaults.log_loss is not None
    # the synthetic learner forgets by TRUE_PARAMETERS: they predict its answers better
    assert own.log_loss < defaults.log_loss


def test_since_scores_only_later_answers(history_services: Services) -> None:
    everything = history_services.backtest.run()
    since = NOW - dt.timedelta(days=60)
    later = history_services.backtest.run(since=since)
    assert 0 < later.answers < everything.answers
    assert later.since == since.timestamp()
    with pytest.raises(ValueError, match="timezone-aware"):
        history_services.backtest.run(since=since.replace(tzinfo=None))


def test_an_empty_collection_has_nothing_to_test(empty_services: Services) -> None:
    result = empty_services.backtest.run()
    assert result.answers == 0
    assert [row.answers for row in result.rows] == [0, 0, 0, 0]
    assert result.predicted is None
    assert result.error_sd(30) == 0.12
    assert not result.recalibration.fitted
