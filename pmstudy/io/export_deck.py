"""Write a deck as a pmstudy deck file (TOML) that imports back to the same notes and ids.

Notes that came from this deck file keep their card ids; any other note gets the id
``g-<hex of its guid>``, which the importer maps back to the guid.  HTML becomes readable
text (the format is plain text); note types with their own templates become basic cards.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pmstudy.decks.format import CardSpec, DeckFile
from pmstudy.domain.cards import STANDARD, CollectionSlice, ExportSummary, kind_of, plain
from pmstudy.domain.model import Note
from pmstudy.io.deckfile import card_id_for

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def slug(text: str) -> str:
    """A deck id from a deck name: 'PMP::People' -> 'pmp-people'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return value[:120] or "deck"


def toml_string(value: str) -> str:
    """A TOML basic string (multi-line when the text has line breaks)."""

    def escape_controls(text: str) -> str:
        return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04X}", text)

    if "\n" in value:
        body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
        body = escape_controls(body.replace("\t", "\\t"))
        return '"""\n' + body + '"""'
    body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    return '"' + escape_controls(body) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def dumps(deck: DeckFile) -> str:
    """A deck file's TOML text."""
    data = deck.model_dump(exclude_none=True, exclude_defaults=False)
    lines: list[str] = []
    for key in ("schema_version", "id", "name", "description", "version", "exams", "license"):
        if key in data:
            lines.append(f"{key} = {_value(data[key])}")
    for source in data.get("sources", []):
        lines.append("\n[[sources]]")
        lines.extend(f"{k} = {_value(v)}" for k, v in source.items())
    for card in data.get("cards", []):
        lines.append("\n[[cards]]")
        # Lists of tables (options, pairs, steps) come after the card's own keys.
        tables = {
            key: card.pop(key)
            for key, value in list(card.items())
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
        }
        for key, value in card.items():
            if key == "confidence" and value == "solid":
                continue
            if key == "tags" and not value:
                continue
            lines.append(f"{key} = {_value(value)}")
        for key, rows in tables.items():
            for row in rows:
                lines.append(f"\n[[cards.{key}]]")
                lines.extend(f"{k} = {_value(v)}" for k, v in row.items())
    return "\n".join(lines) + "\n"


def _text(note: Note, name: str) -> str:
    value = note.fields.get(name, "")
    return plain(value, html=True) if note.html else value


def _card_id(note: Note, deck_id: str) -> str:
    prefix = f"pmstudy:{deck_id}:"
    if note.guid.startswith(prefix) and _SLUG.match(note.guid[len(prefix) :]):
        return note.guid[len(prefix) :]
    return card_id_for(note.guid)


def _card(note: Note, deck_id: str, summary: ExportSummary) -> dict[str, Any]:
    card: dict[str, Any] = {"id": _card_id(note, deck_id), "tags": list(note.tags)}
    kind = kind_of(note.kind)
    if kind in STANDARD:
        card.update(type=note.kind.value, **kind.to_deck(note.fields, note.html))
    else:
        values = [_text(note, name) for name in note.fields]
        values = [v for v in values if v.strip()]
        card.update(type="basic", front=values[0] if values else "", back="\n".join(values[1:]))
        summary.converted.append(
            f"note {note.guid}: note type {note.note_type!r} exported as a basic card"
        )
    if note.fields.get("Source"):
        card["source"] = note.fields["Source"]
    confidence = note.fields.get("Confidence")
    if confidence in ("likely", "uncertain", "unverified"):
        card["confidence"] = confidence
    return card


def write_deck_file(collection: CollectionSlice, path: Path, *, summary: ExportSummary) -> None:
    """Write ``collection`` as a deck file; notes the format cannot hold are skipped."""
    source = collection.deck_source or ""
    deck_id = source.removeprefix("deckfile:") if source.startswith("deckfile:") else ""
    if not _SLUG.match(deck_id):
        deck_id = slug(collection.deck)
    top = next((d for d in collection.decks if d.name == collection.deck), None)
    version = "1"
    if top is not None and top.source_version:
        version = top.source_version.split("+", 1)[0] or "1"
    cards: list[CardSpec] = []
    ids: set[str] = set()
    kept: set[int] = set()
    for note in collection.notes:
        raw = _card(note, deck_id, summary)
        try:
            card = CardSpec.model_validate({k: v for k, v in raw.items() if v is not None})
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
            summary.skipped.append(f"note {note.guid}: {reason}")
            continue
        if card.id in ids:
            summary.skipped.append(f"note {note.guid}: card id {card.id!r} repeats")
            continue
        ids.add(card.id)
        cards.append(card)
        kept.add(note.id or 0)
    deck = DeckFile(
        schema_version=1,
        id=deck_id,
        name=collection.deck,
        description=top.description if top else "",
        version=version,
        cards=cards,
    )
    text = dumps(deck)
    # The file must read back as the same deck: check before anyone relies on it.
    if DeckFile.model_validate(tomllib.loads(text)) != deck:
        raise ValueError("the deck file does not read back as written")
    path.write_text(text, encoding="utf-8")
    summary.notes = len(cards)
    summary.cards = sum(1 for c in collection.cards if c.note_id in kept)
