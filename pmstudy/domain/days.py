"""The study day: "today" in the learner's time zone, starting at the rollover hour."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pmstudy.domain.model import require_utc


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
