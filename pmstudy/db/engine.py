"""Engine and session factory; SQLite pragmas on every connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db.checkpoint import WalCheckpointer

BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    _apply_pragmas(dbapi_connection)


def _pragmas_without_autocheckpoint(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    _apply_pragmas(dbapi_connection)
    # A WalCheckpointer thread checkpoints instead, off the answer path (db/checkpoint.py).
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")


def _apply_pragmas(dbapi_connection: sqlite3.Connection) -> None:
    cursor = dbapi_connection.cursor()
    # Enforce foreign keys: SQLite leaves them off unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets a second pmstudy (or a CLI call) read while the app writes, and makes every
    # commit one append to the log: a killed process loses nothing that was committed.
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable across process crashes in WAL mode and much faster than FULL; only an
    # OS crash or power cut can lose the last transactions.
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Wait for another writer instead of failing at once with 'database is locked'.
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(
    url: str, *, echo: bool = False, checkpointer: WalCheckpointer | None = None
) -> Engine:
    """An engine for ``url`` with pmstudy's connection setup.

    With a ``checkpointer`` (SQLite files only) the connections do not checkpoint the WAL
    themselves: every commit pokes the checkpointer's thread instead.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        if checkpointer is None:
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            event.listen(engine, "connect", _pragmas_without_autocheckpoint)
            event.listen(engine, "commit", lambda _connection: checkpointer.poke())
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def sqlite_file(engine: Engine) -> Path | None:
    """The engine's SQLite database file (None: another database, or in memory)."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)
