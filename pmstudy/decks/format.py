"""The pmstudy deck file format, version 1 (pydantic models).

A deck file is TOML: a header (``schema_version``, ``id``, ``name``, ...), a list of
``[[sources]]`` and a list of ``[[cards]]``.  Every card has a stable ``id`` that never
changes once published: it is how a re-import finds the note to update in place.  See
``docs/content.md`` for the prose description and ``docs/deck.schema.json`` for the
published JSON Schema (generated from these models).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from pmstudy.domain.cards import deck_name, kind_of
from pmstudy.domain.model import NoteKind

SCHEMA_VERSION = 1

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", min_length=1, max_length=120),
]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


def _deck_name(value: str) -> str:
    """The name cleaned as every deck name is (escapes, control characters, empty levels)."""
    name = deck_name(value, default="")
    if not name:
        raise ValueError("the deck name has no printable text")
    return name


DeckName = Annotated[NonEmpty, AfterValidator(_deck_name)]
Tag = Annotated[str, StringConstraints(pattern=r"^[^\s]+$", min_length=1, max_length=200)]

# The standard card kinds' ``NoteKind`` values (a test keeps this list equal to the registry's).
CardType = Literal[
    "basic",
    "reversed",
    "cloze",
    "type_in",
    "multiple_choice",
    "multiple_response",
    "matching",
    "ordering",
    "numeric",
]
Confidence = Literal["solid", "likely", "uncertain", "unverified"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Source(_Strict):
    """A source that cards cite by ``key``."""

    key: Slug | str = Field(description="Short key that cards cite, e.g. 'SG2020' or 'S1'.")
    title: NonEmpty = Field(description="Human-readable title of the source.")
    url: str | None = Field(default=None, description="Where the source can be read.")
    note: str | None = Field(default=None, description="Anything a reader should know.")


class Option(_Strict):
    """One option of a multiple-choice card."""

    text: NonEmpty = Field(description="The option as the learner sees it.")
    correct: bool = Field(default=False, description="Whether choosing it is right.")
    why: NonEmpty = Field(description="Why this option is right or wrong.")


class Pair(_Strict):
    """One pair of a matching card."""

    left: NonEmpty = Field(description="The numbered item, e.g. a process group.")
    right: NonEmpty = Field(description="What it matches, e.g. the output it produces.")
    why: NonEmpty | None = Field(default=None, description="Why the two belong together.")


class Step(_Strict):
    """One step of an ordering card; the steps are listed in the right order."""

    text: NonEmpty = Field(description="The step as the learner sees it.")
    why: NonEmpty | None = Field(default=None, description="Why it comes at this point.")


class CardSpec(_Strict):
    """One card (strictly: one note; a reversed or cloze note yields several cards)."""

    id: Slug = Field(description="Stable id, unique in the deck; never reuse or change it.")
    type: CardType = Field(default="basic", description="Note type.")
    front: str | None = Field(default=None, description="Question (basic, reversed, type_in).")
    back: str | None = Field(default=None, description="Answer (basic, reversed, type_in).")
    text: str | None = Field(default=None, description="Cloze text with {{c1::...}} markers.")
    extra: str | None = Field(default=None, description="Extra text shown with the answer.")
    stem: str | None = Field(
        default=None,
        description="Question stem (multiple_choice, multiple_response, matching, ordering).",
    )
    options: list[Option] | None = Field(
        default=None, description="Options (multiple_choice: 2-5, multiple_response: 3-6)."
    )
    pairs: list[Pair] | None = Field(default=None, description="Matching pairs (3-6).")
    steps: list[Step] | None = Field(
        default=None, description="Ordering steps (3-6), listed in the right order."
    )
    question: str | None = Field(default=None, description="Numeric question.")
    answer: str | None = Field(
        default=None, description="Numeric answer, a number as text, e.g. '1,250' or '0.93'."
    )
    tolerance: str | None = Field(
        default=None,
        description="Numeric: how far off still counts, absolute ('0.5') or relative ('1%'); "
        "left out: exact to the answer's decimals.",
    )
    unit: str | None = Field(default=None, description="Numeric: the answer's unit, e.g. '$'.")
    tags: list[Tag] = Field(default_factory=list, description="Tags, '::' for hierarchy.")
    source: str | None = Field(
        default=None, description="Source key plus locator, e.g. 'SG2020 §Scrum Events'."
    )
    confidence: Confidence = Field(
        default="solid", description="How sure the sources are of the fact on this card."
    )

    @model_validator(mode="after")
    def _fields_for_type(self) -> CardSpec:
        """The card kind's own rule (the one the editors and imports use), in deck words."""
        kind = kind_of(NoteKind(self.type))
        values = self.model_dump(include={key for key, _ in kind.deck_keys})
        # The kind's own problems; "no field at all" only when nothing more precise is said.
        found = kind.problems(kind.from_deck(values))
        problems = [p for p in found if p.field] or found
        if problems:
            keys = {field: key for key, field in kind.deck_keys}
            raise ValueError(
                "; ".join(
                    f"a {self.type} card needs a non-empty '{keys.get(p.field, p.field)}'"
                    if p.missing
                    else p.message
                    for p in problems
                )
            )
        return self


class DeckFile(_Strict):
    """A whole deck file."""

    schema_version: Literal[1] = Field(description="Deck format version; this is 1.")
    id: Slug = Field(description="Stable deck id, e.g. 'scrum-guide-2020'.")
    name: DeckName = Field(description="Deck name in the collection, '::' for sub-decks.")
    description: str = Field(default="", description="What the deck covers.")
    version: str = Field(default="1", description="Content version, bumped on every edit.")
    exams: list[Slug] = Field(default_factory=list, description="Exam profile ids served.")
    license: str | None = Field(default=None, description="Content licence.")
    sources: list[Source] = Field(default_factory=list, description="Sources cited by cards.")
    cards: list[CardSpec] = Field(default_factory=list, description="The cards.")
