"""From card recall to exam items: how likely an exam item is answered right.

A card's recall R says whether the learner would produce the card's answer. An exam item on the
same content is a different question: it may test application rather than the fact, it offers
attractive distractors, and it can be answered from partial knowledge or a guess. The link is

    p(right) = a · R + c · (1 − R)

- ``a``: P(right | the content is recalled). Below 1 because items test judgement, have a
  near-miss distractor and get misread. Prior Beta(16, 3), mean 0.84.
- ``c``: P(right | not recalled): a guess among ``k`` options raised by partial knowledge
  (recognition is easier than recall: an option can be recognised although the card was
  forgotten) and lowered by distractors written to attract exactly that guess. Prior mean 1/k
  plus 0.05 (partial knowledge slightly outweighs distractors in published item analyses of
  four-option items), Beta with 12 pseudo-observations: wide.

Until the learner has mock-exam answers, ``(a, c)`` are drawn from these priors, which widens
every interval. Each mock-exam answer is an observation (R at the moment of answering, right or
wrong); the posterior is computed on a grid (exact for two parameters, no sampler), and its
draws replace the priors. ``a ≥ c`` is enforced: knowing the content never hurts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

PRIOR_A = (16.0, 3.0)
PRIOR_C_STRENGTH = 12.0
PARTIAL_KNOWLEDGE = 0.05
_GRID = 121


@dataclass(frozen=True)
class LinkDraws:
    """Draws of the link parameters: ``a[i]``, ``c[i]`` belong together."""

    a: FloatArray
    c: FloatArray
    observations: int

    @property
    def from_mocks(self) -> bool:
        """Whether mock-exam answers informed the draws (else priors only)."""
        return self.observations > 0

    def mean(self) -> tuple[float, float]:
        """Posterior (or prior) means of a and c."""
        return float(self.a.mean()), float(self.c.mean())


def prior_c(options: int) -> tuple[float, float]:
    """Beta parameters of c for items with ``options`` choices."""
    mean = min(0.9, 1.0 / max(options, 1) + PARTIAL_KNOWLEDGE)
    return mean * PRIOR_C_STRENGTH, (1.0 - mean) * PRIOR_C_STRENGTH


def item_right(
    recall: FloatArray | float, a: FloatArray | float, c: FloatArray | float
) -> FloatArray:
    """p(right) = a·R + c·(1 − R), element-wise."""
    r = np.clip(np.asarray(recall, dtype=np.float64), 0.0, 1.0)
    return np.asarray(a * r + c * (1.0 - r), dtype=np.float64)


def _log_beta_density(x: FloatArray, alpha: float, beta: float) -> FloatArray:
    return np.asarray((alpha - 1.0) * np.log(x) + (beta - 1.0) * np.log1p(-x), dtype=np.float64)


def link_draws(
    options: int,
    recall: Sequence[float] | FloatArray,
    right: Sequence[bool] | npt.NDArray[np.bool_],
    rng: np.random.Generator,
    size: int,
) -> LinkDraws:
    """``size`` draws of (a, c): the posterior given mock answers (recall, right), or the prior."""
    r = np.clip(np.asarray(recall, dtype=np.float64), 0.0, 1.0)
    y = np.asarray(right, dtype=np.bool_)
    if r.shape != y.shape:
        raise ValueError("one outcome per recall value")
    grid = (np.arange(_GRID, dtype=np.float64) + 0.5) / _GRID
    a_grid, c_grid = np.meshgrid(grid, grid, indexing="ij")
    c_alpha, c_beta = prior_c(options)
    log_post = _log_beta_density(a_grid, *PRIOR_A) + _log_beta_density(c_grid, c_alpha, c_beta)
    log_post = np.where(a_grid >= c_grid, log_post, -np.inf)
    if len(r):
        # Sufficient statistics would lose R; 121² cells × answers stays small (a mock has
        # at most a few hundred answers per learner batch), so sum the log-likelihood directly
        # over answers grouped by rounded R.
        keys = np.round(r * 200).astype(np.int64)
        uniq, inverse = np.unique(keys, return_inverse=True)
        hits = np.bincount(inverse, weights=y.astype(np.float64), minlength=len(uniq))
        total = np.bincount(inverse, minlength=len(uniq)).astype(np.float64)
        for value, k, n in zip((uniq / 200.0).tolist(), hits.tolist(), total.tolist(), strict=True):
            p = np.clip(a_grid * value + c_grid * (1.0 - value), 1e-9, 1 - 1e-9)
            log_post = log_post + k * np.log(p) + (n - k) * np.log1p(-p)
    flat = log_post.ravel()
    weights = np.exp(flat - flat.max())
    weights /= weights.sum()
    picks = rng.choice(len(flat), size=size, p=weights)
    jitter = (rng.random((2, size)) - 0.5) / _GRID
    a = np.clip(a_grid.ravel()[picks] + jitter[0], 0.0, 1.0)
    c = np.clip(c_grid.ravel()[picks] + jitter[1], 0.0, 1.0)
    return LinkDraws(a=np.maximum(a, c), c=c, observations=len(r))
