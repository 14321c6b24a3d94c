"""Writing a file all at once: a temporary file beside it replaces it on success."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pmstudy.io.errors import ExportError


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it only when writing succeeded."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ExportError(f"{path}: the folder {directory} does not exist")
    handle, name = tempfile.mkstemp(prefix=".pmstudy-export-", dir=directory)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        # mkstemp makes the file 0600; an export is the user's file and gets the mode any new
        # file of theirs would (the umask: 0644 typically)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    finally:
        temporary.unlink(missing_ok=True)
