"""Every card kind, found by its ``NoteKind`` or by a note type's name."""

from __future__ import annotations

from pmstudy.domain.cards.basic import BASIC
from pmstudy.domain.cards.cloze import CLOZE
from pmstudy.domain.cards.kind import CardKind, RenderedCard
from pmstudy.domain.cards.matching import MATCHING
from pmstudy.domain.cards.multiple_choice import MULTIPLE_CHOICE
from pmstudy.domain.cards.multiple_response import MULTIPLE_RESPONSE
from pmstudy.domain.cards.numeric import NUMERIC
from pmstudy.domain.cards.ordering import ORDERING
from pmstudy.domain.cards.reversed import REVERSED
from pmstudy.domain.cards.template import TEMPLATE
from pmstudy.domain.cards.type_in import TYPE_IN
from pmstudy.domain.model import NoteKind, StudyCard

KINDS: dict[NoteKind, CardKind] = {
    k.kind: k
    for k in (
        BASIC,
        REVERSED,
        CLOZE,
        TYPE_IN,
        MULTIPLE_CHOICE,
        MULTIPLE_RESPONSE,
        MATCHING,
        ORDERING,
        NUMERIC,
        TEMPLATE,
    )
}
# The kinds a new note can have (an imported note type comes only from its package).
STANDARD: tuple[CardKind, ...] = tuple(k for k in KINDS.values() if k is not TEMPLATE)
_NAMES = {name.lower(): k for k in STANDARD for name in (k.name, k.kind.value, *k.aliases)}


def kind_of(kind: NoteKind) -> CardKind:
    """The card kind of a note."""
    return KINDS[kind]


def kind_named(name: str) -> CardKind | None:
    """The standard kind a file names (``Basic (and reversed card)``, ``cloze``, …; any case)."""
    return _NAMES.get(name.strip().lower())


def render(card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
    """Render ``card`` as its kind does; choices are shuffled by ``shuffle_seed`` when given."""
    return KINDS[card.note.kind].render(card, shuffle_seed=shuffle_seed)


def ordinals(kind: NoteKind, fields: dict[str, str], templates: int = 1) -> list[int]:
    """The card ordinals a note of ``kind`` with ``fields`` makes."""
    return KINDS[kind].ordinals(fields, templates)
