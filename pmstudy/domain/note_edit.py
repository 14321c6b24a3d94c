"""Adding and editing notes: drafts, the checks a note must pass, and the option-list text form.

Multiple-choice options are stored as JSON (``[{"text", "correct", "why"}]``); the editor shows
them one per line instead::

    * The Product Owner | accountable for ordering the backlog
    The Developers | they own the Sprint Backlog

A leading ``*`` marks a correct option; text after `` | `` explains it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pmstudy.domain.model import NoteKind
from pmstudy.domain.render import LETTERS, parse_options
from pmstudy.domain.text import cloze_numbers

OPTIONS_FIELD = "Options"


@dataclass(frozen=True, slots=True)
class NoteTypeInfo:
    """A note type a new note can have: its kind, name and fields in order."""

    kind: NoteKind
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """A note being added (``note_id`` None) or edited: fields as stored, tags, deck."""

    note_id: int | None
    kind: NoteKind
    note_type: str
    fields: dict[str, str]
    tags: tuple[str, ...]
    deck: str
    card_count: int = 0
    deck_before: str | None = None  # where the note's cards were when the draft was made


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What saving a draft did."""

    note_id: int
    added: bool
    cards_added: int = 0
    cards_removed: int = 0
    cards_moved: int = 0

    @property
    def message(self) -> str:
        """One line for the status bar."""
        text = "note added" if self.added else "note saved"
        parts = []
        if self.cards_added:
            parts.append(f"{self.cards_added} card(s) added")
        if self.cards_removed:
            parts.append(f"{self.cards_removed} card(s) removed")
        if self.cards_moved:
            parts.append(f"{self.cards_moved} card(s) moved")
        return text + (": " + ", ".join(parts) if parts else "")


def check_note(kind: NoteKind, fields: dict[str, str]) -> None:
    """Raise ValueError with a readable reason when the note cannot make proper cards."""
    if not any(value.strip() for value in fields.values()):
        raise ValueError("a note needs at least one non-empty field")
    if kind in (NoteKind.BASIC, NoteKind.REVERSED, NoteKind.TYPE_IN):
        if not fields.get("Front", "").strip():
            raise ValueError("the Front field is empty")
        if kind != NoteKind.BASIC and not fields.get("Back", "").strip():
            raise ValueError("the Back field is empty (this note type shows or checks it)")
    elif kind == NoteKind.CLOZE:
        if not cloze_numbers(fields.get("Text", "")):
            raise ValueError("a cloze note needs at least one deletion such as {{c1::answer}}")
    elif kind == NoteKind.MULTIPLE_CHOICE:
        if not fields.get("Stem", "").strip():
            raise ValueError("the Stem (the question) is empty")
        options = parse_options(fields.get(OPTIONS_FIELD, ""))
        if not 2 <= len(options) <= len(LETTERS):
            raise ValueError(f"a multiple-choice note needs 2 to {len(LETTERS)} options")
        if not any(o.get("correct") for o in options):
            raise ValueError("mark at least one option correct (start its line with *)")


def options_to_text(stored: str) -> str:
    """The stored option list as editable lines."""
    lines = []
    for option in parse_options(stored):
        line = ("* " if option.get("correct") else "") + str(option.get("text", ""))
        why = str(option.get("why", "") or "")
        if why:
            line += f" | {why}"
        lines.append(line)
    return "\n".join(lines)


def options_from_text(text: str) -> str:
    """Editable option lines as the stored JSON list."""
    options: list[dict[str, object]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        correct = line.startswith("*")
        if correct:
            line = line[1:].strip()
        answer, _, why = line.partition(" | ")
        option: dict[str, object] = {"text": answer.strip(), "correct": correct}
        if why.strip():
            option["why"] = why.strip()
        options.append(option)
    return json.dumps(options, ensure_ascii=False)
