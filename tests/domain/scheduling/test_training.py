"""Training data: every answer with study-day deltas, resets, incomplete histories, order."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from pmstudy.domain.scheduling import DayClock, LogColumns, build_training_set, study_days

T0 = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC).timestamp()
DAY = 86_400.0


def _row(card: int, day: float, rating: int, before: int = 2, after: int = 2, kind: str = "review"):
    return (card, T0 + day * DAY, rating, before, after, kind, 1)


def test_same_day_answers_stay_in_the_history_but_are_not_items() -> None:
    log = LogColumns.of(
        [
            _row(1, 0, 1, before=0, after=1, kind="learn"),
            _row(1, 0.01, 3, before=1, kind="learn"),  # same day: delta 0
            _row(1, 2, 3),
            _row(1, 7, 1),
            _row(1, 7.02, 3, before=3, kind="relearn"),  # same day: delta 0
            _row(1, 9, 4),
        ]
    )
    data = build_training_set(log, DayClock(dt.UTC, 4))
    assert data.rating.tolist() == [1, 3, 3, 1, 3, 4]
    assert data.delta.tolist() == [0, 0, 2, 5, 0, 2]
    assert data.answer_count == 6
    # items: the answers on a later study day (Anki: delta_t > 0), never the first
    assert data.items.tolist() == [2, 3, 5]
    assert data.answers_read == 6


def test_deltas_count_study_days_across_the_rollover() -> None:
    days = DayClock.named("Europe/Berlin", 4)

    def at(text: str) -> float:
        return dt.datetime.fromisoformat(text).astimezone(dt.UTC).timestamp()

    rows = [
        (1, at("2026-03-02T23:00+01:00"), 3, 0, 1, "learn", 1),
        (1, at("2026-03-03T05:00+01:00"), 3, 1, 2, "learn", 1),  # 6 h later, next study day
        (1, at("2026-03-04T03:00+01:00"), 3, 2, 2, "review", 1),  # 22 h later, same study day
        (1, at("2026-03-04T05:00+01:00"), 3, 2, 2, "review", 1),  # 2 h later, next study day
        (1, at("2026-03-06T03:59+01:00"), 3, 2, 2, "review", 1),  # 47 h later, 1 study day
    ]
    data = build_training_set(LogColumns.of(rows), days)
    assert data.delta.tolist() == [0, 1, 0, 1, 1]
    assert data.items.tolist() == [1, 3, 4]


def test_reset_drops_history_and_incomplete_cards_are_skipped() -> None:
    log = LogColumns.of(
        [
            _row(1, 0, 3, before=0, kind="learn"),
            _row(1, 3, 3),
            _row(1, 4, 0, before=2, after=0, kind="manual"),  # forget: start again
            _row(1, 5, 2, before=0, kind="learn"),
            _row(1, 8, 3),
            _row(2, 0, 3, before=2),  # imported without its learning answer
            _row(2, 5, 3),
            _row(3, 1, 3, before=0, kind="learn"),
            _row(3, 2, 0, after=2, kind="manual"),  # a due-date move: ignored
            _row(3, 4, 1, kind="mock-exam"),  # never went through the scheduler
            _row(3, 6, 3),
        ]
    )
    data = build_training_set(log, DayClock())
    assert data.card_ids.tolist() == [1, 3]
    assert data.rating.tolist() == [2, 3, 3, 3]
    assert data.delta.tolist() == [0, 3, 0, 5]
    assert data.cards_skipped == 1


def test_items_are_in_time_order_across_cards() -> None:
    log = LogColumns.of(
        [
            _row(1, 0, 3, before=0, kind="learn"),
            _row(1, 10, 3),
            _row(2, 1, 3, before=0, kind="learn"),
            _row(2, 3, 3),
            _row(2, 20, 3),
        ]
    )
    data = build_training_set(log, DayClock())
    times = data.at[data.items]
    assert list(times) == sorted(times)
    assert data.item_count == 3


def test_study_days_match_day_clock_across_dst() -> None:
    days = DayClock.named("Europe/Berlin", 4)
    rng = random.Random(5)
    start = dt.datetime(2026, 3, 20, tzinfo=dt.UTC).timestamp()
    instants = np.asarray([start + rng.uniform(0, 40 * DAY) for _ in range(3000)])
    got = study_days(instants, days)
    want = [days.day_of(dt.datetime.fromtimestamp(t, dt.UTC)).toordinal() for t in instants]
    assert got.tolist() == want
