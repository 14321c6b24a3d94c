"""Cloze: one card per deletion number ``{{c1::…}}``, the rest of the text as context.

A deletion may belong to several cards, as in Anki 25.09: ``{{c1,2::A}} and {{c2::B}}`` makes
cards 1 and 2; card 1 hides A, card 2 hides A and B.
"""

from __future__ import annotations

from pmstudy.domain.cards.kind import (
    AnkiShape,
    CardKind,
    Problem,
    RenderedCard,
    as_html,
    join,
    segments,
)
from pmstudy.domain.cards.text import CLOZE as MARKER
from pmstudy.domain.cards.text import cloze_numbers, cloze_segments, cloze_targets
from pmstudy.domain.model import NoteKind, StudyCard

EXAMPLE = "{{c1::answer}}"
ANKI_EXTRA = "Back Extra"  # Anki's stock cloze type calls the extra field so


class Cloze(CardKind):
    """Text with deletions; Extra shown with the answer."""

    kind = NoteKind.CLOZE
    name = "Cloze"
    fields = ("Text", "Extra")
    deck_keys = (("text", "Text"), ("extra", "Extra"))
    columns = (("Text", ("text", "front")), ("Extra", ("extra", "back")))

    def problems(self, fields: dict[str, str]) -> list[Problem]:
        """At least one deletion, each well formed, numbered from c1, not empty."""
        found = super().problems(fields)
        text = fields.get("Text", "")
        if not text.strip():
            return [*found, Problem("Text", "", missing=True)]
        if not cloze_numbers(text):
            found.append(
                Problem("Text", "a cloze note needs at least one deletion such as {{c1::answer}}")
            )
        stripped = MARKER.sub("", text)
        if "{{c" in stripped or "}}" in stripped or text.count("{{") != text.count("}}"):
            found.append(
                Problem(
                    "Text",
                    "broken cloze marker (expected {{cN::answer}}, {{cN::answer::hint}} "
                    "or {{cN,M::answer}})",
                )
            )
        for match in MARKER.finditer(text):
            number, answer = match.group(1), match.group(2)
            if "{" in answer or "}" in answer:
                found.append(
                    Problem("Text", f"broken cloze marker c{number}: stray brace in its answer")
                )
            if not answer.strip():
                found.append(Problem("Text", f"cloze c{number} has an empty answer"))
            if 0 in cloze_targets(number):
                found.append(Problem("Text", "cloze numbers start at c1"))
        return found

    def carry(self, typed: dict[str, str]) -> dict[str, str]:
        """A Front typed before switching to cloze becomes the Text."""
        fields = super().carry(typed)
        if not fields["Text"]:
            fields["Text"] = typed.get("Front", "")
        return fields

    def ordinals(self, fields: dict[str, str], templates: int = 1) -> list[int]:
        """One card per deletion number (c1 → 0, c2 → 1, …; ``{{c1,2::…}}`` counts for both;
        c0 makes no card, as in Anki)."""
        return [n - 1 for n in cloze_numbers(fields.get("Text", "")) if n > 0] or [0]

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """The card's deletion hidden, then revealed, with Extra."""
        note = card.note
        text, number = note.fields.get("Text", ""), card.ord + 1
        return RenderedCard(
            front=cloze_segments(text, number, reveal=False, html=note.html),
            back=join(
                cloze_segments(text, number, reveal=True, html=note.html),
                segments(note.fields, "Extra", note.html),
            ),
        )

    def anki_shape(
        self, fields: tuple[str, ...], templates: tuple[tuple[str, str], ...] = ()
    ) -> AnkiShape:
        """Anki's stock Cloze: Text, Back Extra, then the note type's other fields."""
        names = ("Text", ANKI_EXTRA, *[f for f in fields if f not in ("Text", "Extra")])
        template = ("{{cloze:Text}}", "{{cloze:Text}}<br>\n{{" + ANKI_EXTRA + "}}")
        return AnkiShape(names, (template,), cloze=True, stock_id=5)

    def anki_values(self, fields: dict[str, str], is_html: bool) -> dict[str, str]:
        """Extra goes to Back Extra."""
        return {
            (ANKI_EXTRA if name == "Extra" else name): as_html(value, is_html)
            for name, value in fields.items()
        }


CLOZE = Cloze()
