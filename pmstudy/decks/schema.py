"""The published JSON Schemas of the deck and exam-profile formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmstudy.decks.format import DeckFile
from pmstudy.decks.profile_format import ExamProfileFile


def deck_schema() -> dict[str, Any]:
    """JSON Schema of a deck file (TOML parsed to JSON-like data)."""
    schema = DeckFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pmstudy deck file, schema_version 1"
    return schema


def profile_schema() -> dict[str, Any]:
    """JSON Schema of an exam profile file."""
    schema = ExamProfileFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pmstudy exam profile, schema_version 1"
    return schema


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "deck.schema.json": deck_schema,
    "exam-profile.schema.json": profile_schema,
}
