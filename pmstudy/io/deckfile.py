"""Deck files (pmstudy's TOML format) -> note specs, through the same import path.

A deck file exported from notes that did not come from a deck file (an Anki package, a CSV)
carries card ids ``g-<hex of the note's guid>``: importing it maps them back to that guid, so a
re-import updates those notes in place instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pmstudy.decks.format import DeckFile
from pmstudy.decks.loader import DeckFileError, parse_model, read_text
from pmstudy.decks.to_notes import deck_to_notes
from pmstudy.domain.cards import DeckSpec, NoteSpec, NoteTypeSpec, ParsedImport, kind_of
from pmstudy.io.errors import ImportFileError
from pmstudy.io.limits import DEFAULT_LIMITS, Limits

GUID_PREFIX = "g-"
EXTENSIONS = (".toml",)


def card_id_for(guid: str) -> str:
    """A deck-file card id that stands for a foreign note guid."""
    return GUID_PREFIX + guid.encode("utf-8").hex()


def guid_from_card_id(card_id: str) -> str | None:
    """The foreign guid a ``g-<hex>`` card id stands for (None for ordinary ids)."""
    if not card_id.startswith(GUID_PREFIX):
        return None
    try:
        return bytes.fromhex(card_id[len(GUID_PREFIX) :]).decode("utf-8")
    except ValueError:
        return None


def source_for(deck_id: str) -> str:
    """The note source of a deck file (the same as bundled decks use)."""
    return f"deckfile:{deck_id}"


def parse_deck_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> ParsedImport:
    """A deck file as a ParsedImport (raises ImportFileError with the first problem's line)."""
    label = path.name
    try:
        text = read_text(path)
        deck = parse_model(text, label, DeckFile, max_string_bytes=limits.max_field_bytes)
    except DeckFileError as exc:
        first = exc.problems[0]
        more = len(exc.problems) - 1
        suffix = f" (and {more} more problem(s); see 'pmstudy deck check {path}')" if more else ""
        raise ImportFileError(label, first.message + suffix, where=f"line {first.line}") from exc
    seen: dict[str, int] = {}
    for index, card in enumerate(deck.cards):
        if card.id in seen:
            raise ImportFileError(
                label, f"card id {card.id!r} is used twice", where=f"card {index + 1}"
            )
        seen[card.id] = index
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    source = source_for(deck.id)
    parsed = ParsedImport(source=source, label=label)
    for spec in deck_to_notes(deck):
        foreign = guid_from_card_id(spec.source_ref or "")
        parsed.notes.append(
            NoteSpec(
                guid=foreign or spec.guid,
                kind=spec.kind,
                fields=spec.fields,
                deck=spec.deck,
                tags=spec.tags,
                source_ref=spec.source_ref,
                note_type=kind_of(spec.kind).name,
            )
        )
    kinds = {n.kind for n in parsed.notes}
    parsed.note_types = [
        NoteTypeSpec(kind_of(k).name, k, kind_of(k).fields, html=False)
        for k in sorted(kinds, key=lambda k: k.value)
    ]
    parsed.decks = [
        DeckSpec(
            name=deck.name,
            description=deck.description,
            source=source,
            source_version=f"{deck.version}+{digest}",
        )
    ]
    parsed.detected = {"format": f"deck file v{deck.schema_version}", "deck": deck.id}
    return parsed
