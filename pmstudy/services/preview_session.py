"""A custom-study preview: the chosen cards shown and answered, nothing written.

As Anki's filtered deck with rescheduling off, answers leave every card as it was. Anki still
logs them (revlog kind 3, "filtered"), only for its time-studied figures: its own FSRS drops
those rows again (they are "cram" entries). Here the review log is each card's memory history
(readiness, the optimizer, calibration and today's limits read it), so a preview writes no row
at all and nothing downstream has to learn to skip one; the session's summary counts the
previewed answers. Suspending and burying stay real actions (and undoable) as in any session.
"""

from __future__ import annotations

from pmstudy.domain.custom import PREVIEW_DELAYS, CustomQueue
from pmstudy.domain.fmt import interval
from pmstudy.domain.model import Rating
from pmstudy.services.session import (
    MAX_ANSWER_MS,
    AnswerResult,
    StudySession,
    UndoKind,
    UndoStep,
)
from pmstudy.services.session_summary import SummaryAnswer, domains_of


class PreviewSession(StudySession):
    """A session over a ``CustomQueue`` whose answers change nothing."""

    @property
    def preview(self) -> bool:
        """Answers change nothing."""
        return True

    def intervals(self) -> dict[Rating, str]:
        """When each rating shows the card again: Again and Hard later on, Good and Easy done."""
        self._require()
        return {
            rating: interval(PREVIEW_DELAYS[rating]) if rating in PREVIEW_DELAYS else "done"
            for rating in (Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY)
        }

    def answer(
        self,
        rating: Rating,
        *,
        duration_ms: int,
        answer: str | None = None,
        correct: bool | None = None,
    ) -> AnswerResult:
        """Count the answer for the summary and move on; the card and the log stay as they are."""
        card = self._require()
        queue = self._custom_queue()
        self._undo.append(
            UndoStep(
                kind=UndoKind.ANSWER,
                card_id=card.id,
                before=card.memory,
                review_id=None,
                flags={},
                tags=None,
                note_id=None,
                was_new=False,
                was_review=True,
            )
        )
        queue.previewed(card.id, rating, self._clock.now())
        kept = max(0, min(duration_ms, MAX_ANSWER_MS))
        self.summary.count(SummaryAnswer(rating, kept, domains_of(card.note.tags), correct))
        self.current = None
        return AnswerResult(card.id, rating, card.memory, leech=False, buried_siblings=0)

    def undo(self) -> UndoStep | None:
        """Take back the last action: a previewed answer only in the session (nothing was
        written); a suspension or burial as in any session."""
        if not self._undo or self._undo[-1].kind != UndoKind.ANSWER:
            return super().undo()
        step = self._undo.pop()
        self.summary.forget()
        self._queue.restore(step.card_id, step.before, was_new=False, was_review=True)
        self.current = self._ahead.get(step.card_id)
        return step

    def _custom_queue(self) -> CustomQueue:
        queue = self._queue
        if not isinstance(queue, CustomQueue):
            raise TypeError("a preview runs over a custom-study queue")
        return queue
