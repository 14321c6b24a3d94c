"""WAL checkpoints off the answer path.

SQLite copies the write-ahead log back into the database file once it passes 1,000 pages, and it
does so inside the commit that crossed the line, with two fsyncs: one answer in ~150 then takes
10-80 ms instead of under 1 ms. The interactive process turns that off on its own connections
(``PRAGMA wal_autocheckpoint=0``) and runs a PASSIVE checkpoint from this daemon thread instead,
on its own connection, every hundred commits and when idle. SQLite's C code runs without the
GIL, so the thread does not hold up the UI; a PASSIVE checkpoint never blocks readers or
writers. Nothing is at risk: committed transactions are durable in the log, the thread only
bounds its size, and SQLite checkpoints the whole log when the last connection closes.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

# Checkpoint after this many commits of this process (an answer writes ~8 pages, so ~800
# pages: about SQLite's own 1,000-page threshold). The size of the -wal file cannot tell: SQLite
# reuses the file from its start after a checkpoint without shrinking it.
COMMITS_PER_CHECKPOINT = 100
# Also look at least this often, even when this process commits nothing (a CLI import
# running beside the app leaves its log for the last connection to close).
IDLE_CHECK_S = 30.0


class WalCheckpointer:
    """A daemon thread that checkpoints ``database``'s WAL every so many commits, and when idle."""

    def __init__(self, database: Path, *, every: int = COMMITS_PER_CHECKPOINT) -> None:
        self._database = database
        self._wal = database.with_name(database.name + "-wal")
        self._every = every
        self._commits = 0
        self._commits_checkpointed = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.checkpoints = 0
        self._thread = threading.Thread(target=self._run, name="pmstudy-wal", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Something was committed: count it; every so many, wake the thread (never blocks)."""
        self._commits += 1
        if self._commits - self._commits_checkpointed >= self._every:
            self._wake.set()

    def _wal_exists(self) -> bool:
        try:
            return self._wal.stat().st_size > 0
        except OSError:
            return False

    def checkpoint(self) -> bool:
        """Run one PASSIVE checkpoint now; True if it ran."""
        if not self._wal_exists():
            return False
        with self._lock:
            self._commits_checkpointed = self._commits
            connection = sqlite3.connect(self._database, timeout=0, check_same_thread=False)
            try:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:
                return False  # busy or gone: the next round tries again
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
            # woken by commits, or idle: a checkpoint with nothing new to copy is a no-op
            self.checkpoint()

    def close(self) -> None:
        """Stop the thread (the final checkpoint is SQLite's, when the engine closes)."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=5)
