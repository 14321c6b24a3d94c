"""Open a file in the system's viewer, detached from the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def open_in_system_viewer(path: Path) -> None:
    """Hand ``path`` to the desktop's default application (xdg-open, open, or startfile)."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
        return
    command = "open" if sys.platform == "darwin" else "xdg-open"
    subprocess.Popen(
        [command, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
