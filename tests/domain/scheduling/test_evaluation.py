"""Log loss and RMSE (bins): hand-computable cases, and the engine's own numbers."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from pmstudy.domain.scheduling import (
    DEFAULT_PARAMETERS,
    DayClock,
    LogColumns,
    TrainingSet,
    bin_keys,
    build_training_set,
    evaluate,
    log_loss,
    predict,
    recency_weights,
    rmse_bins,
)
from pmstudy.services.tuning.fsrs_engine import engine_evaluate
from tests.tuning.synthetic import TRUE_PARAMETERS, generate, log_columns

T0 = dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC).timestamp()


def test_log_loss_by_hand() -> None:
    p = np.array([0.9, 0.2])
    y = np.array([1.0, 0.0])
    assert log_loss(p, y, np.ones(2)) == pytest.approx(-(math.log(0.9) + math.log(0.8)) / 2)
    weighted = log_loss(p, y, np.array([1.0, 3.0]))
    assert weighted == pytest.approx(-(math.log(0.9) + 3 * math.log(0.8)) / 4)


def test_rmse_bins_by_hand() -> None:
    p = np.array([0.9, 0.7, 0.5])
    y = np.array([1.0, 1.0, 0.0])
    bins = np.array([[1, 1, 0], [1, 1, 0], [2, 1, 0]])
    # bin 1: mean p 0.8 vs mean y 1.0 (weight 2); bin 2: 0.5 vs 0 (weight 1)
    expected = math.sqrt((0.2**2 * 2 + 0.5**2 * 1) / 3)
    assert rmse_bins(p, y, np.ones(3), bins) == pytest.approx(expected)


def test_recency_weights() -> None:
    assert recency_weights(3).tolist() == pytest.approx([0.25, 0.25 + 0.75 / 8, 1.0])
    assert recency_weights(1).tolist() == [0.25]


def test_two_answer_card_by_hand() -> None:
    rows = [
        (7, T0, 3, 0, 1, "learn", 1),
        (7, T0 + 2 * 86_400, 3, 2, 2, "review", 1),
        (8, T0, 1, 0, 1, "learn", 1),
        (8, T0 + 1 * 86_400, 1, 2, 3, "review", 1),
    ]
    data = build_training_set(LogColumns.of(rows), DayClock())
    w = DEFAULT_PARAMETERS
    decay = -w[20]
    factor = 0.9 ** (1 / decay) - 1
    r7 = (1 + factor * 2 / w[2]) ** decay  # first answer Good: S0 = w2
    r8 = (1 + factor * 1 / w[0]) ** decay  # first answer Again: S0 = w0
    assert sorted(predict(data, w).tolist()) == pytest.approx(sorted([r7, r8]))
    result = evaluate(data, w)
    # items in time order: card 8's answer (day 1), then card 7's (day 2)
    weights = recency_weights(2)
    expected = -(weights[0] * math.log(1 - r8) + weights[1] * math.log(r7)) / weights.sum()
    assert result.log_loss == pytest.approx(expected)
    keys = bin_keys(data)
    assert keys[:, 0].tolist() == [248, 248]  # 1 and 2 days share the first interval bin
    assert keys[:, 1].tolist() == [4, 4]  # length 2 -> round(1.99 * 1.89)
    assert keys[:, 2].tolist() == [0, 0]


def synthetic_set(cards: int, days: int, seed: int) -> TrainingSet:
    """The synthetic learner's history as training data (no database)."""
    history = generate(cards, days, seed=seed)
    return build_training_set(log_columns(history), DayClock())


def test_same_numbers_as_the_engine() -> None:
    data = synthetic_set(300, 200, seed=11)
    for parameters in (DEFAULT_PARAMETERS, TRUE_PARAMETERS):
        ours = evaluate(data, parameters)
        theirs = engine_evaluate(data, parameters)
        assert ours.log_loss == pytest.approx(theirs[0], rel=1e-4)
        assert ours.rmse_bins == pytest.approx(theirs[1], rel=1e-3)
