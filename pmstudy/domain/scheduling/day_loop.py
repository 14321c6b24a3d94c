"""The simulated study day shared by the plan simulation and the workload simulator.

Every simulated day ``k``, at the learner's time of day ``t = k + offset``:

1. the review cards due before the day ends are answered: recalled with probability R (the
   FSRS forgetting curve at that instant), then rated from the learner's own pass mix
   (Hard/Good/Easy), or Again when forgotten;
2. the cards introduced that day are answered for the first time (learner's first-answer mix);
3. learning and relearning cards come back after their steps the same day (step-answer mix)
   until they graduate, for at most ``MAX_ROUNDS`` rounds;
4. the simulator's own end of day runs (exam mode, cards memorised).

With ``balance`` set, review intervals are placed by the load balancer
(``pmstudy.domain.scheduling.balance``), the rule live answers follow, on the simulated cards
due per day and the calendar's loads.

The two simulators differ only where :class:`DayLoop` asks them: where the dice come from
(``pmstudy.domain.exam.simulation`` draws from one generator in turn,
``pmstudy.domain.scheduling.workload`` draws counter-based numbers so each card meets the same luck
at every retention), how answers are counted, which cards take part, and whether a daily review
limit applies.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from pmstudy.domain.exam import FloatArray, IntArray, recall_after
from pmstudy.domain.scheduling.fsrs_vec import (
    LEARNING,
    RELEARNING,
    REVIEW,
    Balance,
    CardArrays,
    VecPresets,
    review,
)
from pmstudy.domain.scheduling.learner import LearnerProfile

# Same-day learning rounds before a card that keeps failing is left for the next day.
MAX_ROUNDS = 20
# What a draw is for: counter-based dice need a separate stream per use.
RECALL, RATING, FUZZ = 1, 2, 3


def pick(mix: Sequence[float], uniform: FloatArray, first: int) -> IntArray:
    """Ratings drawn from ``mix`` (probabilities of ratings ``first``, ``first + 1``, …)."""
    cumulative = np.cumsum(np.asarray(mix, dtype=np.float64))
    picks = np.searchsorted(cumulative, uniform, side="right")
    return np.minimum(picks, len(mix) - 1).astype(np.int64) + first


class DayLoop(ABC):
    """Stacked card arrays answered day by day; subclasses set the attributes and the dice.

    ``intro`` is each card's day of first answer (-1: none); ``active`` leaves cards out (None:
    every card takes part); ``reviews``, ``new`` and ``steps`` are the answer counters that
    ``_tally`` adds to.
    """

    cards: CardArrays
    presets: VecPresets
    decay: FloatArray
    intro: IntArray
    learner: LearnerProfile
    offset: float
    active: npt.NDArray[np.bool_] | None
    reviews: FloatArray
    new: FloatArray
    steps: FloatArray
    # the load balancer's counts (``balance.DayCounts``); None: intervals are fuzzed only
    balance: Balance | None = None

    @abstractmethod
    def _uniforms(self, index: IntArray, stream: int) -> FloatArray:
        """One uniform in [0, 1) for each card in ``index``, for the use ``stream`` names."""

    @abstractmethod
    def _tally(self, counts: FloatArray, k: int, index: IntArray) -> None:
        """Count the answers to ``index`` on day ``k`` in ``counts``."""

    @abstractmethod
    def _day_ended(self, k: int, t: float) -> None:
        """What the simulator does after day ``k``'s answers (exam mode, cards memorised)."""

    def _limited(self, due: IntArray) -> IntArray:
        """The due reviews answered today (all of them by default)."""
        return due

    def _decay(self, rows: IntArray) -> FloatArray | float:
        return self.decay[rows]

    def _taking_part(self, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        return mask if self.active is None else self.active & mask

    def _answer(self, index: IntArray, rating: IntArray, at: FloatArray) -> None:
        uniform = self._uniforms(index, FUZZ)
        review(self.cards, index, rating, at, self.presets, uniform, self.balance)

    def run(self, days: int) -> None:
        """Simulate days ``0 … days - 1``."""
        for k in range(days):
            self.day(k)

    def day(self, k: int) -> None:
        """Answer day ``k``'s reviews, new cards and learning steps, then end the day."""
        cards = self.cards
        learner = self.learner
        t = k + self.offset
        end = k + 1.0
        due = self._limited(
            np.flatnonzero(self._taking_part((cards.state == REVIEW) & (cards.due < end)))
        )
        if len(due):
            recall = recall_after(cards.stability[due], t - cards.last[due], self._decay(due))
            recalled = self._uniforms(due, RECALL) < recall
            passed = pick(learner.pass_mix, self._uniforms(due, RATING), 2)
            self._answer(due, np.where(recalled, passed, 1), np.full(len(due), t))
            self._tally(self.reviews, k, due)
        fresh = np.flatnonzero(self.intro == k)
        if len(fresh):
            rating = pick(learner.first_mix, self._uniforms(fresh, RATING), 1)
            self._answer(fresh, rating, np.full(len(fresh), t))
            self._tally(self.new, k, fresh)
        learning = (cards.state == LEARNING) | (cards.state == RELEARNING)
        candidates = np.flatnonzero(self._taking_part(learning & (cards.due < end)))
        for _ in range(MAX_ROUNDS):
            state = cards.state[candidates]
            still = (state == LEARNING) | (state == RELEARNING)
            candidates = candidates[still & (cards.due[candidates] < end)]
            if len(candidates) == 0:
                break
            rating = pick(learner.step_mix, self._uniforms(candidates, RATING), 1)
            self._answer(candidates, rating, np.maximum(cards.due[candidates], t))
            self._tally(self.steps, k, candidates)
        self._day_ended(k, t)
