"""Where the bundled migrations and decks are: inside the wheel, or beside the source tree.

The wheel carries the top-level ``migrations/`` and ``decks/`` as ``pmstudy/_migrations`` and
``pmstudy/_decks`` (hatchling ``force-include``); a source checkout has them at the top level.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_PACKAGE = Path(str(resources.files("pmstudy")))


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"none of {', '.join(map(str, candidates))} exists")


def migrations_dir() -> Path:
    """The Alembic script directory."""
    return _first_existing(_PACKAGE / "_migrations", _PACKAGE.parent / "migrations")


def decks_dir() -> Path:
    """The directory of bundled deck files."""
    return _first_existing(_PACKAGE / "_decks", _PACKAGE.parent / "decks")


def profiles_dir() -> Path:
    """The directory of exam profile files."""
    return decks_dir() / "exams"


def crosswalk_file() -> Path:
    """The crosswalk between exam blueprints (which task of one exam is a task of another)."""
    return decks_dir() / "crosswalk" / "crosswalk.toml"
