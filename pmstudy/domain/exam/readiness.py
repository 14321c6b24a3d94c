"""Exam-day recall and readiness, in closed form ("if you stop today").

A card's exam-day recall is FSRS retrievability at the exam instant from its current memory:
R = (1 + F·t/S)^(−w20), F = 0.9^(−1/w20) − 1, t = days from the last review to the exam. A card
never reviewed counts 0. A domain's readiness is the task-weighted mean over its cards (each
task an equal share, a task without cards at 0; ``uncertainty.card_weights``); overall
readiness is the blueprint-weighted sum over domains. The report itself (intervals, evidence
gates, verdicts) is assembled in ``pmstudy.domain.exam.report``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pmstudy.domain.exam.cardtable import SECONDS_PER_DAY, FloatArray, IntArray, Memories


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


def card_decay(table: Memories) -> FloatArray:
    """Each card's FSRS decay (w20 of its preset's parameters)."""
    if not len(table):
        return np.zeros(0)
    return np.asarray(table.parameters()[:, 20][table.preset], dtype=np.float64)


def exam_day_recall(table: Memories, exam_ts: float) -> FloatArray:
    """Each card's recall at the exam instant (epoch seconds) if it is never reviewed again."""
    elapsed = (exam_ts - table.last_review) / SECONDS_PER_DAY
    return recall_after(table.stability, elapsed, card_decay(table))


def exam_day_ratio(table: Memories, exam_ts: float) -> FloatArray:
    """t / S at the exam instant: what recall is a function of (NaN for an unseen card)."""
    elapsed = np.maximum((exam_ts - table.last_review) / SECONDS_PER_DAY, 0.0)
    known = np.isfinite(table.stability) & (table.stability > 0) & np.isfinite(elapsed)
    safe = np.where(known, table.stability, 1.0)
    return np.where(known, np.maximum(elapsed, 1e-6) / safe, np.nan)


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
