"""A glance into a profile's database file without opening it for work."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def peek(path: Path) -> tuple[int, str | None] | None:
    """(cards, UTC date of the last answer or None) read from ``path``, or None when it is no
    readable pmstudy database yet.

    Read-only and without migrating: listing profiles must not upgrade, back up or create
    anything (a profile another pmstudy is using stays untouched).
    """
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
            (cards,) = connection.execute("SELECT count(*) FROM cards").fetchone()
            (last,) = connection.execute("SELECT max(answered_at) FROM review_log").fetchone()
    except sqlite3.Error:
        return None
    return int(cards), None if last is None else str(last)[:10]
