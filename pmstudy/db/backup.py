"""Whole, verified copies of a SQLite database, a bounded number of them.

A backup written in place was once left truncated by a kill and 0 bytes long by a full disk;
the 0-byte file opened as an empty database and nothing removed either. So a copy is written
under a temporary name in the backups folder (through SQLite's backup API, consistent while
other connections write), checked with ``PRAGMA quick_check``, flushed to disk, and only then
renamed to its final name: a file with a backup's name is always a whole database. Temporary
files left by a killed process are removed by the next backup; only the newest backups are kept.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

from pmstudy import processes
from pmstudy.db.engine import sqlite_file
from pmstudy.errors import BackupError

KEEP = 5
"""Backups kept per database when the caller does not say (the ``backups_kept`` setting)."""

PARTIAL = ".partial"
# A stale temporary file from a process we cannot probe (not POSIX) is removed after this long.
_STALE_AFTER_S = 3600.0
_STAMP = re.compile(r"-(\d{8}T\d{12}Z)")


def backup(
    engine: Engine, directory: Path, *, now: dt.datetime, label: str = "", keep: int = KEEP
) -> Path | None:
    """A verified copy of a SQLite database in ``directory``; None for other databases.

    Raises BackupError (one line; the database is untouched) when the copy cannot be written
    whole, e.g. on a full disk; no file with a backup's name is left behind then.
    """
    source = sqlite_file(engine)
    if source is None or not source.exists():
        return None
    partial: Path | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        remove_stale_partials(directory)
        stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = _free_name(directory, f"{source.stem}-{stamp}{f'-{label}' if label else ''}")
        partial = directory / f".{target.name}.{os.getpid()}{PARTIAL}"
        _copy(source, partial)
        _fsync(partial)
        os.replace(partial, target)
        _fsync(directory)
    except (OSError, sqlite3.Error) as exc:
        if partial is not None:
            _remove_with_journals(partial)
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise BackupError(
            f"could not back up {source} into {directory} ({reason}); the database was not changed"
        ) from exc
    prune(directory, source.stem, keep)
    return target


def backups_of(directory: Path, stem: str) -> list[Path]:
    """The backups of database ``stem`` in ``directory``, oldest first."""
    pattern = re.compile(rf"{re.escape(stem)}-\d{{8}}T\d{{12}}Z(-[^/]*)?\.sqlite3")
    if not directory.is_dir():
        return []
    found = [path for path in directory.iterdir() if pattern.fullmatch(path.name)]

    def age(path: Path) -> tuple[str, int, str]:
        match = _STAMP.search(path.name[len(stem) :])
        return (match.group(1) if match else "", path.stat().st_mtime_ns, path.name)

    return sorted(found, key=age)


def prune(directory: Path, stem: str, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups of ``stem``; return the removed ones."""
    old = backups_of(directory, stem)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink(missing_ok=True)
    return old


def remove_stale_partials(directory: Path) -> list[Path]:
    """Remove temporary files of backups whose process is gone (killed mid-copy)."""
    removed = []
    for path in directory.glob(f".*{PARTIAL}*"):
        match = re.search(rf"\.(\d+){re.escape(PARTIAL)}", path.name)
        if match is None or _writer_alive(int(match.group(1)), path):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _writer_alive(pid: int, path: Path) -> bool:
    running = processes.alive(pid)
    if running is not None:
        return running
    try:  # no way to ask (Windows): judge by age
        return time.time() - path.stat().st_mtime < _STALE_AFTER_S
    except FileNotFoundError:
        return True


def _free_name(directory: Path, base: str) -> Path:
    """``base.sqlite3``, or ``base-2.sqlite3``… when a backup in the same instant exists."""
    target = directory / f"{base}.sqlite3"
    n = 2
    while target.exists():
        target = directory / f"{base}-{n}.sqlite3"
        n += 1
    return target


def _copy(source: Path, partial: Path) -> None:
    """Copy through the backup API, then check the copy is a whole database."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)
        # The copy carries the source's WAL flag; a backup is one self-contained file instead.
        dst.execute("PRAGMA journal_mode=DELETE")
        expected = src.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    with closing(sqlite3.connect(partial)) as copy:
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        objects = copy.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if check != "ok" or objects != expected:
        raise sqlite3.DatabaseError(f"the copy failed its check ({check}, {objects} objects)")


def _fsync(path: Path) -> None:
    """Flush a file (or, on POSIX, a folder's entries) to disk."""
    if path.is_dir() and os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_with_journals(partial: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
