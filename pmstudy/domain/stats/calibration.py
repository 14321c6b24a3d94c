"""Calibration: how well predicted recall matched what happened. Pure NumPy arithmetic.

For each review of a card in the review state, FSRS predicts the recall probability from the
stability the card had before and the days since its last review. The answer says what
happened (Again = forgotten; Hard, Good, Easy = recalled). Over a period:

* **bins**: reviews grouped by predicted recall (0.0-0.1, ..., 0.9-1.0) with the mean
  prediction and the share actually recalled in each;
* **log loss**: mean of −[y·ln p + (1−y)·ln(1−p)] (p clipped to [1e-6, 1 − 1e-6]);
* **RMSE**: root of the count-weighted mean squared gap between mean prediction and actual
  recall over the bins (the "RMSE (bins)" idea of the FSRS benchmarks, with these ten bins);
* **per exam domain**: the same for reviews of cards tagged ``exam::<profile>::<domain>``.

**Hard-as-fail habit.** Hard is a pass. A learner who presses Hard when they had in fact
forgotten makes recall look better than it is, and every readiness number with it. The sign:
the observed recall fits the predictions better when Hard is read as a failure than when it
is read as a pass. It is flagged when at least ``HARD_MIN_REVIEWS`` reviews were graded, Hard
is at least ``HARD_MIN_SHARE`` of them, and the binned RMSE with Hard counted as a failure is
lower than with Hard counted as a pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pmstudy.domain.fmt import rounded

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

BIN_COUNT = 10
CLIP = 1e-6
HARD_MIN_REVIEWS = 50
HARD_MIN_SHARE = 0.10
AGAIN = 1
HARD = 2


@dataclass(frozen=True)
class CalibrationBin:
    """Reviews whose predicted recall fell in [low, high)."""

    low: float
    high: float
    count: int
    predicted: float | None
    actual: float | None

    def as_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "low": round(self.low, 2),
            "high": round(self.high, 2),
            "count": self.count,
            "predicted": rounded(self.predicted),
            "actual": rounded(self.actual),
        }


@dataclass(frozen=True)
class GroupCalibration:
    """Calibration of one exam domain's reviews."""

    name: str
    count: int
    predicted: float | None
    actual: float | None
    log_loss: float | None
    rmse: float | None

    def as_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "count": self.count,
            "predicted": rounded(self.predicted),
            "actual": rounded(self.actual),
            "log_loss": rounded(self.log_loss),
            "rmse": rounded(self.rmse),
        }


@dataclass(frozen=True)
class HardHabit:
    """The evidence for (or against) pressing Hard on forgotten cards."""

    reviews: int
    hard: int
    again: int
    rmse_hard_as_pass: float | None
    rmse_hard_as_fail: float | None
    flagged: bool

    @property
    def hard_share(self) -> float:
        """Hard answers among the reviews."""
        return self.hard / self.reviews if self.reviews else 0.0

    @property
    def again_share(self) -> float:
        """Again answers among the reviews."""
        return self.again / self.reviews if self.reviews else 0.0

    @property
    def message(self) -> str:
        """One sentence for the screen."""
        if self.flagged:
            return (
                f"Hard looks like a fail here: {self.hard_share:.0%} Hard vs {self.again_share:.0%}"
                " Again, and the predictions fit better reading Hard as forgotten. Press Again"
                " when you forgot; Hard means recalled with effort."
            )
        if self.reviews < HARD_MIN_REVIEWS:
            return f"Too few reviews ({self.reviews}) to judge how Hard is used."
        return "Hard is used as a pass, as FSRS expects."

    def as_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "reviews": self.reviews,
            "hard": self.hard,
            "again": self.again,
            "hard_share": round(self.hard_share, 4),
            "again_share": round(self.again_share, 4),
            "rmse_hard_as_pass": rounded(self.rmse_hard_as_pass),
            "rmse_hard_as_fail": rounded(self.rmse_hard_as_fail),
            "flagged": self.flagged,
            "message": self.message,
        }


@dataclass(frozen=True)
class Calibration:
    """Predicted recall against outcomes over a period."""

    since: dt.date | None
    count: int
    predicted: float | None
    actual: float | None
    log_loss: float | None
    rmse: float | None
    bins: tuple[CalibrationBin, ...]
    domains: tuple[GroupCalibration, ...]
    hard: HardHabit

    def as_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "since": None if self.since is None else self.since.isoformat(),
            "count": self.count,
            "predicted": rounded(self.predicted),
            "actual": rounded(self.actual),
            "log_loss": rounded(self.log_loss),
            "rmse": rounded(self.rmse),
            "bins": [b.as_json() for b in self.bins],
            "domains": [d.as_json() for d in self.domains],
            "hard_as_fail": self.hard.as_json(),
        }


def predicted_recall(
    elapsed_days: FloatArray, stability: FloatArray, decay: FloatArray
) -> FloatArray:
    """FSRS-6 R = (1 + F·t/S)^(−w20), F = 0.9^(−1/w20) − 1 (``decay`` is w20)."""
    factor = 0.9 ** (-1 / decay) - 1
    ratio = np.maximum(elapsed_days, 0.0) / stability
    return np.asarray((1 + factor * ratio) ** (-decay), dtype=np.float64)


def log_loss(predicted: FloatArray, recalled: npt.NDArray[np.bool_]) -> float | None:
    """Mean binary cross-entropy (None without reviews)."""
    if predicted.size == 0:
        return None
    p = np.clip(predicted, CLIP, 1 - CLIP)
    y = recalled.astype(np.float64)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _bin_of(predicted: FloatArray) -> IntArray:
    return np.asarray(np.clip(np.floor(predicted * BIN_COUNT), 0, BIN_COUNT - 1), dtype=np.int64)


def bins(predicted: FloatArray, recalled: npt.NDArray[np.bool_]) -> tuple[CalibrationBin, ...]:
    """Reviews in ten bins of predicted recall."""
    index = _bin_of(predicted)
    counts = np.bincount(index, minlength=BIN_COUNT)
    sums = np.bincount(index, weights=predicted, minlength=BIN_COUNT)
    hits = np.bincount(index, weights=recalled.astype(np.float64), minlength=BIN_COUNT)
    found = []
    for n in range(BIN_COUNT):
        count = int(counts[n])
        found.append(
            CalibrationBin(
                n / BIN_COUNT,
                (n + 1) / BIN_COUNT,
                count,
                float(sums[n] / count) if count else None,
                float(hits[n] / count) if count else None,
            )
        )
    return tuple(found)


def rmse_bins(predicted: FloatArray, recalled: npt.NDArray[np.bool_]) -> float | None:
    """Count-weighted RMSE between mean prediction and actual recall over the bins."""
    if predicted.size == 0:
        return None
    return _rmse(bins(predicted, recalled), int(predicted.size))


def _rmse(binned: Sequence[CalibrationBin], size: int) -> float:
    squared = 0.0
    for b in binned:
        if b.count and b.predicted is not None and b.actual is not None:
            squared += b.count * (b.predicted - b.actual) ** 2
    return float(np.sqrt(squared / size))


def _group(name: str, predicted: FloatArray, recalled: npt.NDArray[np.bool_]) -> GroupCalibration:
    count = int(predicted.size)
    return GroupCalibration(
        name,
        count,
        float(predicted.mean()) if count else None,
        float(recalled.mean()) if count else None,
        log_loss(predicted, recalled),
        rmse_bins(predicted, recalled),
    )


def hard_habit(
    predicted: FloatArray, ratings: IntArray, *, as_pass: float | None = None
) -> HardHabit:
    """Whether Hard looks like it is used for forgotten cards (``as_pass``: the binned RMSE
    with Hard as a pass, when already known)."""
    reviews = int(ratings.size)
    hard = int((ratings == HARD).sum())
    again = int((ratings == AGAIN).sum())
    if as_pass is None:
        as_pass = rmse_bins(predicted, ratings != AGAIN)
    as_fail = rmse_bins(predicted, ratings > HARD)
    flagged = (
        reviews >= HARD_MIN_REVIEWS
        and hard >= HARD_MIN_SHARE * reviews
        and as_pass is not None
        and as_fail is not None
        and as_fail < as_pass
    )
    return HardHabit(reviews, hard, again, as_pass, as_fail, flagged)


def calibrate(
    predicted: FloatArray,
    ratings: IntArray,
    groups: Sequence[tuple[str, IntArray]] = (),
    *,
    since: dt.date | None = None,
) -> Calibration:
    """Calibration of reviews with predicted recall ``predicted`` and answers ``ratings``.

    ``groups``: (name, indices into the reviews) for each exam domain.
    """
    recalled = ratings != AGAIN
    count = int(predicted.size)
    domains = tuple(
        _group(name, predicted[index], recalled[index])
        for name, index in sorted(groups, key=lambda group: group[0])
    )
    binned = bins(predicted, recalled)
    rmse = _rmse(binned, count) if count else None
    return Calibration(
        since=since,
        count=count,
        predicted=float(predicted.mean()) if count else None,
        actual=float(recalled.mean()) if count else None,
        log_loss=log_loss(predicted, recalled),
        rmse=rmse,
        bins=binned,
        domains=domains,
        hard=hard_habit(predicted, ratings, as_pass=rmse),
    )
