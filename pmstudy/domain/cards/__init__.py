"""Card kinds: one module per kind (fields, the rule a note must pass, cards per note,
rendering, grading, what is logged, deck-file and Anki shapes), found through the registry.

Other layers import from here, never from the kind modules, and never test a ``NoteKind``
themselves: they ask ``kind_of(note.kind)``.
"""

from __future__ import annotations

from pmstudy.domain.cards.imports import (
    MAPPING_TARGETS,
    CollectionSlice,
    DeckSpec,
    ExportCard,
    ExportSummary,
    ImportedCard,
    ImportedReview,
    ImportOptions,
    ImportSummary,
    MediaFile,
    MediaItem,
    NoteSpec,
    NoteTypeSpec,
    ParsedImport,
    Progress,
    TextPreview,
    no_progress,
)
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
from pmstudy.domain.cards.multiple_choice import (
    LETTERS,
    choice_feedback,
    chosen_answer,
    options_from_text,
    options_to_text,
    parse_options,
)
from pmstudy.domain.cards.note_edit import NoteDraft, NoteTypeInfo, SaveResult
from pmstudy.domain.cards.registry import KINDS, STANDARD, kind_named, kind_of, ordinals, render
from pmstudy.domain.cards.template import fill_template
from pmstudy.domain.cards.text import (
    CLOZE,
    Segment,
    clean,
    cloze_numbers,
    cloze_segments,
    plain,
    to_segments,
    type_in_diff,
)

__all__ = [
    "CLOZE",
    "KINDS",
    "LETTERS",
    "MAPPING_TARGETS",
    "STANDARD",
    "AnkiShape",
    "CardKind",
    "Choice",
    "CollectionSlice",
    "DeckSpec",
    "ExportCard",
    "ExportSummary",
    "Grade",
    "ImportOptions",
    "ImportSummary",
    "ImportedCard",
    "ImportedReview",
    "MediaFile",
    "MediaItem",
    "MissingFieldError",
    "NoteDraft",
    "NoteSpec",
    "NoteTypeInfo",
    "NoteTypeSpec",
    "ParsedImport",
    "Problem",
    "Progress",
    "RenderedCard",
    "Response",
    "SaveResult",
    "Segment",
    "TextPreview",
    "as_html",
    "choice_feedback",
    "chosen_answer",
    "clean",
    "cloze_numbers",
    "cloze_segments",
    "fill_template",
    "kind_named",
    "kind_of",
    "no_progress",
    "options_from_text",
    "options_to_text",
    "ordinals",
    "parse_options",
    "plain",
    "render",
    "to_segments",
    "type_in_diff",
]
