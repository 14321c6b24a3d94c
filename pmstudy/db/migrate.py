"""Bring a database to the schema this pmstudy expects, safely.

On every start: a fresh database is created through the migrations; one that is behind is
backed up first (SQLite: a consistent copy through the backup API) and then upgraded; one that
is newer than this code, or that is not a pmstudy database, is refused and left untouched.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DatabaseError as SADatabaseError

from pmstudy.db.backup import KEEP, backup
from pmstudy.db.engine import database_error, first_line, one_line, sqlite_file
from pmstudy.errors import BackupError, DatabaseStateError
from pmstudy.resources import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration this code ships. Checked against the migrations by a test; it lets
# start-up confirm an up-to-date database without importing Alembic (about 0.2 s).
HEAD_REVISION = "0010"


def alembic_config() -> Config:
    """Alembic configuration pointing at the shipped migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    """The newest revision this code knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database stands."""

    current: str | None
    head: str
    empty: bool

    @property
    def up_to_date(self) -> bool:
        """True when no migration is needed."""
        return self.current == self.head


def _inspect_sqlite_file(path: Path) -> tuple[set[str], str | None]:
    """Tables and revision of a SQLite file, read-only: a foreign file must stay byte-identical
    (even opening it through the engine would switch it to WAL mode)."""
    uri = f"file:{path}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        names = {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        current = None
        if "alembic_version" in names:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            current = row[0] if row else None
    return names - {"alembic_version"}, current


def status(engine: Engine) -> SchemaStatus:
    """Inspect the database without changing it; raise DatabaseStateError if it is foreign."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    where = engine.url.render_as_string(hide_password=True)
    path = sqlite_file(engine)
    try:
        if path is not None and path.exists():
            tables, current = _inspect_sqlite_file(path)
        else:
            with engine.connect() as connection:
                tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
                current = MigrationContext.configure(connection).get_current_revision()
    except (SADatabaseError, sqlite3.DatabaseError) as exc:
        detail = getattr(exc, "orig", exc)
        named = database_error(detail, path) if path is not None else None
        if named is not None:
            raise named from exc
        if path is None:
            raise DatabaseStateError(
                f"cannot use the database {where} ({one_line(detail)}); it was not changed"
            ) from exc
        raise DatabaseStateError(
            f"{where} is not a usable SQLite database ({detail}); it was not changed"
        ) from exc
    if not tables:
        return SchemaStatus(current=None, head=head, empty=True)
    if current is None:
        raise DatabaseStateError(
            f"{where} is not a pmstudy database (it has tables {', '.join(sorted(tables)[:5])} "
            "but no pmstudy schema version); it was not changed"
        )
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise DatabaseStateError(
            f"{where} was written by a newer pmstudy (schema {current}); this pmstudy knows "
            f"schemas up to {head}. Upgrade pmstudy; the database was not changed"
        )
    return SchemaStatus(current=current, head=head, empty=False)


def _at_head(engine: Engine) -> bool:
    """Cheap check for the common case: a SQLite file already at HEAD_REVISION."""
    path = sqlite_file(engine)
    if path is None or not path.is_file():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == HEAD_REVISION


def upgrade(engine: Engine, *, backup_dir: Path, now: dt.datetime, keep: int = KEEP) -> Path | None:
    """Create or upgrade the schema; back up first when an existing database is behind.

    Returns the backup path when one was made. When the backup cannot be made (a full disk),
    raises BackupError and leaves the database as it was: no upgrade without a backup.
    """
    if _at_head(engine):
        return None
    from alembic import command

    state = status(engine)
    if state.up_to_date:
        return None
    made = None
    if not state.empty:
        try:
            made = backup(engine, backup_dir, now=now, label=f"before-{state.head}", keep=keep)
        except BackupError as exc:
            raise BackupError(f"upgrade to schema {state.head} refused: {exc}") from exc
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SADatabaseError as exc:
        if sqlite_file(engine) is not None or "permission denied" not in str(exc.orig):
            raise
        where = engine.url.render_as_string(hide_password=True)
        reason = first_line(exc)
        raise DatabaseStateError(
            f"this account may not create or change pmstudy's tables in {where} ({reason}); "
            "in a study group each learner studies in their own profile: pmstudy --profile NAME. "
            "Nothing was changed"
        ) from exc
    # The migration connection had foreign keys switched off for batch operations; drop it
    # (and any other pooled connection) so every later connection gets the standard pragmas.
    engine.dispose()
    return made
