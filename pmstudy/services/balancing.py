"""The load balancer's view for one study session: the cards due per day in each preset, the
calendar and the balancer switch, read once and kept current as the session answers.

Reading the cards due over the next three months costs one query per preset and study day
(the first balanced answer pays it); afterwards an answer costs a dictionary update, plus one
indexed query for a note with other cards (its siblings' due days). Answers given meanwhile in
another window are not seen until the next session: the balancer's picture is an estimate, the
card's interval stays inside its fuzz range either way.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pmstudy.db import due_days
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.model import CardState, Memory, Preset, StudyCard
from pmstudy.domain.scheduling import MAX_BALANCED_DAYS, DayClock, StudyCalendar

if TYPE_CHECKING:
    from pmstudy.domain.scheduling import DueLoads

# Days read ahead: the longest balanced interval plus its fuzz range's upper half.
_AHEAD = MAX_BALANCED_DAYS + 8


class SessionLoads:
    """Cards due per study day by preset, the calendar and the switch, for one session."""

    def __init__(self, db: Database, days: DayClock) -> None:
        self._db = db
        self._days = days
        self._read = False
        self._on = True
        self._dates: dict[dt.date, float] = {}
        self._calendars: dict[tuple[int, tuple[float, ...] | None], StudyCalendar] = {}
        self._counts: dict[tuple[int, dt.date], dict[dt.date, int]] = {}
        self._last: tuple[tuple[int, int, dt.date], DueLoads] | None = None

    def _setup(self) -> None:
        if self._read:
            return
        with self._db.read() as uow:
            self._on = uow.calendar.balancing()
            self._dates = uow.calendar.dates() if self._on else {}
        self._read = True

    def loads(
        self, card: StudyCard, preset: Preset, now: dt.datetime, *, siblings: bool
    ) -> DueLoads | None:
        """What the balancer needs to place ``card``'s next due day (None: balancer off).
        ``siblings``: whether the note has other new or review cards (their due days are
        read then). The buttons' preview and the answer share one read."""
        self._setup()
        if not self._on or preset.id is None:
            return None
        from pmstudy.domain.scheduling import DueLoads

        today = self._days.day_of(now)
        key = (card.id, card.memory.reps, today)
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        counts = self._counts_for(preset.id, today)
        days: frozenset[dt.date] = frozenset()
        if siblings and card.note.id is not None:
            with self._db.engine.connect() as connection:
                dues = due_days.sibling_dues(connection, card.note.id, card.id)
            days = frozenset(self._days.day_of(d) for d in dues)
        found = DueLoads(today, counts, self._calendar(preset), days)
        self._last = (key, found)
        return found

    def _calendar(self, preset: Preset) -> StudyCalendar:
        key = (preset.id or 0, preset.easy_days)
        found = self._calendars.get(key)
        if found is None:
            found = StudyCalendar.of(preset.easy_days, self._dates)
            self._calendars[key] = found
        return found

    def _counts_for(self, preset_id: int, today: dt.date) -> dict[dt.date, int]:
        key = (preset_id, today)
        found = self._counts.get(key)
        if found is None:
            first = today + dt.timedelta(days=1)
            starts = [self._days.start_of(first + dt.timedelta(days=i)) for i in range(_AHEAD + 1)]
            with self._db.engine.connect() as connection:
                per_day = due_days.due_per_day(connection, preset_id, starts)
            found = {first + dt.timedelta(days=i): n for i, n in enumerate(per_day) if n}
            # counts read on an earlier study day are stale
            self._counts = {k: v for k, v in self._counts.items() if k[1] == today}
            self._counts[key] = found
        return found

    def moved(self, preset_id: int | None, before: Memory, after: Memory) -> None:
        """A card of preset ``preset_id`` went from ``before`` to ``after`` (an answer, or its
        undo): its due day's count follows."""
        for memory, step in ((before, -1), (after, 1)):
            if memory.state != CardState.REVIEW or memory.due is None or preset_id is None:
                continue
            day = self._days.day_of(memory.due)
            for (preset, _), counts in self._counts.items():
                if preset == preset_id:
                    counts[day] = max(counts.get(day, 0) + step, 0)
