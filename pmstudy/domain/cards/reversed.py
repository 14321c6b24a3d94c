"""Basic (and reversed card): two cards, front→back and back→front."""

from __future__ import annotations

from pmstudy.domain.cards.basic import FrontBack
from pmstudy.domain.cards.kind import ANKI_ANSWER, RenderedCard, join, segments
from pmstudy.domain.model import NoteKind, StudyCard


class Reversed(FrontBack):
    """Card 1 asks the front, card 2 the back."""

    kind = NoteKind.REVERSED
    name = "Basic (and reversed card)"
    stock_id = 2

    def ordinals(self, fields: dict[str, str], templates: int = 1) -> list[int]:
        """Both directions."""
        return [0, 1]

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """Card 2 shows the back and answers with the front."""
        if card.ord != 1:
            return super().render(card)
        f, h = card.note.fields, card.note.html
        return RenderedCard(
            front=segments(f, "Back", h),
            back=join(segments(f, "Front", h), segments(f, "Extra", h)),
        )

    def _templates(self, tail: str) -> tuple[tuple[str, str], ...]:
        return (
            ("{{Front}}", ANKI_ANSWER + "{{Back}}" + tail),
            ("{{Back}}", ANKI_ANSWER + "{{Front}}" + tail),
        )


REVERSED = Reversed()
