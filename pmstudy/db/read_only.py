"""A learner's database opened for reading only: what a trainer's report needs.

Opening a profile for work creates its folder or schema, migrates it, writes the scheduler's
seed and prunes the change log (``services.container.build_services``). A trainer reading a
learner must do none of that: on PostgreSQL the trainers' role may only SELECT, and a learner's
schema is the learner's to upgrade. So this engine

- on SQLite opens the file with ``mode=ro`` (the file layer refuses every write) and
  ``query_only``; it is not a path SQLAlchemy knows, so no readiness snapshot file is written
  beside it either (``SnapshotFiles.of`` needs a file URL);
- on PostgreSQL makes every transaction ``READ ONLY`` (on top of the search path);

and ``check_revision`` says where the schema stands without touching it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from pmstudy.db.engine import BUSY_TIMEOUT_MS, database_error, make_engine, one_line
from pmstudy.db.migrate import HEAD_REVISION
from pmstudy.errors import DatabaseStateError, PmStudyError, SchemaBehindError


def read_only_engine(url: str, *, sqlite_path: Path | None, schema: str | None) -> Engine:
    """An engine that reads the database at ``url`` and cannot change it.

    ``sqlite_path``: the SQLite file (None on a server); ``schema``: the PostgreSQL schema
    every connection works in (a learner's).
    """
    if sqlite_path is not None:
        if not sqlite_path.is_file():
            raise DatabaseStateError(f"no database yet at {sqlite_path}")
        uri = f"{sqlite_path.as_uri()}?mode=ro"

        def connect() -> sqlite3.Connection:
            connection = sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            # belt and braces: even a statement that slipped past mode=ro may not write
            connection.execute("PRAGMA query_only=ON")
            return connection

        # NullPool: a plain "sqlite://" URL would otherwise get the in-memory pool
        engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)
        event.listen(engine, "handle_error", _translated(sqlite_path))
        return engine
    engine = make_engine(url, schema=schema)
    event.listen(engine, "connect", _read_only_session)
    event.listen(engine, "handle_error", _translated(None))
    return engine


def _read_only_session(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    # committed at once, as the search path is: the pool's rollback would undo it
    dbapi_connection.commit()


def _translated(path: Path | None) -> Any:
    """Any refusal of the database (a damaged file, no right to a table) becomes one line about
    this learner (a file's condition in the words of ``database_error``), not a traceback for
    the whole report."""

    def translate(context: ExceptionContext) -> PmStudyError | None:
        if context.is_disconnect or getattr(context, "is_pre_ping", False):
            return None  # the pool's own handling (reconnect), as on any engine
        exc = context.original_exception
        named = None if path is None else database_error(exc, path)
        return named or DatabaseStateError(f"cannot be read ({one_line(exc)})")

    return translate


def check_revision(engine: Engine) -> str:
    """The schema revision, when it is this pmstudy's; else one of pmstudy's errors:
    ``SchemaBehindError`` (older: ``pmstudy group upgrade`` brings it up), or
    ``DatabaseStateError`` (no pmstudy tables yet, a newer pmstudy's, unreadable)."""
    try:
        with engine.connect() as connection:
            found = None
            if inspect(connection).has_table("alembic_version"):
                statement = text("SELECT version_num FROM alembic_version")
                found = connection.execute(statement).first()
    except DBAPIError as exc:
        raise DatabaseStateError(f"cannot be read ({one_line(exc.orig or exc)})") from exc
    current = None if found is None else str(found[0])
    if current == HEAD_REVISION:
        return current
    if current is None:
        raise DatabaseStateError("no pmstudy schema version: not set up yet")
    if current.isdigit() and HEAD_REVISION.isdigit() and int(current) < int(HEAD_REVISION):
        raise SchemaBehindError(current, HEAD_REVISION)
    raise DatabaseStateError(
        f"written by a newer pmstudy (schema {current}); this pmstudy knows schemas up to "
        f"{HEAD_REVISION}"
    )
