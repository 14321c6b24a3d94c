"""Each exam deck set's cards as columns, kept up to date between reads and between runs.

The first read of a deck set in a process loads the snapshot the last run saved (db/
card_store.py), if it checks out, else reads every card; later reads re-read only the cards the
change log names (db/card_changes.py, db/card_snapshot.py). Snapshots are saved after a full
read and whenever the one on disk is ``SAVE_EVERY`` changes behind, so the next process has
little to catch up on.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pmstudy.db.card_changes import changes_since, current_mark
from pmstudy.db.card_snapshot import CardSnapshot, patched, snapshot_of
from pmstudy.db.card_store import CardStore
from pmstudy.db.exam_cards import DeckPresets, ExamCards, table_of
from pmstudy.domain.cardtable import CardTable, CardTags

Decks = tuple[int, ...]
# Deck sets whose snapshot is kept in memory (each exam's decks; rarely more than a few).
KEPT = 8
# Changes after which the snapshot on disk is rewritten.
SAVE_EVERY = 2000


def refresh(
    cards: ExamCards, old: CardSnapshot | None, decks: DeckPresets
) -> tuple[CardSnapshot, bool]:
    """``old`` brought up to date (None, or a log that cannot tell: read everything), and
    whether every card was read.

    The log is read first and the cards after: a change landing in between is in the cards
    read and logged after the mark, so it is read again next time (never missed).
    """
    connection = cards.session.connection()
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


class LiveCards:
    """Snapshots per deck set, in memory and (SQLite files) on disk."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshots: dict[Decks, CardSnapshot] = {}
        self._saved: dict[Decks, int] = {}
        self._store: CardStore | None = None
        self._store_known = False

    def _store_of(self, session: Session) -> CardStore | None:
        if not self._store_known:
            bind = session.get_bind()
            self._store = CardStore.of(bind) if isinstance(bind, Engine) else None
            self._store_known = True
        return self._store

    def table(self, session: Session, decks: Decks) -> tuple[CardTable, CardTags]:
        """The deck set's cards now, and their tags."""
        cards = ExamCards(session)
        presets = cards.presets(decks)
        with self._lock:
            store = self._store_of(session)
            old = self._snapshots.pop(decks, None)
            if old is None and store is not None:
                old = store.load(session.connection(), decks)
                if old is not None and old.mark is not None:
                    self._saved[decks] = old.mark
            snapshot, full = refresh(cards, old, presets)
            while len(self._snapshots) >= KEPT:
                del self._snapshots[next(iter(self._snapshots))]
            self._snapshots[decks] = snapshot
            if store is not None and self._save_due(decks, snapshot, full):
                store.save(session.connection(), decks, snapshot)
                self._saved[decks] = snapshot.mark or 0
        return table_of(snapshot.columns, presets), snapshot.tags

    def _save_due(self, decks: Decks, snapshot: CardSnapshot, full: bool) -> bool:
        """Whether the snapshot on disk should be replaced by this one."""
        saved = self._saved.get(decks)
        if snapshot.mark is None:
            return False
        return full or saved is None or not 0 <= snapshot.mark - saved < SAVE_EVERY
