"""Basic: a front and a back (and an optional extra shown with the answer)."""

from __future__ import annotations

from typing import ClassVar

from pmstudy.domain.cards.kind import (
    ANKI_ANSWER,
    AnkiShape,
    CardKind,
    Problem,
    RenderedCard,
    join,
    segments,
)
from pmstudy.domain.model import NoteKind, StudyCard


class FrontBack(CardKind):
    """What the kinds with a Front and a Back share."""

    fields: ClassVar[tuple[str, ...]] = ("Front", "Back", "Extra")
    deck_keys: ClassVar[tuple[tuple[str, str], ...]] = (
        ("front", "Front"),
        ("back", "Back"),
        ("extra", "Extra"),
    )

    back_required: ClassVar[bool] = True

    def problems(self, fields: dict[str, str]) -> list[Problem]:
        """A front to ask; a back where the kind shows it as a question or checks it."""
        found = super().problems(fields)
        if not fields.get("Front", "").strip():
            found.append(Problem("Front", "", missing=True))
        if self.back_required and not fields.get("Back", "").strip():
            found.append(Problem("Back", " (this note type shows or checks it)", missing=True))
        return found

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """Front, then back and extra."""
        f, h = card.note.fields, card.note.html
        return RenderedCard(
            front=segments(f, "Front", h),
            back=join(segments(f, "Back", h), segments(f, "Extra", h)),
        )

    def _templates(self, tail: str) -> tuple[tuple[str, str], ...]:
        return (("{{Front}}", ANKI_ANSWER + "{{Back}}" + tail),)

    def anki_shape(
        self, fields: tuple[str, ...], templates: tuple[tuple[str, str], ...] = ()
    ) -> AnkiShape:
        """Front and Back first (Anki's stock order), the note type's other fields after."""
        names = ("Front", "Back", *[f for f in fields if f not in ("Front", "Back")])
        tail = "<br><br>{{Extra}}" if "Extra" in names else ""
        return AnkiShape(names, self._templates(tail), stock_id=self.stock_id)

    stock_id: ClassVar[int | None] = None


class Basic(FrontBack):
    """One card: front asks, back answers."""

    kind = NoteKind.BASIC
    name = "Basic"
    aliases = ("basic (optional reversed card)",)
    stock_id = 1
    back_required = False  # as in Anki: a front-only note is a prompt to recall


BASIC = Basic()
