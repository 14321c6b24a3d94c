"""WAL checkpoints run on a background thread, not inside the commit of an answer."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from pmstudy.db.checkpoint import WalCheckpointer
from pmstudy.db.engine import make_engine


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_commits_leave_checkpoints_to_the_thread(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    checkpointer = WalCheckpointer(database, every=20)
    engine = make_engine(f"sqlite:///{database}", checkpointer=checkpointer)
    try:
        with engine.begin() as connection:
            assert connection.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
            connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"))
        for index in range(200):
            with engine.begin() as connection:
                connection.execute(
                    text("INSERT INTO t (body) VALUES (:body)"), {"body": f"{index:04d}" * 200}
                )
        assert _wait_for(lambda: checkpointer.checkpoints > 0)
        # every commit is there, whether it sits in the log or in the database file
        with sqlite3.connect(database) as other:
            assert other.execute("SELECT count(*) FROM t").fetchone() == (200,)
        other.close()
    finally:
        checkpointer.close()
        engine.dispose()
    # the last connection to close folds the log into the database file
    assert not (tmp_path / "db.sqlite3-wal").exists()
    with sqlite3.connect(database) as reopened:
        assert reopened.execute("SELECT count(*) FROM t").fetchone() == (200,)
    reopened.close()


def test_commits_below_the_count_do_not_wake_the_thread(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    checkpointer = WalCheckpointer(database, every=1000)
    engine = make_engine(f"sqlite:///{database}", checkpointer=checkpointer)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        for _ in range(50):
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO t DEFAULT VALUES"))
        time.sleep(0.2)
        assert checkpointer.checkpoints == 0
        assert checkpointer.checkpoint() is True  # what the idle timer does
        assert checkpointer.checkpoints == 1
    finally:
        checkpointer.close()
        engine.dispose()
    assert WalCheckpointer(tmp_path / "none.sqlite3").checkpoint() is False


def test_engines_without_a_checkpointer_keep_sqlites_default(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 1000
    finally:
        engine.dispose()
