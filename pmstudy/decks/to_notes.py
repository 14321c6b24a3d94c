"""Deck file -> note specs (the pure parse step of a deck-file import)."""

from __future__ import annotations

import json

from pmstudy.decks.format import CardSpec, DeckFile
from pmstudy.domain.imports import NoteSpec
from pmstudy.domain.model import NoteKind


def guid_for(deck_id: str, card_id: str) -> str:
    """Stable note guid of a deck-file card."""
    return f"pmstudy:{deck_id}:{card_id}"


def _fields(card: CardSpec) -> dict[str, str]:
    fields: dict[str, str]
    if card.type == "cloze":
        fields = {"Text": card.text or "", "Extra": card.extra or ""}
    elif card.type == "multiple_choice":
        options = [o.model_dump() for o in card.options or []]
        fields = {
            "Stem": card.stem or "",
            "Options": json.dumps(options, ensure_ascii=False),
            "Extra": card.extra or "",
        }
    else:
        fields = {"Front": card.front or "", "Back": card.back or "", "Extra": card.extra or ""}
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
