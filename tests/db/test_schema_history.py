"""Schema history: released migrations never change, and every earlier database reaches the
same schema as a fresh one.

Migration 0001 was edited in place twice after release (commits e7d1a49 and 7d358e9), so
databases created before those edits reached the head revision without ix_cards_state_position
and with two narrower indexes. tests/db/schemas/ keeps the schema each released variant of 0001
created (generated from ``git show <commit>:migrations/versions/0001_initial_schema.py``);
each is upgraded here and compared, table by table and index by index, with a fresh database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from pmstudy.db import migrate
from pmstudy.db.engine import make_engine
from pmstudy.db.schema_drift import schema_drift
from tests.conftest import run_cli

NOW = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
SCHEMAS = Path(__file__).parent / "schemas"

# A released migration is never edited: a database that already ran it would never see the
# edit. Change the schema with a new revision instead, and add its hash here when it ships.
RELEASED = {
    "0001_initial_schema.py": "483f37040d3ddd823e1079e634d7e21e6c37cd57fafb2163080add13b9048326",
    "0002_exam_goals.py": "f82ee540613cd655780341ac2d5731e877f10226e556319487ada4ee458dfd3b",
    "0003_review_days.py": "223c053220b16c561ae820f509a507b0149282069faab5b0319254209020b1f5",
    "0004_card_changes.py": "70816ccf80a84d5a0dc4388b9f419db40ac0021e1983bf9b2f44ec694262f926",
    "0005_readiness_history.py": "81479574c65a7a735fc581c521004d6e6e1a0a2a691378d5b05bf3a04cc763f3",
    "0006_mock_exam_index.py": "492dabe044a312c6be556f2303a8ea63a27bc47ee3628ceeab0ae00fa556cde3",
    "0007_mock_exams.py": "9d64b768ea6ac724bafc3f12542ee6783ef2097143c71098a9280bd3d578ef61",
    "0008_repair_initial_indexes.py": (
        "9704df486036baf634a6c0d5409e3a778ed79702038e0df877615656e7997efe"
    ),
    "0009_scheduling_options.py": (
        "53d34ebce3fb994a0ca835c65ba0d5d857ce4047656c8e38d513eb97da045882"
    ),
    "0010_eligibility.py": "fa532087db376987fec34c8a60b8203955f1a117ccbf894a6cf4761a4b4c88f1",
}

Schema = dict[str, object]


def _normal(sql: str | None) -> str:
    return " ".join((sql or "").replace('"', "").split())


def sqlite_schema(path: Path) -> Schema:
    """Every table (columns, foreign keys), index (columns, uniqueness, origin, condition),
    trigger and view of a SQLite file, in a form two files can be compared by."""
    schema: Schema = {}
    with closing(sqlite3.connect(path)) as c:
        master = c.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for kind, name, table, sql in master:
            if kind == "table":
                schema[f"table {name}"] = {
                    "columns": c.execute(f"PRAGMA table_xinfo('{name}')").fetchall(),
                    "foreign keys": sorted(
                        row[2:] for row in c.execute(f"PRAGMA foreign_key_list('{name}')")
                    ),
                    "indexes": sorted(
                        (
                            # autoindexes (UNIQUE constraints) are numbered by creation order
                            "auto" if index.startswith("sqlite_autoindex") else index,
                            unique,
                            origin,
                            partial,
                            tuple(
                                r[2] for r in c.execute(f"PRAGMA index_xinfo('{index}')") if r[5]
                            ),
                        )
                        for _, index, unique, origin, partial in c.execute(
                            f"PRAGMA index_list('{name}')"
                        )
                    ),
                }
            elif kind == "index":
                schema[f"index {name}"] = (table, _normal(sql))
            else:
                schema[f"{kind} {name}"] = (table, _normal(sql))
    return schema


def _upgrade_to(path: Path, revision: str) -> None:
    engine = make_engine(f"sqlite:///{path}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def _load(sql_file: Path, path: Path) -> None:
    with closing(sqlite3.connect(path)) as c:
        c.executescript(sql_file.read_text())


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Schema:
    path = tmp_path_factory.mktemp("fresh") / "fresh.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, backup_dir=path.parent / "b", now=NOW)
    engine.dispose()
    return sqlite_schema(path)


def test_released_migrations_are_never_edited() -> None:
    versions = migrate.migrations_dir() / "versions"
    files = sorted(p.name for p in versions.glob("*.py"))
    assert files == sorted(RELEASED), "a migration was added or removed: list its hash here"
    for name, digest in RELEASED.items():
        text = (versions / name).read_bytes().replace(b"\r\n", b"\n")
        assert hashlib.sha256(text).hexdigest() == digest, (
            f"{name} was released and must not change: add a new revision instead"
        )


def test_head_is_0010() -> None:
    assert migrate.head_revision() == "0010"


@pytest.mark.parametrize("variant", sorted(p.name for p in SCHEMAS.glob("*.sql")))
def test_database_from_a_released_0001_variant_upgrades_to_the_fresh_schema(
    tmp_path: Path, fresh: Schema, variant: str
) -> None:
    path = tmp_path / "old.sqlite3"
    _load(SCHEMAS / variant, path)
    assert sqlite_schema(path) != fresh
    engine = make_engine(f"sqlite:///{path}")
    assert migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW) is not None
    engine.dispose()
    assert sqlite_schema(path) == fresh


@pytest.mark.parametrize("variant", sorted(p.name for p in SCHEMAS.glob("*.sql")))
def test_database_upgraded_to_0007_before_the_repair_reaches_the_fresh_schema(
    tmp_path: Path, fresh: Schema, variant: str
) -> None:
    """The reported case: an old database already at 0007 (the previous head), with drift."""
    path = tmp_path / "old.sqlite3"
    _load(SCHEMAS / variant, path)
    _upgrade_to(path, "0007")
    assert sqlite_schema(path) != fresh
    _upgrade_to(path, "head")
    assert sqlite_schema(path) == fresh


@pytest.mark.parametrize(
    "revision", ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009"]
)
def test_database_stopped_at_each_revision_upgrades_to_the_fresh_schema(
    tmp_path: Path, fresh: Schema, revision: str
) -> None:
    path = tmp_path / "old.sqlite3"
    _upgrade_to(path, revision)
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW)
    engine.dispose()
    assert sqlite_schema(path) == fresh


def test_repair_migration_leaves_a_fresh_schema_as_it_is(tmp_path: Path, fresh: Schema) -> None:
    path = tmp_path / "db.sqlite3"
    _upgrade_to(path, "head")
    _upgrade_to(path, "0007")
    _upgrade_to(path, "head")
    assert sqlite_schema(path) == fresh


def _drifted(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "pmstudy.sqlite3"
    _load(SCHEMAS / "0001_f5844dc.sql", path)
    _upgrade_to(path, "0007")
    # what `db check` saw before the repair: the revision said "head", the indexes were old
    _stamp(path, "0008")
    _upgrade_to(path, "head")
    return path


def _stamp(path: Path, revision: str) -> None:
    engine = make_engine(f"sqlite:///{path}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.stamp(config, revision, purge=True)
    engine.dispose()


def test_schema_drift_names_each_missing_or_narrow_index(tmp_path: Path) -> None:
    path = _drifted(tmp_path)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        drifts = {(d.kind, d.name, d.found) for d in schema_drift(connection)}
    engine.dispose()
    assert drifts == {
        ("index differs", "ix_cards_deck_state_due", "(deck_id, state, due)"),
        ("missing index", "ix_cards_state_position", ""),
        ("index differs", "ix_review_log_answered", "(answered_at)"),
    }


def test_db_check_reports_drift_and_passes_after_the_upgrade(
    tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _drifted(tmp_path)
    code, out, _ = run_cli(capsys, "--data-dir", str(path.parent), "db", "check")
    assert code == 1
    assert "tables and indexes: 3 difference(s)" in out
    assert "missing index: ix_cards_state_position" in out
    assert "index differs: ix_review_log_answered is (answered_at), expected" in out
    # back to 0007 with the same old indexes, so that `db upgrade` runs the repair
    engine = make_engine(f"sqlite:///{path}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
    engine.dispose()
    _stamp(path, "0007")
    code, out, _ = run_cli(capsys, "--data-dir", str(path.parent), "db", "upgrade")
    assert code == 0, out
    assert "backup: " in out
    code, out, _ = run_cli(capsys, "--data-dir", str(path.parent), "db", "check")
    assert code == 0, out
    assert "tables and indexes: ok" in out
