"""pmstudy on PostgreSQL: the same migrations, models and services as on SQLite (DESIGN §6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

ROOT = Path(__file__).resolve().parents[2]


def _alembic(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=ROOT,
        env={**os.environ, "PMSTUDY_DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )


def test_migrations_run_and_match_the_models(pg_url: str) -> None:
    upgraded = _alembic(pg_url, "upgrade", "head")
    assert upgraded.returncode == 0, upgraded.stderr
    checked = _alembic(pg_url, "check")
    assert checked.returncode == 0, checked.stderr + checked.stdout
    engine = create_engine(pg_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"cards", "notes", "review_log", "decks", "presets", "exam_goals"} <= tables
        with engine.connect() as connection:
            # partial on PostgreSQL too (the model names its WHERE for SQLite only)
            mock_index = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_review_log_mock_exam'")
            ).scalar_one()
        assert "WHERE" in mock_index
        assert "mock-exam" in mock_index
        downgraded = _alembic(pg_url, "downgrade", "base")
        assert downgraded.returncode == 0, downgraded.stderr
        with engine.connect() as connection:
            left = connection.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar()
        assert left == 1  # alembic_version only
    finally:
        engine.dispose()


def test_the_command_line_on_postgres(pg_url: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PMSTUDY_DATABASE_URL": pg_url,
        "PMSTUDY_DATA_DIR": str(tmp_path),
        "PMSTUDY_NOW": "2026-11-22T09:00:00+00:00",
        "PMSTUDY_TIMEZONE": "UTC",
    }

    def pmstudy(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pmstudy", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )

    upgraded = pmstudy("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    decks = pmstudy("decks", "--json")
    assert decks.returncode == 0, decks.stderr
    assert '"Scrum"' in decks.stdout
    stats = pmstudy("stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert not list(tmp_path.glob("*.sqlite3"))  # nothing went to a SQLite file
