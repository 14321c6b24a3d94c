"""Row <-> domain conversions (the only place both kinds of object meet)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from pmstudy.db.models import CardRow, NoteRow, NoteTypeRow, PresetRow, ReviewLogRow, table_of
from pmstudy.domain.model import (
    CardState,
    LeechAction,
    Memory,
    Note,
    NoteKind,
    Preset,
    Rating,
    ReviewEntry,
    ReviewKind,
)


def tags_to_text(tags: tuple[str, ...] | list[str]) -> str:
    """Tags as stored: space separated, with a space at both ends."""
    unique = list(dict.fromkeys(t for t in tags if t))
    return " " + " ".join(unique) + " " if unique else " "


def tags_from_text(text: str) -> tuple[str, ...]:
    """Tags from their stored form."""
    return tuple(text.split())


def preset_from_row(row: PresetRow) -> Preset:
    """Domain preset from its row."""
    return Preset(
        id=row.id,
        name=row.name,
        new_per_day=row.new_per_day,
        max_reviews_per_day=row.max_reviews_per_day,
        desired_retention=row.desired_retention,
        learning_steps=tuple(int(s) for s in row.learning_steps),
        relearning_steps=tuple(int(s) for s in row.relearning_steps),
        max_interval_days=row.max_interval_days,
        leech_threshold=row.leech_threshold,
        leech_action=LeechAction(row.leech_action),
        bury_siblings=row.bury_siblings,
        fsrs_params=tuple(row.fsrs_params) if row.fsrs_params else None,
        easy_days=tuple(float(v) for v in row.easy_days) if row.easy_days else None,
    )


def preset_to_row(preset: Preset, row: PresetRow) -> None:
    """Copy a domain preset onto a row."""
    row.name = preset.name
    row.new_per_day = preset.new_per_day
    row.max_reviews_per_day = preset.max_reviews_per_day
    row.desired_retention = preset.desired_retention
    row.learning_steps = list(preset.learning_steps)
    row.relearning_steps = list(preset.relearning_steps)
    row.max_interval_days = preset.max_interval_days
    row.leech_threshold = preset.leech_threshold
    row.leech_action = preset.leech_action.value
    row.bury_siblings = preset.bury_siblings
    row.fsrs_params = list(preset.fsrs_params) if preset.fsrs_params else None
    row.easy_days = list(preset.easy_days) if preset.easy_days else None


class MemoryColumns(Protocol):
    """Anything with a card's scheduling columns: an ORM card row or a Core result row."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: dt.datetime | None
    last_review: dt.datetime | None
    reps: int
    lapses: int


def memory_from_row(row: MemoryColumns) -> Memory:
    """A card row's scheduling state."""
    return Memory(
        state=CardState(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
        reps=row.reps,
        lapses=row.lapses,
    )


def memory_params(prefix: str, memory: Memory) -> dict[str, object]:
    """A scheduling state as bind parameters ``<prefix>_<column>`` of ``MEMORY_COLUMNS``."""
    return {
        f"{prefix}_state": int(memory.state),
        f"{prefix}_step": memory.step,
        f"{prefix}_stability": memory.stability,
        f"{prefix}_difficulty": memory.difficulty,
        f"{prefix}_due": memory.due,
        f"{prefix}_last_review": memory.last_review,
        f"{prefix}_reps": memory.reps,
        f"{prefix}_lapses": memory.lapses,
    }


def memory_to_row(memory: Memory, row: CardRow) -> None:
    """Store a scheduling state on a card row."""
    row.state = int(memory.state)
    row.step = memory.step
    row.stability = memory.stability
    row.difficulty = memory.difficulty
    row.due = memory.due
    row.last_review = memory.last_review
    row.reps = memory.reps
    row.lapses = memory.lapses


_notes = table_of(NoteRow)
_types = table_of(NoteTypeRow)

# A note and its type, labelled as ``note_from_columns`` reads them (join notes to note_types).
NOTE_COLUMNS = (
    _notes.c.id.label("note_id"),
    _notes.c.guid,
    _notes.c.fields,
    _notes.c.tags,
    _notes.c.source,
    _notes.c.source_ref,
    _types.c.kind,
    _types.c.name.label("type_name"),
    _types.c.templates,
    _types.c.html,
)


class NoteColumns(Protocol):
    """A Core result row holding ``NOTE_COLUMNS``."""

    note_id: int
    guid: str
    fields: dict[str, str]
    tags: str
    source: str | None
    source_ref: str | None
    kind: str
    type_name: str
    templates: list[Any]
    html: bool


def note_from_columns(row: NoteColumns) -> Note:
    """Domain note from a row holding ``NOTE_COLUMNS``."""
    return Note(
        id=row.note_id,
        guid=row.guid,
        kind=NoteKind(row.kind),
        fields=dict(row.fields),
        tags=tags_from_text(row.tags),
        note_type=row.type_name,
        source=row.source,
        source_ref=row.source_ref,
        templates=tuple((t[0], t[1]) for t in row.templates),
        html=bool(row.html),
    )


# The cards columns that hold a card's memory (FSRS state and counters).
MEMORY_COLUMNS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
)


def entry_values(entry: ReviewEntry) -> dict[str, object]:
    """A new review-log row's column values (no ORM object: this is on the answer path)."""
    before, after = entry.before, entry.after
    return {
        "card_id": entry.card_id,
        "answered_at": entry.answered_at,
        "rating": int(entry.rating),
        "duration_ms": entry.duration_ms,
        "kind": entry.kind.value,
        "answer": entry.answer,
        "state_before": int(before.state),
        "step_before": before.step,
        "stability_before": before.stability,
        "difficulty_before": before.difficulty,
        "due_before": before.due,
        "last_review_before": before.last_review,
        "state_after": int(after.state),
        "step_after": after.step,
        "stability_after": after.stability,
        "difficulty_after": after.difficulty,
        "due_after": after.due,
    }


def entry_to_row(entry: ReviewEntry) -> ReviewLogRow:
    """A new review-log row."""
    return ReviewLogRow(**entry_values(entry))


def entry_from_row(row: ReviewLogRow) -> ReviewEntry:
    """Domain review entry from its row (counters are not logged and left at 0)."""
    return ReviewEntry(
        id=row.id,
        card_id=row.card_id,
        rating=Rating(row.rating),
        answered_at=row.answered_at,
        duration_ms=row.duration_ms,
        kind=ReviewKind(row.kind),
        answer=row.answer,
        before=Memory(
            state=CardState(row.state_before),
            step=row.step_before,
            stability=row.stability_before,
            difficulty=row.difficulty_before,
            due=row.due_before,
            last_review=row.last_review_before,
        ),
        after=Memory(
            state=CardState(row.state_after),
            step=row.step_after,
            stability=row.stability_after,
            difficulty=row.difficulty_after,
            due=row.due_after,
            last_review=row.answered_at if row.rating else row.last_review_before,
        ),
    )
