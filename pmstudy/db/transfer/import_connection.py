"""The connection one large import runs on, and the source database it may attach."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine

IMPORT_CACHE_KIB = 256 * 1024
DEFAULT_CACHE_KIB = 2000
SOURCE = "import_source"
"""Schema name of the attached source database (SQL copying from it names it so)."""


@contextmanager
def import_connection(engine: Engine, *, attach: Path | None = None) -> Iterator[Connection]:
    """A connection set up for one large import, and set back before it returns to the pool.

    On SQLite, foreign keys are off for its duration: every id the writer stores comes from a
    row it read or inserted in the same transaction, so the per-row lookups only cost time (a
    third of a large import).  The page cache grows so that index pages stay in memory.  With
    ``attach``, that SQLite file (one the import made itself, never a file it was given) is
    attached as :data:`SOURCE` for the import's statements to read.  All of these are per
    connection and only take effect outside a transaction.
    """
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            yield connection
            return
        try:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
            if attach is not None:
                connection.exec_driver_sql(f"ATTACH DATABASE ? AS {SOURCE}", (str(attach),))
            connection.commit()
            yield connection
        finally:
            _restore(connection)


def _restore(connection: Connection) -> None:
    try:
        if connection.in_transaction():
            connection.rollback()
        attached = {row[1] for row in connection.exec_driver_sql("PRAGMA database_list")}
        if SOURCE in attached:
            connection.exec_driver_sql(f"DETACH DATABASE {SOURCE}")
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.exec_driver_sql(f"PRAGMA cache_size = -{DEFAULT_CACHE_KIB}")
        connection.commit()
    except Exception:
        # The import itself has already committed or rolled back: discard the connection
        # rather than hand a half-restored one back to the pool.
        connection.invalidate()
