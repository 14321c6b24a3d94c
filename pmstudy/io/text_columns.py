"""What the columns of a text file hold: header-row names, the ``--map`` option, note-type
names, and a row's values as a note's fields (by position, or by the mapping through the card
kind's ``columns``)."""

from __future__ import annotations

import re

from pmstudy.domain.cards import MAPPING_TARGETS, CardKind, kind_named
from pmstudy.domain.model import NoteKind

# Header-row names (any case) -> mapping target; a few languages Quizlet and Excel use.
HEADER_NAMES = {
    "front": "front",
    "question": "front",
    "term": "front",
    "word": "front",
    "prompt": "front",
    "begriff": "front",
    "frage": "front",
    "vorderseite": "front",
    "recto": "front",
    "terme": "front",
    "pregunta": "front",
    "back": "back",
    "answer": "back",
    "definition": "back",
    "meaning": "back",
    "erklärung": "back",
    "antwort": "back",
    "rückseite": "back",
    "definition (de)": "back",
    "verso": "back",
    "réponse": "back",
    "respuesta": "back",
    "extra": "extra",
    "notes": "extra",
    "back extra": "extra",
    "text": "text",
    "tags": "tags",
    "tag": "tags",
    "deck": "deck",
    "guid": "guid",
    "notetype": "notetype",
    "note type": "notetype",
}


# OWASP "CSV Injection": a cell a spreadsheet would read as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The header line that says a file's cells were quoted so (pmstudy's own CSV export).
QUOTED_HEADER = "#pmstudy:formulas quoted"


def quote_formula(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a ``'`` before a formula start, and before
    a leading ``'`` too, so that ``unquote_formula`` gives every cell back exactly."""
    return "'" + cell if cell.startswith(("'", *FORMULA_STARTS)) else cell


def unquote_formula(cell: str) -> str:
    """The cell ``quote_formula`` was given."""
    return cell[1:] if cell.startswith("'") else cell


def header_target(name: str) -> str | None:
    return HEADER_NAMES.get(name.strip().lower())


def parse_mapping(text: str) -> tuple[tuple[str, int], ...]:
    """``front=1,back=2,tags=3`` -> (("front", 1), ...); raises ValueError when malformed."""
    pairs: list[tuple[str, int]] = []
    for part in text.split(","):
        if not part.strip():
            continue
        target, equals, column = part.partition("=")
        target = target.strip().lower()
        if not equals or target not in MAPPING_TARGETS:
            raise ValueError(
                f"bad mapping {part.strip()!r}: use TARGET=COLUMN with TARGET one of "
                f"{', '.join(MAPPING_TARGETS)}"
            )
        try:
            number = int(column)
        except ValueError as exc:
            raise ValueError(f"bad column {column.strip()!r} in {part.strip()!r}") from exc
        if number < 1:
            raise ValueError(f"columns count from 1 ({part.strip()!r})")
        if any(t == target for t, _ in pairs):
            raise ValueError(f"{target} is mapped twice")
        pairs.append((target, number))
    if not pairs:
        raise ValueError("empty mapping")
    return tuple(pairs)


def kind_for(name: str) -> NoteKind | None:
    """The note kind a note-type name stands for (suffixes like ' (genanki)' ignored)."""
    key = name.strip().lower()
    while key:
        found = kind_named(key)
        if found is not None:
            return found.kind
        stripped = re.sub(r"\s*\([^()]*\)$", "", key)
        if stripped == key:
            return None
        key = stripped
    return None


def positional_fields(names: tuple[str, ...], values: list[str], joiner: str) -> dict[str, str]:
    fields = dict.fromkeys(names, "")
    for name, value in zip(names, values, strict=False):
        fields[name] = value
    rest = [v for v in values[len(names) :] if v.strip()]
    if rest:
        fields[names[-1]] = joiner.join(filter(None, [fields[names[-1]], *rest]))
    return fields


def mapped_fields(kind: CardKind, mapping: dict[str, int], values: list[str]) -> dict[str, str]:
    """A row's mapped columns (front/back/text/extra) as the kind's fields."""

    def get(target: str) -> str:
        number = mapping.get(target)
        return values[number - 1] if number is not None else ""

    return {name: next((v for v in map(get, targets) if v), "") for name, targets in kind.columns}
