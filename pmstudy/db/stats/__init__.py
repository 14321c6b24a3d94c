"""What the statistics read: counts and arrays in SQL, and the review log's answers kept as columns
between reads (the answer store).

Other packages import from here, not from the modules. The NumPy-backed modules load on first
use of one of their names, so that importing this package (start-up does) does not load NumPy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmstudy.db.stats.answer_store import AnswerStore

_LAZY = {
    "AnswerStore": "pmstudy.db.stats.answer_store",
}


def __getattr__(name: str) -> Any:
    """A name of a NumPy-backed module, imported when first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "AnswerStore",
]
