"""The study calendar: specific dates' review loads (breaks, easy days), each preset's weekday
loads (easy days), and the load balancer switch.

Every method opens its own unit of work; a change returns what it replaced, so that the caller
can offer to undo it (``restore``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from pmstudy.clock import Clock
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling import DayClock, StudyCalendar, check_load, check_weekdays
from pmstudy.errors import NotFoundError, PmStudyError


@dataclass(frozen=True)
class CalendarChange:
    """What a change did: the load it gave (None: cleared) and each day's load before."""

    load: float | None
    before: Mapping[dt.date, float | None]

    @property
    def days(self) -> tuple[dt.date, ...]:
        """The days changed, in order."""
        return tuple(sorted(self.before))


class CalendarService:
    """Read and change the study calendar."""

    def __init__(self, db: Database, clock: Clock, days: DayClock) -> None:
        self._db = db
        self._clock = clock
        self._days = days

    def today(self) -> dt.date:
        """Today's study day."""
        return self._days.day_of(self._clock.now())

    def calendar(self, preset_id: int | None = None) -> StudyCalendar:
        """Every specific date, with the weekday loads of preset ``preset_id`` (None: all
        weekdays normal)."""
        with self._db.read() as uow:
            dates = uow.calendar.dates()
            weekdays = None if preset_id is None else uow.repo.preset(preset_id).easy_days
        return StudyCalendar.of(weekdays, dates)

    def set_days(self, days: Iterable[dt.date], load: float) -> CalendarChange:
        """Give each of ``days`` the review load ``load`` (0 = a break, 1 = normal)."""
        value = _load(load)
        wanted = list(days)
        if not wanted:
            raise PmStudyError("no dates given")
        with self._db.write() as uow:
            before = uow.calendar.set_days(wanted, value)
        return CalendarChange(value, before)

    def clear_days(self, days: Iterable[dt.date]) -> CalendarChange:
        """Remove the specific loads of ``days`` (they take their weekday's load again)."""
        with self._db.write() as uow:
            before = uow.calendar.clear_days(days)
        return CalendarChange(None, before)

    def restore(self, change: CalendarChange) -> None:
        """Undo ``change``: its days get back the loads they had before it."""
        with self._db.write() as uow:
            uow.calendar.restore(dict(change.before))

    def preset(self, name: str | None) -> Preset:
        """The preset named ``name`` (None: the Default preset, made if missing)."""
        with self._db.write() as uow:
            if name is None:
                return uow.repo.preset(uow.repo.default_preset_id())
            found = uow.tuning.preset_named(name)
            if found is None:
                names = ", ".join(p.name for p in uow.tuning.presets())
                raise NotFoundError(f"no preset named {name!r} (presets: {names})")
            return found

    def easy_days(self, preset_id: int) -> tuple[float, ...]:
        """Preset ``preset_id``'s seven weekday loads, Monday first."""
        with self._db.read() as uow:
            return StudyCalendar.of(uow.repo.preset(preset_id).easy_days).weekdays

    def set_easy_days(self, preset_id: int, loads: Iterable[float]) -> Preset:
        """Give preset ``preset_id`` seven weekday loads (all 1 is stored as "all normal")."""
        try:
            weekdays = check_weekdays(loads)
        except ValueError as error:
            raise PmStudyError(f"easy days: {error}") from None
        with self._db.write() as uow:
            preset = uow.tuning.preset(preset_id)
            changed = replace(preset, easy_days=None if StudyCalendar(weekdays).plain else weekdays)
            uow.tuning.save_preset(changed)
        return changed

    def balancing(self) -> bool:
        """Whether answers spread reviews over their fuzz range (the load balancer)."""
        with self._db.read() as uow:
            return uow.calendar.balancing()

    def set_balancing(self, on: bool) -> None:
        """Turn the load balancer on or off (for the whole collection, as in Anki)."""
        with self._db.write() as uow:
            uow.calendar.set_balancing(on)


def _load(load: float) -> float:
    try:
        return check_load(load)
    except (TypeError, ValueError):
        raise PmStudyError(f"load {load!r}: a day's load lies between 0 and 1") from None
