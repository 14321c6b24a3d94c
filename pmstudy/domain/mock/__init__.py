"""Mock exams: the format of a sitting, which items are asked, a mock in progress, its score.

Pure: times are given, randomness is a passed-in generator. The service layer
(``pmstudy.services.mock``) stores every change as it happens.
"""

from pmstudy.domain.mock.draw import EXAM_ITEM_KINDS, DrawnItem, PoolItem, draw, shares
from pmstudy.domain.mock.scoring import (
    CHECKPOINTS,
    DomainScore,
    ItemOutcome,
    MockScore,
    PaceMark,
    needed_to_pass,
    score,
)
from pmstudy.domain.mock.sitting import (
    MIN_MOCK_ITEMS,
    MockFormat,
    MockKind,
    exam_format,
    practice_format,
)
from pmstudy.domain.mock.state import EndReason, ItemState, MockState, Phase

__all__ = [
    "CHECKPOINTS",
    "EXAM_ITEM_KINDS",
    "MIN_MOCK_ITEMS",
    "DomainScore",
    "DrawnItem",
    "EndReason",
    "ItemOutcome",
    "ItemState",
    "MockFormat",
    "MockKind",
    "MockScore",
    "MockState",
    "PaceMark",
    "Phase",
    "PoolItem",
    "draw",
    "exam_format",
    "needed_to_pass",
    "practice_format",
    "score",
    "shares",
]
