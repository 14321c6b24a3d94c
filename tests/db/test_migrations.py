"""Migrations: pytest-alembic's built-in checks, start-up upgrade with backup, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_alembic.tests import (  # noqa: F401 - collected as tests
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine

from pmstudy.db import migrate
from pmstudy.db.engine import make_engine
from pmstudy.errors import DatabaseStateError

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


@pytest.fixture
def alembic_config() -> dict[str, str]:
    """pytest-alembic: our shipped script location."""
    return {"script_location": str(migrate.alembic_config().get_main_option("script_location"))}


@pytest.fixture
def alembic_engine(tmp_path: Path) -> Iterator[Engine]:
    """pytest-alembic: a real SQLite file."""
    engine = make_engine(f"sqlite:///{tmp_path / 'alembic.sqlite3'}")
    yield engine
    engine.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_database_is_created_without_backup(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert migrate.upgrade(engine, backup_dir=tmp_path / "backups", now=NOW) is None
    assert migrate.status(engine).up_to_date
    assert migrate.upgrade(engine, backup_dir=tmp_path / "backups", now=NOW) is None
    assert not (tmp_path / "backups").exists()
    engine.dispose()


def test_database_behind_is_backed_up_then_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Add a real second revision in a copy of the migrations and upgrade to it."""
    db = tmp_path / "db.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO settings (key, value) VALUES ('marker', '\"kept\"')"
        )
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.alembic_config().get_main_option("script_location") or "", scripts)
    head = migrate.head_revision()
    (scripts / "versions" / "9999_test.py").write_text(
        f'''"""test revision"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.drop_column("note")
'''
    )
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9999")
    before = _digest(db)
    engine.dispose()
    engine = make_engine(f"sqlite:///{db}")
    backup = migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW)
    assert backup is not None
    assert backup.name.startswith("db-20261122T090000")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
        assert copy.execute("SELECT value FROM settings WHERE key='marker'").fetchone() == (
            '"kept"',
        )
    assert migrate.status(engine).current == "9999"
    with engine.connect() as connection:
        columns = [r[1] for r in connection.exec_driver_sql("PRAGMA table_info(settings)")]
        assert "note" in columns
        marker = connection.exec_driver_sql("SELECT value FROM settings WHERE key='marker'")
        assert marker.scalar() == '"kept"'
    assert before != _digest(db)
    engine.dispose()


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine, backup_dir=tmp_path, now=NOW)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff_future'")
    engine.dispose()
    digest = _digest(db)
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(DatabaseStateError, match="newer pmstudy"):
        migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW)
    engine.dispose()
    assert _digest(db) == digest
    assert not (tmp_path / "b").exists()


def test_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite3"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    digest = _digest(db)
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(DatabaseStateError, match="not a pmstudy database"):
        migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW)
    engine.dispose()
    assert _digest(db) == digest


def test_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("this is not a database, just some text " * 50)
    digest = _digest(db)
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(DatabaseStateError, match="not a usable SQLite database"):
        migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW)
    engine.dispose()
    assert _digest(db) == digest


def test_pragmas_are_set(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    engine.dispose()


def test_connections_after_an_upgrade_enforce_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.sqlite3'}")
    migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW)
    for _ in range(3):
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_head_revision_constant_matches_the_migrations() -> None:
    assert migrate.head_revision() == migrate.HEAD_REVISION
