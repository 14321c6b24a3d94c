"""Which reader a file needs: an Anki package, a text file (CSV/TSV/TXT) or a deck file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pmstudy.io.errors import ImportFileError

APKG = (".apkg", ".colpkg")
TEXT = (".csv", ".tsv", ".txt", ".tab")
DECK = (".toml",)
# Documents, not card files: a text reader would make a note of each line or sentence.
DOCUMENTS = {
    ".md": "a Markdown file",
    ".markdown": "a Markdown file",
    ".rst": "a reStructuredText file",
    ".html": "a web page",
    ".htm": "a web page",
    ".pdf": "a PDF file",
    ".docx": "a Word document",
    ".odt": "a text document",
    ".rtf": "a text document",
}


def file_kind(path: Path) -> str:
    """'apkg', 'text' or 'deck', from the extension, else from the first bytes."""
    suffix = path.suffix.lower()
    if suffix in APKG:
        return "apkg"
    if suffix in TEXT:
        return "text"
    if suffix in DECK:
        return "deck"
    if suffix in DOCUMENTS:
        raise ImportFileError(
            path.name,
            f"{DOCUMENTS[suffix]} is not a card file; pmstudy imports Anki packages (.apkg), "
            "CSV/TSV/TXT files and deck files (.toml)",
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise ImportFileError(path.name, f"cannot read the file: {exc.strerror}") from exc
    if head.startswith(b"PK"):
        return "apkg"
    if b"schema_version" in head:
        return "deck"
    return "text"


def not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be imported as a file (missing, a folder, a FIFO, a device), in
    the words an error line uses; None for a regular file (a symbolic link is followed)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "is a broken symbolic link" if path.is_symlink() else "no such file"
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "a special file"
    via = f" (a symbolic link to {os.path.realpath(path)})" if path.is_symlink() else ""
    return f"is {what}{via}, not a regular file"
