"""The readiness of one exam: recall per domain and task, intervals, evidence, verdicts.

``summarise`` takes the per-card numbers (exam-day recall, t / S, decay, seen) and the plan
simulation's per-card recall, and returns a ``Readiness`` whose every prediction carries an 80 %
interval (``pmstudy.domain.exam.uncertainty``) and whose pass probability is withheld, with what is
missing, below the evidence minimums (``pmstudy.domain.exam.evidence``).

"With the plan" is a projection that assumes the plan is followed, tempered by the learner's
recent adherence α (share of planned work done): recall = stop-today + α × (plan − stop-today),
α drawn from its own Beta distribution (``uncertainty.adherence_draws``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from pmstudy.domain.exam.blueprint import ExamSpec, PassKind
from pmstudy.domain.exam.cardtable import BoolArray, FloatArray, Groups, Membership
from pmstudy.domain.exam.evidence import DomainEvidence, Missing, missing_for, projection_missing
from pmstudy.domain.exam.item_link import item_right
from pmstudy.domain.exam.passprob import allocate, assumed_band, pass_probabilities
from pmstudy.domain.exam.readiness import GroupMeans, group_means, group_sums, weighted_overall
from pmstudy.domain.exam.uncertainty import (
    Estimate,
    UncertaintyInputs,
    adherence_draws,
    card_weights,
    estimate_of,
    recall_draws,
    score_draws,
)


class Verdict(StrEnum):
    """Plain words for a pass probability and its interval."""

    LIKELY = "likely to pass"
    UNCERTAIN = "uncertain"
    UNLIKELY = "unlikely to pass"


def verdict_of(probability: Estimate) -> Verdict:
    """Likely: ≥ 75 % with the interval's low end ≥ 50 %; unlikely: ≤ 25 % and high ≤ 50 %."""
    if probability.value >= 0.75 and probability.low >= 0.5:
        return Verdict.LIKELY
    if probability.value <= 0.25 and probability.high <= 0.5:
        return Verdict.UNLIKELY
    return Verdict.UNCERTAIN


@dataclass(frozen=True)
class DomainReadiness:
    """One domain: counted cards, seen, exam-day recall and expected score, with intervals.

    ``recall_*`` are the central values; ``*_range`` their 80 % intervals. ``expected_*`` is the
    share of the domain's items expected right (the recall-to-item link applied). ``by_task``:
    the recall is task-weighted (False: the plain mean, no card of the domain names a task).
    """

    id: str
    name: str
    weight: float
    cards: int
    seen: int
    band_today: str | None
    band_plan: str | None
    today_range: Estimate
    plan_range: Estimate | None
    expected_today_range: Estimate
    expected_plan_range: Estimate | None
    by_task: bool = True
    empty_tasks: int = 0

    @property
    def recall_today(self) -> float:
        """Exam-day recall if you stopped now."""
        return self.today_range.value

    @property
    def recall_plan(self) -> float | None:
        """Exam-day recall with the plan (the tempered projection)."""
        return None if self.plan_range is None else self.plan_range.value

    @property
    def expected_today(self) -> float:
        """Share of the domain's items expected right if you stopped now."""
        return self.expected_today_range.value

    @property
    def expected_plan(self) -> float | None:
        """Share of the domain's items expected right with the plan."""
        return None if self.expected_plan_range is None else self.expected_plan_range.value


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
    """Readiness for one exam: overall, per domain, per task, pass probability, evidence."""

    needed_to_pass: int | None
    graded_items: int
    domains: tuple[DomainReadiness, ...]
    tasks: tuple[TaskReadiness, ...]
    untagged: int
    bands_assumed: bool
    today: Estimate
    plan: Estimate | None = None
    pass_today: Estimate | None = None
    pass_plan: Estimate | None = None
    missing: tuple[Missing, ...] = ()
    plan_missing: tuple[Missing, ...] = ()
    adherence: Estimate | None = None
    adherence_known: bool = False
    mock_answers: int = 0
    not_examined: int = 0
    not_on_exam: int = 0
    pass_note: str = ""
    """Why there is no pass probability, where ``needed_to_pass`` is None."""

    @property
    def overall_today(self) -> float:
        """Blueprint-weighted exam-day recall if you stopped now."""
        return self.today.value

    @property
    def overall_plan(self) -> float | None:
        """The same with the plan (a projection)."""
        return None if self.plan is None else self.plan.value

    @property
    def pass_probability_today(self) -> float | None:
        """P(pass) if you stopped now; None below the evidence minimums or without a pass mark."""
        return None if self.pass_today is None else self.pass_today.value

    @property
    def pass_probability_plan(self) -> float | None:
        """P(pass) with the plan; None where it is withheld."""
        return None if self.pass_plan is None else self.pass_plan.value

    @property
    def verdict_today(self) -> Verdict | None:
        """Plain words for ``pass_today``."""
        return None if self.pass_today is None else verdict_of(self.pass_today)

    @property
    def verdict_plan(self) -> Verdict | None:
        """Plain words for ``pass_plan``."""
        return None if self.pass_plan is None else verdict_of(self.pass_plan)

    def weakest(self, count: int = 5) -> list[TaskReadiness]:
        """The tasks with the most exam share at stake (lowest recall × weight) that have cards."""
        ranked = sorted(
            (t for t in self.tasks if t.cards > 0),
            key=lambda t: (-t.priority, t.recall_today, t.domain_id, t.task_id or ""),
        )
        return ranked[:count]


@dataclass(frozen=True)
class CardInputs:
    """Per card of the exam's decks: exam-day recall, t / S, decay, seen at least once."""

    recall: FloatArray
    ratio: FloatArray
    decay: FloatArray
    seen: BoolArray


@dataclass(frozen=True)
class PlanInputs:
    """The plan simulation's per-card and per-task recall, and the learner's adherence."""

    card_recall: FloatArray
    task_recall: FloatArray
    done: float = 0.0
    planned: float = 0.0

    @property
    def known(self) -> bool:
        """Whether the readiness history holds planned work to measure adherence by."""
        return self.planned > 0


def _band(spec: ExamSpec, expected: float | None) -> str | None:
    if expected is None or spec.pass_rule.kind != PassKind.NOT_PUBLISHED:
        return None
    if not spec.pass_rule.bands:
        return None
    return assumed_band(expected)


def _tasks(
    spec: ExamSpec,
    groups: Groups,
    dom: GroupMeans,
    tsk: GroupMeans,
    domain_recall: FloatArray,
    plan: PlanInputs | None,
    plan_domains: FloatArray | None,
) -> list[TaskReadiness]:
    tasks = []
    task_index = {t: i for i, t in enumerate(groups.tasks)}
    for i_dom, domain in enumerate(spec.domains):
        share = domain.weight / max(len(domain.tasks), 1)
        if not domain.tasks:
            r = float(domain_recall[i_dom])
            r_plan = None if plan_domains is None else float(plan_domains[i_dom])
            tasks.append(
                TaskReadiness(
                    domain.id,
                    None,
                    domain.name,
                    int(dom.cards[i_dom]),
                    int(dom.seen[i_dom]),
                    r,
                    r_plan,
                    share * (1 - r),
                )
            )
            continue
        for task in domain.tasks:
            j = task_index[(domain.id, task.id)]
            r = float(tsk.recall[j])
            r_plan = None if plan is None else float(plan.task_recall[j])
            tasks.append(
                TaskReadiness(
                    domain.id,
                    task.id,
                    task.name,
                    int(tsk.cards[j]),
                    int(tsk.seen[j]),
                    r,
                    r_plan,
                    share * (1 - r),
                )
            )
    return tasks


def summarise(
    spec: ExamSpec,
    groups: Groups,
    member: Membership,
    cards: CardInputs,
    inputs: UncertaintyInputs,
    rng: np.random.Generator,
    plan: PlanInputs | None = None,
) -> Readiness:
    """Readiness with intervals; ``plan`` adds the tempered 'with the plan' projection."""
    size = len(groups.domains)
    task_domain = np.asarray([groups.domains.index(d) for d, _ in groups.tasks], dtype=np.int64)
    weights = card_weights(
        member.domain_cards,
        member.domain_groups,
        member.task_cards,
        member.task_groups,
        task_domain,
        [len(d.tasks) for d in spec.domains],
    )
    draws = recall_draws(weights, size, cards.recall, cards.ratio, cards.decay, inputs, rng)
    dom = group_means(cards.recall, cards.seen, member.domain_cards, member.domain_groups, size)
    tsk = group_means(
        cards.recall, cards.seen, member.task_cards, member.task_groups, len(groups.tasks)
    )
    blueprint = [d.weight for d in spec.domains]
    total_weight = float(sum(blueprint)) or 1.0
    shares = np.asarray(blueprint, dtype=np.float64) / total_weight
    items = allocate(blueprint, spec.graded_items)
    link = inputs.link
    spread = weights.spread(cards.recall, size)
    today_scores = score_draws(draws.domain, spread, items, link, rng)
    overall_draws = draws.domain @ shares
    today = estimate_of(overall_draws, weighted_overall(draws.nominal.tolist(), blueprint))
    a_mean, c_mean = link.mean()

    plan_domains: FloatArray | None = None
    plan_draws: FloatArray | None = None
    plan_scores: FloatArray | None = None
    adherence: Estimate | None = None
    if plan is not None:
        plan_domains = weights.per_domain(plan.card_recall, size)
        alpha = adherence_draws(plan.done, plan.planned, rng, len(link.a))
        adherence = estimate_of(alpha)
        gain = plan_domains - draws.nominal
        plan_draws = np.clip(draws.domain + alpha[:, None] * gain[None, :], 0.0, 1.0)
        plan_spread = weights.spread(plan.card_recall, size)
        plan_scores = score_draws(plan_draws, plan_spread, items, link, rng)

    domain_evidence = tuple(
        DomainEvidence(d.id, d.name, d.weight, int(dom.cards[i]), int(dom.seen[i]))
        for i, d in enumerate(spec.domains)
    )
    missing = missing_for(domain_evidence, inputs.review_answers)
    plan_missing = projection_missing(missing)
    needed = spec.needed_to_pass
    pass_today = pass_plan = None
    if needed is not None and not missing:
        pass_today = estimate_of(pass_probabilities(today_scores, items, needed))
    if needed is not None and plan_scores is not None and not plan_missing:
        pass_plan = estimate_of(pass_probabilities(plan_scores, items, needed))

    empty = group_sums(task_domain, (tsk.cards == 0).astype(np.float64), size)
    domains = []
    for i, domain in enumerate(spec.domains):
        r_today = float(draws.nominal[i])
        e_today = float(item_right(r_today, a_mean, c_mean))
        plan_range = e_plan_range = None
        if plan_draws is not None and plan_scores is not None:
            plan_range = estimate_of(plan_draws[:, i])
            e_plan_range = estimate_of(plan_scores[:, i])
        domains.append(
            DomainReadiness(
                id=domain.id,
                name=domain.name,
                weight=domain.weight,
                cards=int(dom.cards[i]),
                seen=int(dom.seen[i]),
                band_today=_band(spec, e_today),
                band_plan=_band(spec, None if e_plan_range is None else e_plan_range.value),
                today_range=estimate_of(draws.domain[:, i], r_today),
                plan_range=plan_range,
                expected_today_range=estimate_of(today_scores[:, i], e_today),
                expected_plan_range=e_plan_range,
                by_task=weights.by_task[i],
                empty_tasks=int(empty[i]) if weights.by_task[i] else 0,
            )
        )
    plan_overall = None if plan_draws is None else estimate_of(plan_draws @ shares)
    return Readiness(
        needed_to_pass=needed,
        graded_items=spec.graded_items,
        domains=tuple(domains),
        tasks=tuple(_tasks(spec, groups, dom, tsk, draws.nominal, plan, plan_domains)),
        untagged=member.untagged,
        bands_assumed=spec.pass_rule.kind == PassKind.NOT_PUBLISHED and bool(spec.pass_rule.bands),
        today=today,
        plan=plan_overall,
        pass_today=pass_today,
        pass_plan=pass_plan,
        missing=missing,
        plan_missing=plan_missing,
        adherence=adherence,
        adherence_known=plan is not None and plan.known,
        mock_answers=link.observations,
        not_examined=member.not_examined,
        not_on_exam=member.not_on_exam,
        pass_note="" if spec.pass_rule.counts else spec.pass_rule.no_count_reason,
    )
