"""Back-test of recall predictions on the learner's own history (pure NumPy).

Readiness predicts a card's recall at the exam from its memory after its last review, with no
review in between. The back-test asks how such predictions fared in the past.

**Method.** Every answer of the review log that follows an earlier answer of the same card on
an earlier study day is one test: the prediction is FSRS's R at the elapsed study days ``t`` from
the memory the card had after its previous answer, and the outcome is recalled when the rating is
Hard, Good or Easy (> 1). The memory is rebuilt from the card's answers *before* the tested one only
(the training data of ``pmstudy.domain.scheduling.training`` and the replay of
``pmstudy.domain.scheduling.evaluation``, with the parameters of each card's preset), so each
prediction is one the app could have made at the previous answer, and by construction nothing
happened to the card in between: the same situation as "if you stop today" over a gap of ``t`` days.
A ``since`` cut-off keeps only tests answered at or after it (memory still uses everything earlier).
What is *not* out of sample: the FSRS parameters in use, if they were fitted on this same log (21
numbers shared by all cards; the long-gap bias below is not something that fit removes). Tests are
grouped by the gap ``t`` in whole study days:

    horizon  7 d: gaps  4–10 d      horizon 30 d: gaps 22–45 d
    horizon 14 d: gaps 11–21 d      horizon 60 d: gaps 46–90 d

Each row gives the answers, mean predicted R, observed pass rate, bias = predicted − observed,
log loss and the calibration by predicted R (tenths, as in ``pmstudy.domain.stats.calibration``).

**Error for readiness** (``Backtest.error_sd``): for a row with ``n`` answers, bias ``b`` and
observed rate ``o``, the data say the prediction is off by b ± sqrt(o(1−o)/n), i.e. a root mean
square error of sqrt(b² + o(1−o)/n). That is pooled with a wide prior (``PRIOR_SD`` = 0.12, an
honest 95 % interval of about ±23 points with little history) weighing as ``PRIOR_ANSWERS``
answers:

    error_sd = sqrt((n·b² + o(1−o) + n₀·0.12²) / (n + n₀)),   n₀ = 500

so it is 0.12 with no data and tends to |b| with many answers.

The recalibration that follows from the rows is ``pmstudy.domain.exam.recalibration``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from pmstudy.domain import fmt
from pmstudy.domain.exam.backtest_outcomes import BUCKETS, GapBucket, Outcomes
from pmstudy.domain.exam.recalibration import (
    MIN_GAP_ANSWERS,
    MIN_GAP_DAYS,
    Recalibration,
    recalibrate,
)
from pmstudy.domain.fmt import rounded
from pmstudy.domain.stats import CalibrationBin, bins, log_loss

PRIOR_SD = 0.12
PRIOR_ANSWERS = 500


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
            "predicted": rounded(self.predicted),
            "observed": rounded(self.observed),
            "bias": rounded(self.bias),
            "log_loss": rounded(self.log_loss),
            "error_sd": rounded(self.error_sd()),
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
                "predicted": rounded(self.predicted),
                "observed": rounded(self.observed),
                "bias": rounded(bias),
                "log_loss": rounded(self.log_loss),
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
