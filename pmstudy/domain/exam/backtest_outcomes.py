"""The back-test's material: every tested answer and the gap buckets that group them (pure NumPy).

A test is an answer that follows an earlier answer of the same card on an earlier study day:
FSRS's predicted recall from the memory after the previous answer, against whether the card
was recalled (``pmstudy.domain.exam.backtesting`` explains the method and what the rows say).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pmstudy.domain.exam.cardtable import BoolArray, FloatArray, IntArray
from pmstudy.domain.scheduling import TrainingSet, predict


@dataclass(frozen=True)
class GapBucket:
    """Gaps of ``first``..``last`` whole study days, standing for a ``horizon``-day prediction."""

    horizon: int
    first: int
    last: int

    def holds(self, elapsed_days: FloatArray) -> BoolArray:
        """Which gaps fall in the bucket."""
        return np.asarray((elapsed_days >= self.first) & (elapsed_days <= self.last))


BUCKETS = (GapBucket(7, 4, 10), GapBucket(14, 11, 21), GapBucket(30, 22, 45), GapBucket(60, 46, 90))


@dataclass(frozen=True)
class Outcomes:
    """Tested answers: predicted recall, whether it was recalled, the gap, the instant and the
    card (any number that tells cards apart)."""

    predicted: FloatArray
    recalled: BoolArray
    elapsed_days: FloatArray
    at: FloatArray
    card: IntArray

    def __len__(self) -> int:
        return int(self.predicted.shape[0])

    def where(self, keep: BoolArray) -> Outcomes:
        """The tests ``keep`` marks."""
        return Outcomes(
            self.predicted[keep],
            self.recalled[keep],
            self.elapsed_days[keep],
            self.at[keep],
            self.card[keep],
        )


def outcomes(data: TrainingSet, parameters: Sequence[float] | FloatArray) -> Outcomes:
    """Every training item as a test (see the module docstring).

    ``parameters``: one FSRS vector, or one row per sequence (each card's preset).
    """
    predicted = predict(data, parameters)
    items = data.items
    return Outcomes(
        predicted=np.asarray(predicted, dtype=np.float64),
        recalled=np.asarray(data.rating[items] > 1),
        elapsed_days=data.delta[items].astype(np.float64),
        at=data.at[items].astype(np.float64),
        card=data.sequence_of()[items],
    )
