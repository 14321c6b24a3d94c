"""What the exam service read from the collection, kept until the collection changes.

Reading 100,000 cards' columns costs far more than readiness itself, and the dashboard and the
exams screen ask for the same report again and again. Entries are kept per data version
(db/watch.py): any commit to the database file, by this process or another, empties the
cache, and the next report reads afresh. With no version to go by (not a SQLite file, or
closed) nothing is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

T = TypeVar("T")

# Entries per data version: goals × (cards, tags, membership, recall) with room to spare.
MAX_ENTRIES = 64


class SnapshotCache:
    """Values computed from the collection, valid while its data version stands still."""

    def __init__(self, version: Callable[[], int | None]) -> None:
        self._version = version
        self._lock = threading.Lock()
        self._at: int | None = None
        self._values: dict[Hashable, object] = {}

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        """The value under ``key``, loaded (and kept) when missing or stale.

        The version is read before loading: a commit landing during the load moves it, so the
        value is reloaded next time rather than kept under a version it may postdate.
        """
        version = self._version()
        if version is None:
            return load()
        with self._lock:
            if version != self._at:
                self._values.clear()
                self._at = version
            if key in self._values:
                return cast(T, self._values[key])
        value = load()
        with self._lock:
            if self._at == version:
                if len(self._values) >= MAX_ENTRIES:
                    self._values.clear()
                self._values[key] = value
        return value

    def clear(self) -> None:
        """Forget everything (the next reads go to the database)."""
        with self._lock:
            self._values.clear()
            self._at = None
