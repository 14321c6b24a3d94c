"""Card tables for the exam tests: comparing two reads, building new cards."""

from __future__ import annotations

import dataclasses

import numpy as np

from pmstudy.domain.exam import CardTable, CardTags
from pmstudy.domain.model import Preset


def assert_same(a: tuple[CardTable, CardTags], b: tuple[CardTable, CardTags]) -> None:
    """Two (table, tags) pairs hold the same cards, bit for bit, in the same order."""
    for field in dataclasses.fields(CardTable):
        left, right = getattr(a[0], field.name), getattr(b[0], field.name)
        if isinstance(left, np.ndarray):
            assert left.dtype == right.dtype, field.name
            assert np.array_equal(left, right, equal_nan=left.dtype.kind == "f"), field.name
        else:
            assert left == right, field.name
    assert [a[1].of_card(i) for i in range(len(a[0]))] == [
        b[1].of_card(i) for i in range(len(b[0]))
    ]


def new_cards(count: int, presets: tuple[Preset, ...] = (Preset(),)) -> CardTable:
    """``count`` new cards, never answered, introduced in id order, all of the first preset."""
    return CardTable.from_columns(
        list(range(count)),
        [0] * count,
        [None] * count,
        [None] * count,
        [None] * count,
        [None] * count,
        [None] * count,
        [False] * count,
        list(range(count)),
        [0] * count,
        presets,
    )
