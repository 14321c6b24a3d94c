"""What readiness and the plan read from the collection, kept until the collection changes.

Every read goes through one ``SnapshotCache`` (services/exam_cache.py) keyed by what it
depends on; the data version of a private watch connection (db/watch.py) empties it on any
commit. Values derived from one read (exam-day recall, counts) are kept with the same keys, so
they always pair with the very cards they were computed from.

The linked cards' columns outlive a commit, and the process (services/live_cards.py): only
the cards changed since are read again. Exam membership is kept as long as the snapshot's tags
object is the same (no tag, deck or card set changed).
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
    IntArray,
    Membership,
    membership,
)
from pmstudy.domain.exam import ExamGoal, ExamSpec
from pmstudy.domain.learner import LearnerProfile, learner_from_counts
from pmstudy.domain.model import CardState
from pmstudy.domain.readiness import exam_day_recall
from pmstudy.services.exam_cache import SnapshotCache
from pmstudy.services.live_cards import LiveCards

T = TypeVar("T")
Decks = tuple[int, ...]


class ExamReads:
    """Cached reads for exam reports, over a session factory."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._cache: SnapshotCache | None = None
        self._opening = threading.Lock()
        self._refreshing = threading.Lock()
        self._live = LiveCards()
        self._members: dict[tuple[Decks, str], tuple[CardTags, Membership]] = {}

    def kept(self, key: Hashable, load: Callable[[], T]) -> T:
        """``load()`` once until the collection changes (derived results, e.g. a readiness)."""
        return self._cached(("kept", key), load)

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
        """Every column of the decks' cards (what the plan simulates) and their tags."""
        return self._cached(
            ("table", decks), lambda: self._read(lambda s: self._live.table(s, decks))
        )

    def memory(self, decks: Decks, end: dt.datetime) -> MemorySnapshot:
        """Readiness inputs: the cards' memory and tags, and counts up to ``end``."""
        table, tags = self.table(decks)
        return self._cached(("memory", decks, end), lambda: snapshot_of_table(table, tags, end))

    def membership(self, decks: Decks, spec: ExamSpec, groups: Groups) -> Membership:
        """Which cards of ``table(decks)`` serve which domain and task."""
        _table, tags = self.table(decks)
        key = (decks, spec.id)
        with self._refreshing:
            kept = self._members.get(key)
        if kept is not None and kept[0] is tags:
            return kept[1]
        found = membership(tags, spec.id, groups)
        with self._refreshing:
            self._members[key] = (tags, found)
        return found

    def recall(self, decks: Decks, exam_ts: float) -> FloatArray:
        """Exam-day recall of each card of ``table(decks)``."""
        table, _tags = self.table(decks)

        def load() -> FloatArray:
            recall = exam_day_recall(table.memory(), exam_ts)
            recall.flags.writeable = False  # shared by every report until the next commit
            return recall

        return self._cached(("recall", decks, exam_ts), load)

    def learner(self) -> LearnerProfile:
        """The learner's profile from the latest answers."""
        return self._cached(
            ("learner",),
            lambda: learner_from_counts(self._read(lambda s: ExamCards(s).answer_counts())),
        )

    def mock_answers(self) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
        """Mock-exam answers for the recall-to-item link (``ExamCards.mock_answers``)."""
        return self._cached(("mock",), lambda: self._read(lambda s: ExamCards(s).mock_answers()))

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
