"""merge_card: which rows a merge adds and which memory the card ends with."""

from __future__ import annotations

import datetime as dt

from pmstudy.domain.model import Memory, Preset, Rating, ReviewEntry
from pmstudy.domain.scheduling import (
    CardHistory,
    DayClock,
    MergeKind,
    Scheduler,
    fuzz_rng,
    merge_card,
    replay,
    replay_key,
    review_kind,
)

T0 = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
SCHEDULER = Scheduler(Preset(), DayClock.named("UTC", 4))


def _answers(
    ratings: list[tuple[int, Rating]], *, card_id: int = 1, seed: int = 5
) -> tuple[Memory, tuple[ReviewEntry, ...]]:
    """Answer one card live (fuzz from this machine's seed and card id) at T0 + hours."""
    memory, log = Memory(), []
    for hours, rating in ratings:
        at = T0 + dt.timedelta(hours=hours)
        after = SCHEDULER.review(memory, rating, now=at, rng=fuzz_rng(seed, card_id, memory.reps))
        log.append(ReviewEntry(card_id, rating, at, 1000, review_kind(memory.state), memory, after))
        memory = after
    return memory, tuple(log)


def _history(memory: Memory, log: tuple[ReviewEntry, ...]) -> CardHistory:
    return CardHistory("g-1", 0, memory, log)


def test_nothing_new_leaves_the_card() -> None:
    memory, log = _answers([(0, Rating.GOOD), (30, Rating.GOOD)])
    here = _history(memory, log)
    merged = merge_card(here, _history(Memory(), log[:1]), SCHEDULER)
    assert (merged.kind, merged.added, merged.memory) == (MergeKind.UNCHANGED, (), memory)


def test_a_card_answered_only_there_takes_its_memory_as_stored() -> None:
    first, _head = _answers([(0, Rating.GOOD)])
    theirs, log = _answers([(0, Rating.GOOD), (30, Rating.HARD), (80, Rating.GOOD)], card_id=77)
    # this machine has the first answer (imported from there earlier), with its memory
    merged = merge_card(_history(first, log[:1]), _history(theirs, log + log[1:2]), SCHEDULER)
    assert merged.kind == MergeKind.TAKEN
    assert merged.added == log[1:]  # time order, the file's repeated row once
    assert merged.memory == theirs  # the other machine's live memory, fuzz and all


def test_answers_on_both_sides_are_replayed_alike_on_both_machines() -> None:
    shared = [(0, Rating.GOOD)]
    _mine, here = _answers([*shared, (26, Rating.AGAIN)], card_id=3, seed=5)
    _theirs, there = _answers([*shared, (50, Rating.GOOD)], card_id=90, seed=8)
    on_this = merge_card(_history(_mine, here), _history(_theirs, there), SCHEDULER)
    on_that = merge_card(_history(_theirs, there), _history(_mine, here), SCHEDULER)
    assert on_this.kind == on_that.kind == MergeKind.REPLAYED
    assert on_this.memory == on_that.memory
    joined = [here[0], here[1], there[1]]
    assert on_this.memory == replay(SCHEDULER, replay_key("g-1", 0), joined, seed=0)
    assert on_this.memory.reps == 3
    assert on_this.memory not in (_mine, _theirs)  # neither side's answer is lost
