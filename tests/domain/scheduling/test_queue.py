"""Queue order: due learning first, reviews and new interleaved, learn-ahead last."""

from __future__ import annotations

import datetime as dt

from pmstudy.domain.model import CardState, Memory
from pmstudy.domain.scheduling import StudyQueue

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 23, 4, tzinfo=dt.UTC)


def _drain(queue: StudyQueue) -> list[int]:
    order = []
    while (card := queue.next_card(NOW)) is not None:
        order.append(card)
        queue.answered(card, Memory(state=CardState.REVIEW, due=END + dt.timedelta(days=3)))
    return order


def test_new_cards_are_spread_among_reviews() -> None:
    queue = StudyQueue(reviews=[1, 2, 3, 4, 5, 6], new=[100, 200], day_end=END)
    order = _drain(queue)
    assert sorted(order) == [1, 2, 3, 4, 5, 6, 100, 200]
    assert order[0] == 1
    positions = [order.index(100), order.index(200)]
    assert 1 <= positions[0] <= 4
    assert positions[1] >= 4


def test_due_learning_comes_first_and_learn_ahead_last() -> None:
    queue = StudyQueue(
        reviews=[1],
        new=[],
        learning={50: NOW - dt.timedelta(minutes=1), 60: NOW + dt.timedelta(minutes=15)},
        day_end=END,
    )
    assert queue.next_card(NOW) == 50
    queue.answered(50, Memory(state=CardState.REVIEW, due=END + dt.timedelta(days=2)))
    assert queue.next_card(NOW) == 1
    queue.answered(1, Memory(state=CardState.REVIEW, due=END + dt.timedelta(days=2)))
    assert queue.next_card(NOW) == 60  # within the 20-minute learn-ahead window


def test_failed_card_returns_today_and_undo_restores() -> None:
    queue = StudyQueue(reviews=[1], new=[2], day_end=END)
    first = queue.next_card(NOW)
    assert first == 1
    again = Memory(state=CardState.RELEARNING, step=0, due=NOW + dt.timedelta(minutes=10))
    queue.answered(1, again)
    counts = queue.counts(NOW)
    assert (counts.new, counts.learning, counts.review) == (1, 1, 0)
    queue.restore(1, Memory(state=CardState.REVIEW, due=NOW), was_new=False, was_review=True)
    counts = queue.counts(NOW)
    assert (counts.new, counts.learning, counts.review) == (1, 0, 1)
    queue.remove({1, 2})
    assert queue.next_card(NOW) is None


def test_learning_due_after_day_end_leaves_the_queue() -> None:
    queue = StudyQueue(new=[1], day_end=END)
    queue.answered(1, Memory(state=CardState.LEARNING, step=1, due=END + dt.timedelta(hours=1)))
    assert queue.next_card(NOW) is None
    assert queue.counts(NOW).total == 0


def test_the_learn_ahead_window_is_a_setting() -> None:
    learning = {70: NOW + dt.timedelta(minutes=45)}
    assert StudyQueue(learning=dict(learning), day_end=END).next_card(NOW) is None
    wide = StudyQueue(learning=dict(learning), day_end=END, learn_ahead=dt.timedelta(hours=1))
    assert wide.next_card(NOW) == 70
    none = StudyQueue(learning={71: NOW + dt.timedelta(seconds=1)}, learn_ahead=dt.timedelta(0))
    assert none.next_card(NOW) is None
