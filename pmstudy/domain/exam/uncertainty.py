"""Intervals for readiness: how far the exam-day recall and the pass probability may be off.

Four sources are combined by drawing ``DRAWS`` joint samples (seeded) and reading the 10th and
90th percentiles (an 80 % interval, ``INTERVAL_LEVEL``):

1. **FSRS parameters**: a learner-wide error in stability, ``S × exp(ε)``, ε ~ N(0, σ²) with
   σ = 0.15 + 0.6 / sqrt(1 + n / 200) for ``n`` review answers in the learner's log (0.75 with no
   history, 0.39 at 1,000 answers, 0.27 at 5,000). It is shared by all cards, since a wrong
   parameter set is wrong for every card; card-level errors average out over a domain.
2. **The learner's own back-test error**: a shift of every seen card's recall by δ ~ N(bias,
   sd²), where ``sd`` comes from the back-test at the exam's horizon (a wide prior without one).
3. **The recall-to-item link** (``pmstudy.domain.exam.item_link``): draws of (a, c).
4. **Item sampling**: the exam asks ``n_d`` items of domain d, a sample of its content; the
   expected score of a domain varies by the spread of its cards' recall over sqrt(n_d), and the
   count of right answers is binomial given it (in the pass probability).

Per-card recall is not recomputed for every draw: seen cards are binned by log(t / S) (and
decay), so a draw costs a few hundred bins, not 100,000 cards; the draws are centred on the
exact per-card value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pmstudy.domain.exam.cardtable import FloatArray, IntArray
from pmstudy.domain.exam.item_link import LinkDraws, item_right
from pmstudy.domain.exam.readiness import group_sums, recall_after

INTERVAL_LEVEL = 0.8
DRAWS = 200
_BINS = 240


@dataclass(frozen=True)
class Estimate:
    """A number with its interval (``low``..``high`` at ``level``, e.g. 0.8 for 80 %)."""

    value: float
    low: float
    high: float
    level: float = INTERVAL_LEVEL

    def as_dict(self, digits: int = 4) -> dict[str, float]:
        """JSON form with explicit bounds."""
        return {
            "value": round(self.value, digits),
            "low": round(self.low, digits),
            "high": round(self.high, digits),
            "level": self.level,
        }


def estimate_of(draws: FloatArray, value: float | None = None) -> Estimate:
    """The central value (mean of the draws unless given) and the 80 % interval of draws."""
    tail = (1.0 - INTERVAL_LEVEL) / 2 * 100
    low, high = np.percentile(draws, [tail, 100 - tail])
    centre = float(np.mean(draws)) if value is None else value
    return Estimate(centre, float(min(low, centre)), float(max(high, centre)))


def stability_sd(review_answers: int) -> float:
    """σ of the learner-wide log-stability error for ``review_answers`` reviews of evidence."""
    return 0.15 + 0.6 / math.sqrt(1.0 + max(review_answers, 0) / 200.0)


def prior_backtest_sd(horizon_days: float) -> float:
    """The back-test error assumed before the learner's own back-test says otherwise.

    4 points for tomorrow, growing to 12 points at 30 days and beyond: a real learner's log
    showed FSRS 6–27 points too optimistic after 30–60-day breaks (docs/readiness.md).
    """
    return 0.04 + 0.08 * min(1.0, max(horizon_days, 0.0) / 30.0)


@dataclass(frozen=True)
class UncertaintyInputs:
    """What the interval draws need besides the cards."""

    review_answers: int
    backtest_bias: float
    backtest_sd: float
    link: LinkDraws


@dataclass(frozen=True)
class CardWeights:
    """(card, domain, weight) triples: a domain's recall is Σ weight × card recall.

    Within a domain, each task has an equal share (the outlines give tasks no weights); a task
    with no card keeps its share at recall 0. A domain without task-tagged cards falls back to
    the plain mean over its cards (``by_task[d]`` False).
    """

    cards: IntArray
    domains: IntArray
    weights: FloatArray
    by_task: tuple[bool, ...]

    def per_domain(self, values: FloatArray, size: int) -> FloatArray:
        """Σ weight × value per domain."""
        return group_sums(self.domains, self.weights * values[self.cards], size)

    def spread(self, values: FloatArray, size: int) -> FloatArray:
        """Weighted standard deviation of card values within each domain."""
        mean = self.per_domain(values, size)
        total = group_sums(self.domains, self.weights, size)
        dev = values[self.cards] - mean[self.domains]
        var = group_sums(self.domains, self.weights * dev * dev, size)
        return np.sqrt(np.divide(var, total, out=np.zeros(size), where=total > 0))


def card_weights(
    domain_cards: IntArray,
    domain_groups: IntArray,
    task_cards: IntArray,
    task_groups: IntArray,
    task_domain: IntArray,
    tasks_per_domain: Sequence[int],
) -> CardWeights:
    """Weights from the membership pairs; ``task_domain[j]`` is the domain of task group j."""
    size = len(tasks_per_domain)
    task_size = len(task_domain)
    per_task = np.bincount(task_groups, minlength=task_size).astype(np.float64)
    pair_domain = task_domain[task_groups] if len(task_groups) else np.zeros(0, dtype=np.int64)
    tagged_domains = np.bincount(pair_domain, minlength=size) > 0
    n_tasks = np.maximum(np.asarray(tasks_per_domain, dtype=np.float64), 1.0)
    task_w = 1.0 / (n_tasks[pair_domain] * per_task[task_groups]) if len(task_groups) else None
    by_task = tuple(bool(tagged_domains[d]) and tasks_per_domain[d] > 0 for d in range(size))
    use_domain = ~np.asarray(by_task, dtype=np.bool_)
    keep = use_domain[domain_groups] if len(domain_groups) else np.zeros(0, dtype=np.bool_)
    per_domain = np.bincount(domain_groups[keep], minlength=size).astype(np.float64)
    domain_w = 1.0 / np.maximum(per_domain[domain_groups[keep]], 1.0)
    return CardWeights(
        cards=np.concatenate([task_cards, domain_cards[keep]]).astype(np.int64),
        domains=np.concatenate([pair_domain, domain_groups[keep]]).astype(np.int64),
        weights=np.concatenate([task_w if task_w is not None else np.zeros(0), domain_w]),
        by_task=by_task,
    )


@dataclass(frozen=True)
class RecallDraws:
    """Per draw and domain: recall at the exam (draws × domains), and the nominal values."""

    domain: FloatArray
    nominal: FloatArray


def recall_draws(
    weights: CardWeights,
    size: int,
    recall: FloatArray,
    ratio: FloatArray,
    decay: FloatArray,
    inputs: UncertaintyInputs,
    rng: np.random.Generator,
) -> RecallDraws:
    """Draws of each domain's exam-day recall.

    ``recall`` is each card's exact exam-day recall, ``ratio`` its t / S (NaN for an unseen
    card), ``decay`` its FSRS decay.
    """
    draws = len(inputs.link.a)
    nominal = weights.per_domain(recall, size)
    seen = np.isfinite(ratio[weights.cards]) & (ratio[weights.cards] > 0)
    cards = weights.cards[seen]
    pair_w = weights.weights[seen]
    pair_d = weights.domains[seen]
    epsilon = rng.normal(0.0, stability_sd(inputs.review_answers), draws)
    delta = rng.normal(inputs.backtest_bias, inputs.backtest_sd, draws)
    if len(cards) == 0:
        return RecallDraws(np.tile(nominal, (draws, 1)), nominal)
    log_ratio = np.log(ratio[cards])
    decays, decay_index = np.unique(decay[cards], return_inverse=True)
    lo, hi = float(log_ratio.min()), float(log_ratio.max())
    step = max((hi - lo) / (_BINS - 1), 1e-9)
    bin_of = np.clip(np.round((log_ratio - lo) / step), 0, _BINS - 1).astype(np.int64)
    centres = lo + np.arange(_BINS) * step
    cells = (decay_index * size + pair_d) * _BINS + bin_of
    mass = np.bincount(cells, weights=pair_w, minlength=len(decays) * size * _BINS).reshape(
        len(decays), size, _BINS
    )
    out = np.zeros((draws, size))
    binned_nominal = np.zeros(size)
    # R at t / (S·e^ε): the ratio shrinks by e^ε (stability 1, elapsed = the ratio)
    shifted = np.exp(centres[None, :] - epsilon[:, None])
    for k, d in enumerate(decays.tolist()):
        r = np.clip(recall_after(np.ones_like(shifted), shifted, d) + delta[:, None], 0.0, 1.0)
        out += r @ mass[k].T
        binned_nominal += recall_after(np.ones(_BINS), np.exp(centres), d) @ mass[k].T
    seen_mass = mass.sum(axis=(0, 2))
    # centre the draws on the exact value (binning moves it by far less than a point)
    out += (nominal - binned_nominal)[None, :]
    out = np.clip(out, 0.0, seen_mass[None, :])
    return RecallDraws(out, nominal)


def score_draws(
    recall: FloatArray,
    spread: FloatArray,
    items: Sequence[int],
    link: LinkDraws,
    rng: np.random.Generator,
) -> FloatArray:
    """Draws × domains of the expected share right: the link's p(R), plus item sampling."""
    a = link.a[:, None]
    c = link.c[:, None]
    share = item_right(recall, a, c)
    n = np.maximum(np.asarray(items, dtype=np.float64), 1.0)
    sd = (a - c) * (spread / np.sqrt(n))[None, :]
    noise = rng.normal(0.0, 1.0, share.shape) * sd
    return np.asarray(np.clip(share + noise, 0.0, 1.0), dtype=np.float64)


def adherence_draws(done: float, planned: float, rng: np.random.Generator, size: int) -> FloatArray:
    """Share of the planned work the learner will do: Beta(2 + done/10, 1 + missed/10).

    Answers on one day are not independent evidence, hence the tenfold discount; with no
    history this is Beta(2, 1): two-thirds on average, and anything from a little to all.
    """
    done = min(max(done, 0.0), max(planned, 0.0))
    missed = max(planned - done, 0.0)
    return rng.beta(2.0 + done / 10.0, 1.0 + missed / 10.0, size)
