"""How well FSRS parameters predict a review history: log loss and RMSE (bins).

Both metrics are computed as fsrs-rs's ``FSRS::evaluate`` computes them, so the numbers match Anki's
"Evaluate" button: every training item (``pmstudy.domain.scheduling.training``: an answer on a later
study day than the card's previous one) is predicted from all the card's earlier answers with
FSRS-6's model, same-day answers through the short-term formula (``delta`` 0, the study-day rule
that live answers follow too); items are weighted by recency (0.25 + 0.75·(i/(n−1))³ in time order),
the log loss is the weighted binary cross-entropy, and RMSE (bins) compares mean predicted and
observed recall in bins of (interval, number of reviews, number of lapses), each bin weighted by its
items' weights.

No optimiser is needed: this is plain NumPy, so ``pmstudy evaluate`` works without the extra.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pmstudy.domain.exam import BoolArray, FloatArray, IntArray
from pmstudy.domain.scheduling.training import TrainingSet

S_MIN, S_MAX = 0.001, 36500.0
D_MIN, D_MAX = 1.0, 10.0
# Keeps log(p) finite when a prediction is exactly 0 or 1.
_EPSILON = 1e-7


@dataclass(frozen=True)
class Evaluation:
    """Log loss and RMSE (bins) over ``items`` predicted answers (lower is better)."""

    log_loss: float
    rmse_bins: float
    items: int

    def as_dict(self) -> dict[str, float | int]:
        """JSON-ready form."""
        return {
            "log_loss": round(self.log_loss, 6),
            "rmse_bins": round(self.rmse_bins, 6),
            "items": self.items,
        }


def _weights_per_sequence(parameters: FloatArray, sequences: int) -> FloatArray:
    matrix = np.asarray(parameters, dtype=np.float64)
    if matrix.ndim == 1:
        return np.broadcast_to(matrix, (sequences, matrix.shape[0]))
    return matrix


def predict(data: TrainingSet, parameters: Sequence[float] | FloatArray) -> FloatArray:
    """Predicted recall of every item (in ``data.items`` order).

    ``parameters`` is one vector of 21 or one row per sequence (cards in different presets).
    """
    n = data.answer_count
    if n == 0 or data.item_count == 0:
        return np.zeros(0, dtype=np.float64)
    w_all = _weights_per_sequence(np.asarray(parameters, dtype=np.float64), data.sequence_count)
    sequence = data.sequence_of()
    position = data.position()
    order = np.argsort(position, kind="stable")
    bounds = np.searchsorted(position[order], np.arange(int(position.max()) + 2))
    stability = np.zeros(data.sequence_count)
    difficulty = np.zeros(data.sequence_count)
    predicted = np.full(n, np.nan)
    for k in range(len(bounds) - 1):
        flat = order[bounds[k] : bounds[k + 1]]
        seq = sequence[flat]
        rating = data.rating[flat].astype(np.float64)
        w = w_all[seq]
        if k == 0:
            first = np.clip(rating.astype(np.int64), 1, 4) - 1
            stability[seq] = np.clip(w[np.arange(len(seq)), first], S_MIN, S_MAX)
            difficulty[seq] = np.clip(w[:, 4] - np.exp(w[:, 5] * first) + 1, D_MIN, D_MAX)
            continue
        last_s = np.clip(stability[seq], S_MIN, S_MAX)
        last_d = np.clip(difficulty[seq], D_MIN, D_MAX)
        delta = data.delta[flat].astype(np.float64)
        decay = -w[:, 20]
        factor = np.exp(math.log(0.9) / decay) - 1.0
        recall = np.power(delta / last_s * factor + 1.0, decay)
        predicted[flat] = recall
        hard = np.where(rating == 2, w[:, 15], 1.0)
        easy = np.where(rating == 4, w[:, 16], 1.0)
        success = last_s * (
            np.exp(w[:, 8])
            * (11.0 - last_d)
            * np.power(last_s, -w[:, 9])
            * (np.exp((1.0 - recall) * w[:, 10]) - 1.0)
            * hard
            * easy
            + 1.0
        )
        failure = np.minimum(
            w[:, 11]
            * np.power(last_d, -w[:, 12])
            * (np.power(last_s + 1.0, w[:, 13]) - 1.0)
            * np.exp((1.0 - recall) * w[:, 14]),
            last_s / np.exp(w[:, 17] * w[:, 18]),
        )
        sinc = np.exp(w[:, 17] * (rating - 3.0 + w[:, 18])) * np.power(last_s, -w[:, 19])
        short = last_s * np.where(rating >= 2, np.maximum(sinc, 1.0), sinc)
        new_s = np.where(delta == 0, short, np.where(rating == 1, failure, success))
        damped = last_d + (10.0 - last_d) * (-w[:, 6] * (rating - 3.0)) / 9.0
        easy_d = w[:, 4] - np.exp(w[:, 5] * 3.0) + 1.0
        stability[seq] = np.clip(new_s, S_MIN, S_MAX)
        difficulty[seq] = np.clip(w[:, 7] * (easy_d - damped) + damped, D_MIN, D_MAX)
    return predicted[data.items]


def recency_weights(count: int) -> FloatArray:
    """fsrs-rs's item weights for ``count`` items in time order (recent items count more)."""
    length = max(count - 1, 1)
    return 0.25 + 0.75 * (np.arange(count, dtype=np.float64) / length) ** 3


def log_loss(predicted: FloatArray, observed: FloatArray, weights: FloatArray) -> float:
    """Weighted binary cross-entropy: −Σ w·(y·ln p + (1−y)·ln(1−p)) / Σ w."""
    if len(predicted) == 0:
        return math.nan
    p = np.clip(predicted, _EPSILON, 1 - _EPSILON)
    total = observed * np.log(p) + (1 - observed) * np.log(1 - p)
    return float(-(total * weights).sum() / weights.sum())


def rmse_bins(
    predicted: FloatArray, observed: FloatArray, weights: FloatArray, bins: IntArray
) -> float:
    """√(Σ_bins W_b·(mean p_b − mean y_b)² / Σ_b W_b), bins given as one key row per item."""
    if len(predicted) == 0:
        return math.nan
    # One integer per key row, then a 1-D unique (several times faster than unique rows).
    # Length and lapse bins stay far below 2^16; interval bins below 2^31.
    small = np.minimum(bins[:, 1:], 0xFFFF)
    packed = (bins[:, 0] << 32) | (small[:, 0] << 16) | small[:, 1]
    _, group = np.unique(packed, return_inverse=True)
    group = group.reshape(-1)
    count = np.bincount(group).astype(np.float64)
    mean_p = np.bincount(group, weights=predicted) / count
    mean_y = np.bincount(group, weights=observed) / count
    weight = np.bincount(group, weights=weights)
    return float(math.sqrt(((mean_p - mean_y) ** 2 * weight).sum() / weight.sum()))


def _log_bin(value: FloatArray, base: float, scale: float) -> FloatArray:
    """scale · base^⌊log_base(value)⌋, and 0 where value is 0 (not rounded)."""
    positive = value > 0
    exponent = np.floor(np.log(np.where(positive, value, 1.0)) / math.log(base))
    return np.asarray(np.where(positive, scale * np.power(base, exponent), 0.0), dtype=np.float64)


def bin_keys(data: TrainingSet) -> IntArray:
    """fsrs-rs's ``r_matrix_index`` of every item: (interval bin, length bin, lapse bin)."""
    if data.item_count == 0:
        return np.zeros((0, 3), dtype=np.int64)
    sequence = data.sequence_of()
    long_term = (data.delta > 0).astype(np.int64)
    lapse = ((data.rating == 1) & (data.delta > 0)).astype(np.int64)
    before = data.starts[sequence]
    cum_long = np.cumsum(long_term)
    cum_lapse = np.cumsum(lapse)
    base_long = np.where(before > 0, cum_long[np.maximum(before - 1, 0)], 0)
    base_lapse = np.where(before > 0, cum_lapse[np.maximum(before - 1, 0)], 0)
    items = data.items
    reviews = cum_long[items] - base_long[items]
    lapses = cum_lapse[items] - lapse[items] - base_lapse[items]
    delta_bin = np.round(_log_bin(data.delta[items].astype(np.float64), 3.62, 2.48) * 100)
    length_bin = np.round(_log_bin(reviews.astype(np.float64) + 1.0, 1.89, 1.99))
    lapse_bin = np.round(_log_bin(lapses.astype(np.float64), 1.73, 1.65))
    return np.stack([delta_bin, length_bin, lapse_bin], axis=1).astype(np.int64)


def evaluate(
    data: TrainingSet,
    parameters: Sequence[float] | FloatArray,
    *,
    only: BoolArray | None = None,
    keys: IntArray | None = None,
) -> Evaluation:
    """Log loss and RMSE (bins) of ``parameters`` on the items (or the items ``only`` marks).

    ``keys`` are ``bin_keys(data)`` when the caller has them (several parameter sets compared
    on the same data).
    """
    predicted = predict(data, parameters)
    observed = (data.rating[data.items] > 1).astype(np.float64)
    keys = bin_keys(data) if keys is None else keys
    if only is not None:
        predicted, observed, keys = predicted[only], observed[only], keys[only]
    weights = recency_weights(len(predicted))
    return Evaluation(
        log_loss=log_loss(predicted, observed, weights),
        rmse_bins=rmse_bins(predicted, observed, weights, keys),
        items=len(predicted),
    )
