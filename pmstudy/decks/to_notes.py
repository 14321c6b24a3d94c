"""Deck file -> note specs (the pure parse step of a deck-file import)."""

from __future__ import annotations

from pmstudy.decks.format import CardSpec, DeckFile
from pmstudy.domain.cards import NoteSpec, kind_of
from pmstudy.domain.model import NoteKind


def guid_for(deck_id: str, card_id: str) -> str:
    """Stable note guid of a deck-file card."""
    return f"pmstudy:{deck_id}:{card_id}"


def _fields(card: CardSpec) -> dict[str, str]:
    kind = kind_of(NoteKind(card.type))
    fields = kind.from_deck(card.model_dump(include={key for key, _ in kind.deck_keys}))
    if card.source:
        fields["Source"] = card.source
    if card.confidence != "solid":
        fields["Confidence"] = card.confidence
    return fields


def deck_to_notes(deck: DeckFile) -> list[NoteSpec]:
    """One NoteSpec per card of the deck file, in file order."""
    return [
        NoteSpec(
            guid=guid_for(deck.id, card.id),
            kind=NoteKind(card.type),
            fields=_fields(card),
            deck=deck.name,
            tags=tuple(card.tags),
            source_ref=card.id,
        )
        for card in deck.cards
    ]
