"""What readiness and the plan read from the collection, kept until the collection changes.

Every read goes through one ``VersionCache`` (cache.py) keyed by what it depends on; the data
version of a private watch connection (db/cardcache/watch.py) empties it on any commit. Values
derived from one read (exam-day recall, counts) are kept with the same keys, so they always
pair with the very cards they were computed from.

The linked cards' columns outlive a commit, and the process (``DeckSnapshots``, cache.py):
only the cards changed since are read again. Exam membership is kept as long as the
snapshot's tags object is the same (no tag, deck or card set changed).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from pmstudy.db.cardcache import CollectionWatch, SnapshotFiles
from pmstudy.db.unit_of_work import Database, UnitOfWork
from pmstudy.domain.cards import within
from pmstudy.domain.exam import (
    CardTable,
    CardTags,
    ExamGoal,
    ExamSpec,
    FloatArray,
    Groups,
    IntArray,
    Membership,
    MemoryColumns,
    exam_day_recall,
    membership,
    unmapped,
)
from pmstudy.domain.model import CardState, Preset
from pmstudy.domain.scheduling import LearnerProfile, StudyCalendar, learner_from_counts
from pmstudy.services.exams.cache import DeckSnapshots, VersionCache
from pmstudy.services.exams.report_data import UnmappedDeck

T = TypeVar("T")
Decks = tuple[int, ...]


@dataclass(frozen=True)
class CardMemory:
    """Readiness "if you stop today" inputs for a set of decks: the cards' memory and tags,
    the new cards not suspended and the review cards (not suspended) due before the day ends."""

    memory: MemoryColumns
    tags: CardTags
    new_active: int
    reviews_due: int


def root_of(deck: str, roots: Sequence[str]) -> str | None:
    """The linked deck ``deck`` belongs to: itself, else its nearest linked parent."""
    found = [r for r in roots if within(deck, r)]
    return max(found, key=len, default=None)


def card_memory(table: CardTable, tags: CardTags, end: dt.datetime) -> CardMemory:
    """The readiness inputs of a table, with the reviews due before ``end``."""
    active = ~table.suspended
    due = (table.state == int(CardState.REVIEW)) & active & (table.due < end.timestamp())
    return CardMemory(
        table.memory(),
        tags,
        int(np.count_nonzero((table.state == int(CardState.NEW)) & active)),
        int(np.count_nonzero(due)),
    )


class ExamReads:
    """Cached reads for exam reports, over units of work."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: VersionCache | None = None
        self._opening = threading.Lock()
        self._refreshing = threading.Lock()
        self._snapshots = DeckSnapshots(SnapshotFiles.of(db.engine))
        self._members: dict[tuple[Decks, str], tuple[CardTags, Membership]] = {}

    def kept(self, key: Hashable, load: Callable[[], T]) -> T:
        """``load()`` once until the collection changes (derived results, e.g. a readiness)."""
        return self._cached(("kept", key), load)

    def _cached(self, key: Hashable, load: Callable[[], T]) -> T:
        with self._opening:  # reports run in worker threads: one watch, one cache
            if self._cache is None:
                watch = CollectionWatch.of(self._db.engine)
                self._cache = VersionCache(watch.version if watch else lambda: None)
            cache = self._cache
        return cache.get(key, load)

    def _read(self, read: Callable[[UnitOfWork], T]) -> T:
        with self._db.read() as uow:
            return read(uow)

    def goals(self) -> list[ExamGoal]:
        """Every exam goal, soonest first."""
        found = self._cached(("goals",), lambda: self._read(lambda uow: uow.exams.goals()))
        return list(found)

    def decks(self, goal: ExamGoal) -> Decks:
        """The goal's decks and their sub-decks."""
        return self._cached(
            ("decks", goal.deck_ids),
            lambda: tuple(self._read(lambda uow: uow.exams.expand_decks(goal.deck_ids))),
        )

    def table(self, decks: Decks) -> tuple[CardTable, CardTags]:
        """Every column of the decks' cards (what the plan simulates) and their tags."""
        return self._cached(
            ("table", decks), lambda: self._read(lambda uow: self._snapshots.table(uow, decks))
        )

    def memory(self, decks: Decks, end: dt.datetime) -> CardMemory:
        """Readiness inputs: the cards' memory and tags, and counts up to ``end``."""
        table, tags = self.table(decks)
        return self._cached(("memory", decks, end), lambda: card_memory(table, tags, end))

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

    def unmapped(
        self, roots: Sequence[tuple[int, str]], spec: ExamSpec, total: int | None = None
    ) -> tuple[UnmappedDeck, ...]:
        """Per linked deck (``roots``: id and name; sub-decks count for their nearest linked
        parent), its cards not mapped to the exam, in the order given; decks with none left out.

        ``total``: the count over all of them where already known (``Membership.untagged``):
        with one linked deck, or none unmapped, that is the answer. Otherwise one grouped count
        of (deck, tag text) pairs, each distinct tag text parsed once.
        """
        if total == 0 or not roots:
            return ()
        if total is not None and len(roots) == 1:
            return (UnmappedDeck(roots[0][1], total),)
        names = [name for _, name in roots]
        domains = frozenset(d.id for d in spec.domains)

        def load() -> tuple[UnmappedDeck, ...]:
            with self._db.read() as uow:
                decks = uow.exams.expand_decks([deck_id for deck_id, _ in roots])
                rows = uow.exam_cards.tag_counts_in(decks)
            found: Counter[str] = Counter()
            parsed: dict[str, bool] = {}
            for deck, text, count in rows:
                root = root_of(deck, names)
                if root is None:
                    continue
                if text not in parsed:
                    parsed[text] = unmapped(text.split(), spec.id, domains)
                if parsed[text]:
                    found[root] += count
            return tuple(UnmappedDeck(name, found[name]) for name in names if found[name])

        return self._cached(("unmapped", tuple(roots), spec.id), load)

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
            lambda: learner_from_counts(self._read(lambda uow: uow.exam_cards.answer_counts())),
        )

    def mock_answers(self) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
        """Mock-exam answers for the recall-to-item link (``ExamCards.mock_answers``)."""
        return self._cached(
            ("mock",), lambda: self._read(lambda uow: uow.exam_cards.mock_answers())
        )

    def breaks(self, first: dt.date, last: dt.date) -> frozenset[dt.date]:
        """The calendar's days without reviews (load 0) from ``first`` to ``last``."""

        def load() -> frozenset[dt.date]:
            dates = self._read(lambda uow: uow.calendar.dates(first=first, last=last))
            return frozenset(day for day, value in dates.items() if value == 0)

        return self._cached(("breaks", first, last), load)

    def day_loads(
        self, presets: Sequence[Preset], first: dt.date, count: int
    ) -> tuple[tuple[float, ...], ...] | None:
        """Each preset's day loads from ``first`` (easy weekdays, specific dates) for the load
        balancer in the plan simulation; None when the balancer is off."""

        def load() -> tuple[tuple[float, ...], ...] | None:
            on, dates = self._read(
                lambda uow: (uow.calendar.balancing(), uow.calendar.dates(first=first))
            )
            if not on:
                return None
            calendar = StudyCalendar.of(None, dates)
            return tuple(calendar.with_weekdays(p.easy_days).loads(first, count) for p in presets)

        weekdays = tuple(p.easy_days for p in presets)
        return self._cached(("day_loads", first, count, weekdays), load)

    def done(self, decks: Decks, start: dt.datetime, end: dt.datetime) -> Counter[str]:
        """Answers to the decks' cards in [start, end): new, review, other, and milliseconds."""

        def load() -> Counter[str]:
            found: Counter[str] = Counter()
            for state, count, ms in self._read(
                lambda uow: uow.exam_cards.answers_on(decks, start, end)
            ):
                key = {int(CardState.NEW): "new", int(CardState.REVIEW): "review"}.get(state)
                found[key or "other"] += count
                found["ms"] += ms
            return found

        return Counter(self._cached(("done", decks, start, end), load))
