"""Recalibration of predicted recall by the gap, fitted on the back-test's tests (pure NumPy).

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

import math
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from pmstudy.domain.exam.backtest_outcomes import BUCKETS, Outcomes
from pmstudy.domain.exam.cardtable import BoolArray, FloatArray
from pmstudy.domain.fmt import rounded
from pmstudy.domain.stats import log_loss

MIN_GAP_DAYS = 7
MIN_GAP_ANSWERS = 1000
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
            "held_out_log_loss_before": rounded(self.held_out_log_loss_before),
            "held_out_log_loss_after": rounded(self.held_out_log_loss_after),
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
