"""The readiness cache, services side: what the exam reports read, kept until it is stale.

Two layers, each with its own signal (docs/readiness.md, "Readiness cache"):

- ``VersionCache``: values computed from the collection, kept per data version (db/cardcache/
  watch.py). Any commit to the database file, by this process or another, empties it; with no
  version to go by (not a SQLite file, or closed) nothing is kept. Reading 100,000 cards'
  columns costs far more than readiness itself, and the dashboard and the exams screen ask for
  the same report again and again.
- ``DeckSnapshots``: each exam deck set's cards as columns (``CardSnapshot``), which outlive a
  commit and the process. The first read of a deck set in a process loads the snapshot the last
  run saved (db/cardcache/files.py), if it checks out, else reads every card; later reads
  re-read only the cards the change log names (db/cardcache/changelog.py). Snapshots are saved
  after a full read and whenever the one on disk is ``SAVE_EVERY`` changes behind, so the next
  process has little to catch up on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from sqlalchemy import Connection

from pmstudy.db.cardcache import (
    CardSnapshot,
    SnapshotFiles,
    changes_since,
    current_mark,
    patched,
    snapshot_of,
)
from pmstudy.db.exams import DeckPresets, ExamCards, table_of
from pmstudy.db.unit_of_work import UnitOfWork
from pmstudy.domain.exam import CardTable, CardTags

T = TypeVar("T")
Decks = tuple[int, ...]
# Entries per data version: goals × (cards, tags, membership, recall) with room to spare.
MAX_ENTRIES = 64
# Deck sets whose snapshot is kept in memory (each exam's decks; rarely more than a few).
KEPT = 8
# Changes after which the snapshot on disk is rewritten.
SAVE_EVERY = 2000


class _Loading:
    """A value one thread is loading, which others asking for the same key wait for."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: object = None
        self.loaded = False


class VersionCache:
    """Values computed from the collection, valid while its data version stands still."""

    def __init__(self, version: Callable[[], int | None]) -> None:
        self._version = version
        self._lock = threading.Lock()
        self._at: int | None = None
        self._values: dict[Hashable, object] = {}
        self._loading: dict[tuple[int, Hashable], _Loading] = {}

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        """The value under ``key``, loaded (and kept) when missing or stale.

        The version is read before loading: a commit landing during the load moves it, so the
        value is reloaded next time rather than kept under a version it may postdate. A thread
        asking for a key another thread is loading at the same version waits for that value
        instead of loading it again (two screens asking for the same plan run one simulation;
        if that load fails, the next one asking loads it).
        Loads only ask for other keys, never their own, so waiting cannot go round in a circle.
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
            loading = self._loading.get((version, key))
            owner = loading is None
            if loading is None:
                loading = self._loading[(version, key)] = _Loading()
        if not owner:
            loading.done.wait()
            return cast(T, loading.value) if loading.loaded else self.get(key, load)
        try:
            value = load()
            loading.value, loading.loaded = value, True
        finally:
            with self._lock:
                del self._loading[(version, key)]
            loading.done.set()
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


def refresh(
    cards: ExamCards, connection: Connection, old: CardSnapshot | None, decks: DeckPresets
) -> tuple[CardSnapshot, bool]:
    """``old`` brought up to date (None, or a log that cannot tell: read everything), and
    whether every card was read.

    The log is read first and the cards after: a change landing in between is in the cards
    read and logged after the mark, so it is read again next time (never missed).
    """
    # A snapshot read with one preset has no deck column to tell several apart.
    if (
        old is not None
        and old.mark is not None
        and (old.columns.deck is not None or not decks.several)
    ):
        limit = max(500, len(old) // 8)  # beyond, one full read is cheaper
        changes = changes_since(connection, old.mark, limit)
        if changes is not None and changes.card_ids is not None:
            if changes.card_ids.shape[0] == 0:
                return old, False
            fresh = cards.rows_of(changes.card_ids, decks)
            return patched(old, changes.card_ids, fresh, changes.mark), False
    mark = current_mark(connection)
    return snapshot_of(cards.raw_columns(decks), mark), True


class DeckSnapshots:
    """Snapshots per deck set, in memory and (SQLite files) on disk."""

    def __init__(self, files: SnapshotFiles | None) -> None:
        self._lock = threading.Lock()
        self._snapshots: dict[Decks, CardSnapshot] = {}
        self._saved: dict[Decks, int] = {}
        self._files = files

    def table(self, uow: UnitOfWork, decks: Decks) -> tuple[CardTable, CardTags]:
        """The deck set's cards now, and their tags."""
        cards = uow.exam_cards
        presets = cards.presets(decks)
        with self._lock:
            files = self._files
            old = self._snapshots.pop(decks, None)
            if old is None and files is not None:
                old = files.load(uow.connection, decks)
                if old is not None and old.mark is not None:
                    self._saved[decks] = old.mark
            snapshot, full = refresh(cards, uow.connection, old, presets)
            while len(self._snapshots) >= KEPT:
                del self._snapshots[next(iter(self._snapshots))]
            self._snapshots[decks] = snapshot
            if files is not None and self._save_due(decks, snapshot, full):
                files.save(uow.connection, decks, snapshot)
                self._saved[decks] = snapshot.mark or 0
        return table_of(snapshot.columns, presets), snapshot.tags

    def _save_due(self, decks: Decks, snapshot: CardSnapshot, full: bool) -> bool:
        """Whether the snapshot on disk should be replaced by this one."""
        saved = self._saved.get(decks)
        if snapshot.mark is None:
            return False
        return full or saved is None or not 0 <= snapshot.mark - saved < SAVE_EVERY
