"""The learner's attempt at the card on screen: picks, typed answer, what may be rated.

Grading is the card kind's (``pmstudy.domain.cards``); this keeps only the screen's state:
what is picked, whether the card is turned, and the grade once it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pmstudy.domain.cards import CardKind, Choice, Grade, Response, Segment
from pmstudy.domain.model import Rating
from pmstudy.tui.widgets.card_view import CardFace


@dataclass
class Attempt:
    """One card shown once: what the learner did with it before rating."""

    face: CardFace
    shown_at: dt.datetime
    kind: CardKind
    revealed: bool = False
    picks: frozenset[str] = frozenset()
    typed: str | None = None
    feedback: list[Segment] | None = field(default=None)

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The options of a multiple-choice card (empty otherwise)."""
        return self.face.rendered.choices

    @property
    def multi(self) -> bool:
        """Whether more than one option is correct (picks toggle instead of replace)."""
        return len(self.face.rendered.correct_letters) > 1

    def grade(self) -> Grade:
        """How the answer as it stands is graded."""
        return self.kind.grade(self.face.rendered, Response(self.picks, self.typed))

    @property
    def correct(self) -> bool | None:
        """Whether the answer is right (None: the learner judges)."""
        return self.grade().correct

    def allowed(self) -> tuple[Rating, ...]:
        """Ratings that may be given: a wrong answer allows only Again, a right one no Again."""
        return self.grade().allowed()

    def default_rating(self) -> Rating:
        """What enter/space gives on the back: Good, or Again after a wrong answer."""
        return self.grade().default_rating()

    def can_pick(self, letter: str) -> bool:
        """Whether ``letter`` names an option that can still be picked."""
        return not self.revealed and any(c.letter == letter for c in self.choices)

    def pick(self, letter: str) -> None:
        """Pick an option; with several right answers picks toggle, else they replace."""
        if not self.can_pick(letter):
            return
        if self.multi:
            self.picks = self.picks ^ {letter}
        else:
            self.picks = frozenset() if self.picks == {letter} else frozenset({letter})

    def reveal(self, typed: str) -> None:
        """Turn the card over, grading the typed answer or the picks."""
        self.revealed = True
        if self.face.rendered.expected is not None:
            self.typed = typed
        feedback = self.grade().feedback
        self.feedback = None if feedback is None else list(feedback)

    def logged_answer(self) -> str | None:
        """The answer stored with the review: typed text or the picked options."""
        return self.grade().logged

    def duration_ms(self, now: dt.datetime) -> int:
        """Time since the card was shown."""
        return max(0, int((now - self.shown_at).total_seconds() * 1000))
