"""The study calendar's specific dates (table ``calendar_days``) and the load balancer switch.

A date's row holds its review load (0 = a break); a date without a row takes its weekday's load
from the deck's preset (``pmstudy.domain.scheduling.StudyCalendar``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pmstudy.db.models import CalendarDayRow, SettingRow
from pmstudy.domain.scheduling import check_load

# Collection setting: whether answers spread reviews over the fuzz range (default on, as Anki).
BALANCER_KEY = "load_balancer"


class CalendarRepository:
    """Specific dates' loads and the balancer switch, in the unit of work's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def dates(
        self, first: dt.date | None = None, last: dt.date | None = None
    ) -> dict[dt.date, float]:
        """Every specific date (optionally from ``first`` / up to ``last``) with its load."""
        query = select(CalendarDayRow.day, CalendarDayRow.load).order_by(CalendarDayRow.day)
        if first is not None:
            query = query.where(CalendarDayRow.day >= first)
        if last is not None:
            query = query.where(CalendarDayRow.day <= last)
        return {day: float(load) for day, load in self.session.execute(query)}

    def set_days(self, days: Iterable[dt.date], load: float) -> dict[dt.date, float | None]:
        """Give ``days`` the load ``load``; returns each day's previous load (None: unset)."""
        value = check_load(load)
        wanted = sorted(set(days))
        before = self._loads(wanted)
        for day in wanted:
            row = self.session.get(CalendarDayRow, day)
            if row is None:
                self.session.add(CalendarDayRow(day=day, load=value))
            else:
                row.load = value
        self.session.flush()
        return before

    def clear_days(self, days: Iterable[dt.date]) -> dict[dt.date, float | None]:
        """Remove ``days``' specific loads; returns each day's previous load (None: unset)."""
        wanted = sorted(set(days))
        before = self._loads(wanted)
        if wanted:
            self.session.execute(delete(CalendarDayRow).where(CalendarDayRow.day.in_(wanted)))
        return before

    def restore(self, loads: dict[dt.date, float | None]) -> None:
        """Put days back as ``loads`` holds them (None: no specific load), e.g. to undo."""
        for day, load in loads.items():
            if load is None:
                self.clear_days([day])
            else:
                self.set_days([day], load)

    def _loads(self, days: list[dt.date]) -> dict[dt.date, float | None]:
        found: dict[dt.date, float] = {}
        for start in range(0, len(days), 500):
            chunk = days[start : start + 500]
            query = select(CalendarDayRow.day, CalendarDayRow.load).where(
                CalendarDayRow.day.in_(chunk)
            )
            found.update({d: float(v) for d, v in self.session.execute(query)})
        return {day: found.get(day) for day in days}

    def balancing(self) -> bool:
        """Whether the load balancer is on (default: on)."""
        row = self.session.get(SettingRow, BALANCER_KEY)
        return True if row is None else bool(row.value)

    def set_balancing(self, on: bool) -> None:
        """Turn the load balancer on or off."""
        row = self.session.get(SettingRow, BALANCER_KEY)
        if row is None:
            self.session.add(SettingRow(key=BALANCER_KEY, value=on))
        else:
            row.value = on
