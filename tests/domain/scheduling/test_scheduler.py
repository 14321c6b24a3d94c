"""The FSRS adapter: golden intervals against py-fsrs, fuzz, retrievability, replay."""

from __future__ import annotations

import datetime as dt
import random

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmstudy.domain.model import CardState, Memory, Preset, Rating, ReviewEntry
from pmstudy.domain.scheduling import (
    DEFAULT_PARAMETERS,
    Scheduler,
    fuzz_days,
    fuzz_rng,
    replay,
    retrievability,
    review_kind,
)

T0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
SCHED = Scheduler(Preset())


def _days(memory: Memory, now: dt.datetime) -> float:
    assert memory.due is not None
    return (memory.due - now) / dt.timedelta(days=1)


def test_new_card_intervals_match_anki_like_steps() -> None:
    preview = SCHED.preview(Memory(), now=T0, seed=None, card_id=1)
    assert preview[Rating.AGAIN] == dt.timedelta(minutes=1)
    assert preview[Rating.HARD] == dt.timedelta(minutes=5, seconds=30)
    assert preview[Rating.GOOD] == dt.timedelta(minutes=10)
    assert preview[Rating.EASY] == dt.timedelta(days=8)


def test_golden_sequence_matches_py_fsrs_without_fuzz() -> None:
    """Good, Good, Good, Again, Good at the due times: same states as py-fsrs itself."""
    reference = fsrs.Scheduler(enable_fuzzing=False)
    ref_card = fsrs.Card(card_id=1, due=T0)
    memory = Memory()
    now = T0
    golden_days = []
    for rating in (Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.GOOD):
        ref_card, _ = reference.review_card(ref_card, fsrs.Rating(int(rating)), now)
        memory = SCHED.review(memory, rating, now=now, rng=None)
        assert memory.due == ref_card.due
        assert memory.stability == pytest.approx(ref_card.stability)
        assert memory.difficulty == pytest.approx(ref_card.difficulty)
        assert int(memory.state) == int(ref_card.state)
        golden_days.append(round(_days(memory, now), 4))
        now = memory.due
    # Golden values: 10 minutes, then 2 days, 11 days, relearn 10 minutes, back to review.
    assert golden_days[:4] == [round(10 / 1440, 4), 2.0, 11.0, round(10 / 1440, 4)]
    assert memory.state == CardState.REVIEW
    assert memory.reps == 6
    assert memory.lapses == 1


def test_fuzz_is_deterministic_and_within_range() -> None:
    rng_a, rng_b = fuzz_rng(7, 42, 3), fuzz_rng(7, 42, 3)
    assert fuzz_days(30, 36500, rng_a) == fuzz_days(30, 36500, rng_b)
    spread = {fuzz_days(30, 36500, fuzz_rng(7, 42, n)) for n in range(200)}
    assert min(spread) >= 27
    assert max(spread) <= 33
    assert len(spread) > 3
    assert fuzz_days(2, 36500, random.Random(1)) == 2
    assert fuzz_days(100, 100, random.Random(1)) <= 100


def test_retrievability_follows_the_fsrs_formula() -> None:
    memory = Memory(
        state=CardState.REVIEW,
        stability=10.0,
        difficulty=5.0,
        last_review=T0,
        due=T0 + dt.timedelta(days=10),
    )
    decay = -DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (1 / decay) - 1
    for days in (0, 1, 10, 30, 365):
        expected = (1 + factor * days / 10.0) ** decay
        value = retrievability(memory, T0 + dt.timedelta(days=days), DEFAULT_PARAMETERS)
        assert value == pytest.approx(expected)
    # at t = S the curve passes 0.9 by definition
    assert retrievability(memory, T0 + dt.timedelta(days=10), DEFAULT_PARAMETERS) == pytest.approx(
        0.9
    )
    assert retrievability(Memory(), T0, DEFAULT_PARAMETERS) == 0.0


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SCHED.review(Memory(), Rating.GOOD, now=dt.datetime(2026, 1, 1), rng=None)


def test_manual_is_not_an_answer() -> None:
    with pytest.raises(ValueError, match="manual"):
        SCHED.review(Memory(), Rating.MANUAL, now=T0, rng=None)


def test_review_kind() -> None:
    assert review_kind(CardState.NEW).value == "learn"
    assert review_kind(CardState.REVIEW).value == "review"
    assert review_kind(CardState.RELEARNING).value == "relearn"


def test_preset_validation() -> None:
    with pytest.raises(ValueError, match="retention"):
        Preset(desired_retention=1.2)
    with pytest.raises(ValueError, match="steps"):
        Preset(learning_steps=(0,))


ratings = st.sampled_from([Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY])


@settings(max_examples=60, deadline=None)
@given(
    answers=st.lists(
        st.tuples(ratings, st.floats(min_value=0.0, max_value=3.0)), min_size=1, max_size=25
    ),
    seed=st.integers(min_value=0, max_value=2**31 - 1),
    retention=st.sampled_from([0.8, 0.85, 0.9, 0.95]),
)
def test_stored_state_equals_replay_of_the_log(
    answers: list[tuple[Rating, float]], seed: int, retention: float
) -> None:
    """Answer a card live, then rebuild its state from the log alone: identical."""
    scheduler = Scheduler(Preset(desired_retention=retention))
    memory = Memory()
    now = T0
    log = []
    for rating, lateness in answers:
        after = scheduler.review(memory, rating, now=now, rng=fuzz_rng(seed, 9, memory.reps))
        log.append(
            ReviewEntry(
                card_id=9,
                rating=rating,
                answered_at=now,
                duration_ms=1000,
                kind=review_kind(memory.state),
                before=memory,
                after=after,
            )
        )
        memory = after
        assert memory.due is not None
        # answer at the due time stretched by lateness (0 = early, 1 = on time, 3 = late)
        now = now + (memory.due - now) * lateness + dt.timedelta(seconds=1)
    assert replay(scheduler, 9, log, seed=seed) == memory
