"""What every card kind answers, and the shapes those answers take.

A card kind (basic, cloze, multiple choice, …) is one module holding one ``CardKind``: its
fields, the rule a note must pass, how many cards a note makes, how a card renders, how an
answer is graded and logged, and how the note looks in a deck file and in an Anki package.
Every other layer asks the registry (``pmstudy.domain.cards``) instead of testing the kind.
"""

from __future__ import annotations

import html as html_lib
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from pmstudy.domain.cards.text import Segment, plain, to_segments
from pmstudy.domain.model import ANSWER_RATINGS, NoteKind, Rating, StudyCard

ANKI_ANSWER = "{{FrontSide}}\n\n<hr id=answer>\n\n"


class MissingFieldError(ValueError):
    """A field the kind needs is empty (``field`` names it, as the note stores it)."""

    def __init__(self, field: str, why: str = "") -> None:
        self.field = field
        super().__init__(f"the {field} field is empty{why}")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a note cannot make proper cards: the field it is about and a sentence, or the
    empty field (``missing``)."""

    field: str
    message: str
    missing: bool = False

    def error(self) -> ValueError:
        """The problem as the exception ``CardKind.check`` raises."""
        if self.missing:
            return MissingFieldError(self.field, self.message)
        return ValueError(self.message)


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a choice card, in the order shown."""

    letter: str
    index: int  # position in the note's own option list
    text: str
    correct: bool
    why: str


@dataclass(frozen=True, slots=True)
class Item:
    """One lettered item of a card answered by typing letters (matching, ordering), in the
    order shown: the letters are typed, not picked."""

    letter: str
    index: int  # position in the note's own list (ordering: the item's place in the order)
    text: str
    why: str = ""
    prompt: str = ""  # matching: the numbered item this one belongs with


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """A card ready for the screen."""

    front: list[Segment]
    back: list[Segment]
    expected: str | None = None  # typed cards: the answer to compare with
    choices: tuple[Choice, ...] = ()
    items: tuple[Item, ...] = ()  # matching, ordering: the lettered items, in the order shown
    tolerance: str = ""  # numeric: how far from ``expected`` still counts (``0.5``, ``1%``)
    unit: str = ""  # numeric: what the answer counts (``$``, ``days``)

    @property
    def correct_letters(self) -> frozenset[str]:
        """Letters of the correct choices."""
        return frozenset(c.letter for c in self.choices if c.correct)


@dataclass(frozen=True, slots=True)
class Response:
    """What the learner did before turning the card: options picked, text typed."""

    picks: frozenset[str] = frozenset()
    typed: str | None = None


@dataclass(frozen=True, slots=True)
class Grade:
    """How an answer went: right or wrong (None: the learner judges), what to show above the
    answer, and what the review log keeps."""

    correct: bool | None
    feedback: tuple[Segment, ...] | None = None
    logged: str | None = None

    def allowed(self) -> tuple[Rating, ...]:
        """Ratings that may be given: a wrong answer allows only Again, a right one no Again."""
        if self.correct is None:
            return ANSWER_RATINGS
        return (Rating.HARD, Rating.GOOD, Rating.EASY) if self.correct else (Rating.AGAIN,)

    def default_rating(self) -> Rating:
        """What enter/space gives on the back: Good, or Again after a wrong answer."""
        allowed = self.allowed()
        return Rating.GOOD if Rating.GOOD in allowed else allowed[0]


@dataclass(frozen=True, slots=True)
class AnkiShape:
    """How a note of this kind is written to an Anki package: field names, templates."""

    fields: tuple[str, ...]
    templates: tuple[tuple[str, str], ...]
    cloze: bool = False
    stock_id: int | None = None  # Anki's stock note type id, when one has this shape


def json_tables(raw: str) -> list[dict[str, object]] | None:
    """A field holding a JSON list of tables (options, pairs, steps); None when it holds
    something else. Items that are not tables are left out."""
    try:
        value = json.loads(raw or "[]")
    except json.JSONDecodeError:
        return None
    if not isinstance(value, list):
        return None
    return [item for item in value if isinstance(item, dict)]


def join(*parts: list[Segment]) -> list[Segment]:
    """Sections of a card's back, separated by a blank line (empty ones left out)."""
    out: list[Segment] = []
    for part in parts:
        if not part:
            continue
        if out:
            out.append(("\n\n", ""))
        out.extend(part)
    return out


def as_html(value: str, is_html: bool) -> str:
    """A field as Anki shows it: plain text escaped, its line breaks as ``<br>``."""
    if is_html:
        return value
    return html_lib.escape(value, quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def from_html(value: str) -> str | None:
    """The plain text :func:`as_html` made ``value`` from (None: ``value`` is not one, e.g. an
    Anki user added markup to it)."""
    text = html_lib.unescape(value.replace("<br>", "\n"))
    return text if as_html(text, False) == value else None


class CardKind(ABC):
    """One kind of note and the cards it makes. Subclasses set the class attributes."""

    kind: ClassVar[NoteKind]
    name: ClassVar[str]  # the note type's name, as Anki names its stock types
    # pmstudy's own Anki note type (no stock one has this shape): a re-import knows it by its
    # name and first fields, and restores the note from a field no template shows.
    own_note_type: ClassVar[bool] = False
    fields: ClassVar[tuple[str, ...]]  # the fields a new note has, in order
    aliases: ClassVar[tuple[str, ...]] = ()  # other names a CSV/TSV file may use
    deck_keys: ClassVar[tuple[tuple[str, str], ...]] = ()  # (deck-file key, field)
    # Which columns of a CSV/TSV file fill each field (the first non-empty one wins).
    columns: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        ("Front", ("front",)),
        ("Back", ("back",)),
        ("Extra", ("extra",)),
    )

    def check(self, fields: dict[str, str]) -> None:
        """Raise ValueError (MissingFieldError for an empty field) for the note's first
        problem. The one rule: deck files, the editors and imports all ask it."""
        found = self.problems(fields)
        if found:
            raise found[0].error()

    def problems(self, fields: dict[str, str]) -> list[Problem]:
        """Everything that keeps the note from making proper cards (empty: none)."""
        if not any(value.strip() for value in fields.values()):
            return [Problem("", "a note needs at least one non-empty field")]
        return []

    def ordinals(self, fields: dict[str, str], templates: int = 1) -> list[int]:
        """The card ordinals a note with ``fields`` makes."""
        return [0]

    @abstractmethod
    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """The card's two sides (choices shuffled by ``shuffle_seed`` when given)."""

    def grade(self, rendered: RenderedCard, response: Response) -> Grade:
        """How the answer went; by default the learner judges and nothing is logged."""
        return Grade(correct=None)

    def hint(self, field: str) -> str | None:
        """A line the editor shows above a field that has a form of its own."""
        return None

    def carry(self, typed: dict[str, str]) -> dict[str, str]:
        """This kind's fields for a new note, from what was typed in another kind's form."""
        return {name: typed.get(name, "") for name in self.fields}

    def to_editor(self, field: str, stored: str) -> str:
        """A stored field as the editor shows it (most fields: as stored)."""
        return stored

    def from_editor(self, field: str, text: str) -> str:
        """Text typed in the editor as the field is stored."""
        return text

    def from_deck(self, values: dict[str, object]) -> dict[str, str]:
        """Note fields from a deck-file card's values (keys as in ``deck_keys``)."""
        return {field: str(values.get(key) or "") for key, field in self.deck_keys}

    def to_deck(self, fields: dict[str, str], is_html: bool) -> dict[str, object]:
        """A deck-file card's values from note fields, as plain text (deck files hold no
        HTML); ``extra`` is left out when empty."""
        out: dict[str, object] = {}
        for key, field in self.deck_keys:
            value = fields.get(field, "")
            value = plain(value, html=True) if is_html else value
            if key != "extra" or value:
                out[key] = value
        return out

    def anki_shape(
        self, fields: tuple[str, ...], templates: tuple[tuple[str, str], ...] = ()
    ) -> AnkiShape:
        """Field names and templates for an Anki package (``fields``, ``templates``: the
        note type's own)."""
        return AnkiShape(fields=fields, templates=((f"{{{{{fields[0]}}}}}", ANKI_ANSWER),))

    def anki_raw_field(self) -> str | None:
        """The field an Anki package carries as it is, not as HTML: the JSON no template
        shows, from which a re-import restores the note (None: every field is HTML)."""
        return None

    def anki_values(self, fields: dict[str, str], is_html: bool) -> dict[str, str]:
        """The note's fields as the Anki shape names them, in HTML."""
        return {name: as_html(value, is_html) for name, value in fields.items()}


def own_shape(names: tuple[str, ...], fields: tuple[str, ...]) -> AnkiShape:
    """pmstudy's own Anki note type: ``names`` (the question, the JSON field, Extra, the list
    the front shows, the answer), then the note type's other fields. The JSON field is in no
    template: it is kept so that a re-import restores the note."""
    question, _, extra, listed, answer = names
    front = f"{{{{{question}}}}}<br><br>{{{{{listed}}}}}"
    back = ANKI_ANSWER + f"{{{{{answer}}}}}<br><br>{{{{{extra}}}}}"
    return AnkiShape((*names, *(f for f in fields if f not in names)), ((front, back),))


def raw_json_values(
    fields: dict[str, str], json_field: str | None, is_html: bool
) -> dict[str, str]:
    """A note's fields in HTML for an Anki package, the JSON field kept as it is."""
    return {
        name: value if name == json_field else as_html(value, is_html)
        for name, value in fields.items()
    }


def segments(fields: dict[str, str], name: str, is_html: bool) -> list[Segment]:
    """A field's text as styled segments."""
    return to_segments(fields.get(name, ""), html=is_html)
