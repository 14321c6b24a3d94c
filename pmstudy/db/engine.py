"""Engine and session factory; SQLite pragmas on every connection."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db.checkpoint import WalCheckpointer
from pmstudy.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseFullError,
    DatabaseReadOnlyError,
    DatabaseStateError,
    PmStudyError,
)

# Read when an engine is made (tests lower it to hold a lock "longer than the timeout").
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
    url: str,
    *,
    echo: bool = False,
    checkpointer: WalCheckpointer | None = None,
    schema: str | None = None,
) -> Engine:
    """An engine for ``url`` with pmstudy's connection setup.

    With a ``checkpointer`` (SQLite files only) the connections do not checkpoint the WAL
    themselves: every commit pokes the checkpointer's thread instead. With a ``schema``
    (PostgreSQL: a learner profile's) every connection works in that schema alone: its
    ``search_path`` is set when it connects, so every query and migration runs unchanged.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        # SQLAlchemy's message quotes the statement and its parameters (card text): a locked,
        # full, read-only or damaged database becomes one sentence instead (errors.py).
        event.listen(engine, "handle_error", _translate)
        if checkpointer is None:
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            event.listen(engine, "connect", _pragmas_without_autocheckpoint)
            event.listen(engine, "commit", lambda _connection: checkpointer.poke())
        return engine
    engine = create_engine(url, echo=echo, pool_pre_ping=True)
    event.listen(engine, "handle_error", _server_unreachable)
    if schema is not None:
        event.listen(engine, "connect", _search_path(schema))
    return engine


def _server_unreachable(context: ExceptionContext) -> PmStudyError | None:
    """A server that cannot be reached (down, wrong host, refused login) is one sentence."""
    from sqlalchemy.exc import OperationalError

    if context.connection is not None or not isinstance(
        context.sqlalchemy_exception, OperationalError
    ):
        return None
    where = context.engine.url.render_as_string(hide_password=True) if context.engine else "?"
    return DatabaseStateError(
        f"cannot use the database {where} ({one_line(context.original_exception)}); "
        "nothing was changed"
    )


def one_line(exc: BaseException) -> str:
    """A driver's message (often several lines, e.g. libpq's hints) as one line."""
    return " ".join(str(exc).split())


def first_line(exc: BaseException) -> str:
    """The first line of a driver's message (PostgreSQL adds the statement and a caret)."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def quote_identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier (PostgreSQL)."""
    return '"' + name.replace('"', '""') + '"'


def _search_path(schema: str) -> Any:
    statement = f"SET search_path TO {quote_identifier(schema)}"

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        # committed at once: the pool's rollback on return would otherwise undo the SET
        dbapi_connection.commit()

    return on_connect


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


def _translate(context: ExceptionContext) -> PmStudyError | None:
    database = context.engine.url.database if context.engine is not None else None
    return database_error(context.original_exception, Path(database or "the database"))


def database_error(exc: BaseException, path: Path) -> PmStudyError | None:
    """The user's sentence for a SQLite error about the database file itself, or None.

    Only conditions of the file are named (locked, full, read-only, damaged); an error of the
    statement (a constraint, a bug) stays what it is.
    """
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    detail = " ".join(str(exc).split())
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseBusyError(
            f"the database {path} is busy: another program has held its write lock for more "
            f"than {BUSY_TIMEOUT_MS / 1000:g} s (a long import?); nothing was saved"
        )
    if name == "SQLITE_FULL":
        return DatabaseFullError(
            f"the disk holding the database {path} is full ({detail}); nothing was saved"
        )
    if name.startswith("SQLITE_READONLY") or (name == "SQLITE_CANTOPEN" and _read_only(path)):
        what = (
            f"its folder {path.parent} is read-only (pmstudy writes its journal files there)"
            if _folder_read_only(path)
            else "the file is read-only"
        )
        return DatabaseReadOnlyError(
            f"cannot write the database {path}: {what}; check the permissions. It was not changed"
        )
    if name.startswith("SQLITE_CORRUPT"):
        return DatabaseDamagedError(
            f"the database {path} is damaged ({detail}); pmstudy will not use it. Restore a "
            "copy from the backups folder beside it. It was not changed"
        )
    return None


def _folder_read_only(path: Path) -> bool:
    folder = path.parent
    return folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK)


def _read_only(path: Path) -> bool:
    """Whether the file, or the folder that holds it and its WAL files, is not writable."""
    return _folder_read_only(path) or (path.exists() and not os.access(path, os.W_OK))
