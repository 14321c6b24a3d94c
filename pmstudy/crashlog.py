"""The crash log: the traceback of an unexpected error, appended to ``crash.log``.

The user sees one line naming the file; the details (which may quote card text) stay on disk.
Used by the CLI's last-resort handler and by TUI workers whose failure must not end the app.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from pmstudy.locations import default_data_dir

FILE_NAME = "crash.log"


def record(directory: Path | None, exc: BaseException | None = None) -> Path | None:
    """Append ``exc`` (default: the exception being handled) to ``directory/crash.log``;
    None if it cannot."""
    text = "".join(traceback.format_exception(exc)) if exc is not None else traceback.format_exc()
    try:
        # before the settings are read (a broken command line) the data folder is not known:
        # the default one, never the folder the user happens to be in
        folder = directory if directory is not None else default_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / FILE_NAME
        with path.open("a", encoding="utf-8") as log:
            log.write(text + "\n")
    except OSError:
        return None
    return path


def one_line(exc: BaseException, where: Path | None) -> str:
    """``TypeName: message; details in PATH`` on one line.

    A database driver's error is shown as the driver said it: SQLAlchemy's own message quotes
    the statement and its parameters (card text), which stay in the log.
    """
    shown = getattr(exc, "orig", None)
    if not isinstance(shown, BaseException):
        shown = exc
    message = " ".join(str(shown).split()) or "no message"
    detail = f"; details in {where}" if where else ""
    return f"{type(shown).__name__}: {message}{detail}"


def logged(exc: BaseException, directory: Path | None) -> str:
    """Record ``exc`` and return its one line (what a panel shows)."""
    return one_line(exc, record(directory, exc))
