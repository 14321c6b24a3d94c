"""Custom study's choice and queue, pure: what is left out, the orders, the limit, preview."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pmstudy.domain.custom import (
    Candidate,
    CustomOptions,
    CustomOrder,
    CustomQueue,
    choose,
)
from pmstudy.domain.model import CardState, Memory, Rating
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
ANSWERS = (Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY)


def _card(
    card_id: int,
    *,
    state: CardState = CardState.REVIEW,
    due_in: float = 0.0,
    stability: float = 10.0,
    reviewed_ago: float = 10.0,
    position: int = 0,
    added_ago: float = 0.0,
    suspended: bool = False,
    buried: bool = False,
) -> Candidate:
    seen = state != CardState.NEW
    memory = Memory(
        state=state,
        stability=stability if seen else None,
        difficulty=5.0 if seen else None,
        due=NOW + due_in * DAY if seen else None,
        last_review=NOW - reviewed_ago * DAY if seen else None,
        reps=1 if seen else 0,
    )
    return Candidate(
        id=card_id,
        deck_id=1,
        memory=memory,
        position=position,
        created_at=NOW - added_ago * DAY,
        suspended=suspended,
        buried_until=NOW + DAY if buried else None,
    )


CARDS = [
    _card(1, due_in=5, stability=30, reviewed_ago=25, added_ago=1),
    _card(2, due_in=-3, stability=4, reviewed_ago=7, added_ago=9),
    _card(3, state=CardState.NEW, position=2, added_ago=5),
    _card(4, due_in=1, stability=2, reviewed_ago=1, added_ago=3),
    _card(5, state=CardState.NEW, position=1, added_ago=2),
    _card(6, suspended=True),
    _card(7, buried=True),
    _card(8, state=CardState.LEARNING, due_in=-0.01, stability=1, reviewed_ago=0.02, added_ago=4),
]


def test_new_suspended_and_buried_are_left_out_unless_asked() -> None:
    choice = choose(CARDS, CustomOptions(), now=NOW)
    assert set(choice.card_ids) == {1, 2, 4, 8}
    assert (choice.found, choice.new_left_out) == (8, 2)
    assert (choice.suspended_left_out, choice.buried_left_out) == (1, 1)
    everything = CustomOptions(new=True, suspended=True, buried=True)
    assert set(choose(CARDS, everything, now=NOW).card_ids) == set(range(1, 9))


def test_a_buried_card_whose_burial_has_ended_is_studied() -> None:
    card = _card(9, buried=True)
    assert choose([card], CustomOptions(), now=NOW + 2 * DAY).card_ids == (9,)


def test_due_order_is_most_overdue_first_and_new_cards_after_in_deck_order() -> None:
    choice = choose(CARDS, CustomOptions(new=True), now=NOW)
    assert choice.card_ids == (2, 8, 4, 1, 5, 3)
    assert choice.new_chosen == 2


def test_retrievability_order_is_lowest_recall_now_first() -> None:
    choice = choose(CARDS, CustomOptions(order=CustomOrder.RETRIEVABILITY, new=True), now=NOW)
    # recall now: card 2 (7 days on S=4) < card 1 (25 on S=30) < card 4 (1 on S=2) < card 8
    assert choice.card_ids == (2, 1, 4, 8, 5, 3)


def test_retrievability_order_uses_each_decks_parameters() -> None:
    # same stability and days since the review: the deck whose curve falls faster comes first
    one = _card(1, stability=10, reviewed_ago=25)
    two = dataclasses.replace(_card(2, stability=10, reviewed_ago=25), deck_id=2)
    steep = (*DEFAULT_PARAMETERS[:20], 0.8)  # R after 25 days on S=10: 0.79 (default: 0.83)
    options = CustomOptions(order=CustomOrder.RETRIEVABILITY)
    assert choose([one, two], options, now=NOW, parameters={2: steep}).card_ids == (2, 1)
    assert choose([two, one], options, now=NOW).card_ids == (1, 2)  # a tie: by id


def test_added_order_is_oldest_first() -> None:
    choice = choose(CARDS, CustomOptions(order=CustomOrder.ADDED, new=True), now=NOW)
    assert choice.card_ids == (2, 3, 8, 4, 5, 1)


def test_random_order_is_seeded() -> None:
    many = [_card(i) for i in range(1, 60)]
    first = choose(many, CustomOptions(order=CustomOrder.RANDOM, seed=7), now=NOW).card_ids
    again = choose(many[::-1], CustomOptions(order=CustomOrder.RANDOM, seed=7), now=NOW).card_ids
    other = choose(many, CustomOptions(order=CustomOrder.RANDOM, seed=8), now=NOW).card_ids
    assert first == again  # the order the source gave does not matter
    assert first != other
    assert sorted(first) == list(range(1, 60))


def test_the_limit_is_taken_after_ordering() -> None:
    choice = choose(CARDS, CustomOptions(limit=2), now=NOW)
    assert choice.card_ids == (2, 8)
    assert choice.over_limit == 2


@pytest.mark.parametrize("limit", [0, 10_000])
def test_the_limit_is_checked(limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        CustomOptions(limit=limit)


def test_the_queue_shows_the_cards_in_order_and_counts_new_ones_as_new() -> None:
    queue = CustomQueue.of((4, 5, 2), frozenset({5}), NOW + DAY)
    counts = queue.counts(NOW)
    assert (counts.new, counts.learning, counts.review) == (1, 0, 2)
    shown = []
    while (card := queue.next_card(NOW)) is not None:
        shown.append(card)
        queue.answered(card, Memory(state=CardState.REVIEW, due=NOW + 3 * DAY))
    assert shown == [4, 5, 2]


def test_an_again_in_a_rescheduling_session_comes_back_when_due() -> None:
    queue = CustomQueue.of((4, 2), frozenset(), NOW + DAY)
    assert queue.next_card(NOW) == 4
    queue.answered(4, Memory(state=CardState.RELEARNING, due=NOW + dt.timedelta(minutes=10)))
    assert queue.next_card(NOW) == 2
    queue.answered(2, Memory(state=CardState.REVIEW, due=NOW + 3 * DAY))
    assert queue.next_card(NOW + dt.timedelta(minutes=10)) == 4


def test_preview_again_and_hard_come_back_later_good_and_easy_are_done() -> None:
    queue = CustomQueue.of((1, 2, 3, 4), frozenset(), NOW + DAY)
    for card, rating in zip((1, 2, 3, 4), ANSWERS, strict=True):
        assert queue.next_card(NOW) == card
        queue.previewed(card, rating, NOW)
    assert queue.counts(NOW).learning == 2
    # with nothing else left, a card due within the learn-ahead window is shown early
    assert queue.next_card(NOW) == 1
    assert queue.next_card(NOW + dt.timedelta(minutes=1)) == 1
    queue.previewed(1, Rating.GOOD, NOW + dt.timedelta(minutes=1))
    assert queue.next_card(NOW + dt.timedelta(minutes=10)) == 2
    queue.previewed(2, Rating.EASY, NOW + dt.timedelta(minutes=10))
    assert queue.next_card(NOW + dt.timedelta(minutes=10)) is None
