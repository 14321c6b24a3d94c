"""A study group's weakest exam tasks: each learner's task recall, pooled per task.

A trainer plans a session on what most of the group does not know yet. Each learner brings the
tasks of their readiness report that have cards in their decks (a task without cards has no
recall to speak of: 0 % there means "not covered", not "forgotten"), each task's exam-day recall
if they stopped now, and their goal's target recall. Per task: how many learners have it, how
many of them are below their target, the mean recall and the lowest one. The weakest come
first: the lowest mean recall, then the most learners below target.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmstudy.domain.exam.report import Readiness


@dataclass(frozen=True)
class CohortTask:
    """One task (or a domain without tasks) across the learners who have cards on it."""

    domain_id: str
    task_id: str | None
    name: str
    learners: int
    below_target: int
    mean_recall: float
    lowest_recall: float


def weakest_tasks(
    learners: Iterable[tuple[Readiness, float]], count: int = 5
) -> tuple[CohortTask, ...]:
    """The ``count`` weakest tasks over ``learners`` (each a readiness and its target)."""
    pooled: dict[tuple[str, str | None], tuple[str, list[float], int]] = {}
    for readiness, target in learners:
        for task in readiness.tasks:
            if task.cards <= 0:
                continue
            key = (task.domain_id, task.task_id)
            name, recalls, below = pooled.get(key, (task.name, [], 0))
            recalls.append(task.recall_today)
            pooled[key] = (name, recalls, below + (task.recall_today < target))
    tasks = [
        CohortTask(
            domain_id=domain_id,
            task_id=task_id,
            name=name,
            learners=len(recalls),
            below_target=below,
            mean_recall=_mean(recalls),
            lowest_recall=min(recalls),
        )
        for (domain_id, task_id), (name, recalls, below) in pooled.items()
    ]
    tasks.sort(key=lambda t: (t.mean_recall, -t.below_target, t.domain_id, t.task_id or ""))
    return tuple(tasks[:count])


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)
