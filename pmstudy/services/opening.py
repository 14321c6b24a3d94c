"""The services of ``pmstudy`` (the app), opened after its first frame.

Importing SQLAlchemy, the models and the services, then opening (and if needed upgrading)
the database takes three times as long as painting a Textual screen. The app starts with
this stand-in: it holds the settings at once, and the rest once ``open()`` has run, which the
dashboard does in a worker thread right after its first frame (a loading state until then,
never a number it has not read). Any other use before that opens the services there and then.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from pmstudy.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from pmstudy.services.container import Services


class ServicesOnFirstUse:
    """Every attribute of ``Services``; the database is opened by the first use but
    ``settings``. Safe to open from any thread, once."""

    def __init__(self, settings: Settings, build: Callable[[Settings], Services]) -> None:
        self.settings = settings
        self._build = build
        self._lock = threading.Lock()
        self._services: Services | None = None

    @property
    def is_open(self) -> bool:
        """Whether the database is open (every attribute is then read without waiting)."""
        return self._services is not None

    def open(self) -> Services:
        """Open the database and build the services (the first call; later ones return them)."""
        with self._lock:
            if self._services is None:
                self._services = self._build(self.settings)
            return self._services

    @property
    def opened(self) -> Services | None:
        """The services, when open (nothing is opened)."""
        return self._services

    def close(self) -> None:
        """Release the database, if it was opened."""
        with self._lock:
            if self._services is not None:
                self._services.close()

    def __getattr__(self, name: str) -> Any:
        # only for what the instance lacks: every service, opened first
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.open(), name)
