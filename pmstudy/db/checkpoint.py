"""WAL checkpoints off the answer path.

SQLite copies the write-ahead log back into the database file once it passes 1,000 pages, and it
does so inside the commit that crossed the line, with two fsyncs: one answer in ~150 then takes
10-80 ms instead of under 1 ms. The interactive process turns that off on its own connections
(``PRAGMA wal_autocheckpoint=0``) and runs a PASSIVE checkpoint from this daemon thread instead,
on its own connection. SQLite's C code runs without the GIL, so the thread does not hold up the
UI; a PASSIVE checkpoint never blocks readers or writers. Nothing is at risk: committed
transactions are durable in the log, the thread only bounds its size, and SQLite checkpoints
the whole log when the last connection closes.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

# Checkpoint when the log holds more than this many bytes (256 pages of 4 KiB).
WAL_LIMIT_BYTES = 1 << 20
# Look at the log at least this often, even when this process commits nothing (a CLI import
# running beside the app leaves its log for the last connection to close).
IDLE_CHECK_S = 30.0


class WalCheckpointer:
    """A daemon thread that checkpoints ``database``'s WAL when it grows past the limit."""

    def __init__(self, database: Path, *, limit_bytes: int = WAL_LIMIT_BYTES) -> None:
        self._database = database
        self._wal = database.with_name(database.name + "-wal")
        self._limit = limit_bytes
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.checkpoints = 0
        self._thread = threading.Thread(target=self._run, name="pmstudy-wal", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Something was committed: look at the log soon (never blocks)."""
        self._wake.set()

    def _wal_bytes(self) -> int:
        try:
            return self._wal.stat().st_size
        except OSError:
            return 0

    def checkpoint_if_needed(self) -> bool:
        """Run one PASSIVE checkpoint if the log is over the limit; True if one ran."""
        if self._wal_bytes() <= self._limit:
            return False
        with self._lock:
            connection = sqlite3.connect(self._database, timeout=0, check_same_thread=False)
            try:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:
                return False  # busy or gone: the next poke tries again
            finally:
                connection.close()
        self.checkpoints += 1
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(IDLE_CHECK_S)
            self._wake.clear()
            if self._stop.is_set():
                return
            self.checkpoint_if_needed()

    def close(self) -> None:
        """Stop the thread (the final checkpoint is SQLite's, when the engine closes)."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=5)
