"""Card kinds: one module per kind (fields, the rule a note must pass, cards per note,
rendering, grading, what is logged, deck-file and Anki shapes), found through the registry.

Other layers import from here, never from the kind modules, and never test a ``NoteKind``
themselves: they ask ``kind_of(note.kind)``.
"""

from pmstudy.domain.cards.kind import (
    AnkiShape,
    CardKind,
    Choice,
    Grade,
    MissingFieldError,
    Problem,
    RenderedCard,
    Response,
    as_html,
)
from pmstudy.domain.cards.multiple_choice import LETTERS, parse_options
from pmstudy.domain.cards.registry import KINDS, STANDARD, kind_named, kind_of, ordinals, render
from pmstudy.domain.cards.template import fill_template

__all__ = [
    "KINDS",
    "LETTERS",
    "STANDARD",
    "AnkiShape",
    "CardKind",
    "Choice",
    "Grade",
    "MissingFieldError",
    "Problem",
    "RenderedCard",
    "Response",
    "as_html",
    "fill_template",
    "kind_named",
    "kind_of",
    "ordinals",
    "parse_options",
    "render",
]
