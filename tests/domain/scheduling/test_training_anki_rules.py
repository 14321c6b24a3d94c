"""Training data follows Anki's ``reviews_for_fsrs``: the last run of learning answers, the cut-off.

Each case is a history Anki's own rules (rslib ``scheduler/fsrs/params.rs``) treat in a way the
plain "first answer on a new card" rule would not: a card learnt again without a reset row, a
manual row that splits a learning run, a history imported from a later learning step, and
Anki's "ignore reviews before" date.
"""

from __future__ import annotations

import datetime as dt

from pmstudy.domain.scheduling import DayClock, LogColumns, build_training_set

T0 = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC).timestamp()
DAY = 86_400.0
CLOCK = DayClock(dt.UTC, 4)


def _row(
    card: int, day: float, rating: int, before: int = 2, after: int = 2, kind: str = "review"
) -> tuple[int, float, int, int, int, str, int]:
    return (card, T0 + day * DAY, rating, before, after, kind, 1)


def _learn(card: int, day: float, rating: int = 3, before: int = 1) -> tuple[int, ...]:
    return _row(card, day, rating, before=before, after=1, kind="learn")


def test_a_card_learnt_again_without_a_reset_row_trains_from_its_last_learning() -> None:
    log = LogColumns.of(
        [
            _learn(1, 0, before=0),
            _learn(1, 0.01),
            _row(1, 3, 3),
            _row(1, 9, 1),
            # learnt again (older Anki logged no reset): the history restarts here
            _learn(1, 20, 1, before=0),
            _learn(1, 20.01),
            _row(1, 22, 3),
        ]
    )
    data = build_training_set(log, CLOCK)
    assert data.rating.tolist() == [1, 3, 3]
    assert data.delta.tolist() == [0, 0, 2]
    assert data.items.tolist() == [2]
    assert data.cards_skipped == 0


def test_a_manual_row_inside_a_learning_run_starts_a_new_run_and_mock_rows_do_not() -> None:
    log = LogColumns.of(
        [
            _learn(1, 0, before=0),
            _row(1, 1, 0, before=1, after=1, kind="manual"),  # due date moved
            _learn(1, 2),
            _row(1, 5, 3),
            _learn(2, 0, before=0),
            _row(2, 0.5, 3, before=1, after=1, kind="mock-exam"),
            _learn(2, 1),
            _row(2, 4, 3),
        ]
    )
    data = build_training_set(log, CLOCK)
    assert data.card_ids.tolist() == [1, 2]
    # card 1 starts at its second learning answer; card 2 keeps both (the mock row is skipped)
    assert data.rating.tolist() == [3, 3, 3, 3, 3]
    assert data.delta.tolist() == [0, 3, 0, 1, 3]


def test_a_history_that_starts_in_a_later_learning_step_is_kept_and_one_without_any_is_not() -> (
    None
):
    log = LogColumns.of(
        [
            _learn(1, 0, before=1),  # imported from its second step on: Anki trains on it
            _row(1, 2, 3),
            _row(2, 0, 3),  # reviews only: incomplete, left out
            _row(2, 4, 3),
        ]
    )
    data = build_training_set(log, CLOCK)
    assert data.card_ids.tolist() == [1]
    assert data.items.tolist() == [1]
    assert data.cards_skipped == 1


def test_ignore_before_leaves_out_cards_whose_last_learning_began_earlier() -> None:
    log = LogColumns.of(
        [
            _learn(1, 0, before=0),
            _row(1, 5, 3),
            _learn(2, 10, before=0),
            _row(2, 15, 3),
            _learn(3, 0, before=0),
            _row(3, 1, 0, before=2, after=0, kind="manual"),  # reset
            _learn(3, 12, before=0),
            _row(3, 14, 3),
        ]
    )
    everything = build_training_set(log, CLOCK)
    assert everything.card_ids.tolist() == [1, 2, 3]
    cut = build_training_set(log, CLOCK, ignore_before=T0 + 10 * DAY)
    # card 1 learnt before the cut-off; card 2 exactly at it (kept, as in Anki); card 3 was
    # reset and learnt again after it
    assert cut.card_ids.tolist() == [2, 3]
    assert cut.items.tolist() == [3, 1]  # in time order: card 3's on day 14, card 2's on 15
    assert cut.cards_skipped == 1
