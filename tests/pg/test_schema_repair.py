"""Migration 0008 on PostgreSQL: a database created by the first release of migration 0001
(narrow indexes, no ix_cards_state_position) reaches the models' schema; ``schema_drift``
names the differences before and finds none after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine

from pmstudy.db.schema_drift import schema_drift

ROOT = Path(__file__).resolve().parents[2]

# What the first release of 0001 (commit f5844dc) created instead of today's three indexes.
FIRST_RELEASE = (
    "DROP INDEX ix_cards_state_position",
    "DROP INDEX ix_cards_deck_state_due",
    "CREATE INDEX ix_cards_deck_state_due ON cards (deck_id, state, due)",
    "DROP INDEX ix_review_log_answered",
    "CREATE INDEX ix_review_log_answered ON review_log (answered_at)",
)


def _upgrade(url: str, revision: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", revision],
        cwd=ROOT,
        env={**os.environ, "PMSTUDY_DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_repair_brings_a_drifted_postgres_database_to_the_models(pg_url: str) -> None:
    _upgrade(pg_url, "0007")
    engine = create_engine(pg_url)
    try:
        with engine.begin() as connection:
            for statement in FIRST_RELEASE:
                connection.exec_driver_sql(statement)
        with engine.connect() as connection:
            before = {(d.kind, d.name) for d in schema_drift(connection) if "index" in d.kind}
        assert before == {
            ("index differs", "ix_cards_deck_state_due"),
            ("missing index", "ix_cards_state_position"),
            ("index differs", "ix_review_log_answered"),
        }
        _upgrade(pg_url, "head")
        with engine.connect() as connection:
            assert schema_drift(connection) == []
    finally:
        engine.dispose()
