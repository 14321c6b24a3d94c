"""Exam-day recall and readiness, in closed form ("if you stop today").

A card's exam-day recall is FSRS retrievability at the exam instant from its current memory:
R = (1 + F·t/S)^(−w20), F = 0.9^(−1/w20) − 1, t = days from the last review to the exam. A card
never reviewed counts 0. A domain's readiness is the mean over its cards; overall readiness is
the blueprint-weighted sum over domains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pmstudy.domain.cardtable import (
    SECONDS_PER_DAY,
    FloatArray,
    Groups,
    IntArray,
    Membership,
    Memories,
)
from pmstudy.domain.exam import ExamSpec, PassKind
from pmstudy.domain.passprob import assumed_band, item_probability, pass_probability


def forgetting_factor(decay: FloatArray | float) -> FloatArray:
    """F in R = (1 + F·t/S)^(−decay): chosen so that R = 0.9 when t = S."""
    return np.asarray(np.power(0.9, -1.0 / np.asarray(decay)) - 1.0, dtype=np.float64)


def recall_after(
    stability: FloatArray, elapsed_days: FloatArray, decay: FloatArray | float
) -> FloatArray:
    """FSRS retrievability after ``elapsed_days``; 0 where there is no memory (NaN or S <= 0)."""
    known = np.isfinite(stability) & (stability > 0) & np.isfinite(elapsed_days)
    safe_s = np.where(known, stability, 1.0)
    safe_t = np.where(known, np.maximum(elapsed_days, 0.0), 0.0)
    decay_array = np.asarray(decay, dtype=np.float64)
    recall = np.power(1.0 + forgetting_factor(decay_array) * safe_t / safe_s, -decay_array)
    return np.where(known, recall, 0.0)


def exam_day_recall(table: Memories, exam_ts: float) -> FloatArray:
    """Each card's recall at the exam instant (epoch seconds) if it is never reviewed again."""
    decay = table.parameters()[:, 20][table.preset] if len(table) else np.zeros(0)
    elapsed = (exam_ts - table.last_review) / SECONDS_PER_DAY
    return recall_after(table.stability, elapsed, decay)


@dataclass(frozen=True)
class GroupMeans:
    """Per group (domain or task): cards, cards seen, mean recall (0 for an empty group)."""

    cards: IntArray
    seen: IntArray
    recall: FloatArray


def group_sums(groups: IntArray, weights: FloatArray, size: int) -> FloatArray:
    """Sum of ``weights`` per group, always float (``np.bincount`` of nothing is int64)."""
    sums = np.bincount(groups, weights=weights, minlength=size)
    return np.asarray(sums, dtype=np.float64)


def group_means(
    values: FloatArray, seen: np.ndarray, cards: IntArray, groups: IntArray, size: int
) -> GroupMeans:
    """Mean of ``values`` over each group's cards (pairs ``cards[i]`` in ``groups[i]``)."""
    counts = np.bincount(groups, minlength=size).astype(np.int64)
    seen_counts = group_sums(groups, seen[cards].astype(np.float64), size)
    sums = group_sums(groups, values[cards], size)
    means = np.divide(sums, counts, out=np.zeros(size), where=counts > 0)
    return GroupMeans(counts, seen_counts.astype(np.int64), means)


def weighted_overall(recalls: Sequence[float], weights: Sequence[float]) -> float:
    """Blueprint-weighted readiness: sum of weight × domain recall over the total weight."""
    total = float(sum(weights))
    if total <= 0:
        return 0.0
    return float(sum(w * r for w, r in zip(weights, recalls, strict=True)) / total)


@dataclass(frozen=True)
class DomainReadiness:
    """One domain: cards, cards seen, exam-day recall today and with the plan, expected score."""

    id: str
    name: str
    weight: float
    cards: int
    seen: int
    recall_today: float
    recall_plan: float | None
    expected_today: float
    expected_plan: float | None
    band_today: str | None
    band_plan: str | None


@dataclass(frozen=True)
class TaskReadiness:
    """One task (or a domain without tasks): its recall and how much closing its gap is worth.

    ``priority`` = domain weight per task × (1 − recall): the share of the exam at stake.
    """

    domain_id: str
    task_id: str | None
    name: str
    cards: int
    seen: int
    recall_today: float
    recall_plan: float | None
    priority: float


@dataclass(frozen=True)
class Readiness:
    """Readiness for one exam: overall, per domain, per task, and the pass probability."""

    overall_today: float
    overall_plan: float | None
    pass_probability_today: float | None
    pass_probability_plan: float | None
    needed_to_pass: int | None
    graded_items: int
    domains: tuple[DomainReadiness, ...]
    tasks: tuple[TaskReadiness, ...]
    untagged: int
    bands_assumed: bool

    def weakest(self, count: int = 5) -> list[TaskReadiness]:
        """The tasks with the most exam share at stake (lowest recall × weight) that have cards."""
        ranked = sorted(
            (t for t in self.tasks if t.cards > 0),
            key=lambda t: (-t.priority, t.recall_today, t.domain_id, t.task_id or ""),
        )
        return ranked[:count]


def _band(spec: ExamSpec, expected: float | None) -> str | None:
    if expected is None or spec.pass_rule.kind != PassKind.NOT_PUBLISHED:
        return None
    if not spec.pass_rule.bands:
        return None
    return assumed_band(expected)


def summarise(
    spec: ExamSpec,
    groups: Groups,
    member: Membership,
    today: FloatArray,
    seen: np.ndarray,
    plan_domains: FloatArray | None = None,
    plan_tasks: FloatArray | None = None,
) -> Readiness:
    """Readiness from per-card recall today and per-group recall with the plan (if simulated)."""
    k = spec.options_per_item
    dom = group_means(today, seen, member.domain_cards, member.domain_groups, len(groups.domains))
    tsk = group_means(today, seen, member.task_cards, member.task_groups, len(groups.tasks))
    weights = [d.weight for d in spec.domains]
    domains = []
    for i, domain in enumerate(spec.domains):
        r_today = float(dom.recall[i])
        r_plan = None if plan_domains is None else float(plan_domains[i])
        e_today = item_probability(r_today, k)
        e_plan = None if r_plan is None else item_probability(r_plan, k)
        domains.append(
            DomainReadiness(
                id=domain.id,
                name=domain.name,
                weight=domain.weight,
                cards=int(dom.cards[i]),
                seen=int(dom.seen[i]),
                recall_today=r_today,
                recall_plan=r_plan,
                expected_today=e_today,
                expected_plan=e_plan,
                band_today=_band(spec, e_today),
                band_plan=_band(spec, e_plan),
            )
        )
    tasks = []
    task_index = {t: i for i, t in enumerate(groups.tasks)}
    for domain in spec.domains:
        i_dom = groups.domains.index(domain.id)
        share = domain.weight / max(len(domain.tasks), 1)
        if not domain.tasks:
            r = float(dom.recall[i_dom])
            plan = None if plan_domains is None else float(plan_domains[i_dom])
            tasks.append(
                TaskReadiness(
                    domain.id,
                    None,
                    domain.name,
                    int(dom.cards[i_dom]),
                    int(dom.seen[i_dom]),
                    r,
                    plan,
                    share * (1 - r),
                )
            )
            continue
        for task in domain.tasks:
            j = task_index[(domain.id, task.id)]
            r = float(tsk.recall[j])
            plan = None if plan_tasks is None else float(plan_tasks[j])
            tasks.append(
                TaskReadiness(
                    domain.id,
                    task.id,
                    task.name,
                    int(tsk.cards[j]),
                    int(tsk.seen[j]),
                    r,
                    plan,
                    share * (1 - r),
                )
            )
    needed = spec.needed_to_pass
    items = spec.graded_items
    today_recalls = [d.recall_today for d in domains]
    plan_recalls = None if plan_domains is None else [float(x) for x in plan_domains]
    return Readiness(
        overall_today=weighted_overall(today_recalls, weights),
        overall_plan=None if plan_recalls is None else weighted_overall(plan_recalls, weights),
        pass_probability_today=pass_probability(
            today_recalls, weights, items=items, options=k, needed=needed
        ),
        pass_probability_plan=None
        if plan_recalls is None
        else pass_probability(plan_recalls, weights, items=items, options=k, needed=needed),
        needed_to_pass=needed,
        graded_items=items,
        domains=tuple(domains),
        tasks=tuple(tasks),
        untagged=member.untagged,
        bands_assumed=spec.pass_rule.kind == PassKind.NOT_PUBLISHED and bool(spec.pass_rule.bands),
    )
