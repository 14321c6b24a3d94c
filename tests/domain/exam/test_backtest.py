"""The back-test arithmetic: tests from the training data, rows by gap, error, recalibration."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from pmstudy.domain.exam import (
    BUCKETS,
    MIN_GAP_ANSWERS,
    PRIOR_SD,
    Backtest,
    Outcomes,
    Recalibration,
    RecalibrationStatus,
    backtest,
    fit_platt,
    outcomes,
    recalibrate,
)
from pmstudy.domain.model import CardState, ReviewKind
from pmstudy.domain.scheduling import (
    DEFAULT_PARAMETERS,
    DayClock,
    LogColumns,
    build_training_set,
    predict,
)

DAY = 86_400.0
ORIGIN = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC).timestamp()
TRUE = (-0.4, 0.8, -0.5)  # a, b, c of the synthetic learner below


def _log(answers: list[tuple[int, float, int]]) -> LogColumns:
    """(card, day, rating) answers, the first of each card given while it was new."""
    rows = []
    seen: set[int] = set()
    for card, day, rating in sorted(answers):
        first = card not in seen
        seen.add(card)
        rows.append(
            (
                card,
                ORIGIN + day * DAY,
                rating,
                int(CardState.NEW if first else CardState.REVIEW),
                int(CardState.REVIEW),
                (ReviewKind.LEARN if first else ReviewKind.REVIEW).value,
                1,
            )
        )
    return LogColumns.of(rows)


def _synthetic(n: int, seed: int, coefficients: tuple[float, float, float] | None) -> Outcomes:
    """Tests whose true pass probability is the Platt map of R (or R itself, when None)."""
    rng = np.random.default_rng(seed)
    recall = rng.uniform(0.35, 0.98, n)
    elapsed = np.round(np.exp(rng.uniform(np.log(4), np.log(90), n)))
    if coefficients is None:
        truth = recall
    else:
        a, b, c = coefficients
        z = a + b * np.log(recall / (1 - recall)) + c * np.log(elapsed / 30)
        truth = 1 / (1 + np.exp(-z))
    return Outcomes(
        predicted=recall,
        recalled=rng.random(n) < truth,
        elapsed_days=elapsed.astype(np.float64),
        at=ORIGIN + np.arange(n, dtype=np.float64) * 60,
        card=np.arange(n) % 50,
    )


def test_each_answer_after_a_gap_is_predicted_from_the_memory_before_it() -> None:
    answers = [(1, 0, 3), (1, 5, 3), (1, 20, 1), (1, 21, 3), (2, 0, 4), (2, 40, 3)]
    data = build_training_set(_log(answers), DayClock())
    tests = outcomes(data, DEFAULT_PARAMETERS)
    assert tests.elapsed_days.tolist() == [5.0, 15.0, 1.0, 40.0]
    assert tests.recalled.tolist() == [True, False, True, True]
    np.testing.assert_array_equal(tests.predicted, predict(data, DEFAULT_PARAMETERS))
    # golden: the first gap follows the first answer, so memory is S0(Good) = w2
    w = DEFAULT_PARAMETERS
    factor = 0.9 ** (-1 / w[20]) - 1
    assert tests.predicted[0] == pytest.approx((1 + factor * 5 / w[2]) ** -w[20], rel=1e-12)
    assert tests.predicted[3] == pytest.approx((1 + factor * 40 / w[3]) ** -w[20], rel=1e-12)
    # what a card does at or after an answer never changes that answer's prediction
    changed = [(1, 0, 3), (1, 5, 3), (1, 20, 4), (1, 21, 1), (2, 0, 4), (2, 40, 1)]
    later = outcomes(build_training_set(_log(changed), DayClock()), DEFAULT_PARAMETERS)
    assert later.predicted[[0, 1, 3]].tolist() == tests.predicted[[0, 1, 3]].tolist()


def test_rows_group_the_gaps_into_buckets() -> None:
    assert [(b.horizon, b.first, b.last) for b in BUCKETS] == [
        (7, 4, 10),
        (14, 11, 21),
        (30, 22, 45),
        (60, 46, 90),
    ]
    elapsed = np.array([3, 4, 10, 11, 21, 22, 45, 46, 90, 91], dtype=np.float64)
    tests = Outcomes(
        predicted=np.full(10, 0.9),
        recalled=np.array([True, True, False, True, True, True, True, False, False, True]),
        elapsed_days=elapsed,
        at=np.arange(10, dtype=np.float64),
        card=np.array([1, 1, 1, 2, 2, 2, 3, 3, 3, 3]),
    )
    result = backtest(tests)
    assert [row.answers for row in result.rows] == [2, 2, 2, 2]
    assert [row.observed for row in result.rows] == [0.5, 1.0, 1.0, 0.0]
    assert result.rows[0].bias == pytest.approx(0.4)
    assert result.rows[3].bias == pytest.approx(0.9)
    # log loss of the 7-day row: one pass and one fail at p = 0.9
    assert result.rows[0].log_loss == pytest.approx(-(math.log(0.9) + math.log(0.1)) / 2)
    assert result.answers == 10
    assert result.gap_answers == 8  # gaps of 7+ days, beyond the last bucket too
    assert result.cards == 3
    [tenth] = [b for b in result.rows[0].calibration if b.count]
    assert (tenth.low, tenth.count, tenth.actual) == (0.9, 2, 0.5)


def test_since_keeps_only_the_later_answers() -> None:
    tests = _synthetic(2000, seed=3, coefficients=None)
    cut = float(tests.at[1500])
    result = backtest(tests, since=cut)
    assert result.answers == 500
    assert result.since == cut
    assert result.as_dict()["since"] == dt.datetime.fromtimestamp(cut, dt.UTC).isoformat()


def test_error_sd_is_the_prior_without_data_and_the_bias_with_much() -> None:
    empty = backtest(_synthetic(0, seed=1, coefficients=None))
    assert empty.error_sd(30) == PRIOR_SD
    assert empty.bias_at(30) == 0.0
    tests = Outcomes(
        predicted=np.full(1000, 0.9),
        recalled=np.arange(1000) < 800,
        elapsed_days=np.full(1000, 30.0),
        at=np.arange(1000, dtype=np.float64),
        card=np.zeros(1000, dtype=np.int64),
    )
    result = backtest(tests)
    # golden: sqrt((n·b² + o(1−o) + 500·0.12²) / (n + 500)), n = 1000, b = 0.1, o = 0.8
    assert result.error_sd(30) == pytest.approx(math.sqrt((10 + 0.16 + 7.2) / 1500), rel=1e-12)
    assert result.bias_at(30) == pytest.approx(1000 / 1500 * 0.1)
    assert result.error_sd(7) == PRIOR_SD  # no answers in that row
    many = Outcomes(
        predicted=np.full(10**6, 0.9),
        recalled=np.arange(10**6) < 800_000,
        elapsed_days=np.full(10**6, 50.0),
        at=np.arange(10**6, dtype=np.float64),
        card=np.zeros(10**6, dtype=np.int64),
    )
    assert backtest(many, minimum=10**7).error_sd(60) == pytest.approx(0.1, abs=0.002)


@pytest.mark.parametrize(
    ("horizon", "row"), [(1, 7), (10, 7), (10.9, 7), (11, 14), (30, 30), (60, 60), (400, 60)]
)
def test_each_horizon_reads_the_row_holding_it(horizon: float, row: int) -> None:
    result = backtest(_synthetic(100, seed=2, coefficients=None))
    assert result.row_for(horizon).horizon_days == row


def test_platt_fit_recovers_known_coefficients() -> None:
    tests = _synthetic(200_000, seed=5, coefficients=TRUE)
    a, b, c = fit_platt(tests.predicted, tests.elapsed_days, tests.recalled)
    assert a == pytest.approx(TRUE[0], abs=0.03)
    assert b == pytest.approx(TRUE[1], abs=0.03)
    assert c == pytest.approx(TRUE[2], abs=0.03)


def test_a_miscalibrated_learner_gets_a_recalibration_that_helps_out_of_sample() -> None:
    tests = _synthetic(20_000, seed=7, coefficients=TRUE)
    recalibration = backtest(tests).recalibration
    assert recalibration.status == RecalibrationStatus.FITTED
    assert recalibration.fitted
    assert recalibration.answers == int(np.count_nonzero(tests.elapsed_days >= 7))
    assert recalibration.held_out == round(recalibration.answers * 0.3)
    before = recalibration.held_out_log_loss_before
    after = recalibration.held_out_log_loss_after
    assert before is not None
    assert after is not None
    assert after < before
    assert (recalibration.a, recalibration.b, recalibration.c) == pytest.approx(TRUE, abs=0.1)
    recall = np.array([0.9, 0.9, 0.5])
    gap = np.array([7.0, 60.0, 30.0])
    a, b, c = recalibration.a, recalibration.b, recalibration.c
    z = a + b * np.log(recall / (1 - recall)) + c * np.log(gap / 30)
    np.testing.assert_allclose(recalibration.apply(recall, gap), 1 / (1 + np.exp(-z)))


def test_recalibration_is_the_identity_without_enough_data() -> None:
    tests = _synthetic(MIN_GAP_ANSWERS, seed=7, coefficients=TRUE)  # some gaps are < 7 days
    recalibration = recalibrate(tests)
    assert recalibration.status == RecalibrationStatus.TOO_FEW_ANSWERS
    assert not recalibration.fitted
    assert recalibration.answers < MIN_GAP_ANSWERS
    recall = np.array([0.0, 0.3, 0.95, np.nan])
    out = recalibration.apply(recall, np.array([1.0, 30.0, 60.0, 10.0]))
    np.testing.assert_array_equal(out, recall)
    assert out is not recall
    assert Recalibration().apply(recall, np.full(4, 30.0)).tolist()[1:3] == [0.3, 0.95]


def test_a_calibrated_learner_keeps_fsrs_predictions() -> None:
    for seed in (11, 12, 13):  # chance gains on the later answers do not count
        recalibration = recalibrate(_synthetic(20_000, seed=seed, coefficients=None))
        assert recalibration.status == RecalibrationStatus.NO_HELD_OUT_GAIN
        assert (recalibration.a, recalibration.b, recalibration.c) == (0.0, 1.0, 0.0)
        assert recalibration.held_out_log_loss_before is not None


def test_apply_holds_gaps_within_the_fitted_range_and_leaves_unseen_cards() -> None:
    fitted = Recalibration(
        RecalibrationStatus.FITTED, a=-0.3, b=0.9, c=-0.4, answers=5000, longest_gap_days=90
    )
    recall = np.full(4, 0.85)
    out = fitted.apply(recall, np.array([1.0, 7.0, 90.0, 400.0]))
    assert out[0] == out[1]
    assert out[2] == out[3]
    assert out[2] < out[1]  # longer gaps are passed less often at equal R (c < 0)
    assert fitted.apply(np.array([0.0, np.nan]), np.array([30.0, 30.0]))[0] == 0.0
    assert np.isnan(fitted.apply(np.array([np.nan]), np.array([30.0])))[0]


def test_json_names_every_field() -> None:
    result: Backtest = backtest(_synthetic(3000, seed=4, coefficients=TRUE))
    data = result.as_dict()
    assert set(data) == {
        "since",
        "answers",
        "cards",
        "gap_answers",
        "minimum_gap_answers",
        "minimum_gap_days",
        "enough_data",
        "overall",
        "horizons",
        "recalibration",
    }
    row = data["horizons"][0]  # type: ignore[index]
    assert set(row) == {
        "horizon_days",
        "gap_days",
        "answers",
        "predicted",
        "observed",
        "bias",
        "log_loss",
        "error_sd",
        "calibration",
    }
    assert data["recalibration"]["status"] == "fitted"  # type: ignore[index]
