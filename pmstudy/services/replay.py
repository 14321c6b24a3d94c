"""Memory states for imported cards whose source kept none: replayed from their history.

The replay is the live scheduler's (``Scheduler.review`` under the learner's study day), so a
card imported from its log has the memory the same answers would have given here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pmstudy.domain.cards import ImportedCard
from pmstudy.domain.model import Memory, Preset, Rating
from pmstudy.domain.scheduling import DayClock, Scheduler

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def replay_memories(
    cards: list[ImportedCard],
    reviews: list[tuple[int, int, int, int]],
    presets: dict[str, Preset],
    *,
    days: DayClock,
) -> list[ImportedCard]:
    """Cards whose source kept no FSRS state get stability and difficulty from their history.

    ``reviews`` are (card ref, answered ms, rating, state after) in time order per card.  The
    schedule itself (state, due, counters) stays the source's: only the memory is derived.
    ``days`` is the learner's study day (same-day answers take the short-term formula).
    """
    wanted = {c.ref for c in cards if c.replay}
    if not wanted:
        return cards
    history: dict[int, list[tuple[int, int, int]]] = {}
    for ref, answered_ms, rating, state_after in reviews:
        if ref in wanted:
            history.setdefault(ref, []).append((answered_ms, rating, state_after))
    schedulers: dict[str, Scheduler] = {}
    out: list[ImportedCard] = []
    for card in cards:
        rows = history.get(card.ref)
        if not card.replay or not rows:
            out.append(card)
            continue
        scheduler = schedulers.get(card.deck)
        if scheduler is None:
            scheduler = schedulers[card.deck] = Scheduler(presets.get(card.deck, Preset()), days)
        memory = Memory()
        for answered_ms, rating, state_after in sorted(rows):
            if rating == 0:
                if state_after == 0:
                    memory = Memory()
                continue
            at = _EPOCH + dt.timedelta(milliseconds=answered_ms)
            memory = scheduler.review(memory, Rating(rating), now=at, rng=None)
        out.append(
            replace(
                card,
                memory=replace(
                    card.memory,
                    stability=memory.stability,
                    difficulty=memory.difficulty,
                    last_review=card.memory.last_review or memory.last_review,
                ),
                replay=False,
            )
        )
    return out
