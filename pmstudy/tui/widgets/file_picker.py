"""Choosing a file to import: a path box that completes folders and card files, and a folder
tree that shows only those."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input

from pmstudy.io.file_kind import APKG, DECK, TEXT

IMPORTABLE = (*APKG, *TEXT, *DECK)
"""The suffixes the picker offers (any other file can still be typed in full)."""


def resolve(value: str, home: Path, start: Path) -> Path:
    """What a typed path names: ``~`` is ``home``; a relative path starts in ``start`` (the
    folder pmstudy was started from, as in the shell)."""
    if value == "~" or value.startswith("~/"):
        return home / value[2:]
    return start / value  # an absolute ``value`` replaces ``start``


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder (False when it cannot be told)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def offered(path: Path) -> bool:
    """Whether the picker shows ``path``: a visible folder or a visible card file."""
    if path.name.startswith("."):
        return False
    return path.suffix.lower() in IMPORTABLE or is_folder(path)


class PathSuggester(Suggester):
    """Completes the last part of a path with the first folder or card file it starts."""

    def __init__(self, home: Path, start: Path) -> None:
        # the folder's content changes while the screen is open: no cache
        super().__init__(use_cache=False, case_sensitive=True)
        self.home = home
        self.start = start

    async def get_suggestion(self, value: str) -> str | None:
        """``value`` completed by one entry of its folder (a folder gets its ``/``)."""
        if not value.strip():
            return None
        head, slash, prefix = value.rpartition("/")
        folder = resolve(head + slash, self.home, self.start) if head or slash else self.start
        try:
            entries = sorted(folder.iterdir(), key=lambda p: (p.name.lower(), p.name))
        except OSError:
            return None  # missing, unreadable, or not a folder
        for entry in entries:
            if not entry.name.startswith(prefix):
                continue
            folder_entry = is_folder(entry)
            if not offered(entry) and not (prefix.startswith(".") and folder_entry):
                continue
            completed = head + slash + entry.name + ("/" if folder_entry else "")
            if len(completed) > len(value):
                return completed
        return None


class PathInput(Input):
    """An input whose Tab takes the shown completion (and moves on when there is none)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete", show=False),
    ]

    def action_complete(self) -> None:
        """Accept the completion, else focus the next widget."""
        before = self.value
        if self.cursor_at_end:
            self.action_cursor_right()  # takes the completion when one is shown
        if self.value == before:
            self.screen.focus_next()


class ImportableTree(DirectoryTree):
    """A folder tree showing folders and card files only (unreadable folders stay empty)."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        """Folders and card files, hidden ones left out."""
        return [path for path in paths if offered(path)]
