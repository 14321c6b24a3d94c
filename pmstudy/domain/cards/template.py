"""An imported note type kept as it is: its own fields, rendered from its own templates.

Anki note types that have no stock shape (see ``pmstudy.io.anki_notetypes``) keep their fields
and card templates; each template makes a card, and rendering fills the template the way Anki
does (fields, conditional sections, ``{{FrontSide}}``; cloze/type/text filters).
"""

from __future__ import annotations

import re

from pmstudy.domain.cards.kind import (
    ANKI_ANSWER,
    AnkiShape,
    CardKind,
    Problem,
    RenderedCard,
    join,
    segments,
)
from pmstudy.domain.cards.text import plain, to_segments
from pmstudy.domain.model import NoteKind, StudyCard

_SECTION = re.compile(r"\{\{([#^])\s*([^}]+?)\s*\}\}(.*?)\{\{/\s*\2\s*\}\}", re.DOTALL)
_FIELD = re.compile(r"\{\{\s*([^#^/}][^}]*?)\s*\}\}")


def fill_template(template: str, fields: dict[str, str], *, ord_: int, front: str = "") -> str:
    """Anki-style template substitution: fields, sections, FrontSide, cloze/type/text/hint."""

    def section(match: re.Match[str]) -> str:
        present = bool(plain(fields.get(match.group(2), ""), html=True).strip())
        keep = present if match.group(1) == "#" else not present
        return match.group(3) if keep else ""

    previous = None
    while previous != template:
        previous = template
        template = _SECTION.sub(section, template)

    def field(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "FrontSide":
            return front
        filters, _, key = name.rpartition(":")
        value = fields.get(key, "")
        filter_names = [f.strip() for f in filters.split(":") if f.strip()]
        if "type" in filter_names:
            return ""
        if "cloze" in filter_names:
            return value  # cloze markers are resolved by the caller
        if "text" in filter_names:
            return plain(value, html=True)
        return value

    return _FIELD.sub(field, template)


class Template(CardKind):
    """A card per template; the learner judges."""

    kind = NoteKind.TEMPLATE
    name = "Imported note type"
    fields = ()  # an imported note type brings its own

    def problems(self, fields: dict[str, str]) -> list[Problem]:
        """None: an imported note type's notes are whatever its package holds."""
        return []

    def ordinals(self, fields: dict[str, str], templates: int = 1) -> list[int]:
        """One card per template, whatever the fields say."""
        return list(range(max(templates, 1)))

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """The card's template filled; with no template, the fields in order."""
        note = card.note
        if not note.templates:
            f, h = note.fields, note.html
            return RenderedCard(
                front=segments(f, "Front", h),
                back=join(segments(f, "Back", h), segments(f, "Extra", h)),
            )
        question, answer = note.templates[min(card.ord, len(note.templates) - 1)]
        front_html = fill_template(question, note.fields, ord_=card.ord)
        back_html = fill_template(answer, note.fields, ord_=card.ord, front=front_html)
        back_html = back_html.replace("<hr id=answer>", "<br>").replace('<hr id="answer">', "<br>")
        return RenderedCard(
            front=to_segments(front_html, html=True), back=to_segments(back_html, html=True)
        )

    def anki_shape(
        self, fields: tuple[str, ...], templates: tuple[tuple[str, str], ...] = ()
    ) -> AnkiShape:
        """Its own fields and templates (a first-field card when it has none)."""
        return AnkiShape(fields, templates or (("{{" + fields[0] + "}}", ANKI_ANSWER),))


TEMPLATE = Template()
