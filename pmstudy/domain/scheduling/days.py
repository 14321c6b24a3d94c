"""The study day, and the study-day rule that every memory update follows.

A study day is "today" in the learner's time zone, starting at the rollover hour (Anki's
"next day starts at").

**The study-day rule.** The time between two answers of a card is counted in whole study days,
``elapsed = study day of the answer − study day of the previous answer`` (never below 0). An
answer on the same study day as the previous one (elapsed 0) takes FSRS's short-term stability
formula (w17–w19); a later one takes the recall/forget formulas with R at ``elapsed`` days.
``elapsed_days`` is that rule; every path that computes memory calls it: live answers
(``pmstudy.domain.scheduling.scheduler``), import replay, reschedule, the vectorised simulations
(``pmstudy.domain.scheduling.fsrs_vec``) and the optimiser's training data and evaluation
(``pmstudy.domain.scheduling.training``: ``delta_t`` is ``elapsed``).

Why study days rather than py-fsrs's own "less than 24 hours apart": it is the rule of Anki and
fsrs-rs, so parameters fitted there (or here, by fsrs-rs) mean the same thing; and the queue
shows a card on the study day it falls due, so a one-day interval answered the next morning,
16 hours later, is a next-day review, not a same-day repeat. docs/scheduling.md says more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pmstudy.domain.model import require_utc

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


def elapsed_days(last_day: npt.ArrayLike, day: npt.ArrayLike) -> IntArray:
    """The study-day rule: whole study days from ``last_day`` to ``day`` (0: same day).

    Days are any consecutive day numbers (``date.toordinal``, or a simulation's day index);
    a clock set back, or a time-zone change, never gives a negative gap.
    """
    # NumPy loads here, not with the module: every start-up imports the study day (DayClock),
    # and NumPy costs about 0.17 s to import; only the vectorised paths need it
    import numpy as np

    gap = np.asarray(day, dtype=np.int64) - np.asarray(last_day, dtype=np.int64)
    return np.asarray(np.maximum(gap, 0), dtype=np.int64)


@dataclass(frozen=True, slots=True)
class DayClock:
    """Turns instants into study days: a day runs from ``rollover_hour`` to the next one."""

    tz: dt.tzinfo = dt.UTC
    rollover_hour: int = 4

    def __post_init__(self) -> None:
        if not 0 <= self.rollover_hour <= 23:
            raise ValueError("the day rollover hour lies between 0 and 23")

    @classmethod
    def named(cls, tz_name: str | None, rollover_hour: int = 4) -> DayClock:
        """A DayClock for an IANA zone name (None: UTC)."""
        return cls(ZoneInfo(tz_name) if tz_name else dt.UTC, rollover_hour)

    def day_of(self, instant: dt.datetime) -> dt.date:
        """The study day an instant belongs to."""
        local = require_utc(instant).astimezone(self.tz)
        return (local - dt.timedelta(hours=self.rollover_hour)).date()

    def start_of(self, day: dt.date) -> dt.datetime:
        """The UTC instant a study day starts."""
        local = dt.datetime.combine(day, dt.time(self.rollover_hour), tzinfo=self.tz)
        return local.astimezone(dt.UTC)

    def next_day_start(self, instant: dt.datetime) -> dt.datetime:
        """When the study day containing ``instant`` ends."""
        return self.start_of(self.day_of(instant) + dt.timedelta(days=1))

    def elapsed_days(self, last: dt.datetime, now: dt.datetime) -> int:
        """Whole study days between two instants, by the study-day rule (0: same day)."""
        # the rule of ``elapsed_days`` on one pair, without NumPy: this runs on every answer
        return max((self.day_of(now) - self.day_of(last)).days, 0)
