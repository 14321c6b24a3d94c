"""Where pmstudy keeps things on this machine (one module, from platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path, user_downloads_path


def default_data_dir() -> Path:
    """The per-user data directory, e.g. ~/.local/share/pmstudy."""
    return user_data_path("pmstudy", appauthor=False)


def downloads_dir() -> Path:
    """The user's downloads folder (e.g. ~/Downloads): where the TUI offers to export a deck."""
    return user_downloads_path()


def local_zone_name() -> str | None:
    """The machine's IANA time zone name, or None when it cannot be told."""
    name = os.environ.get("TZ", "").lstrip(":")
    if (name and "/" in name) or name == "UTC":
        return name
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return None
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None
