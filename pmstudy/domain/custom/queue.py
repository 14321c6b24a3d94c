"""The queue of a custom-study session: the chosen cards once each, in the chosen order.

Every chosen card is shown now, due or not, in the order ``choose`` gave; a card an answer sends
back to (re)learning comes back when due, as in a normal session. In a preview nothing is
rescheduled: Again brings the card back in a minute and Hard in ten (Anki's preview delays),
Good and Easy are done with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pmstudy.domain.model import Rating
from pmstudy.domain.scheduling import Counts, StudyQueue

# Anki's filtered-deck preview: Again back in 60 s, Hard in 600 s, Good (0) finishes the card.
PREVIEW_DELAYS: dict[Rating, dt.timedelta] = {
    Rating.AGAIN: dt.timedelta(seconds=60),
    Rating.HARD: dt.timedelta(seconds=600),
}


@dataclass
class CustomQueue(StudyQueue):
    """The chosen cards in order (kept as ``reviews`` so that answering, undo and burying work
    as in a deck's queue); ``new_ids`` are counted as new."""

    new_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, card_ids: tuple[int, ...], new_ids: frozenset[int], day_end: dt.datetime
    ) -> CustomQueue:
        """A queue over the chosen cards for the study day ending at ``day_end``."""
        return cls(reviews=list(card_ids), day_end=day_end, new_ids=new_ids)

    def counts(self, now: dt.datetime) -> Counts:
        """What is left: the chosen cards not answered yet (new ones as new), and learning."""
        end = self.day_end or now
        learning = sum(1 for due in self.learning.values() if due < end)
        new = sum(1 for c in self.reviews if c in self.new_ids)
        return Counts(new=new, learning=learning, review=len(self.reviews) - new)

    def previewed(self, card_id: int, rating: Rating, now: dt.datetime) -> None:
        """A preview answer: the card leaves the list; Again and Hard bring it back later."""
        self.reviews = [c for c in self.reviews if c != card_id]
        self.learning.pop(card_id, None)
        delay = PREVIEW_DELAYS.get(rating)
        if delay is not None:
            self.learning[card_id] = now + delay
