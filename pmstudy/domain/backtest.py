"""Back-test of recall predictions on the learner's own history (pure NumPy).

Readiness predicts a card's recall at the exam from its memory after its last review, with no
review in between. The back-test asks how such predictions fared in the past.

**Method.** Every answer of the review log that follows an earlier answer of the same card on
an earlier study day is one test: the prediction is FSRS's R at the elapsed study days ``t``
from the memory the card had after its previous answer, and the outcome is recalled when the
rating is Hard, Good or Easy (> 1). The memory is rebuilt from the card's answers *before* the
tested one only (the training data of ``pmstudy.domain.training`` and the replay of
``pmstudy.domain.evaluation``, with the parameters of each card's preset), so each prediction
is one the app could have made at the previous answer, and by construction nothing happened
to the card in between: the same situation as "if you stop today" over a gap of ``t`` days.
A ``since`` cut-off keeps only tests answered at or after it (memory still uses everything
earlier). What is *not* out of sample: the FSRS parameters in use, if they were fitted on this
same log (21 numbers shared by all cards; the long-gap bias below is not something that fit
removes). Tests are grouped by the gap ``t`` in whole study days:

    horizon  7 d: gaps  4–10 d      horizon 30 d: gaps 22–45 d
    horizon 14 d: gaps 11–21 d      horizon 60 d: gaps 46–90 d

Each row gives the answers, mean predicted R, observed pass rate, bias = predicted − observed,
log loss and the calibration by predicted R (tenths, as in ``pmstudy.domain.calibration``).

**Error for readiness** (``Backtest.error_sd``): for a row with ``n`` answers, bias ``b`` and
observed rate ``o``, the data say the prediction is off by b ± sqrt(o(1−o)/n), i.e. a root mean
square error of sqrt(b² + o(1−o)/n). That is pooled with a wide prior (``PRIOR_SD`` = 0.12, an
honest 95 % interval of about ±23 points with little history) weighing as ``PRIOR_ANSWERS``
answers:

    error_sd = sqrt((n·b² + o(1−o) + n₀·0.12²) / (n + n₀)),   n₀ = 500

so it is 0.12 with no data and tends to |b| with many answers.

**Recalibration** (``Recalibration``), with at least ``MIN_GAP_ANSWERS`` answers after gaps of
``MIN_GAP_DAYS`` or more: Platt scaling of those answers,

    logit(p') = a + b·logit(R) + c·ln(t / 30 d)

fitted by Newton steps (a 3-parameter logistic regression with a weak ridge pulling towards
the identity a = 0, b = 1, c = 0). The third term uses the gap itself, not t/S: under FSRS
t/S is a function of R (t/S = (R^(−1/w20) − 1)/F), so it would add only curvature in R, while
the bias seen on real logs grows with the gap at equal R (a 60-day gap predicted at 0.9 is
passed less often than a 7-day one). It is kept only if it earns its keep out of sample: fitted
on the earlier 70 % of those answers (by time), it must lower the log loss on the later 30 % by
more than two standard errors of the per-answer difference (a chance gain on well-calibrated
data is not enough); then it is refitted on all of them. Otherwise it is the identity.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from pmstudy.domain import fmt
from pmstudy.domain.calibration import CalibrationBin, bins, log_loss
from pmstudy.domain.cardtable import BoolArray, FloatArray, IntArray
from pmstudy.domain.evaluation import predict
from pmstudy.domain.training import TrainingSet


@dataclass(frozen=True)
class GapBucket:
    """Gaps of ``first``..``last`` whole study days, standing for a ``horizon``-day prediction."""

    horizon: int
    first: int
    last: int

    def holds(self, elapsed_days: FloatArray) -> BoolArray:
        """Which gaps fall in the bucket."""
        return np.asarray((elapsed_days >= self.first) & (elapsed_days <= self.last))


BUCKETS = (GapBucket(7, 4, 10), GapBucket(14, 11, 21), GapBucket(30, 22, 45), GapBucket(60, 46, 90))
MIN_GAP_DAYS = 7
MIN_GAP_ANSWERS = 1000
PRIOR_SD = 0.12
PRIOR_ANSWERS = 500
REFERENCE_GAP_DAYS = 30.0
HELD_OUT_SHARE = 0.3
# The ridge weighs like one answer against thousands: it only steadies the Newton steps when
# logit(R) and ln(t) move together.
RIDGE = 1.0
_NEWTON_STEPS = 50
_CLIP = 1e-6


def _logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, _CLIP, 1.0 - _CLIP)
    return np.asarray(np.log(q) - np.log1p(-q), dtype=np.float64)


def _sigmoid(z: FloatArray) -> FloatArray:
    return np.asarray(np.exp(-np.logaddexp(0.0, -z)), dtype=np.float64)


@dataclass(frozen=True)
class Outcomes:
    """Tested answers: predicted recall, whether it was recalled, the gap, the instant and the
    card (any number that tells cards apart)."""

    predicted: FloatArray
    recalled: BoolArray
    elapsed_days: FloatArray
    at: FloatArray
    card: IntArray

    def __len__(self) -> int:
        return int(self.predicted.shape[0])

    def where(self, keep: BoolArray) -> Outcomes:
        """The tests ``keep`` marks."""
        return Outcomes(
            self.predicted[keep],
            self.recalled[keep],
            self.elapsed_days[keep],
            self.at[keep],
            self.card[keep],
        )


def outcomes(data: TrainingSet, parameters: Sequence[float] | FloatArray) -> Outcomes:
    """Every training item as a test (see the module docstring).

    ``parameters``: one FSRS vector, or one row per sequence (each card's preset).
    """
    predicted = predict(data, parameters)
    items = data.items
    return Outcomes(
        predicted=np.asarray(predicted, dtype=np.float64),
        recalled=np.asarray(data.rating[items] > 1),
        elapsed_days=data.delta[items].astype(np.float64),
        at=data.at[items].astype(np.float64),
        card=data.sequence_of()[items],
    )


@dataclass(frozen=True)
class HorizonRow:
    """Predicted against observed recall for the gaps of one bucket."""

    bucket: GapBucket
    answers: int
    predicted: float | None
    observed: float | None
    log_loss: float | None
    calibration: tuple[CalibrationBin, ...]

    @property
    def horizon_days(self) -> int:
        """The horizon the bucket stands for."""
        return self.bucket.horizon

    @property
    def bias(self) -> float | None:
        """Mean predicted − observed (positive: FSRS promised more than happened)."""
        if self.predicted is None or self.observed is None:
            return None
        return self.predicted - self.observed

    def error_sd(self) -> float:
        """The pooled error of the module docstring."""
        n = self.answers
        if n == 0 or self.bias is None or self.observed is None:
            return PRIOR_SD
        o = self.observed
        spread = n * self.bias**2 + o * (1.0 - o) + PRIOR_ANSWERS * PRIOR_SD**2
        return math.sqrt(spread / (n + PRIOR_ANSWERS))

    def cells(self) -> tuple[str, ...]:
        """The row as the CLI and the screen show it: gap, horizon, answers, predicted,
        observed, bias, log loss, error sd."""
        return (
            f"{self.bucket.first}–{self.bucket.last}",
            f"{self.horizon_days} d",
            f"{self.answers:,}",
            fmt.percent(self.predicted),
            fmt.percent(self.observed),
            fmt.points(self.bias),
            fmt.decimal(self.log_loss),
            f"{self.error_sd() * 100:.1f} pts",
        )

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "horizon_days": self.horizon_days,
            "gap_days": {"from": self.bucket.first, "to": self.bucket.last},
            "answers": self.answers,
            "predicted": _r(self.predicted),
            "observed": _r(self.observed),
            "bias": _r(self.bias),
            "log_loss": _r(self.log_loss),
            "error_sd": _r(self.error_sd()),
            "calibration": [b.as_json() for b in self.calibration if b.count],
        }


def horizon_row(bucket: GapBucket, tests: Outcomes) -> HorizonRow:
    """The row of ``bucket``."""
    chosen = tests.where(bucket.holds(tests.elapsed_days))
    n = len(chosen)
    return HorizonRow(
        bucket=bucket,
        answers=n,
        predicted=float(chosen.predicted.mean()) if n else None,
        observed=float(chosen.recalled.mean()) if n else None,
        log_loss=log_loss(chosen.predicted, chosen.recalled),
        calibration=bins(chosen.predicted, chosen.recalled),
    )


class RecalibrationStatus(StrEnum):
    """Whether a recalibration is in use, and if not, why."""

    FITTED = "fitted"
    TOO_FEW_ANSWERS = "too_few_answers"
    NO_HELD_OUT_GAIN = "no_held_out_gain"


@dataclass(frozen=True)
class Recalibration:
    """logit(p') = a + b·logit(R) + c·ln(t / 30 d) for gaps t ≥ 7 d; the identity unless fitted.

    ``answers``: answers after gaps of ``MIN_GAP_DAYS`` or more (the fit's data);
    ``held_out_*``: the check on the later 30 % of them (log loss of R, and of p' fitted on the
    earlier 70 %); it must gain more than two standard errors.
    """

    status: RecalibrationStatus = RecalibrationStatus.TOO_FEW_ANSWERS
    a: float = 0.0
    b: float = 1.0
    c: float = 0.0
    answers: int = 0
    longest_gap_days: float = float(BUCKETS[-1].last)
    held_out: int = 0
    held_out_log_loss_before: float | None = None
    held_out_log_loss_after: float | None = None

    @property
    def fitted(self) -> bool:
        """Whether ``apply`` changes anything."""
        return self.status == RecalibrationStatus.FITTED

    def apply(self, recall: FloatArray, elapsed_days: FloatArray) -> FloatArray:
        """Recalibrated recall (arrays broadcast together).

        Gaps are held within what the fit saw (``MIN_GAP_DAYS`` to ``longest_gap_days``): a
        shorter gap gets the 7-day correction, a longer one the longest gap's. Recall 0 (a card
        never reviewed) and non-finite values are left as they are.
        """
        r = np.asarray(recall, dtype=np.float64)
        if not self.fitted:
            return r.copy()
        t = np.clip(np.asarray(elapsed_days, dtype=np.float64), MIN_GAP_DAYS, self.longest_gap_days)
        known = np.isfinite(r) & (r > 0)
        safe = np.where(known, r, 0.5)
        z = self.a + self.b * _logit(safe) + self.c * np.log(t / REFERENCE_GAP_DAYS)
        return np.asarray(np.where(known, _sigmoid(z), r), dtype=np.float64)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "status": self.status.value,
            "fitted": self.fitted,
            "formula": "logit(p') = a + b*logit(R) + c*ln(t / 30 days), t >= 7 days",
            "a": round(self.a, 6),
            "b": round(self.b, 6),
            "c": round(self.c, 6),
            "answers": self.answers,
            "minimum_answers": MIN_GAP_ANSWERS,
            "longest_gap_days": self.longest_gap_days,
            "held_out_answers": self.held_out,
            "held_out_log_loss_before": _r(self.held_out_log_loss_before),
            "held_out_log_loss_after": _r(self.held_out_log_loss_after),
        }


def fit_platt(
    recall: FloatArray, elapsed_days: FloatArray, recalled: BoolArray
) -> tuple[float, float, float]:
    """(a, b, c) of logit(p') = a + b·logit(R) + c·ln(t / 30 d), by Newton's method.

    Maximises the log likelihood minus RIDGE/2·|θ − (0, 1, 0)|²; convex, so the steps converge
    from the identity in a handful of iterations.
    """
    x = np.column_stack(
        [
            np.ones(len(recall)),
            _logit(np.asarray(recall, dtype=np.float64)),
            np.log(np.asarray(elapsed_days, dtype=np.float64) / REFERENCE_GAP_DAYS),
        ]
    )
    y = np.asarray(recalled, dtype=np.float64)
    prior = np.array([0.0, 1.0, 0.0])
    theta = prior.copy()
    for _ in range(_NEWTON_STEPS):
        p = _sigmoid(x @ theta)
        gradient = x.T @ (y - p) - RIDGE * (theta - prior)
        hessian = (x.T * (p * (1.0 - p))) @ x + RIDGE * np.eye(3)
        step = np.linalg.solve(hessian, gradient)
        theta = theta + step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return float(theta[0]), float(theta[1]), float(theta[2])


def recalibrate(tests: Outcomes, *, minimum: int = MIN_GAP_ANSWERS) -> Recalibration:
    """The recalibration of the module docstring (identity below ``minimum`` gap answers)."""
    gap = tests.where(tests.elapsed_days >= MIN_GAP_DAYS)
    n = len(gap)
    if n < max(minimum, 2):
        return Recalibration(answers=n)
    order = np.argsort(gap.at, kind="stable")
    cut = round(n * (1.0 - HELD_OUT_SHARE))
    early, late = order[:cut], order[cut:]
    a, b, c = fit_platt(gap.predicted[early], gap.elapsed_days[early], gap.recalled[early])
    trial = Recalibration(
        RecalibrationStatus.FITTED, a, b, c, longest_gap_days=float(gap.elapsed_days[early].max())
    )
    late_predicted = gap.predicted[late]
    late_recalled = gap.recalled[late]
    adjusted = trial.apply(late_predicted, gap.elapsed_days[late])
    before = log_loss(late_predicted, late_recalled)
    after = log_loss(adjusted, late_recalled)
    checked = Recalibration(
        RecalibrationStatus.NO_HELD_OUT_GAIN,
        answers=n,
        longest_gap_days=float(gap.elapsed_days.max()),
        held_out=len(late),
        held_out_log_loss_before=before,
        held_out_log_loss_after=after,
    )
    if not _clear_gain(late_predicted, adjusted, late_recalled):
        return checked
    a, b, c = fit_platt(gap.predicted, gap.elapsed_days, gap.recalled)
    return replace(checked, status=RecalibrationStatus.FITTED, a=a, b=b, c=c)


def _answer_losses(predicted: FloatArray, recalled: BoolArray) -> FloatArray:
    p = np.clip(predicted, _CLIP, 1.0 - _CLIP)
    return np.asarray(-np.where(recalled, np.log(p), np.log1p(-p)), dtype=np.float64)


def _clear_gain(raw: FloatArray, adjusted: FloatArray, recalled: BoolArray) -> bool:
    """Whether ``adjusted`` lowers the mean log loss by more than two standard errors."""
    gain = _answer_losses(raw, recalled) - _answer_losses(adjusted, recalled)
    if len(gain) < 2:
        return False
    stderr = float(np.std(gain, ddof=1)) / math.sqrt(len(gain))
    return float(np.mean(gain)) > 2.0 * stderr


@dataclass(frozen=True)
class Backtest:
    """Predicted against observed recall after gaps of 4–90 days, and what follows from it."""

    rows: tuple[HorizonRow, ...]
    answers: int
    cards: int
    gap_answers: int
    predicted: float | None
    observed: float | None
    log_loss: float | None
    recalibration: Recalibration
    since: float | None = None
    minimum: int = MIN_GAP_ANSWERS

    @property
    def enough(self) -> bool:
        """Whether there are ``minimum`` answers after gaps of 7+ days."""
        return self.gap_answers >= self.minimum

    def row_for(self, horizon_days: float) -> HorizonRow:
        """The row whose gaps hold ``horizon_days`` (the first or last row beyond them)."""
        for row in self.rows:
            if horizon_days < row.bucket.last + 1:
                return row
        return self.rows[-1]

    def error_sd(self, horizon_days: float) -> float:
        """SD of (observed − predicted) recall to allow for a prediction that far ahead.

        sqrt((n·b² + o(1−o) + 500·0.12²) / (n + 500)) over the row's ``n`` answers, bias ``b``
        and observed rate ``o`` (the module docstring): 0.12 with no data, towards |b| with much.
        """
        return self.row_for(horizon_days).error_sd()

    def bias_at(self, horizon_days: float) -> float:
        """The row's bias (predicted − observed), shrunk towards 0 as n / (n + 500)."""
        row = self.row_for(horizon_days)
        if row.bias is None:
            return 0.0
        return row.answers / (row.answers + PRIOR_ANSWERS) * row.bias

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        since = None
        if self.since is not None:
            since = dt.datetime.fromtimestamp(self.since, dt.UTC).isoformat()
        bias = None
        if self.predicted is not None and self.observed is not None:
            bias = self.predicted - self.observed
        return {
            "since": since,
            "answers": self.answers,
            "cards": self.cards,
            "gap_answers": self.gap_answers,
            "minimum_gap_answers": self.minimum,
            "minimum_gap_days": MIN_GAP_DAYS,
            "enough_data": self.enough,
            "overall": {
                "predicted": _r(self.predicted),
                "observed": _r(self.observed),
                "bias": _r(bias),
                "log_loss": _r(self.log_loss),
            },
            "horizons": [row.as_dict() for row in self.rows],
            "recalibration": self.recalibration.as_dict(),
        }


def backtest(
    tests: Outcomes, *, since: float | None = None, minimum: int = MIN_GAP_ANSWERS
) -> Backtest:
    """The back-test of the tests answered at or after ``since`` (epoch seconds; None: all)."""
    if since is not None:
        tests = tests.where(tests.at >= since)
    n = len(tests)
    return Backtest(
        rows=tuple(horizon_row(bucket, tests) for bucket in BUCKETS),
        answers=n,
        cards=len(np.unique(tests.card)),
        gap_answers=int(np.count_nonzero(tests.elapsed_days >= MIN_GAP_DAYS)),
        predicted=float(tests.predicted.mean()) if n else None,
        observed=float(tests.recalled.mean()) if n else None,
        log_loss=log_loss(tests.predicted, tests.recalled),
        recalibration=recalibrate(tests, minimum=minimum),
        since=since,
        minimum=minimum,
    )


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
