"""The classify screen's words besides its table (the status line, the preview of a write), how
it reads a typed threshold, and the message other screens open it with. Deck content (the
fronts) is shown literally."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from pmstudy.domain.fmt import percent
from pmstudy.tui.widgets.classify_table import placement_label

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamSpec
    from pmstudy.services.classify import Classification, NoteSuggestion

PREVIEW_NOTES = 6  # notes the apply dialog lists before "and N more"


def status_text(
    result: Classification, threshold: float, choices: int, *, descending: bool
) -> Text:
    """'12 notes: 8 suggested, 3 unsure (below 50 %), 1 mapped · 4 to write (w)' and the sort."""
    counts = result.counts(threshold)
    text = Text()
    text.append(f"{len(result.notes)} notes", "bold")
    text.append(f": {counts.suggested} suggested, ")
    text.append(f"{counts.unsure} unsure", "yellow" if counts.unsure else "")
    text.append(f" (below {percent(threshold, 0)}), {counts.mapped} mapped")
    if choices:
        text.append(f" · {choices} to write (w)", "bold cyan")
    text.append(f" · {'highest' if descending else 'lowest'} first (s)", "dim")
    return text


def place_name(spec: ExamSpec, domain: str, task: str | None) -> str:
    """'People › Manage conflicts' (or the domain's name alone) for ids of the blueprint."""
    found = next((d for d in spec.domains if d.id == domain), None)
    if found is None:
        return domain if task is None else f"{domain}::{task}"
    if task is None:
        return found.name
    name = next((t.name for t in found.tasks if t.id == task), task)
    return f"{found.name} › {name}"


def detail_text(note: NoteSuggestion, spec: ExamSpec, threshold: float) -> Text:
    """The note under the cursor in full words: the suggestion with the blueprint's names and
    both confidences (or the best guess when unsure), then the whole front."""
    text = Text(no_wrap=True, overflow="ellipsis")
    sure = note.sure(threshold)
    task_sure = note.task is not None and note.task_confidence >= threshold
    text.append("Suggested: " if sure else "Unsure, best guess: ", "bold" if sure else "yellow")
    text.append(place_name(spec, note.domain, note.task if sure and task_sure else None))
    text.append(f"  · domain {percent(note.domain_confidence, 0)}", "dim")
    if note.task is not None:
        guess = "" if sure and task_sure else f" ({place_name(spec, note.domain, note.task)})"
        text.append(f", task {percent(note.task_confidence, 0)}{guess}", "dim")
    text.append("\n")
    text.append(Text(note.front))
    return text


def intro_text() -> Text:
    """What the screen does, before a deck and an exam are chosen."""
    text = Text()
    text.append("Choose a deck and an exam ", "bold")
    text.append("(tab moves, ⏎ opens a list).\n\n")
    text.append(
        "Each note of the deck (and its sub-decks) gets a suggested domain and task of the "
        "exam's blueprint, with a confidence; below the threshold it says unsure. a accepts "
        "the suggestions for notes not tagged for the exam yet, c places one note, n marks it "
        "not on this exam; w writes them as tags in one step that u takes back.",
        "dim",
    )
    return text


def apply_preview(result: Classification, choices: Mapping[int, str]) -> Text:
    """What an apply will write: a few notes with their new tag, and how it can be undone."""
    fronts = {n.note_id: n.front for n in result.notes}
    text = Text()
    for note_id, tag in list(choices.items())[:PREVIEW_NOTES]:
        text.append(f"→ {placement_label(tag, result.spec.id)}  ", "bold cyan")
        text.append(Text(fronts.get(note_id, ""), no_wrap=True, overflow="ellipsis"))
        text.append("\n")
    if len(choices) > PREVIEW_NOTES:
        text.append(f"and {len(choices) - PREVIEW_NOTES} more\n", "dim")
    text.append(
        f"\nEach replaces the note's other {result.spec.id} tags and keeps all its other tags. "
        "One step: u on this screen (or pmstudy classify --undo) takes it back.",
        "dim",
    )
    return text


class OpenClassify(Message):
    """Any screen asks the app to open the classify screen, prefilled with a deck and exam."""

    def __init__(self, deck: str | None = None, exam: str | None = None) -> None:
        self.deck = deck
        self.exam = exam
        super().__init__()


def parse_threshold(text: str) -> float | None:
    """A threshold typed as 0-1 or as a percentage (1-100); None when it is neither."""
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        return None
    if 1 < value <= 100:
        value /= 100
    return value if 0 <= value <= 1 else None
