"""The study calendar: how much reviewing each study day should take.

A day's **load** is a factor in [0, 1]: 1 a normal day, 0.5 a reduced one, 0 a day without
reviews (a break, or Anki's "Minimum" easy day). Two sources, as in Anki's easy days and the
FSRS Helper's specific dates:

- seven weekday loads, Monday first, from the deck-options preset (``Preset.easy_days``);
- specific dates (table ``calendar_days``), which override their weekday's load: a break for a
  holiday, an easy day before the exam, or a normal day on a weekday marked easy.

The load balancer (``pmstudy.domain.scheduling.balance``) reads these loads when it picks a due
day inside the fuzz range; the plan and the workload simulator read the same ones.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

NORMAL = 1.0
REDUCED = 0.5
MINIMUM = 0.0
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALL_NORMAL: tuple[float, ...] = (NORMAL,) * 7
_WORDS = {"normal": NORMAL, "reduced": REDUCED, "minimum": MINIMUM, "break": MINIMUM}
# The longest span one ``days_between`` may name (guards a typo such as 2026..2062).
MAX_SPAN_DAYS = 3660


def check_load(load: float) -> float:
    """``load`` as a float if it lies in [0, 1]; ValueError otherwise."""
    value = float(load)
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise ValueError("a day's load lies between 0 and 1")
    return value


def load_from_text(text: str) -> float:
    """A load typed as a word (normal, reduced, minimum, break) or a number from 0 to 1;
    ValueError with one readable sentence otherwise."""
    word = text.strip().lower()
    if word in _WORDS:
        return _WORDS[word]
    try:
        return check_load(float(word))
    except ValueError:
        raise ValueError(
            f"load {text.strip()!r}: normal, reduced, minimum, break or a number from 0 to 1"
        ) from None


def check_weekdays(loads: Iterable[float]) -> tuple[float, ...]:
    """Seven weekday loads (Monday first), each in [0, 1]; ValueError otherwise."""
    values = tuple(check_load(v) for v in loads)
    if len(values) != 7:
        raise ValueError("easy days take seven loads, Monday first")
    return values


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every date from ``first`` to ``last`` inclusive (ValueError if ``last`` comes first or
    the span exceeds ten years)."""
    span = (last - first).days
    if span < 0:
        raise ValueError("a date range runs forward: the first date comes first")
    if span >= MAX_SPAN_DAYS:
        raise ValueError(f"a date range spans at most {MAX_SPAN_DAYS} days")
    return [first + dt.timedelta(days=i) for i in range(span + 1)]


@dataclass(frozen=True, eq=False)
class StudyCalendar:
    """Weekday loads (Monday first) and specific dates' loads, which take precedence."""

    weekdays: tuple[float, ...] = ALL_NORMAL
    dates: Mapping[dt.date, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekdays", check_weekdays(self.weekdays))
        checked = {day: check_load(load) for day, load in self.dates.items()}
        object.__setattr__(self, "dates", MappingProxyType(dict(sorted(checked.items()))))

    @classmethod
    def of(
        cls, weekdays: Iterable[float] | None, dates: Mapping[dt.date, float] | None = None
    ) -> StudyCalendar:
        """A calendar from a preset's ``easy_days`` (None: every weekday normal) and dates."""
        return cls(ALL_NORMAL if weekdays is None else tuple(weekdays), dict(dates or {}))

    def with_weekdays(self, weekdays: Iterable[float] | None) -> StudyCalendar:
        """The same dates with another preset's weekday loads (None: all normal)."""
        return StudyCalendar.of(weekdays, self.dates)

    def load_on(self, day: dt.date) -> float:
        """The day's load: its specific date's if set, else its weekday's."""
        found = self.dates.get(day)
        return self.weekdays[day.weekday()] if found is None else found

    def is_break(self, day: dt.date) -> bool:
        """Whether no reviews are scheduled on ``day`` (load 0)."""
        return self.load_on(day) == 0.0

    def loads(self, first: dt.date, count: int) -> tuple[float, ...]:
        """The loads of ``count`` days from ``first``."""
        return tuple(self.load_on(first + dt.timedelta(days=i)) for i in range(count))

    def dates_in(self, first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, float]]:
        """The specific dates from ``first`` to ``last`` inclusive, in order, with loads."""
        return ((d, v) for d, v in self.dates.items() if first <= d <= last)

    @property
    def plain(self) -> bool:
        """Whether every day is normal (no easy weekday, no specific date)."""
        return self.weekdays == ALL_NORMAL and not self.dates

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StudyCalendar):
            return NotImplemented
        return self.weekdays == other.weekdays and dict(self.dates) == dict(other.dates)

    def __hash__(self) -> int:
        return hash((self.weekdays, tuple(self.dates.items())))
