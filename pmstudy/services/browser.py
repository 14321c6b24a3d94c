"""The card browser: search, rows for a page, a preview, and bulk actions with undo.

Every bulk action is one transaction and one undo step. Manual scheduling changes (reset to
new, set due date) also append a ``manual`` review-log row per card, so that replaying the
log still gives each card's stored state; undo removes those rows again.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pmstudy.clock import Clock
from pmstudy.db.browse import compile_search, load_context, store
from pmstudy.db.convert import MEMORY_COLUMNS, tags_from_text, tags_to_text
from pmstudy.db.study_store import load_cards
from pmstudy.db.unit_of_work import Database, UnitOfWork
from pmstudy.domain.cards import render
from pmstudy.domain.model import NEW_MEMORY, CardState, Memory, StudyCard
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, DayClock, retrievability
from pmstudy.domain.search import (
    BrowseRow,
    BulkResult,
    CardPreview,
    Node,
    SearchResult,
    SortKey,
    front_line,
    parse,
    parse_due_spec,
)
from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    from pmstudy.services.tuning import MoveReport, PostponeService

MAX_UNDO = 30


@dataclass
class _UndoStep:
    """What one bulk action changed, enough to put it back in one transaction."""

    label: str
    cards: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    added_reviews: list[int] = field(default_factory=list)
    deleted: store.DeletedRows | None = None
    created_decks: list[int] = field(default_factory=list)
    # a postpone or advance step (services.tuning.postpone), taken back by its own undo
    due_move: str | None = None


class BrowserService:
    """Find cards and change many at once."""

    def __init__(self, db: Database, clock: Clock, days: DayClock, seed: int) -> None:
        self._db = db
        self._clock = clock
        self._days = days
        self._seed = seed
        self._undo: list[_UndoStep] = []

    # --- searching ---------------------------------------------------------------------

    @staticmethod
    def parse(query: str) -> Node:
        """The query's syntax tree; raises SearchError (with the position) when invalid."""
        return parse(query)

    def search(
        self, query: str, *, sort: SortKey = SortKey.CREATED, descending: bool = False
    ) -> SearchResult:
        """Every card matching ``query``, sorted over all matches."""
        node = parse(query)
        with self._db.read() as uow:
            context = load_context(uow.connection, self._clock.now(), self._days)
            compiled = compile_search(node, context)
            ids = store.ordered_ids(uow.connection, compiled, sort, context)
        if descending:
            ids.reverse()
        return SearchResult(query, sort, descending, tuple(ids))

    def rows(self, card_ids: Sequence[int]) -> list[BrowseRow]:
        """Browser rows for the cards, in the given order (missing cards left out)."""
        now = self._clock.now()
        with self._db.read() as uow:
            found = load_cards(uow.connection, list(card_ids))
            params = _parameters(uow)
        return [
            _row(found[c], now, params.get(found[c].deck_id, DEFAULT_PARAMETERS))
            for c in card_ids
            if c in found
        ]

    def preview(self, card_id: int) -> CardPreview:
        """A card rendered for the preview pane, with its recall now and answer count."""
        with self._db.read() as uow:
            found = load_cards(uow.connection, [card_id])
            if card_id not in found:
                raise PmStudyError(f"card {card_id} no longer exists")
            params = _parameters(uow)
            reviews = store.answer_count(uow.connection, card_id)
        card = found[card_id]
        recall = _recall(card, self._clock.now(), params.get(card.deck_id, DEFAULT_PARAMETERS))
        return CardPreview(card, render(card), recall, reviews)

    def deck_names(self) -> list[str]:
        """Every deck's full name, sorted."""
        with self._db.read() as uow:
            return uow.repo.deck_names()

    # --- undo --------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        """Whether a bulk action can be taken back."""
        return bool(self._undo)

    @property
    def undo_label(self) -> str | None:
        """What undo would take back."""
        return self._undo[-1].label if self._undo else None

    def undo(self) -> str | None:
        """Take back the last bulk action (one transaction); its label, or None."""
        if not self._undo:
            return None
        step = self._undo.pop()
        if step.due_move is not None:
            self._moves().undo(step=step.due_move)
            return step.label
        with self._db.write() as uow:
            connection = uow.connection
            if step.deleted is not None:
                store.restore_deleted(connection, step.deleted)
            store.delete_reviews(connection, step.added_reviews)
            store.restore_cards(connection, step.cards)
            store.restore_notes(connection, step.notes)
            store.drop_empty_decks(connection, step.created_decks)
        return step.label

    def _remember(self, step: _UndoStep) -> None:
        self._undo.append(step)
        del self._undo[:-MAX_UNDO]

    def _card_action(self, label: str, card_ids: Sequence[int], **values: Any) -> BulkResult:
        """Set the same ``values`` on every card (one undo step)."""
        with self._db.write() as uow:
            ids = store.existing_ids(uow.connection, card_ids)
            before = store.capture_cards(uow.connection, ids, list(values))
            store.set_cards(uow.connection, ids, **values)
        if ids:
            self._remember(_UndoStep(label, cards=before))
        return BulkResult(label, len(ids))

    # --- bulk actions ------------------------------------------------------------------

    def suspend(self, card_ids: Sequence[int]) -> BulkResult:
        """Suspend the cards."""
        return self._card_action("suspend", card_ids, suspended=True)

    def unsuspend(self, card_ids: Sequence[int]) -> BulkResult:
        """Unsuspend the cards."""
        return self._card_action("unsuspend", card_ids, suspended=False)

    def bury(self, card_ids: Sequence[int]) -> BulkResult:
        """Bury the cards until the next study day."""
        until = self._days.next_day_start(self._clock.now())
        return self._card_action("bury", card_ids, buried_until=until)

    def unbury(self, card_ids: Sequence[int]) -> BulkResult:
        """Unbury the cards."""
        return self._card_action("unbury", card_ids, buried_until=None)

    def set_flag(self, card_ids: Sequence[int], flag: int) -> BulkResult:
        """Set the flag colour (0 removes it)."""
        if not 0 <= flag <= 7:
            raise PmStudyError("a flag is a number from 0 (none) to 7")
        return self._card_action("flag" if flag else "unflag", card_ids, flag=flag)

    def add_tags(self, card_ids: Sequence[int], tags: Sequence[str]) -> BulkResult:
        """Add tags to the cards' notes."""
        _check_tags(tags)
        return self._tag_action(
            "add tags",
            card_ids,
            lambda have: (*have, *(t for t in tags if t.lower() not in {h.lower() for h in have})),
        )

    def remove_tags(self, card_ids: Sequence[int], tags: Sequence[str]) -> BulkResult:
        """Remove tags (compared without case) from the cards' notes."""
        _check_tags(tags)
        gone = {t.lower() for t in tags}
        return self._tag_action(
            "remove tags", card_ids, lambda have: tuple(h for h in have if h.lower() not in gone)
        )

    def _tag_action(
        self,
        label: str,
        card_ids: Sequence[int],
        new_tags: Callable[[tuple[str, ...]], tuple[str, ...]],
    ) -> BulkResult:
        now = self._clock.now()
        with self._db.write() as uow:
            connection = uow.connection
            ids = store.existing_ids(connection, card_ids)
            note_ids = store.note_ids_of(connection, ids)
            before = store.capture_notes(connection, note_ids)
            changed = {}
            for row in before:
                have = tags_from_text(row["tags"])
                wanted = tags_to_text(new_tags(have))
                if wanted != row["tags"]:
                    changed[row["id"]] = wanted
            store.set_note_tags(connection, changed, now)
        kept = [row for row in before if row["id"] in changed]
        if kept:
            self._remember(_UndoStep(label, notes=kept))
        return BulkResult(label, len(ids), notes=len(changed))

    def move(self, card_ids: Sequence[int], deck_name: str) -> BulkResult:
        """Move the cards to a deck (created, with its parents, when missing)."""
        name = deck_name.strip()
        if not name:
            raise PmStudyError("name the deck to move the cards to")
        now = self._clock.now()
        with self._db.write() as uow:
            connection = uow.connection
            ids = store.existing_ids(connection, card_ids)
            if not ids:
                return BulkResult("move", 0)
            decks_before = uow.repo.deck_ids()
            try:
                deck_id = uow.repo.ensure_deck(name, now=now)
            except ValueError as exc:
                raise PmStudyError(str(exc)) from exc
            created = sorted(uow.repo.deck_ids() - decks_before)
            before = store.capture_cards(connection, ids, ["deck_id"])
            store.set_cards(connection, ids, deck_id=deck_id)
        self._remember(_UndoStep(f"move to {name}", cards=before, created_decks=created))
        return BulkResult(f"move to {name}", len(ids))

    def reset(self, card_ids: Sequence[int]) -> BulkResult:
        """Forget the cards: new again, at the end of the new-card queue."""
        now = self._clock.now()
        with self._db.write() as uow:
            connection = uow.connection
            ids = store.existing_ids(connection, card_ids)
            before = store.capture_cards(connection, ids, [*MEMORY_COLUMNS, "position"])
            memories = store.memories_of(connection, ids)
            start = store.max_position(connection)
            positions = {card_id: start + n for n, card_id in enumerate(ids, start=1)}
            # A new card has no last review: logging none keeps the log's replay exact.
            changes = [
                (card_id, replace(memories[card_id], last_review=None), NEW_MEMORY)
                for card_id in ids
            ]
            added = store.log_manual(connection, changes, now)
            store.write_memories(connection, dict.fromkeys(ids, NEW_MEMORY), positions)
        if ids:
            self._remember(_UndoStep("reset to new", cards=before, added_reviews=added))
        return BulkResult("reset to new", len(ids))

    def set_due(self, card_ids: Sequence[int], days: str) -> BulkResult:
        """Make the cards due ``days`` from today (``"0"``, ``"3"`` or a range ``"3-7"``).

        New cards have no memory to schedule and are skipped; learning cards become review
        cards. A range picks each card's day with a generator seeded by the card.
        """
        try:
            low, high = parse_due_spec(days)
        except ValueError as exc:
            raise PmStudyError(str(exc)) from exc
        now = self._clock.now()
        today = self._days.day_of(now)
        with self._db.write() as uow:
            connection = uow.connection
            ids = store.existing_ids(connection, card_ids)
            memories = store.memories_of(connection, ids)
            chosen = [c for c in ids if memories[c].state != CardState.NEW]
            before = store.capture_cards(connection, chosen, MEMORY_COLUMNS)
            after: dict[int, Memory] = {}
            for card_id in chosen:
                memory = memories[card_id]
                rng = random.Random(f"{self._seed}:due:{card_id}:{memory.reps}")
                offset = rng.randint(low, high)
                due = self._days.start_of(today + dt.timedelta(days=offset))
                after[card_id] = replace(memory, state=CardState.REVIEW, step=None, due=due)
            added = store.log_manual(connection, [(c, memories[c], after[c]) for c in chosen], now)
            store.write_memories(connection, after)
        if chosen:
            self._remember(_UndoStep("set due date", cards=before, added_reviews=added))
        return BulkResult("set due date", len(chosen), skipped=len(ids) - len(chosen))

    def _moves(self) -> PostponeService:
        from pmstudy.services.tuning import PostponeService

        return PostponeService(self._db, self._clock, self._days, self._seed)

    def postpone(self, card_ids: Sequence[int], days: str) -> BulkResult:
        """Postpone the due review cards among these (``"0"``: by 5-10 % of each interval,
        ``"N"``: by N days), within the FSRS Helper's safeguard; one undo step."""
        from pmstudy.services.tuning import MoveScope

        if not days.strip().isdigit():
            raise PmStudyError(f"postpone: days must be a whole number, not {days!r}")
        by_days = int(days) or None
        report = self._moves().postpone(MoveScope(card_ids=tuple(card_ids)), by_days=by_days)
        return self._moved("postpone", report, len(card_ids))

    def advance(self, card_ids: Sequence[int]) -> BulkResult:
        """Make the review cards among these due today, those the safeguard allows; one
        undo step."""
        from pmstudy.services.tuning import MoveScope

        report = self._moves().advance(MoveScope(card_ids=tuple(card_ids)))
        return self._moved("advance", report, len(card_ids))

    def _moved(self, label: str, report: MoveReport, selected: int) -> BulkResult:
        if report.applied and report.step is not None:
            self._remember(_UndoStep(label, due_move=report.step))
        return BulkResult(label, report.written, skipped=selected - report.written)

    def delete(self, card_ids: Sequence[int]) -> BulkResult:
        """Delete the cards' notes, all their cards and review history (undo restores all)."""
        with self._db.write() as uow:
            ids = store.existing_ids(uow.connection, card_ids)
            note_ids = store.note_ids_of(uow.connection, ids)
            deleted = store.delete_notes(uow.connection, note_ids)
        if note_ids:
            self._remember(_UndoStep("delete", deleted=deleted))
        return BulkResult("delete", len(deleted.cards), notes=len(deleted.notes))


def _check_tags(tags: Sequence[str]) -> None:
    if not tags:
        raise PmStudyError("name at least one tag")
    for tag in tags:
        if not tag or any(ch.isspace() for ch in tag):
            raise PmStudyError(f"a tag cannot be empty or contain spaces: {tag!r}")


def _parameters(uow: UnitOfWork) -> dict[int, tuple[float, ...]]:
    """Each deck's FSRS parameters."""
    return {
        deck_id: preset.fsrs_params or DEFAULT_PARAMETERS
        for deck_id, preset in uow.repo.presets_by_deck().items()
    }


def _recall(card: StudyCard, now: dt.datetime, params: tuple[float, ...]) -> float | None:
    if card.memory.state == CardState.NEW or not card.memory.stability:
        return None
    return retrievability(card.memory, now, params)


def _row(card: StudyCard, now: dt.datetime, params: tuple[float, ...]) -> BrowseRow:
    memory = card.memory
    return BrowseRow(
        id=card.id,
        note_id=card.note.id or 0,
        deck=card.deck_name,
        front=front_line(card),
        state=memory.state,
        due=memory.due,
        stability=memory.stability,
        difficulty=memory.difficulty,
        retrievability=_recall(card, now, params),
        suspended=card.suspended,
        buried=card.buried_until is not None and card.buried_until > now,
        flag=card.flag,
        reps=memory.reps,
        lapses=memory.lapses,
        tags=card.note.tags,
    )
