"""The workload simulator's retention advice when the deck serves an exam: up to the exam day.

The general advice (``pmstudy.domain.scheduling.workload.retention_advice``) minimises minutes
per card memorised over a fixed horizon. Before an exam the question is another: which desired
retention reaches the exam's target recall on exam day for the fewest minutes? Each desired
retention on the grid is simulated from today to the day before the exam (the workload
simulator's study day, plain FSRS: exam mode would add reviews of its own); then every card's
recall at the exam instant is averaged, a card never introduced counting 0 as in readiness.
The advice is the lowest-workload retention whose exam-day recall reaches the target, or, when
none does, the one with the highest recall, and it says the target is out of reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from pmstudy.domain.exam.readiness import recall_after
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling import CardArrays, WorkloadSetup
from pmstudy.domain.scheduling.workload import ADVICE_GRID, _Simulation


@dataclass(frozen=True)
class ExamAdvice:
    """Per grid retention: minutes up to the exam and mean exam-day recall; the advice."""

    exam_days: int
    target: float
    grid: tuple[float, ...]
    minutes: tuple[float, ...]
    recall: tuple[float, ...]
    best: float
    reached: bool

    @property
    def best_recall(self) -> float:
        """Exam-day recall at the advised retention."""
        return self.recall[self.grid.index(self.best)]

    @property
    def best_minutes(self) -> float:
        """Minutes up to the exam at the advised retention."""
        return self.minutes[self.grid.index(self.best)]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "exam_days": self.exam_days,
            "target": self.target,
            "best_retention": self.best,
            "target_reached": self.reached,
            "recall_at_best": round(self.best_recall, 4),
            "grid": [
                {"retention": r, "minutes": round(m, 1), "exam_day_recall": round(c, 4)}
                for r, m, c in zip(self.grid, self.minutes, self.recall, strict=True)
            ],
        }


def exam_retention_advice(
    start: CardArrays,
    preset: Preset,
    setup: WorkloadSetup,
    exam_t: float,
    target: float,
    grid: Sequence[float] = ADVICE_GRID,
) -> ExamAdvice:
    """Simulate ``setup.days`` days (today up to the exam day) at every grid retention; the
    lowest-workload retention whose mean exam-day recall reaches ``target``.

    ``exam_t``: the exam instant in days from the start of today's study day (``start``'s axis).
    """
    sim = _Simulation(start, preset, grid, setup, track=False)
    sim.run(setup.days)
    minutes = sim.minutes().sum(axis=1)
    cards = sim.cards
    recall = recall_after(cards.stability, exam_t - cards.last, sim.decay)
    recall = np.where(np.isfinite(recall), recall, 0.0)  # never introduced: 0
    per_variant = sim.per_variant
    means = (
        np.bincount(sim.variant, weights=recall, minlength=len(grid)) / per_variant
        if per_variant
        else np.zeros(len(grid))
    )
    reached = [i for i in range(len(grid)) if means[i] >= target]
    best = min(reached, key=lambda i: (minutes[i], grid[i])) if reached else int(np.argmax(means))
    return ExamAdvice(
        exam_days=setup.days,
        target=target,
        grid=tuple(float(r) for r in grid),
        minutes=tuple(float(m) for m in minutes),
        recall=tuple(float(c) for c in means),
        best=float(grid[best]),
        reached=bool(reached),
    )


def exam_setup(setup: WorkloadSetup, exam_days: int) -> WorkloadSetup:
    """The same learner and limits, simulated from today to the day before the exam."""
    return replace(setup, days=max(1, exam_days))
