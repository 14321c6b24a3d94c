"""The learner's attempt at the card on screen: picks, typed answer, what may be rated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pmstudy.domain.model import ANSWER_RATINGS, Rating
from pmstudy.domain.render import Choice
from pmstudy.domain.text import Segment, type_in_diff
from pmstudy.tui.widgets.card_view import CardFace


def chosen_answer(choices: tuple[Choice, ...], picks: frozenset[str]) -> str:
    """What is logged for a multiple-choice answer: the picked options' own indices."""
    indices = sorted(c.index for c in choices if c.letter in picks)
    return "chose: " + (",".join(str(i) for i in indices) if indices else "-")


def choice_feedback(choices: tuple[Choice, ...], picks: frozenset[str]) -> list[Segment]:
    """``✓ Right: C. ...`` or ``✗ Wrong: you chose A. ...``, shown above the explanations."""
    chosen = [c for c in choices if c.letter in picks]
    listed = "; ".join(f"{c.letter}. {c.text}" for c in chosen)
    if {c.letter for c in choices if c.correct} == set(picks):
        return [("✓ Right: ", "good"), (listed, "bold")]
    if not chosen:
        return [("✗ No option chosen", "bad")]
    return [("✗ Wrong: you chose ", "bad"), (listed, "bold")]


@dataclass
class Attempt:
    """One card shown once: what the learner did with it before rating."""

    face: CardFace
    shown_at: dt.datetime
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

    @property
    def correct(self) -> bool | None:
        """For a multiple-choice card: whether the picks are exactly the right options."""
        if not self.choices:
            return None
        return self.picks == self.face.rendered.correct_letters

    def allowed(self) -> tuple[Rating, ...]:
        """Ratings that may be given: a wrong choice allows only Again, a right one no Again."""
        correct = self.correct
        if correct is None:
            return ANSWER_RATINGS
        return (Rating.HARD, Rating.GOOD, Rating.EASY) if correct else (Rating.AGAIN,)

    def default_rating(self) -> Rating:
        """What enter/space gives on the back: Good, or Again after a wrong choice."""
        allowed = self.allowed()
        return Rating.GOOD if Rating.GOOD in allowed else allowed[0]

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
        expected = self.face.rendered.expected
        if expected is not None:
            self.typed = typed
            self.feedback, _ = type_in_diff(typed, expected)
        elif self.choices:
            self.feedback = choice_feedback(self.choices, self.picks)

    def logged_answer(self) -> str | None:
        """The answer stored with the review: typed text or the picked options."""
        if self.choices:
            return chosen_answer(self.choices, self.picks)
        return self.typed

    def duration_ms(self, now: dt.datetime) -> int:
        """Time since the card was shown."""
        return max(0, int((now - self.shown_at).total_seconds() * 1000))
