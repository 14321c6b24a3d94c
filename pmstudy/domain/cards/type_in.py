"""Basic (type in the answer): the learner types the back; the typed text is compared."""

from __future__ import annotations

from pmstudy.domain.cards.basic import FrontBack
from pmstudy.domain.cards.kind import Grade, RenderedCard, Response, join, segments
from pmstudy.domain.cards.text import plain, type_in_diff
from pmstudy.domain.model import NoteKind, StudyCard


class TypeIn(FrontBack):
    """The back is typed, shown against the expected text character by character."""

    kind = NoteKind.TYPE_IN
    name = "Basic (type in the answer)"
    stock_id = 4

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """Front; the back as the answer to compare with."""
        f, h = card.note.fields, card.note.html
        return RenderedCard(
            front=segments(f, "Front", h),
            back=join(segments(f, "Back", h), segments(f, "Extra", h)),
            expected=plain(f.get("Back", ""), html=h),
        )

    def grade(self, rendered: RenderedCard, response: Response) -> Grade:
        """The difference is shown; the learner still judges (a typo is not a lapse)."""
        typed = response.typed or ""
        feedback, _ = type_in_diff(typed, rendered.expected or "")
        return Grade(correct=None, feedback=tuple(feedback), logged=typed)

    def _templates(self, tail: str) -> tuple[tuple[str, str], ...]:
        return (
            (
                "{{Front}}\n\n{{type:Back}}",
                "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}" + tail,
            ),
        )


TYPE_IN = TypeIn()
