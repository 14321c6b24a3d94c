"""Mock exams and practice sets: what can be offered, starting, resuming, scoring, history.

Mock answers go to the review log as ``mock-exam`` rows (rating Good when right, Again when
wrong; unanswered items are not logged), with the card's memory before and after the same:
**a mock does not change when a card is next due**. The FSRS memory models the learner's own
study answers; a mock is the independent check of the predictions built on it (readiness's
recall-to-item link reads these rows), and letting it reschedule cards would make the check
grade itself. The review screen's study loop stays the one place memory changes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pmstudy.clock import Clock
from pmstudy.db.mock import MockRecord
from pmstudy.db.study_store import add_review, load_cards
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.exam import ExamSpec, allocate
from pmstudy.domain.mock import (
    EndReason,
    MockFormat,
    MockKind,
    MockState,
    Phase,
    PoolItem,
    draw,
    exam_format,
    practice_format,
)
from pmstudy.domain.model import Rating, ReviewEntry, ReviewKind
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.mock.results import MockResult, MockSummary, result_of, summary_of
from pmstudy.services.mock.run import MockItem, MockRun, items_of


@dataclass(frozen=True, slots=True)
class DomainStock:
    """Exam items the learner's bank holds for one domain, against what a full mock asks."""

    domain: str
    name: str
    have: int
    full: int


@dataclass(frozen=True, slots=True)
class MockOffer:
    """What the start screen shows for one exam: the mock it can offer (None: the bank is too
    small, ``missing`` says why) and the bank per domain."""

    spec: ExamSpec
    format: MockFormat | None
    stock: tuple[DomainStock, ...]
    missing: str = ""


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A mock a killed process left open."""

    id: int
    title: str
    answered: int
    items: int
    remaining_ms: int | None


class MockService:
    """Offers, runs and scores mocks; each change is committed as it happens."""

    def __init__(
        self, db: Database, clock: Clock, seed: int, profile: Callable[[str], ExamSpec]
    ) -> None:
        self._db = db
        self._clock = clock
        self._seed = seed
        self._profile = profile

    # -- offering and starting ----------------------------------------------------------

    def offer(self, profile_id: str) -> MockOffer:
        """The mock an exam's bank allows, with the bank per domain."""
        return self._offer(profile_id, self._pool(profile_id))

    def _offer(self, profile_id: str, pool: list[PoolItem]) -> MockOffer:
        spec = self._profile(profile_id)
        counts = allocate([d.weight for d in spec.domains], spec.items_total)
        full = {d.id: n for d, n in zip(spec.domains, counts, strict=True)}
        have = {d.id: 0 for d in spec.domains}
        for item in pool:
            have[item.domain] = have.get(item.domain, 0) + 1
        stock = tuple(DomainStock(d.id, d.name, have[d.id], full[d.id]) for d in spec.domains)
        fmt = exam_format(spec, spec.sitting_or_single, len(pool))
        missing = ""
        if fmt is None:
            missing = (
                f"your bank has {len(pool)} exam items tagged for {spec.name}; a mock needs at "
                "least 10 (multiple-choice, multiple-response, matching, ordering or numeric "
                f"notes tagged exam::{spec.id}::<domain>)"
            )
        return MockOffer(spec, fmt, stock, missing)

    def start_exam(self, profile_id: str) -> MockRun:
        """A mock of the exam in its real format (shortened when the bank is too small)."""
        pool = self._pool(profile_id)
        offer = self._offer(profile_id, pool)
        if offer.format is None:
            raise PmStudyError(f"no mock possible: {offer.missing}")
        return self._start(offer.spec, offer.format, pool)

    def start_practice(
        self,
        profile_id: str,
        *,
        items: int,
        domain: str | None = None,
        tasks: Sequence[tuple[str, str | None]] | None = None,
        card_ids: Sequence[int] | None = None,
        timed: bool = False,
        title: str = "",
    ) -> MockRun:
        """``items`` items from one domain, some tasks, or given cards (a search), timed at
        the exam's pace or untimed."""
        spec = self._profile(profile_id)
        pool = self._pool(profile_id, card_ids)
        if domain is not None:
            if spec.domain(domain) is None:
                raise NotFoundError(f"{spec.name} has no domain '{domain}'")
            pool = [p for p in pool if p.domain == domain]
        if tasks is not None:
            wanted = set(tasks)
            pool = [p for p in pool if (p.domain, p.task) in wanted or (p.domain, None) in wanted]
        if items <= 0:
            raise PmStudyError("a practice set needs at least one item")
        if not pool:
            raise PmStudyError(f"no exam items of {spec.name} match that choice")
        count = min(items, len(pool))
        named = title or f"{spec.name} practice set"
        return self._start(spec, practice_format(spec, named, count, timed=timed), pool)

    def _start(self, spec: ExamSpec, fmt: MockFormat, pool: list[PoolItem]) -> MockRun:
        now = self._clock.now()
        seed = (self._seed * 1_000_003 + int(now.timestamp() * 1000)) % (2**62)
        drawn = draw(spec, pool, fmt.items, fmt.unscored, random.Random(seed))
        state = MockState.start(fmt, now)
        with self._db.write() as uow:
            mock_id = uow.mocks.create(fmt, drawn, state, seed=seed, now=now)
            record = uow.mocks.load(mock_id)
        assert record is not None
        return self._run(record, fmt)

    # -- resuming -----------------------------------------------------------------------

    def unfinished(self) -> Unfinished | None:
        """The mock a killed process left open, if any."""
        with self._db.read() as uow:
            record = uow.mocks.unfinished()
        if record is None:
            return None
        return Unfinished(
            id=record.id,
            title=record.title,
            answered=sum(i.answered for i in record.state.items),
            items=len(record.drawn),
            remaining_ms=record.state.remaining_ms(),
        )

    def resume(self, mock_id: int) -> MockRun:
        """Take up an unfinished mock: same items, answers, flags and time left; its clock
        starts again now (the time no process ran is not charged)."""
        record = self._record(mock_id)
        if record.finished_at is not None:
            raise PmStudyError(f"mock {mock_id} is already finished")
        run = self._run(record, self._format_of(record))
        run.state = record.state.resumed(self._clock.now())
        if run.state.phase == Phase.FINISHED:  # killed between ending and scoring
            self._finish(run)
        return run

    def abandon(self, mock_id: int) -> MockResult:
        """End an unfinished mock without resuming it, and score it as it stands."""
        run = self.resume(mock_id)
        if not run.finished:
            run.state = run.state.submit(self._clock.now(), EndReason.ABANDONED)
            self._finish(run)
        return self.result(mock_id)

    # -- results ------------------------------------------------------------------------

    def result(self, mock_id: int) -> MockResult:
        """A mock's results and its items for review."""
        record = self._record(mock_id)
        spec = self._profile(record.profile_id)
        return result_of(spec, record, self._items(record))

    def history(self, profile_id: str | None = None) -> list[MockSummary]:
        """Finished mocks, the newest first."""
        with self._db.read() as uow:
            return [summary_of(r) for r in uow.mocks.history(profile_id)]

    def last(self, profile_id: str) -> MockResult | None:
        """The latest finished full mock of an exam (the exams screen compares it with the
        prediction), else None."""
        with self._db.read() as uow:
            records = uow.mocks.history(profile_id, limit=1, kind=MockKind.EXAM)
        if not records:
            return None
        record = records[0]
        return result_of(self._profile(record.profile_id), record, self._items(record))

    # -- inside -------------------------------------------------------------------------

    def _pool(self, profile_id: str, card_ids: Sequence[int] | None = None) -> list[PoolItem]:
        with self._db.read() as uow:
            return uow.mocks.pool(profile_id, card_ids)

    def _record(self, mock_id: int) -> MockRecord:
        with self._db.read() as uow:
            record = uow.mocks.load(mock_id)
        if record is None:
            raise NotFoundError(f"no mock {mock_id}")
        return record

    def _items(self, record: MockRecord) -> list[MockItem]:
        ids = [d.card_id for d in record.drawn if d.card_id is not None]
        with self._db.read() as uow:
            cards = load_cards(uow.connection, ids)
        return items_of(record.id, record.drawn, cards)

    def _format_of(self, record: MockRecord) -> MockFormat:
        state = record.state
        return MockFormat(
            kind=record.kind,
            profile_id=record.profile_id,
            title=record.title,
            items=len(record.drawn),
            limit_s=None if state.limit_ms is None else state.limit_ms // 1000,
            sections=state.sections,
            break_s=state.break_s,
            lock=state.lock,
            pause=state.pause,
            unscored=sum(not d.scored for d in record.drawn),
            full_length=record.full_length,
            notes=record.notes,
        )

    def _run(self, record: MockRecord, fmt: MockFormat) -> MockRun:
        return MockRun(
            self._db,
            self._clock,
            mock_id=record.id,
            fmt=fmt,
            items=self._items(record),
            state=record.state,
            on_finish=self._finish,
        )

    def _finish(self, run: MockRun) -> None:
        """Score a mock that has ended and log its answers, in one transaction."""
        now = self._clock.now()
        correct = []
        entries = []
        for item, state in zip(run.items, run.state.items, strict=True):
            grade = item.grade(state.response) if state.answered else None
            right = bool(grade is not None and grade.correct)
            correct.append(right)
            if grade is not None and item.card is not None:
                memory = item.card.memory
                entries.append(
                    ReviewEntry(
                        card_id=item.card.id,
                        rating=Rating.GOOD if right else Rating.AGAIN,
                        answered_at=now,
                        duration_ms=state.time_ms,
                        kind=ReviewKind.MOCK_EXAM,
                        before=memory,
                        after=memory,
                        answer=grade.logged,
                    )
                )
        scored = [c for c, d in zip(correct, (i.drawn for i in run.items), strict=True) if d.scored]
        with self._db.write() as uow:
            uow.mocks.save(run.id, run.state, range(len(run.items)), now=now)
            uow.mocks.finish(run.id, correct, right=sum(scored), scored=len(scored), now=now)
            for entry in entries:
                add_review(uow.connection, entry)
