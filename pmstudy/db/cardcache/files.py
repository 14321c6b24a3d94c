"""Card snapshots kept on disk, so a new process (the CLI, the next start) need not read every
card again: it loads the last snapshot and re-reads only the cards changed since.

A snapshot file lives in ``cache/`` beside the SQLite file, one per deck set, named after the
database and the decks. It is a NumPy ``.npz`` (no pickles: nothing in it can run code) and is
only ever trusted when everything checks out:

- its format and the schema revision it was read under are this code's;
- the change log still holds the row the snapshot was read at, for the same card (a database
  restored from a backup, replaced, or with its log pruned past the mark fails this);
- its arrays have the lengths, types and order a snapshot has.

Anything else, including a damaged or foreign file, is ignored: the cards are read afresh and
the file is rewritten. Files are replaced atomically, so a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, Engine

from pmstudy.db.cardcache.columns import RawColumns
from pmstudy.db.cardcache.snapshot import CardSnapshot
from pmstudy.db.engine import sqlite_file
from pmstudy.db.migrate import HEAD_REVISION
from pmstudy.domain.exam import CardTags

FORMAT = 1
_INTS = ("ids", "state", "step", "suspended", "position")
_FLOATS = ("stability", "difficulty", "last_review", "due")


def _check_row(connection: Connection, mark: int) -> int | None:
    """The card logged at ``mark`` (None: no such row)."""
    row = connection.exec_driver_sql(
        "SELECT card_id FROM card_changes WHERE seq = ?", (mark,)
    ).first()
    return None if row is None else int(row[0])


class SnapshotFiles:
    """The snapshot files of one SQLite database (one per deck set)."""

    def __init__(self, directory: Path, database: str) -> None:
        self._directory = directory
        self._database = database

    @classmethod
    def of(cls, engine: Engine) -> SnapshotFiles | None:
        """The snapshot files beside the engine's SQLite file (None: not a SQLite file)."""
        path = sqlite_file(engine)
        return None if path is None else cls(path.parent / "cache", path.stem)

    def path(self, decks: Sequence[int]) -> Path:
        """The snapshot file of a deck set."""
        digest = hashlib.sha256(",".join(str(d) for d in decks).encode()).hexdigest()[:16]
        return self._directory / f"{self._database}-cards-{digest}.npz"

    def save(self, connection: Connection, decks: Sequence[int], snapshot: CardSnapshot) -> None:
        """Write the snapshot (atomically); quietly nothing when it cannot be verified later
        (no log) or the disk refuses."""
        if snapshot.mark is None or snapshot.mark == 0:
            return
        check = _check_row(connection, snapshot.mark)
        if check is None:
            return
        columns = snapshot.columns
        arrays: dict[str, np.ndarray] = {
            "meta": np.array([FORMAT, snapshot.mark, check, len(snapshot)], dtype=np.int64),
            "revision": np.array(HEAD_REVISION),
            "decks": np.array(decks, dtype=np.int64),
            "tag_index": snapshot.tags.index,
            "texts": np.array(snapshot.texts or ("",), dtype=np.str_),
        }
        for name in (*_INTS, *_FLOATS):
            arrays[name] = getattr(columns, name)
        if columns.deck is not None:
            arrays["deck"] = columns.deck
        target = self.path(decks)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    np.savez(stream, **arrays)  # type: ignore[arg-type]
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return  # a cache: a full disk or a read-only directory only costs speed

    def load(self, connection: Connection, decks: Sequence[int]) -> CardSnapshot | None:
        """The deck set's snapshot if its file exists and checks out (see the module)."""
        path = self.path(decks)
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
        except (OSError, ValueError, zipfile.BadZipFile, EOFError):
            return None
        try:
            return self._verified(connection, decks, arrays)
        except (KeyError, ValueError, TypeError, IndexError):
            return None

    def _verified(
        self, connection: Connection, decks: Sequence[int], arrays: dict[str, np.ndarray]
    ) -> CardSnapshot | None:
        meta = arrays["meta"]
        if meta.dtype != np.int64 or meta.shape != (4,):
            return None
        version, mark, check, count = (int(v) for v in meta)
        if version != FORMAT or str(arrays["revision"]) != HEAD_REVISION:
            return None
        if arrays["decks"].tolist() != list(decks) or _check_row(connection, mark) != check:
            return None
        wanted = [(n, np.int64) for n in (*_INTS, "tag_index")] + [(n, np.float64) for n in _FLOATS]
        if "deck" in arrays:
            wanted.append(("deck", np.int64))
        for name, dtype in wanted:
            if arrays[name].dtype != dtype or arrays[name].shape != (count,):
                return None
        ids, index = arrays["ids"], arrays["tag_index"]
        texts = tuple(str(t) for t in arrays["texts"].tolist())
        if count and (np.any(ids[1:] <= ids[:-1]) or index.min() < 0 or index.max() >= len(texts)):
            return None
        for array in arrays.values():
            array.flags.writeable = False
        columns = RawColumns(
            **{name: arrays[name] for name in (*_INTS, *_FLOATS)},
            deck=arrays.get("deck"),
            tags=(),
        )
        sets = tuple(tuple(t.split()) for t in texts)
        return CardSnapshot(mark, columns, texts, CardTags(sets, index))
