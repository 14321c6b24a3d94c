"""A synthetic learner whose true FSRS parameters are known: it makes a seeded review history.

Memory follows FSRS-6 (fsrs-rs ``step`` with whole-study-day intervals) under
``TRUE_PARAMETERS``. Reviews fall at intervals spread around the true stability, so recall
ranges widely. A same-day learning step (Good, ten minutes later) follows each Again/Hard
answer and changes the true memory by FSRS's short-term formula (w17-w19), as the training data
(every answer, same-day ones with delta_t 0) models it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pmstudy.domain.scheduling import LogColumns

IntArray = npt.NDArray[np.int64]

# Different enough from the defaults that the defaults predict this learner badly.
TRUE_PARAMETERS: tuple[float, ...] = (
    0.6, 2.4, 5.0, 14.0, 5.6, 0.6, 2.4, 0.02, 1.55, 0.12, 1.0, 1.9, 0.09, 0.32, 1.9,
    0.45, 2.3, 0.5425, 0.0912, 0.0658, 0.35,
)  # fmt: skip
FIRST_MIX = (0.2, 0.1, 0.55, 0.15)
PASS_MIX = (0.15, 0.7, 0.15)
START = dt.datetime(2025, 1, 6, 0, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class History:
    """Answers in time order per card: card index, day number, second of day, rating."""

    card: IntArray
    day: IntArray
    second: IntArray
    rating: IntArray
    cards: int
    days: int

    def __len__(self) -> int:
        return int(self.card.shape[0])

    def instants(self) -> list[dt.datetime]:
        """Each answer's instant (UTC)."""
        return [
            START + dt.timedelta(days=int(d), seconds=int(s))
            for d, s in zip(self.day, self.second, strict=True)
        ]


def _init_difficulty(w: tuple[float, ...], rating: npt.NDArray[np.int64]) -> np.ndarray:
    return w[4] - np.exp(w[5] * (rating - 1)) + 1


def generate(
    cards: int,
    days: int,
    *,
    seed: int,
    parameters: tuple[float, ...] = TRUE_PARAMETERS,
    same_day_steps: bool = True,
) -> History:
    """A learner's review history over ``days`` days, ``cards`` cards introduced evenly."""
    rng = np.random.default_rng(seed)
    w = parameters
    decay = -w[20]
    factor = 0.9 ** (1 / decay) - 1
    intro = np.sort(rng.integers(0, max(1, int(days * 0.75)), size=cards)).astype(np.int64)
    card_ids = np.arange(cards, dtype=np.int64)
    out_card: list[IntArray] = []
    out_day: list[IntArray] = []
    out_second: list[IntArray] = []
    out_rating: list[IntArray] = []

    def emit(index: IntArray, day: IntArray, rating: IntArray) -> npt.NDArray[np.bool_]:
        """Write the answers (and their same-day steps); which answers got a step."""
        second = 9 * 3600 + rng.integers(0, 3 * 3600, size=len(index))
        out_card.append(index)
        out_day.append(day)
        out_second.append(second)
        out_rating.append(rating)
        step = (rating <= 2) & same_day_steps
        if step.any():
            out_card.append(index[step])
            out_day.append(day[step])
            out_second.append(second[step] + 600)
            out_rating.append(np.full(int(step.sum()), 3, dtype=np.int64))
        return step

    def same_day_good(rows: IntArray) -> None:
        """The step's Good, the same study day: short-term stability, difficulty update."""
        s = stability[rows]
        increase = np.maximum(math.exp(w[17] * w[18]) * s ** (-w[19]), 1.0)
        stability[rows] = np.clip(s * increase, 0.001, 36500)
        d = difficulty[rows]
        easy_d = w[4] - math.exp(w[5] * 3) + 1
        difficulty[rows] = np.clip(w[7] * (easy_d - d) + d, 1, 10)

    first = rng.choice(4, size=cards, p=FIRST_MIX).astype(np.int64) + 1
    stability = np.asarray([w[r - 1] for r in first], dtype=np.float64)
    difficulty = np.clip(_init_difficulty(w, first), 1, 10)
    last = intro.copy()
    same_day_good(card_ids[emit(card_ids, intro, first)])

    def next_day(s: np.ndarray) -> IntArray:
        spread = rng.lognormal(0.0, 0.7, size=len(s))
        return np.maximum(1, np.round(s * spread)).astype(np.int64)

    due = last + next_day(stability)
    while True:
        active = np.flatnonzero(due < days)
        if len(active) == 0:
            break
        s = stability[active]
        d = difficulty[active]
        elapsed = (due[active] - last[active]).astype(np.float64)
        recall = (1 + factor * elapsed / s) ** decay
        recalled = rng.random(len(active)) < recall
        passed = rng.choice(3, size=len(active), p=PASS_MIX).astype(np.int64) + 2
        rating = np.where(recalled, passed, 1)
        hard = np.where(rating == 2, w[15], 1.0)
        easy = np.where(rating == 4, w[16], 1.0)
        success = s * (
            math.exp(w[8]) * (11 - d) * s ** (-w[9]) * (np.exp((1 - recall) * w[10]) - 1)
            * hard * easy + 1
        )  # fmt: skip
        failure = np.minimum(
            w[11] * d ** (-w[12]) * ((s + 1) ** w[13] - 1) * np.exp((1 - recall) * w[14]),
            s / math.exp(w[17] * w[18]),
        )
        new_s = np.clip(np.where(rating == 1, failure, success), 0.001, 36500)
        damped = d + (10 - d) * (-w[6] * (rating - 3)) / 9
        easy_d = w[4] - math.exp(w[5] * 3) + 1
        new_d = np.clip(w[7] * (easy_d - damped) + damped, 1, 10)
        stepped = emit(card_ids[active], due[active], rating)
        stability[active] = new_s
        difficulty[active] = new_d
        same_day_good(active[stepped])
        last[active] = due[active]
        due[active] = due[active] + next_day(new_s)
    card = np.concatenate(out_card)
    day = np.concatenate(out_day)
    second = np.concatenate(out_second)
    rating = np.concatenate(out_rating)
    order = np.lexsort((second, day, card))
    return History(card[order], day[order], second[order], rating[order], cards, days)


def log_columns(history: History) -> LogColumns:
    """The history as the review log's columns (each card's first answer on a new card)."""
    first = np.r_[True, history.card[1:] != history.card[:-1]]
    n = len(history)
    return LogColumns(
        card=history.card,
        at=START.timestamp() + history.day * 86_400.0 + history.second,
        rating=history.rating,
        state_before=np.where(first, 0, 2),
        state_after=np.full(n, 2),
        kind=np.zeros(n, dtype=np.int64),
        deck=np.ones(n, dtype=np.int64),
    )
