"""What readiness and the plan read from the collection, kept until the collection changes.

Every read goes through one ``SnapshotCache`` (services/exam_cache.py) keyed by what it
depends on; the data version of a private watch connection (db/watch.py) empties it on any
commit. Values derived from one read (membership, exam-day recall) are kept with the same
keys, so they always pair with the very cards they were computed from.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db.exam_cards import ExamCards, MemorySnapshot, snapshot_of_table
from pmstudy.db.exams import ExamRepository
from pmstudy.db.watch import CollectionWatch
from pmstudy.domain.cardtable import (
    CardTable,
    CardTags,
    FloatArray,
    Groups,
    Membership,
    membership,
)
from pmstudy.domain.exam import ExamGoal, ExamSpec
from pmstudy.domain.learner import LearnerProfile, learner_from_counts
from pmstudy.domain.model import CardState
from pmstudy.domain.readiness import exam_day_recall
from pmstudy.services.exam_cache import SnapshotCache

T = TypeVar("T")
Decks = tuple[int, ...]


class ExamReads:
    """Cached reads for exam reports, over a session factory."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._cache: SnapshotCache | None = None
        self._opening = threading.Lock()

    def _cached(self, key: Hashable, load: Callable[[], T]) -> T:
        with self._opening:  # reports run in worker threads: one watch, one cache
            if self._cache is None:
                with self._sessions() as session:
                    bind = session.get_bind()
                watch = CollectionWatch.of(bind) if isinstance(bind, Engine) else None
                self._cache = SnapshotCache(watch.version if watch else lambda: None)
            cache = self._cache
        return cache.get(key, load)

    def _read(self, read: Callable[[Session], T]) -> T:
        with self._sessions() as session:
            return read(session)

    def goals(self) -> list[ExamGoal]:
        """Every exam goal, soonest first."""
        found = self._cached(("goals",), lambda: self._read(lambda s: ExamRepository(s).goals()))
        return list(found)

    def decks(self, goal: ExamGoal) -> Decks:
        """The goal's decks and their sub-decks."""
        return self._cached(
            ("decks", goal.deck_ids),
            lambda: tuple(self._read(lambda s: ExamRepository(s).expand_decks(goal.deck_ids))),
        )

    def table(self, decks: Decks) -> tuple[CardTable, CardTags]:
        """Every column of the decks' cards (what the plan simulates)."""
        return self._cached(
            ("table", decks), lambda: self._read(lambda s: ExamCards(s).card_table(decks))
        )

    def memory(self, decks: Decks, end: dt.datetime, full: bool) -> MemorySnapshot:
        """Readiness inputs (counts up to ``end``): from the full table when the plan needs it
        anyway (``full``), else the four columns readiness reads: the very same numbers."""
        key = ("memory", decks, end, full)
        if full:
            table, tags = self.table(decks)
            return self._cached(key, lambda: snapshot_of_table(table, tags, end))
        return self._cached(
            key, lambda: self._read(lambda s: ExamCards(s).memory_columns(decks, end))
        )

    def membership(
        self, decks: Decks, end: dt.datetime, full: bool, spec: ExamSpec, groups: Groups
    ) -> Membership:
        """Which cards of ``memory(decks, end, full)`` serve which domain and task."""
        cards = self.memory(decks, end, full)
        return self._cached(
            ("member", decks, end, full, spec.id),
            lambda: membership(cards.tags, spec.id, groups),
        )

    def recall(self, decks: Decks, end: dt.datetime, full: bool, exam_ts: float) -> FloatArray:
        """Exam-day recall of each card of ``memory(decks, end, full)``."""
        cards = self.memory(decks, end, full)

        def load() -> FloatArray:
            recall = exam_day_recall(cards.memory, exam_ts)
            recall.flags.writeable = False  # shared by every report until the next commit
            return recall

        return self._cached(("recall", decks, end, full, exam_ts), load)

    def learner(self) -> LearnerProfile:
        """The learner's profile from the latest answers."""
        return self._cached(
            ("learner",),
            lambda: learner_from_counts(self._read(lambda s: ExamCards(s).answer_counts())),
        )

    def done(self, decks: Decks, start: dt.datetime, end: dt.datetime) -> Counter[str]:
        """Answers to the decks' cards in [start, end): new, review, other, and milliseconds."""

        def load() -> Counter[str]:
            found: Counter[str] = Counter()
            for state, count, ms in self._read(
                lambda s: ExamCards(s).answers_on(decks, start, end)
            ):
                key = {int(CardState.NEW): "new", int(CardState.REVIEW): "review"}.get(state)
                found[key or "other"] += count
                found["ms"] += ms
            return found

        return Counter(self._cached(("done", decks, start, end), load))
