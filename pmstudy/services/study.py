"""Study sessions: the next card, answers (each committed at once), undo, bury, suspend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db.repo import Repository
from pmstudy.domain.days import DayClock
from pmstudy.domain.fmt import interval
from pmstudy.domain.model import (
    CardState,
    LeechAction,
    Memory,
    Preset,
    Rating,
    ReviewEntry,
    StudyCard,
)
from pmstudy.domain.queue import Counts, StudyQueue
from pmstudy.domain.render import RenderedCard, render
from pmstudy.domain.scheduler import Scheduler, fuzz_rng, review_kind
from pmstudy.errors import PmStudyError
from pmstudy.services.clock import Clock

MAX_ANSWER_MS = 60_000
LEECH_TAG = "leech"


class UndoKind(Enum):
    """What an undo step takes back."""

    ANSWER = "answer"
    SUSPEND = "suspend"
    BURY = "bury"


@dataclass(frozen=True)
class UndoStep:
    """Everything needed to put one action back exactly."""

    kind: UndoKind
    card_id: int
    before: Memory
    review_id: int | None
    flags: dict[int, tuple[bool, dt.datetime | None]]
    tags: tuple[str, ...] | None
    note_id: int | None
    was_new: bool
    was_review: bool


@dataclass(frozen=True)
class AnswerResult:
    """What an answer did."""

    card_id: int
    rating: Rating
    after: Memory
    leech: bool
    buried_siblings: int


@dataclass
class SessionSummary:
    """The end-of-session numbers."""

    answered: int = 0
    again: int = 0
    seconds: float = 0.0
    by_rating: dict[int, int] = field(default_factory=dict)

    @property
    def again_rate(self) -> float:
        """Share of answers that were Again."""
        return self.again / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class DeckNode:
    """A deck in the tree with what is left to study today."""

    id: int
    name: str
    depth: int
    leaf: str
    counts: Counts
    total: int


class StudySession:
    """One sitting at one deck (and its sub-decks)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        days: DayClock,
        seed: int,
        deck_ids: list[int],
        preset: Preset,
        queue: StudyQueue,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._days = days
        self._seed = seed
        self._deck_ids = deck_ids
        self._preset = preset
        self._queue = queue
        self._undo: list[UndoStep] = []
        self._presets: dict[int, Preset] = {}
        self.current: StudyCard | None = None
        self.summary = SessionSummary()

    # --- reading ---------------------------------------------------------------------

    def _scheduler_for(self, card: StudyCard) -> Scheduler:
        preset = self._presets.get(card.deck_id)
        if preset is None:
            with self._sessions() as session:
                repo = Repository(session)
                preset = repo.preset(repo.deck(card.deck_id).preset_id)
            self._presets[card.deck_id] = preset
        return Scheduler(preset)

    def next_card(self) -> StudyCard | None:
        """Move to the next card (None when done for now) and return it."""
        card_id = self._queue.next_card(self._clock.now())
        if card_id is None:
            self.current = None
            return None
        with self._sessions() as session:
            self.current = Repository(session).card(card_id)
        return self.current

    def rendered(self) -> RenderedCard:
        """The current card, rendered (multiple-choice options shuffled, seeded)."""
        card = self._require()
        return render(card, shuffle_seed=f"{self._seed}:{card.id}:{card.memory.reps}")

    def counts(self) -> Counts:
        """New / learning / review left in this session."""
        return self._queue.counts(self._clock.now())

    def intervals(self) -> dict[Rating, str]:
        """The interval each rating would give the current card, e.g. {AGAIN: '1m', ...}."""
        card = self._require()
        preview = self._scheduler_for(card).preview(
            card.memory, now=self._clock.now(), seed=self._seed, card_id=card.id
        )
        return {rating: interval(delta) for rating, delta in preview.items()}

    def next_learning_due(self) -> dt.datetime | None:
        """When a learning card comes back, if the session is only waiting for one."""
        return self._queue.next_learning_due()

    @property
    def can_undo(self) -> bool:
        """Whether there is something to undo."""
        return bool(self._undo)

    def _require(self) -> StudyCard:
        if self.current is None:
            raise PmStudyError("there is no card to act on")
        return self.current

    # --- answering ---------------------------------------------------------------------

    def answer(
        self, rating: Rating, *, duration_ms: int, answer: str | None = None
    ) -> AnswerResult:
        """Grade the current card; the review is committed before this returns."""
        card = self._require()
        now = self._clock.now()
        scheduler = self._scheduler_for(card)
        before = card.memory
        after = scheduler.review(
            before, rating, now=now, rng=fuzz_rng(self._seed, card.id, before.reps)
        )
        preset = scheduler.preset
        leech = (
            after.lapses > before.lapses
            and after.lapses >= preset.leech_threshold
            and (after.lapses - preset.leech_threshold) % max(preset.leech_threshold // 2, 1) == 0
        )
        entry = ReviewEntry(
            card_id=card.id,
            rating=rating,
            answered_at=now,
            duration_ms=max(0, min(duration_ms, MAX_ANSWER_MS)),
            kind=review_kind(before.state),
            before=before,
            after=after,
            answer=answer,
        )
        with self._sessions.begin() as session:
            repo = Repository(session)
            siblings: list[int] = []
            if preset.bury_siblings:
                siblings = [
                    s for s in repo.sibling_ids(card.id) if self._buryable(repo.card(s).memory)
                ]
            flags = repo.card_flags([card.id, *siblings])
            review_id = repo.add_review(entry)
            repo.save_memory(card.id, after)
            repo.set_buried(siblings, self._days.next_day_start(now))
            tags_before: tuple[str, ...] | None = None
            if leech:
                tags_before = card.note.tags
                if LEECH_TAG not in card.note.tags and card.note.id is not None:
                    repo.set_note_tags(card.note.id, (*card.note.tags, LEECH_TAG))
                if preset.leech_action == LeechAction.SUSPEND:
                    repo.set_suspended([card.id], True)
        self._undo.append(
            UndoStep(
                kind=UndoKind.ANSWER,
                card_id=card.id,
                before=before,
                review_id=review_id,
                flags=flags,
                tags=tags_before,
                note_id=card.note.id,
                was_new=card.id in self._queue.new,
                was_review=card.id in self._queue.reviews,
            )
        )
        self._queue.answered(card.id, after)
        if siblings:
            self._queue.remove(set(siblings))
        if leech and preset.leech_action == LeechAction.SUSPEND:
            self._queue.remove({card.id})
        self.summary.answered += 1
        self.summary.again += rating == Rating.AGAIN
        self.summary.seconds += entry.duration_ms / 1000
        self.summary.by_rating[int(rating)] = self.summary.by_rating.get(int(rating), 0) + 1
        self.current = None
        return AnswerResult(card.id, rating, after, leech, len(siblings))

    @staticmethod
    def _buryable(memory: Memory) -> bool:
        return memory.state in (CardState.NEW, CardState.REVIEW)

    def _flag_action(self, kind: UndoKind) -> None:
        card = self._require()
        now = self._clock.now()
        with self._sessions.begin() as session:
            repo = Repository(session)
            flags = repo.card_flags([card.id])
            if kind == UndoKind.SUSPEND:
                repo.set_suspended([card.id], True)
            else:
                repo.set_buried([card.id], self._days.next_day_start(now))
        self._undo.append(
            UndoStep(
                kind=kind,
                card_id=card.id,
                before=card.memory,
                review_id=None,
                flags=flags,
                tags=None,
                note_id=None,
                was_new=card.id in self._queue.new,
                was_review=card.id in self._queue.reviews,
            )
        )
        self._queue.remove({card.id})
        self.current = None

    def suspend(self) -> None:
        """Suspend the current card (undoable)."""
        self._flag_action(UndoKind.SUSPEND)

    def bury(self) -> None:
        """Bury the current card until tomorrow (undoable)."""
        self._flag_action(UndoKind.BURY)

    def undo(self) -> UndoStep | None:
        """Take back the last action; the card becomes current again."""
        if not self._undo:
            return None
        step = self._undo.pop()
        with self._sessions.begin() as session:
            repo = Repository(session)
            if step.review_id is not None:
                repo.delete_review(step.review_id)
            repo.save_memory(step.card_id, step.before)
            for card_id, (suspended, buried) in step.flags.items():
                repo.set_suspended([card_id], suspended)
                repo.set_buried([card_id], buried)
            if step.tags is not None and step.note_id is not None:
                repo.set_note_tags(step.note_id, step.tags)
            self.current = repo.card(step.card_id)
        if step.kind == UndoKind.ANSWER:
            self.summary.answered = max(0, self.summary.answered - 1)
        self._queue.restore(step.card_id, step.before, step.was_new, step.was_review)
        if step.kind == UndoKind.ANSWER:
            # siblings buried by that answer come back too
            restored = [c for c in step.flags if c != step.card_id]
            if restored:
                self._restore_to_queue(restored)
        return step

    def _restore_to_queue(self, card_ids: list[int]) -> None:
        with self._sessions() as session:
            repo = Repository(session)
            for card_id in card_ids:
                memory = repo.card(card_id).memory
                if memory.state == CardState.NEW:
                    self._queue.new.append(card_id)
                elif memory.state == CardState.REVIEW:
                    self._queue.reviews.append(card_id)

    def refresh_current(self) -> None:
        """Reload the current card (after its note was edited)."""
        if self.current is not None:
            with self._sessions() as session:
                self.current = Repository(session).card(self.current.id)


class StudyService:
    """Deck overview and session factory."""

    def __init__(
        self, sessions: sessionmaker[Session], clock: Clock, days: DayClock, seed: int
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._days = days
        self._seed = seed

    @property
    def clock(self) -> Clock:
        """The clock in use."""
        return self._clock

    def deck_tree(self) -> list[DeckNode]:
        """Every deck with what is left today, sub-decks included and limits applied."""
        now = self._clock.now()
        day = self._days.day_of(now)
        start, end = self._days.start_of(day), self._days.next_day_start(now)
        with self._sessions() as session:
            repo = Repository(session)
            decks = repo.decks()
            raw = repo.raw_counts(now=now, day_start=start, day_end=end)
            presets = repo.presets_by_deck()
        nodes = []
        for deck in decks:
            prefix = deck.name + "::"
            members = [d for d in decks if d.name == deck.name or d.name.startswith(prefix)]
            new = learning = review = total = new_done = reviews_done = 0
            for member in members:
                counts = raw.get(member.id)
                if counts is None:
                    continue
                new += counts.new
                learning += counts.learning
                review += counts.review
                total += counts.total
                new_done += counts.new_done
                reviews_done += counts.reviews_done
            preset = presets[deck.id]
            new = max(0, min(new, preset.new_per_day - new_done))
            review = max(0, min(review, preset.max_reviews_per_day - reviews_done))
            parts = deck.name.split("::")
            nodes.append(
                DeckNode(
                    deck.id,
                    deck.name,
                    len(parts) - 1,
                    parts[-1],
                    Counts(new, learning, review),
                    total,
                )
            )
        return nodes

    def start(self, deck_id: int) -> StudySession:
        """A session over a deck and its sub-decks, with today's limits applied."""
        now = self._clock.now()
        node = next((n for n in self.deck_tree() if n.id == deck_id), None)
        if node is None:
            raise PmStudyError(f"no deck with id {deck_id}")
        with self._sessions() as session:
            repo = Repository(session)
            deck = repo.deck(deck_id)
            preset = repo.preset(deck.preset_id)
            deck_ids = repo.deck_ids_in(deck.name)
            reviews, new, learning = repo.queue_ids(
                deck_ids,
                now=now,
                day_end=self._days.next_day_start(now),
                review_limit=node.counts.review,
                new_limit=node.counts.new,
            )
        queue = StudyQueue(
            reviews=reviews, new=new, learning=learning, day_end=self._days.next_day_start(now)
        )
        return StudySession(
            self._sessions, self._clock, self._days, self._seed, deck_ids, preset, queue
        )
