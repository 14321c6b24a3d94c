"""The classify screen's notes: confidence, suggestion (or unsure), the tag a note has or will
get, and its front (shown literally, cut to what the terminal leaves), sorted by confidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from pmstudy.domain.exam import ABOUT_THE_EXAM, NOT_ON_EXAM, tag_prefix
from pmstudy.domain.fmt import percent

if TYPE_CHECKING:
    from pmstudy.services.classify import Classification, NoteSuggestion

COLUMNS = ("Conf.", "Suggested", "Tag", "Front")
CONFIDENCE_WIDTH = 5
MIN_LABEL, MAX_LABEL = 9, 24  # the Suggested and Tag columns: as wide as their longest cell
MIN_FRONT = 12
CELL_PADDING = 1  # DataTable's default, each side of every cell
SCROLLBAR = 2


def placement_label(tag: str, profile_id: str) -> str:
    """'domain::task', 'domain', 'not on exam' or 'about the exam' for a tag of the exam."""
    rest = tag.removeprefix(tag_prefix(profile_id))
    return {NOT_ON_EXAM: "not on exam", ABOUT_THE_EXAM: "about the exam"}.get(rest, rest)


def _cut(text: Text, width: int) -> Text:
    text.truncate(width, overflow="ellipsis")
    return text


def fit_label(text: Text, width: int) -> Text:
    """A 'domain::task' label cut in its domain, so that the task stays readable
    ('fundamen…::t2'); any other label cut at its end."""
    plain = text.plain
    head, sep, task = plain.rpartition("::")
    if len(plain) <= width or not sep:
        return _cut(text, width)
    arrow = "→ " if head.startswith("→ ") else ""
    room = width - len(arrow) - len(sep) - len(task) - 1
    if room < 2:
        return _cut(text, width)
    fitted = Text(f"{arrow}{head[len(arrow) : len(arrow) + room]}…{sep}{task}")
    fitted.stylize(text.style)
    for span in text.spans:
        fitted.stylize(span.style)
    return fitted


def _labels(
    note: NoteSuggestion, profile_id: str, threshold: float, choice: str | None
) -> tuple[Text, Text]:
    suggested = note.suggested_tag(profile_id, threshold)
    suggestion = (
        Text(placement_label(suggested, profile_id))
        if suggested is not None
        else Text("unsure", "dim italic")
    )
    if choice is not None:
        tag = Text(f"→ {placement_label(choice, profile_id)}", "bold cyan")
    elif note.current:
        tag = Text(", ".join(placement_label(t, profile_id) for t in note.current))
    else:
        tag = Text("—", "dim")
    return suggestion, tag


def row_cells(
    note: NoteSuggestion,
    profile_id: str,
    threshold: float,
    choice: str | None,
    widths: tuple[int, int],
) -> tuple[Text, Text, Text, Text]:
    """Confidence, suggestion (or unsure), the tag it has or will get, the front; the labels
    and the front cut to ``widths``."""
    confidence = Text(
        percent(note.domain_confidence, 0),
        "green" if note.sure(threshold) else "yellow",
        justify="right",
    )
    suggestion, tag = _labels(note, profile_id, threshold, choice)
    label, front = widths
    return (
        confidence,
        fit_label(suggestion, label),
        fit_label(tag, label),
        _cut(Text(note.front), front),
    )


class NotesTable(DataTable[Text]):
    """A classification's notes, one row each (keyed by note id)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.result: Classification | None = None
        self.threshold = 0.5
        self.choices: Mapping[int, str] = {}
        self.descending = False
        self.widths = (MIN_LABEL, MIN_FRONT)  # of the label columns and the front, as shown

    def on_mount(self) -> None:
        """The columns (refilled with their widths when there are notes)."""
        self._columns((MIN_LABEL, MIN_FRONT))

    def _columns(self, widths: tuple[int, int]) -> None:
        label, front = widths
        for name, width in zip(COLUMNS, (CONFIDENCE_WIDTH, label, label, front), strict=True):
            self.add_column(name, key=name, width=width)

    def on_resize(self, event: events.Resize) -> None:
        """A wider or narrower terminal gives the front more or less room."""
        if self.result is not None:
            self.refill()

    def _widths(self) -> tuple[int, int]:
        """The label columns' width (their longest cell, within bounds) and what the others
        leave of the table's width for the front."""
        if self.result is None:
            return MIN_LABEL, MIN_FRONT
        profile = self.result.spec.id
        longest = max(
            (
                len(cell)
                for n in self.result.notes
                for cell in _labels(n, profile, self.threshold, self.choices.get(n.note_id))
            ),
            default=0,
        )
        fixed = CONFIDENCE_WIDTH + 2 * CELL_PADDING * len(COLUMNS) + SCROLLBAR
        # each label column takes at most a quarter of what is left: the front keeps half
        share = max(MIN_LABEL, (self.size.width - fixed) // 4)
        label = max(MIN_LABEL, min(MAX_LABEL, share, longest))
        return label, max(MIN_FRONT, self.size.width - fixed - 2 * label)

    def show(
        self,
        result: Classification | None,
        threshold: float,
        choices: Mapping[int, str],
        *,
        descending: bool,
    ) -> None:
        """Show ``result`` (None: nothing) at ``threshold`` with the learner's choices."""
        self.result = result
        self.threshold = threshold
        self.choices = choices
        self.descending = descending
        self.refill()

    def refill(self) -> None:
        """Every row again, in confidence order, the cursor kept on its note."""
        keep = self.note
        widths = self.widths = self._widths()
        self.clear(columns=True)
        self._columns(widths)
        if self.result is None:
            return
        notes = sorted(self.result.notes, key=lambda n: (n.domain_confidence, n.note_id))
        for note in reversed(notes) if self.descending else notes:
            cells = row_cells(
                note, self.result.spec.id, self.threshold, self.choices.get(note.note_id), widths
            )
            self.add_row(*cells, key=str(note.note_id))
        if keep is not None:
            self.move_cursor(row=self.get_row_index(str(keep.note_id)))

    def redraw(self, note: NoteSuggestion) -> None:
        """One note's row again (its choice changed); all of them when its label no longer
        fits the columns."""
        if self.result is None:
            return
        widths = self._widths()
        if widths != self.widths:
            self.refill()
            return
        cells = row_cells(
            note, self.result.spec.id, self.threshold, self.choices.get(note.note_id), widths
        )
        for column, cell in zip(COLUMNS, cells, strict=True):
            self.update_cell(str(note.note_id), column, cell)

    @property
    def note(self) -> NoteSuggestion | None:
        """The note under the cursor."""
        if self.result is None or not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return next((n for n in self.result.notes if str(n.note_id) == key), None)
