"""What the statistics read: counts and arrays in SQL, and the review log's answers kept as columns
between reads (the answer store).

Other packages import from here, not from the modules. The NumPy-backed modules load on first
use of one of their names, so that importing this package (start-up does) does not load NumPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmstudy.faces import loaded_on_first_use

if TYPE_CHECKING:
    from pmstudy.db.stats.answer_store import AnswerStore

_LAZY = {
    "AnswerStore": "pmstudy.db.stats.answer_store",
}


__getattr__ = loaded_on_first_use(__name__, _LAZY)


__all__ = [
    "AnswerStore",
]
