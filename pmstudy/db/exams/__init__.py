"""Exam goals and their decks, the columns readiness and the plan read for an exam's cards, and
readiness points by day.

Other packages import from here, not from the modules. The NumPy-backed modules load on first
use of one of their names, so that importing this package (start-up does) does not load NumPy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pmstudy.db.exams.history import ReadinessHistory
from pmstudy.db.exams.repository import ExamRepository

if TYPE_CHECKING:
    from pmstudy.db.exams.exam_cards import DeckPresets, ExamCards, table_of

_LAZY = {
    "DeckPresets": "pmstudy.db.exams.exam_cards",
    "ExamCards": "pmstudy.db.exams.exam_cards",
    "table_of": "pmstudy.db.exams.exam_cards",
}


def __getattr__(name: str) -> Any:
    """A name of a NumPy-backed module, imported when first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "DeckPresets",
    "ExamCards",
    "ExamRepository",
    "ReadinessHistory",
    "table_of",
]
