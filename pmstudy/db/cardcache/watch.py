"""Has the collection changed? A version number that moves with every commit, from anyone.

SQLite's ``PRAGMA data_version`` changes whenever *another* connection has committed to the
database file, this process's or another's. Asked on a private connection that never writes
(it is opened ``query_only``), it therefore changes with every commit at all: the services'
own, a second pmstudy's, an import's. Reading it costs a few microseconds, which is what lets
the exam service keep what it read between reports (services/exams/cache.py, ``VersionCache``).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlalchemy import Engine, event

from pmstudy.db.engine import BUSY_TIMEOUT_MS, sqlite_file


class CollectionWatch:
    """The data version of one SQLite database file, read on a connection of its own."""

    def __init__(self, path: Path) -> None:
        # check_same_thread off: the TUI reports from worker threads; the lock serialises.
        self._connection: sqlite3.Connection | None = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
        )
        # This connection only ever reads: its own commits would not move its data version.
        self._connection.execute("PRAGMA query_only=ON")
        self._lock = threading.Lock()

    @classmethod
    def of(cls, engine: Engine) -> CollectionWatch | None:
        """A watch on the engine's database file, closed with the engine; None unless the
        engine is on a SQLite file (an in-memory database has no other connection)."""
        path = sqlite_file(engine)
        if path is None or engine.url.query or not path.is_file():
            return None
        watch = cls(path)
        event.listen(engine, "engine_disposed", lambda _engine: watch.close())
        return watch

    def version(self) -> int | None:
        """The current data version; None once closed (nothing can be trusted then)."""
        with self._lock:
            if self._connection is None:
                return None
            row = self._connection.execute("PRAGMA data_version").fetchone()
            return int(row[0])

    def close(self) -> None:
        """Close the connection (later versions are None)."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
