"""Statistics as value types: what the statistics screen plots and ``pmstudy stats --json``
prints (``pmstudy.domain.stats.answers`` fills them from the answer columns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MATURE_DAYS = 21.0
HEATMAP_DAYS = 365
FORECAST_DAYS = 90
RETENTION_PERIODS = (("today", 1), ("week", 7), ("month", 30), ("year", 365))
INTERVAL_EDGES = (0.0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 60, 90, 180, 365, float("inf"))
DIFFICULTY_EDGES = (1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10.0001)
RECALL_EDGES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


# --- value types -----------------------------------------------------------------------


def _date(day: dt.date) -> str:
    return day.isoformat()


@dataclass(frozen=True)
class Forecast:
    """Cards falling due on each of the next days (day 0 is today; overdue kept apart)."""

    start: dt.date
    due: tuple[int, ...]
    overdue: int

    def total(self, days: int) -> int:
        """Overdue cards plus those due within ``days`` days from today."""
        return self.overdue + sum(self.due[:days])

    def as_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "start": _date(self.start),
            "overdue": self.overdue,
            "due": list(self.due),
            "total_30": self.total(30),
            "total_90": self.total(90),
        }


@dataclass(frozen=True)
class ReviewDays:
    """Answers per study day (learning, review, relearning) and seconds spent, oldest first."""

    start: dt.date
    learn: tuple[int, ...]
    review: tuple[int, ...]
    relearn: tuple[int, ...]
    seconds: tuple[float, ...]

    @property
    def totals(self) -> tuple[int, ...]:
        """All answers per day."""
        return tuple(
            a + b + c for a, b, c in zip(self.learn, self.review, self.relearn, strict=True)
        )

    def day(self, offset: int) -> dt.date:
        """The date of entry ``offset``."""
        return self.start + dt.timedelta(days=offset)

    def last(self, days: int) -> ReviewDays:
        """The last ``days`` days only."""
        cut = max(len(self.learn) - days, 0)
        return ReviewDays(
            self.day(cut),
            self.learn[cut:],
            self.review[cut:],
            self.relearn[cut:],
            self.seconds[cut:],
        )

    def as_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "start": _date(self.start),
            "learn": list(self.learn),
            "review": list(self.review),
            "relearn": list(self.relearn),
            "minutes": [round(s / 60, 2) for s in self.seconds],
        }


@dataclass(frozen=True)
class Heatmap:
    """Answers per day over the last year, for a calendar (weeks as columns)."""

    start: dt.date
    counts: tuple[int, ...]

    @property
    def end(self) -> dt.date:
        """The last day shown (today)."""
        return self.start + dt.timedelta(days=len(self.counts) - 1)

    @property
    def days_studied(self) -> int:
        """Days with at least one answer."""
        return sum(1 for c in self.counts if c)

    def weeks(self) -> list[list[int | None]]:
        """Columns of 7 days (Monday first); None outside the period."""
        lead = self.start.weekday()
        cells: list[int | None] = [None] * lead + list(self.counts)
        cells += [None] * (-len(cells) % 7)
        return [cells[i : i + 7] for i in range(0, len(cells), 7)]

    def as_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "start": _date(self.start),
            "counts": list(self.counts),
            "days_studied": self.days_studied,
        }


@dataclass(frozen=True)
class CardCounts:
    """Cards by what they are now (suspended and buried cards counted there only)."""

    new: int = 0
    learning: int = 0
    relearning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0
    buried: int = 0

    @property
    def total(self) -> int:
        """Every card."""
        return (
            self.new
            + self.learning
            + self.relearning
            + self.young
            + self.mature
            + self.suspended
            + self.buried
        )

    def as_json(self) -> dict[str, object]:
        """JSON-ready form: the counts, then their total."""
        return {**asdict(self), "total": self.total}


@dataclass(frozen=True)
class Histogram:
    """Counts between consecutive edges (the last edge may be infinite)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    mean: float | None = None

    def labels(self, unit: str = "") -> list[str]:
        """``"0-1d"``-style labels, one per bar."""
        labels = []
        for low, high in zip(self.edges, self.edges[1:], strict=False):
            if high == float("inf"):
                labels.append(f"{_num(low)}+{unit}")
            else:
                labels.append(f"{_num(low)}-{_num(high)}{unit}")
        return labels

    def as_json(self) -> dict[str, object]:
        """JSON-ready form (an infinite edge is written as null)."""
        return {
            "edges": [None if e == float("inf") else round(e, 4) for e in self.edges],
            "counts": list(self.counts),
            "mean": None if self.mean is None else round(self.mean, 4),
        }


def _num(value: float) -> str:
    if value >= 10.0 and abs(value - round(value)) < 0.01:
        return str(round(value))
    return f"{value:g}" if value < 1.0 else f"{min(value, round(value)):g}"


def histogram(values: FloatArray, edges: Sequence[float]) -> Histogram:
    """Counts of ``values`` (NaN ignored) between ``edges``."""
    finite = values[~np.isnan(values)]
    bins = np.asarray(edges, dtype=np.float64)
    counts, _ = np.histogram(np.clip(finite, bins[0], np.nextafter(bins[-1], -np.inf)), bins=bins)
    mean = float(finite.mean()) if finite.size else None
    return Histogram(tuple(float(e) for e in edges), tuple(int(c) for c in counts), mean)


@dataclass(frozen=True)
class RetentionCell:
    """Review answers that passed (Hard, Good, Easy) and failed (Again)."""

    passed: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        """All answers counted."""
        return self.passed + self.failed

    @property
    def rate(self) -> float | None:
        """Share passed (None without answers)."""
        return self.passed / self.total if self.total else None

    def __add__(self, other: RetentionCell) -> RetentionCell:
        return RetentionCell(self.passed + other.passed, self.failed + other.failed)

    def as_json(self) -> dict[str, object]:
        """JSON-ready form."""
        rate = self.rate
        return {
            "passed": self.passed,
            "failed": self.failed,
            "retention": None if rate is None else round(rate, 4),
        }


@dataclass(frozen=True)
class RetentionTable:
    """Anki's true retention: review answers by card age (young < 21 days <= mature) and period."""

    periods: tuple[str, ...]
    young: tuple[RetentionCell, ...]
    mature: tuple[RetentionCell, ...]

    @property
    def total(self) -> tuple[RetentionCell, ...]:
        """Young and mature together."""
        return tuple(y + m for y, m in zip(self.young, self.mature, strict=True))

    def as_json(self) -> dict[str, object]:
        """JSON-ready form: period -> young / mature / total."""
        return {
            period: {
                "young": young.as_json(),
                "mature": mature.as_json(),
                "total": total.as_json(),
            }
            for period, young, mature, total in zip(
                self.periods, self.young, self.mature, self.total, strict=True
            )
        }


@dataclass(frozen=True)
class HourRow:
    """Answers given in one local clock hour (over the last year) and how many passed."""

    hour: int
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        """Share passed."""
        return self.passed / self.reviews if self.reviews else None

    def as_json(self) -> dict[str, object]:
        """JSON-ready form."""
        rate = self.rate
        return {
            "hour": self.hour,
            "reviews": self.reviews,
            "passed": self.passed,
            "rate": None if rate is None else round(rate, 4),
        }


@dataclass(frozen=True)
class StatsReport:
    """Everything the statistics screen shows."""

    today: dt.date
    counts: CardCounts
    forecast: Forecast
    reviews: ReviewDays
    heatmap: Heatmap
    intervals: Histogram
    stability: Histogram
    difficulty: Histogram
    retrievability: Histogram
    retention: RetentionTable
    hours: tuple[HourRow, ...]

    def as_json(self) -> dict[str, object]:
        """JSON-ready form (the sections ``pmstudy stats --json`` adds)."""
        return {
            "today": _date(self.today),
            "card_counts": self.counts.as_json(),
            "forecast": self.forecast.as_json(),
            "reviews_per_day": self.reviews.as_json(),
            "heatmap": self.heatmap.as_json(),
            "intervals": self.intervals.as_json(),
            "stability": self.stability.as_json(),
            "difficulty": self.difficulty.as_json(),
            "retrievability": self.retrievability.as_json(),
            "true_retention": self.retention.as_json(),
            "hours": [h.as_json() for h in self.hours],
        }
