"""The clock, injected everywhere time matters."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol


class Clock(Protocol):
    """Something that tells the time (aware UTC)."""

    def now(self) -> dt.datetime:
        """The current instant."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> dt.datetime:
        """The current instant."""
        return dt.datetime.now(dt.UTC)


class ShiftedClock:
    """Real time moved to start at ``start`` (``PMSTUDY_NOW``): it keeps ticking from there."""

    def __init__(self, start: dt.datetime) -> None:
        self._start = start.astimezone(dt.UTC)
        self._origin = time.monotonic()

    def now(self) -> dt.datetime:
        """The shifted current instant."""
        return self._start + dt.timedelta(seconds=time.monotonic() - self._origin)


class FixedClock:
    """A clock for tests: stands still until moved."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        """The instant the clock is set to."""
        return self._now

    def advance(self, **delta: float) -> None:
        """Move forward by a timedelta's keyword arguments."""
        self._now += dt.timedelta(**delta)

    def set(self, instant: dt.datetime) -> None:
        """Jump to an instant."""
        self._now = instant.astimezone(dt.UTC)
