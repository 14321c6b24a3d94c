"""Alembic environment: reuses a connection handed in by pmstudy, else opens its own."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, Engine, text

from pmstudy.db.engine import make_engine
from pmstudy.db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations copy tables; foreign keys must be off while they do (and cannot be
        # switched inside a transaction), then checked once at the end.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
        if problems:
            raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Engine):  # pytest-alembic hands in an engine
        with connection.connect() as own:
            _run(own)
            own.commit()
        return
    if connection is not None:
        _run(connection)
        return
    url = os.environ.get("PMSTUDY_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    assert url, "no database URL"
    engine = make_engine(url)
    with engine.connect() as own:
        _run(own)
        own.commit()
    engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
