"""Comparing card tables read in different ways."""

from __future__ import annotations

import dataclasses

import numpy as np

from pmstudy.domain.cardtable import CardTable, CardTags


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
