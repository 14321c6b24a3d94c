"""Merging one card's history from another machine (``pmstudy history merge``).

A learner who studies one profile on two machines without a shared server carries the history
across in a file, each way. The two review logs are joined: a row is the same row on both
machines when it answered the same card (its note's guid and ordinal) at the same instant
(to the microsecond, as stored); the card's memory then follows from the joined log:

- the file brings nothing this card lacks: the card stays as it is;
- every row here is in the file too (the other machine saw all this one did, and more): the
  card takes the file's memory, as that machine computed it live;
- each side answered what the other did not: the memory is the replay of the joined log
  (FSRS with fuzz seeded by the card's guid and ordinal, not by a machine's own card id or
  seed, so both machines replay to the same memory).

Merging A's file on B and then B's file on A leaves both with the same rows and memories; a
second merge of the same file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum

from pmstudy.domain.model import Memory, ReviewEntry
from pmstudy.domain.scheduling.scheduler import Scheduler, replay

REPLAY_SEED = 0
"""The fuzz seed of a merge's replay: the same on every machine (each collection's own seed is
not)."""


@dataclass(frozen=True, slots=True)
class CardHistory:
    """A card's memory and review log, named as on every machine: note guid and ordinal."""

    guid: str
    ord: int
    memory: Memory
    reviews: tuple[ReviewEntry, ...]
    deck: str = ""
    """The deck the card is in where the history was read (to name what a profile lacks)."""


class MergeKind(StrEnum):
    """What a merge did to one card."""

    UNCHANGED = "unchanged"
    TAKEN = "taken"
    REPLAYED = "replayed"


@dataclass(frozen=True, slots=True)
class CardMerge:
    """One card's merge: the rows to add (time order) and the memory it ends with."""

    kind: MergeKind
    added: tuple[ReviewEntry, ...]
    memory: Memory


def replay_key(guid: str, ord_: int) -> int:
    """The number a merge's replay seeds a card's fuzz with, from what every machine shares."""
    digest = hashlib.sha256(f"{guid}\x1f{ord_}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def merge_card(here: CardHistory, incoming: CardHistory, scheduler: Scheduler) -> CardMerge:
    """Join ``incoming``'s log to ``here``'s and decide the card's memory (module docstring).

    ``scheduler`` is the card's own (its deck's preset, the learner's study day).
    """
    have = {e.answered_at for e in here.reviews}
    fresh: dict[dt.datetime, ReviewEntry] = {}
    for entry in incoming.reviews:
        if entry.answered_at not in have:
            fresh.setdefault(entry.answered_at, entry)
    if not fresh:
        return CardMerge(MergeKind.UNCHANGED, (), here.memory)
    added = tuple(fresh[at] for at in sorted(fresh))
    if have <= {e.answered_at for e in incoming.reviews}:
        return CardMerge(MergeKind.TAKEN, added, incoming.memory)
    key = replay_key(here.guid, here.ord)
    memory = replay(scheduler, key, [*here.reviews, *added], seed=REPLAY_SEED)
    return CardMerge(MergeKind.REPLAYED, added, memory)
