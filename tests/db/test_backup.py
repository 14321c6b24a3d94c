"""Backups: written under a temporary name, verified, renamed; bounded; never half a file.

A kill during the pre-upgrade backup once left a truncated file, and a full disk a 0-byte file
that opened as an empty database. These tests kill a real process mid-copy, fill a real
(tmpfs) file system, and check that only whole, verified copies ever carry a backup's name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from pmstudy.db import backup as backups
from pmstudy.db import migrate
from pmstudy.db.engine import make_engine
from pmstudy.errors import BackupError
from tests.conftest import run_cli, small_tmpfs

NOW = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)


def _database(path: Path, *, revision: str = "head", megabytes: int = 0) -> Path:
    """A real pmstudy database at ``revision``, padded with ``megabytes`` of random data."""
    engine = make_engine(f"sqlite:///{path}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
    if megabytes:
        with closing(sqlite3.connect(path)) as c:
            c.execute("CREATE TABLE padding (b BLOB)")
            c.executemany("INSERT INTO padding VALUES (randomblob(?))", [(1 << 20,)] * megabytes)
            c.commit()
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _quick_check(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as c:
        return str(c.execute("PRAGMA quick_check").fetchone()[0])


def test_backup_is_a_whole_verified_copy_with_no_temporary_files(tmp_path: Path) -> None:
    db = _database(tmp_path / "pmstudy.sqlite3")
    engine = make_engine(f"sqlite:///{db}")
    made = backups.backup(engine, tmp_path / "b", now=NOW, label="manual")
    engine.dispose()
    assert made is not None
    assert made.name == "pmstudy-20261207T090000000000Z-manual.sqlite3"
    assert _quick_check(made) == "ok"
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [made.name]


def test_only_the_newest_backups_are_kept(tmp_path: Path) -> None:
    db = _database(tmp_path / "pmstudy.sqlite3")
    other = tmp_path / "b" / "notes-20200101T000000000000Z.sqlite3"
    other.parent.mkdir()
    other.write_bytes(b"not ours")
    engine = make_engine(f"sqlite:///{db}")
    made = [
        backups.backup(engine, tmp_path / "b", now=NOW + dt.timedelta(hours=h), keep=3)
        for h in range(6)
    ]
    # the same instant twice (a fixed clock): a second name, not an overwrite
    twin = backups.backup(engine, tmp_path / "b", now=NOW + dt.timedelta(hours=5), keep=3)
    engine.dispose()
    assert twin is not None
    assert twin.name.endswith("Z-2.sqlite3")
    kept = backups.backups_of(tmp_path / "b", "pmstudy")
    assert kept == [made[4], made[5], twin]
    assert other.exists()


def test_a_kill_during_a_backup_leaves_no_file_with_a_backups_name(tmp_path: Path) -> None:
    db = _database(tmp_path / "pmstudy.sqlite3", megabytes=160)
    folder = tmp_path / "b"
    script = (
        "import datetime as dt, sys\n"
        "from pathlib import Path\n"
        "from pmstudy.db.backup import backup\n"
        "from pmstudy.db.engine import make_engine\n"
        "backup(make_engine(f'sqlite:///{sys.argv[1]}'), Path(sys.argv[2]),"
        " now=dt.datetime(2026, 12, 7, tzinfo=dt.UTC))\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(db), str(folder)])
    partial: list[Path] = []
    deadline = time.monotonic() + 60
    while not partial and time.monotonic() < deadline and child.poll() is None:
        if folder.is_dir():
            partial = [p for p in folder.glob(".*.partial") if p.stat().st_size > 0]
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert partial, "the copy finished before it could be interrupted: make the database bigger"
    assert child.returncode == -signal.SIGKILL
    assert backups.backups_of(folder, "pmstudy") == []
    assert any(folder.glob(".*.partial"))
    # the next backup removes what the killed one left and writes a whole copy
    engine = make_engine(f"sqlite:///{db}")
    made = backups.backup(engine, folder, now=NOW)
    engine.dispose()
    assert made is not None
    assert _quick_check(made) == "ok"
    assert sorted(folder.iterdir()) == [made]


def test_a_temporary_file_of_a_running_backup_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    alive = folder / f".pmstudy-x.sqlite3.{os.getppid()}.partial"
    alive.write_bytes(b"in progress")
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    dead = folder / f".pmstudy-y.sqlite3.{int(gone.stdout)}.partial"
    dead.write_bytes(b"left by a killed process")
    Path(f"{dead}-journal").write_bytes(b"x")
    assert sorted(backups.remove_stale_partials(folder)) == sorted([dead, Path(f"{dead}-journal")])
    assert sorted(folder.iterdir()) == [alive]


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs: smaller than the databases the tests back up into it."""
    with small_tmpfs(tmp_path / "small", "256k") as mount:
        yield mount


def test_a_full_disk_raises_one_line_and_leaves_nothing(tmp_path: Path, full_disk: Path) -> None:
    db = _database(tmp_path / "pmstudy.sqlite3", megabytes=2)
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(BackupError) as raised:
        backups.backup(engine, full_disk / "backups", now=NOW)
    engine.dispose()
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"could not back up {db} into {full_disk / 'backups'} (")
    assert message.endswith("); the database was not changed")
    assert list((full_disk / "backups").iterdir()) == []


def test_a_full_disk_refuses_the_upgrade_and_leaves_the_database_untouched(
    tmp_path: Path, full_disk: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = full_disk.parent / "data"
    data.mkdir()
    db = _database(data / "pmstudy.sqlite3", revision="0007", megabytes=2)
    (data / "backups").symlink_to(full_disk)
    before = _digest(db)
    code, out, err = run_cli(capsys, "--data-dir", str(data), "db", "upgrade")
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    head = migrate.head_revision()
    assert err.startswith(f"pmstudy: error: upgrade to schema {head} refused: could not back up")
    assert _digest(db) == before
    with closing(sqlite3.connect(db)) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
    assert list(full_disk.iterdir()) == []


def test_db_backup_prints_the_path_and_keeps_the_setting_s_number(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMSTUDY_BACKUPS_KEPT", "2")
    assert run_cli(capsys, "db", "upgrade")[0] == 0
    printed = []
    for minute in range(4):
        monkeypatch.setenv("PMSTUDY_NOW", f"2026-12-07T09:0{minute}:00+00:00")
        code, out, _ = run_cli(capsys, "db", "backup")
        assert code == 0
        printed.append(Path(out.strip()))
    assert all(p.parent == env / "backups" for p in printed)
    assert sorted((env / "backups").iterdir()) == printed[2:]


def test_an_upgrade_at_start_up_says_where_the_backup_went(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env.mkdir()
    _database(env / "pmstudy.sqlite3", revision="0007")
    code, _, err = run_cli(capsys, "stats")
    assert code == 0
    kept = backups.backups_of(env / "backups", "pmstudy")
    assert len(kept) == 1
    assert kept[0].name.endswith(f"-before-{migrate.head_revision()}.sqlite3")
    assert err == f"pmstudy: database upgraded; backup: {kept[0]}\n"
