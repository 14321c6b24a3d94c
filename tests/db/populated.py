"""What the migration tests of a populated collection share: row counts per table, and answers
written straight into the log of a database stopped at an earlier revision."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path


def row_counts(path: Path, tables: Sequence[str]) -> dict[str, int]:
    """Rows per table of the SQLite file at ``path``."""
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def log_answers(path: Path, count: int = 5) -> None:
    """``count`` first answers (Good, learning) in the review log, with the columns every
    revision since 0001 has."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO review_log (card_id, answered_at, rating, duration_ms, kind,"
            " state_before, state_after)"
            " SELECT id, '2026-12-06 09:00:00.000000', 3, 4000, 'learn', 0, 1"
            " FROM cards LIMIT ?",
            (count,),
        )
