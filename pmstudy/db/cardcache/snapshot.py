"""The linked cards' columns as of a mark of the change log, brought up to date in place.

Reading 100,000 cards costs 0.1-0.2 s; after an answer one card changed. A snapshot remembers
the change-log mark it was read at (changelog.py); bringing it up to date re-reads only
the cards logged since and merges them in. Snapshots are immutable and their arrays read-only:
a report holding the old one keeps consistent numbers while a newer one is built.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from pmstudy.db.cardcache.columns import RawColumns
from pmstudy.domain.exam import CardTags, IntArray

# The columns merged positionally (tags and deck are handled apart).
_ARRAYS = tuple(f.name for f in fields(RawColumns) if f.name not in ("tags", "deck"))


@dataclass(frozen=True)
class CardSnapshot:
    """Columns in card id order (``columns.tags`` is empty: ``tags`` holds them, numbered
    into ``texts``, the distinct stored tag texts); ``mark`` is None when there is no change
    log to bring it up to date with."""

    mark: int | None
    columns: RawColumns
    texts: tuple[str, ...]
    tags: CardTags

    def __len__(self) -> int:
        return int(self.columns.ids.shape[0])


def _freeze(*arrays: np.ndarray | None) -> None:
    for array in arrays:
        if array is not None:
            array.flags.writeable = False


def _number(texts: list[str], known: dict[str, int], more: list[str]) -> IntArray:
    """The number of each of ``more`` in ``texts``, appending texts not seen yet."""
    numbers = np.empty(len(more), dtype=np.int64)
    for row, text in enumerate(more):
        number = known.get(text)
        if number is None:
            number = known[text] = len(texts)
            texts.append(text)
        numbers[row] = number
    return numbers


def _tags(texts: list[str], old: CardSnapshot | None, index: IntArray) -> CardTags:
    parsed = old.tags.sets if old is not None else ()
    sets = parsed + tuple(tuple(t.split()) for t in texts[len(parsed) :])
    _freeze(index)
    return CardTags(sets, index)


def snapshot_of(raw: RawColumns, mark: int | None) -> CardSnapshot:
    """A snapshot of freshly read columns (in card id order) read at ``mark``."""
    texts: list[str] = []
    unique: dict[str, int] = dict.fromkeys(raw.tags, 0)
    for number, text in enumerate(unique):
        unique[text] = number
        texts.append(text)
    index = np.fromiter(map(unique.__getitem__, raw.tags), dtype=np.int64, count=len(raw.tags))
    columns = replace(raw, tags=())
    _freeze(*(getattr(columns, name) for name in _ARRAYS), columns.deck)
    return CardSnapshot(mark, columns, tuple(texts), _tags(texts, None, index))


def patched(old: CardSnapshot, changed: IntArray, fresh: RawColumns, mark: int) -> CardSnapshot:
    """``old`` with the cards of ``changed`` (sorted ids) replaced by ``fresh``: their columns
    now, for those that still exist in the decks (in id order, ``deck`` always read).

    When every changed card is still there, in the same place, the arrays are copied and the
    rows overwritten; otherwise (cards added, deleted, moved between decks) the kept rows and
    the fresh ones are merged in id order. The tags object is kept when no card's tags
    changed, so what was derived from it (exam membership) can be kept too.
    """
    texts = list(old.texts)
    known = {text: number for number, text in enumerate(texts)}
    fresh_tags = _number(texts, known, list(fresh.tags))
    ids = old.columns.ids
    at = np.searchsorted(ids, fresh.ids)
    in_place = (
        len(ids) > 0
        and len(fresh.ids) == len(changed)
        and bool(np.all(at < len(ids)) and np.all(ids[np.minimum(at, len(ids) - 1)] == fresh.ids))
    )
    # Every per-card array, old and fresh side by side (the deck only when the old has one;
    # a fresh read always has it).
    olds: dict[str, Any] = {name: getattr(old.columns, name) for name in _ARRAYS}
    news: dict[str, Any] = {name: getattr(fresh, name) for name in _ARRAYS}
    olds["tag"], news["tag"] = old.tags.index, fresh_tags
    if old.columns.deck is not None:
        olds["deck"], news["deck"] = old.columns.deck, fresh.deck
    same_tags = (
        in_place
        and len(texts) == len(old.texts)
        and bool(np.array_equal(old.tags.index[at], fresh_tags))
    )
    values: dict[str, Any] = {}
    if in_place:
        for name, column in olds.items():
            values[name] = column.copy()
            values[name][at] = news[name]
    else:
        keep = ~np.isin(ids, changed)
        order = np.argsort(np.concatenate((ids[keep], fresh.ids)), kind="stable")
        for name, column in olds.items():
            values[name] = np.concatenate((column[keep], news[name]))[order]
    index = values.pop("tag")
    deck = values.pop("deck", None)
    columns = RawColumns(**values, deck=deck, tags=())
    _freeze(*values.values(), deck)
    tags = old.tags if same_tags else _tags(texts, old, index)
    return CardSnapshot(mark, columns, tuple(texts), tags)
