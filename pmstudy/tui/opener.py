"""Open a card's image or sound in the system's viewer, detached from the terminal, once the
file is known to be one (``pmstudy.io.media.unviewable_reason``)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pmstudy.io.media import unviewable_reason


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


def open_media(
    path: Path, media_root: Path, launch: Callable[[Path], None] = open_in_system_viewer
) -> str | None:
    """Hand a card's media file to ``launch`` when it is an image or sound inside
    ``media_root``; else do nothing and say why, in one line.

    An imported package decides what its media files hold: ``xdg-open`` would run a packaged
    ``.desktop`` file or a script named ``.png`` as the desktop sees fit.
    """
    reason = unviewable_reason(path, media_root)
    if reason is not None:
        return f"Not opened: {reason}."
    launch(path.resolve())
    return None
