"""Exam goals and their decks, the columns readiness and the plan read for an exam's cards, and
readiness points by day.

Other packages import from here, not from the modules. The NumPy-backed modules load on first
use of one of their names, so that importing this package (start-up does) does not load NumPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmstudy.db.exams.repository import ExamRepository
from pmstudy.faces import loaded_on_first_use

if TYPE_CHECKING:
    from pmstudy.db.exams.exam_cards import DeckPresets, ExamCards, table_of
    from pmstudy.db.exams.history import ReadinessHistory

_LAZY = {
    "DeckPresets": "pmstudy.db.exams.exam_cards",
    "ExamCards": "pmstudy.db.exams.exam_cards",
    "table_of": "pmstudy.db.exams.exam_cards",
    # its readiness points are NumPy-backed; the goals (the deck tree's plans) are not
    "ReadinessHistory": "pmstudy.db.exams.history",
}


__getattr__ = loaded_on_first_use(__name__, _LAZY)


__all__ = [
    "DeckPresets",
    "ExamCards",
    "ExamRepository",
    "ReadinessHistory",
    "table_of",
]
