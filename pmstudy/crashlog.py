"""The crash log: the traceback of an unexpected error, appended to ``crash.log``.

The user sees one line naming the file; the details (which may quote card text) stay on disk.
Used by the CLI's last-resort handler and by TUI workers whose failure must not end the app.
"""

from __future__ import annotations

import traceback
from pathlib import Path

FILE_NAME = "crash.log"


def record(directory: Path | None) -> Path | None:
    """Append the exception being handled to ``directory/crash.log``; None if it cannot."""
    try:
        folder = directory if directory is not None else Path.cwd()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / FILE_NAME
        with path.open("a", encoding="utf-8") as log:
            log.write(traceback.format_exc() + "\n")
    except OSError:
        return None
    return path


def one_line(exc: BaseException, where: Path | None) -> str:
    """``TypeName: message; details in PATH`` on one line."""
    message = " ".join(str(exc).split()) or "no message"
    detail = f"; details in {where}" if where else ""
    return f"{type(exc).__name__}: {message}{detail}"


def logged(exc: BaseException, directory: Path | None) -> str:
    """Record the exception being handled and return its one line (what a panel shows)."""
    return one_line(exc, record(directory))
