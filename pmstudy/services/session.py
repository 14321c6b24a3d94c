"""A study session: the next card, answers (each committed at once), undo, bury, suspend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from pmstudy.clock import Clock
from pmstudy.db import study_store as store
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.cards import RenderedCard, render
from pmstudy.domain.fmt import interval
from pmstudy.domain.model import (
    LEECH_TAG,
    CardState,
    LeechAction,
    Memory,
    Preset,
    Rating,
    ReviewEntry,
    StudyCard,
)
from pmstudy.domain.scheduling import Counts, DayClock, Scheduler, StudyQueue, fuzz_rng, review_kind
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.balancing import SessionLoads
from pmstudy.services.read_ahead import ReadAhead
from pmstudy.services.session_results import AnswerResult, DuePolicy, UndoKind, UndoStep
from pmstudy.services.session_summary import SessionSummary, SummaryAnswer, domains_of

__all__ = [
    "AnswerResult",
    "DuePolicy",
    "SessionSummary",
    "StudySession",
    "UndoKind",
    "UndoStep",
]

MAX_ANSWER_MS = 60_000


@dataclass(frozen=True)
class _Outcome:
    """An answer computed from one memory: what to store and log."""

    after: Memory
    fsrs_due: dt.datetime | None
    leech: bool
    entry: ReviewEntry


class StudySession:
    """One sitting at one deck (and its sub-decks).

    Cards are read ahead in batches and answers are written with Core statements in one short
    transaction each: the answer is on disk before ``answer`` returns.
    """

    PREFETCH = 100
    WARM = 600

    def __init__(
        self,
        db: Database,
        clock: Clock,
        days: DayClock,
        seed: int,
        queue: StudyQueue,
        due_policy: DuePolicy | None = None,
    ) -> None:
        self._db = db
        self._due_policy = due_policy
        self._clock = clock
        self._days = days
        self._seed = seed
        self._queue = queue
        self._undo: list[UndoStep] = []
        self._presets: dict[int, Preset] = {}
        self._ahead = ReadAhead(db)
        self._loads = SessionLoads(db, days)
        self.current: StudyCard | None = None
        self.summary = SessionSummary()

    # --- reading ---------------------------------------------------------------------

    def _scheduler_for(self, card: StudyCard) -> Scheduler:
        self._load_presets({card.deck_id})
        preset = self._presets.get(card.deck_id)
        if preset is None:
            raise PmStudyError(f"deck {card.deck_id} no longer exists")
        return Scheduler(preset, self._days)

    def _load_presets(self, deck_ids: set[int]) -> None:
        """Read every deck's preset (two queries) when one of these decks has none yet.

        Called with the cards read ahead, so answering never waits on it.
        """
        if deck_ids <= self._presets.keys():
            return
        with self._db.read() as uow:
            self._presets.update(uow.repo.presets_by_deck())

    def warm(self) -> None:
        """Read today's queue ahead (up to WARM cards) so answering never waits on a read."""
        self._read(self._queue.upcoming(self.WARM))

    def _read(self, card_ids: list[int]) -> None:
        loaded = self._ahead.read(card_ids)
        self._load_presets({c.deck_id for c in loaded})

    def _load(self, card_id: int) -> StudyCard:
        if self._ahead.get(card_id) is None:
            self._read([card_id, *self._queue.upcoming(self.PREFETCH)])
        card = self._ahead.get(card_id)
        if card is None:
            raise PmStudyError(f"card {card_id} no longer exists")
        return card

    def next_card(self) -> StudyCard | None:
        """Move to the next card (None when done for now) and return it."""
        card_id = self._queue.next_card(self._clock.now())
        self.current = None if card_id is None else self._load(card_id)
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
        scheduler = self._scheduler_for(card)
        now = self._clock.now()
        preview = scheduler.preview(
            card.memory,
            now=now,
            seed=self._seed,
            card_id=card.id,
            balance=self._loads.loads(
                card, scheduler.preset, now, siblings=bool(self._ahead.buryable_siblings(card))
            ),
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
        self,
        rating: Rating,
        *,
        duration_ms: int,
        answer: str | None = None,
        correct: bool | None = None,
    ) -> AnswerResult:
        """Grade the current card; the review is committed before this returns. ``correct`` is
        the card kind's grade of the answer (None: the learner judged), for the summary."""
        card = self._require()
        now = self._clock.now()
        scheduler = self._scheduler_for(card)
        preset = scheduler.preset
        kept = max(0, min(duration_ms, MAX_ANSWER_MS))
        outcome = self._outcome(card, card.memory, rating, now, scheduler, kept, answer)
        siblings = self._ahead.buryable_siblings(card) if preset.bury_siblings else []
        wanted = {card.id, *siblings}
        flags = {c: value for c, value in self._ahead.flags_of(card).items() if c in wanted}
        flags.setdefault(card.id, (card.suspended, card.buried_until))
        bury_until = self._days.next_day_start(now)
        recomputed = False
        with self._db.engine.begin() as connection:
            if not store.replace_memory(connection, card.id, card.memory, outcome.after):
                # Changed since read (another window answered it, a reschedule moved it):
                # answer from what is stored, never over it.
                stored = store.memory_of(connection, card.id)
                if stored is None:
                    raise NotFoundError(f"card {card.id} no longer exists")
                outcome = self._outcome(card, stored, rating, now, scheduler, kept, answer)
                store.write_memory(connection, card.id, outcome.after)
                recomputed = True
            entry, after, leech = outcome.entry, outcome.after, outcome.leech
            before = entry.before
            suspend = leech and preset.leech_action == LeechAction.SUSPEND
            tags_before = card.note.tags if leech else None
            review_id = store.add_review(connection, entry)
            store.set_flags(connection, siblings, suspended=False, buried_until=bury_until)
            if leech and LEECH_TAG not in card.note.tags and card.note.id is not None:
                store.set_tags(connection, card.note.id, (*card.note.tags, LEECH_TAG))
            if suspend:
                store.set_flags(
                    connection, [card.id], suspended=True, buried_until=card.buried_until
                )
        note = card.note
        if leech and LEECH_TAG not in note.tags:
            note = replace(note, tags=(*note.tags, LEECH_TAG))
        self._loads.moved(preset.id, before, after)
        self._ahead.remember(card, memory=after, note=note, suspended=card.suspended or suspend)
        self._ahead.bury(siblings, bury_until)
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
                after=after,
            )
        )
        self._queue.answered(card.id, after)
        if siblings:
            self._queue.remove(set(siblings))
        if suspend:
            self._queue.remove({card.id})
        self.summary.count(
            SummaryAnswer(rating, entry.duration_ms, domains_of(card.note.tags), correct)
        )
        self.current = None
        return AnswerResult(
            card.id,
            rating,
            after,
            leech,
            len(siblings),
            after.due != outcome.fsrs_due,
            recomputed,
        )

    def _outcome(
        self,
        card: StudyCard,
        before: Memory,
        rating: Rating,
        now: dt.datetime,
        scheduler: Scheduler,
        duration_ms: int,
        answer: str | None,
    ) -> _Outcome:
        """The answer computed from ``before``: FSRS (seeded fuzz), the due policy, leech."""
        after = scheduler.review(
            before,
            rating,
            now=now,
            rng=fuzz_rng(self._seed, card.id, before.reps),
            balance=self._loads.loads(
                card, scheduler.preset, now, siblings=bool(self._ahead.buryable_siblings(card))
            ),
        )
        fsrs_due = after.due
        if self._due_policy is not None:
            after = self._due_policy(card, after, now, scheduler.parameters)
        threshold = scheduler.preset.leech_threshold
        leech = (
            after.lapses > before.lapses
            and after.lapses >= threshold
            and (after.lapses - threshold) % max(threshold // 2, 1) == 0
        )
        entry = ReviewEntry(
            card_id=card.id,
            rating=rating,
            answered_at=now,
            duration_ms=duration_ms,
            kind=review_kind(before.state),
            before=before,
            after=after,
            answer=answer,
        )
        return _Outcome(after, fsrs_due, leech, entry)

    def _flag_action(self, kind: UndoKind) -> None:
        card = self._require()
        now = self._clock.now()
        until = self._days.next_day_start(now)
        with self._db.engine.begin() as connection:
            if kind == UndoKind.SUSPEND:
                store.set_flags(
                    connection, [card.id], suspended=True, buried_until=card.buried_until
                )
            else:
                store.set_flags(connection, [card.id], suspended=card.suspended, buried_until=until)
        self._undo.append(
            UndoStep(
                kind=kind,
                card_id=card.id,
                before=card.memory,
                review_id=None,
                flags={card.id: (card.suspended, card.buried_until)},
                tags=None,
                note_id=None,
                was_new=card.id in self._queue.new,
                was_review=card.id in self._queue.reviews,
            )
        )
        if kind == UndoKind.SUSPEND:
            self._ahead.remember(card, suspended=True)
        else:
            self._ahead.remember(card, buried_until=until)
        self._queue.remove({card.id})
        self.current = None

    def suspend(self) -> None:
        """Suspend the current card (undoable)."""
        self._flag_action(UndoKind.SUSPEND)

    def bury(self) -> None:
        """Bury the current card until tomorrow (undoable)."""
        self._flag_action(UndoKind.BURY)

    def undo(self) -> UndoStep | None:
        """Take back the last action; the card becomes current again.

        An answer is taken back only while the card still holds what it stored: when another
        window or a reschedule has changed the card since, nothing changes and the step comes
        back with ``restored`` False (the later change was computed from this answer).
        """
        if not self._undo:
            return None
        step = self._undo.pop()
        expected = step.before if step.after is None else step.after
        with self._db.engine.begin() as connection:
            restored = step.kind != UndoKind.ANSWER or store.replace_memory(
                connection, step.card_id, expected, step.before
            )
            if restored:
                if step.review_id is not None:
                    store.delete_review(connection, step.review_id)
                for card_id, (suspended, buried) in step.flags.items():
                    store.set_flags(connection, [card_id], suspended=suspended, buried_until=buried)
                if step.tags is not None and step.note_id is not None:
                    store.set_tags(connection, step.note_id, step.tags)
            reloaded = self._ahead.load(
                connection, list(step.flags) if restored else [step.card_id]
            )
        self._ahead.keep(reloaded)
        if not restored:
            return replace(step, restored=False)
        self.current = reloaded.get(step.card_id)
        if step.kind == UndoKind.ANSWER:
            self.summary.forget()
            if self.current is not None and step.after is not None:
                preset = self._presets.get(self.current.deck_id)
                self._loads.moved(None if preset is None else preset.id, step.after, step.before)
        self._queue.restore(step.card_id, step.before, step.was_new, step.was_review)
        if step.kind == UndoKind.ANSWER:
            # siblings buried by that answer come back too
            for card_id in step.flags:
                if card_id == step.card_id or card_id not in reloaded:
                    continue
                state = reloaded[card_id].memory.state
                if state == CardState.NEW:
                    self._queue.new.append(card_id)
                elif state == CardState.REVIEW:
                    self._queue.reviews.append(card_id)
        return step

    def refresh_current(self) -> None:
        """Reload the current card (after its note was edited)."""
        if self.current is None:
            return
        reloaded = self._ahead.refresh(self.current)
        if self.current.id not in reloaded:
            gone = self.current.id
            self._queue.remove({gone})
            self.current = None
            raise NotFoundError(f"card {gone} was removed by the edit")
        self.current = reloaded[self.current.id]
