"""The study queue of one session, pure and in memory.

Order, as in Anki: (re)learning cards that are due now come first; then due reviews and new
cards, the new ones spread evenly among the reviews; then, when nothing else is left, learning
cards due within the learn-ahead window.  The service fills the queue once per session (with
the daily limits already applied) and tells it about every answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pmstudy.domain.model import CardState, Memory

LEARN_AHEAD = dt.timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class Counts:
    """Cards left in a session (or due in a deck) by kind."""

    new: int = 0
    learning: int = 0
    review: int = 0

    @property
    def total(self) -> int:
        """All of them."""
        return self.new + self.learning + self.review

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.new + other.new, self.learning + other.learning, self.review + other.review
        )


@dataclass
class StudyQueue:
    """Card ids still to study today, by kind."""

    reviews: list[int] = field(default_factory=list)
    new: list[int] = field(default_factory=list)
    learning: dict[int, dt.datetime] = field(default_factory=dict)
    day_end: dt.datetime | None = None
    learn_ahead: dt.timedelta = LEARN_AHEAD
    _reviews_total: int = 0
    _new_total: int = 0
    _reviews_done: int = 0
    _new_done: int = 0

    def __post_init__(self) -> None:
        self._reviews_total = len(self.reviews)
        self._new_total = len(self.new)

    def counts(self, now: dt.datetime) -> Counts:
        """What is left: learning counts cards due before the day ends."""
        end = self.day_end or now + self.learn_ahead
        learning = sum(1 for due in self.learning.values() if due < end)
        return Counts(new=len(self.new), learning=learning, review=len(self.reviews))

    def next_card(self, now: dt.datetime) -> int | None:
        """The card to show now, or None when nothing is left for now."""
        due_learning = [(due, cid) for cid, due in self.learning.items() if due <= now]
        if due_learning:
            return min(due_learning)[1]
        if self.reviews and self.new:
            new_progress = self._new_done / max(self._new_total, 1)
            review_progress = self._reviews_done / max(self._reviews_total, 1)
            return self.new[0] if new_progress < review_progress else self.reviews[0]
        if self.reviews:
            return self.reviews[0]
        if self.new:
            return self.new[0]
        ahead = [(due, cid) for cid, due in self.learning.items() if due <= now + self.learn_ahead]
        return min(ahead)[1] if ahead else None

    def upcoming(self, count: int) -> list[int]:
        """Ids likely to be shown soon (for reading ahead): learning, reviews, new."""
        return [*self.learning, *self.reviews[:count], *self.new[:count]]

    def next_learning_due(self) -> dt.datetime | None:
        """When the next learning card comes due (for 'come back in N minutes')."""
        return min(self.learning.values(), default=None)

    def answered(self, card_id: int, after: Memory) -> None:
        """Take an answered card out; keep it as learning if it comes back today."""
        if card_id in self.reviews:
            self.reviews.remove(card_id)
            self._reviews_done += 1
        elif card_id in self.new:
            self.new.remove(card_id)
            self._new_done += 1
        self.learning.pop(card_id, None)
        relearn = after.state in (CardState.LEARNING, CardState.RELEARNING)
        if relearn and after.due is not None and (self.day_end is None or after.due < self.day_end):
            self.learning[card_id] = after.due

    def remove(self, card_ids: set[int]) -> None:
        """Drop cards (buried, suspended, deleted) without counting them as done."""
        self.reviews = [c for c in self.reviews if c not in card_ids]
        self.new = [c for c in self.new if c not in card_ids]
        for card_id in card_ids:
            self.learning.pop(card_id, None)

    def restore(self, card_id: int, before: Memory, was_new: bool, was_review: bool) -> None:
        """Put a card back as it was before an answer that is being undone."""
        self.learning.pop(card_id, None)
        if was_new:
            self.new.insert(0, card_id)
            self._new_done = max(0, self._new_done - 1)
        elif was_review:
            self.reviews.insert(0, card_id)
            self._reviews_done = max(0, self._reviews_done - 1)
        elif before.due is not None:
            self.learning[card_id] = before.due
