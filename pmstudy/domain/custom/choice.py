"""Custom study (Anki's filtered decks, without moving any card): which cards, in what order.

A source (a search, an exam's domain or task, its weakest tasks, the flagged cards) gives the
candidate cards; ``choose`` leaves out what the options exclude (new, suspended and buried cards
unless asked for), orders the rest and keeps the first ``limit``, as Anki builds a filtered deck:
the search's matches, ordered, then cut at the limit.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pmstudy.domain.model import CardState, Memory
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, retrievability

DEFAULT_LIMIT = 100  # Anki's default filtered-deck size
MAX_LIMIT = 9999  # Anki's filtered-deck dialog caps the limit at 9999 too


class SourceKind(StrEnum):
    """Where the cards come from."""

    SEARCH = "search"
    CARDS = "cards"
    DOMAIN = "domain"
    TASK = "task"
    WEAKEST = "weakest"
    FLAGGED = "flagged"


@dataclass(frozen=True, slots=True)
class CustomSource:
    """What to study: ``query`` for a search; ``card_ids`` for chosen cards; ``goal_id`` with
    ``domain`` (and ``task``) for an exam's domain or task; ``goal_id`` and ``count`` for the
    exam's weakest tasks (``goal_id`` None: the next exam)."""

    kind: SourceKind
    query: str = ""
    goal_id: int | None = None
    domain: str | None = None
    task: str | None = None
    count: int = 5
    card_ids: tuple[int, ...] = ()

    @staticmethod
    def search(query: str) -> CustomSource:
        """The cards a browser search finds."""
        return CustomSource(SourceKind.SEARCH, query=query)

    @staticmethod
    def cards(card_ids: tuple[int, ...]) -> CustomSource:
        """These cards (e.g. the ones marked in the browser)."""
        return CustomSource(SourceKind.CARDS, card_ids=card_ids)

    @staticmethod
    def flagged() -> CustomSource:
        """Every flagged card (any colour)."""
        return CustomSource(SourceKind.FLAGGED)

    @staticmethod
    def exam_part(goal_id: int | None, domain: str, task: str | None = None) -> CustomSource:
        """An exam's domain, or one task of it."""
        kind = SourceKind.DOMAIN if task is None else SourceKind.TASK
        return CustomSource(kind, goal_id=goal_id, domain=domain, task=task)

    @staticmethod
    def weakest(goal_id: int | None, count: int = 5) -> CustomSource:
        """The cards of an exam's ``count`` weakest tasks (the readiness report's ranking)."""
        return CustomSource(SourceKind.WEAKEST, goal_id=goal_id, count=count)


class CustomOrder(StrEnum):
    """The order cards are studied in (Anki's filtered-deck orders that matter here)."""

    DUE = "due"  # earliest due first (most overdue first); new cards after, in queue order
    RANDOM = "random"  # shuffled with a seed: the same seed gives the same order
    RETRIEVABILITY = "retrievability"  # lowest recall now first; new cards after
    ADDED = "added"  # the order the cards were added


@dataclass(frozen=True, slots=True)
class CustomOptions:
    """How many cards, their order, what to include, and whether answers reschedule.

    ``reschedule`` False is Anki's preview: answers change nothing (no memory, no log).
    """

    limit: int = DEFAULT_LIMIT
    order: CustomOrder = CustomOrder.DUE
    reschedule: bool = True
    new: bool = False
    suspended: bool = False
    buried: bool = False
    # the random order's seed (None: the caller's default, e.g. the collection's and the day)
    seed: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be 1 to {MAX_LIMIT}, not {self.limit}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A card a source found, with what choosing and ordering read."""

    id: int
    deck_id: int
    memory: Memory
    position: int
    created_at: dt.datetime
    suspended: bool
    buried_until: dt.datetime | None

    def buried(self, now: dt.datetime) -> bool:
        """Buried until a later study day."""
        return self.buried_until is not None and self.buried_until > now


@dataclass(frozen=True, slots=True)
class CustomChoice:
    """The cards to study, in order, and what was left out of what the source found."""

    card_ids: tuple[int, ...]
    found: int
    new_left_out: int = 0
    suspended_left_out: int = 0
    buried_left_out: int = 0
    over_limit: int = 0
    new_chosen: int = 0


def choose(
    candidates: Iterable[Candidate],
    options: CustomOptions,
    *,
    now: dt.datetime,
    parameters: Mapping[int, tuple[float, ...]] | None = None,
) -> CustomChoice:
    """The cards to study now: excluded ones left out, the rest ordered, the first ``limit``.

    A card both suspended and new counts once, as suspended (what the user would have to ask
    for first). ``parameters``: each deck's FSRS parameters, for recall now.
    """
    kept: list[Candidate] = []
    found = new_out = suspended_out = buried_out = 0
    for card in candidates:
        found += 1
        if card.suspended and not options.suspended:
            suspended_out += 1
        elif card.buried(now) and not options.buried:
            buried_out += 1
        elif card.memory.state == CardState.NEW and not options.new:
            new_out += 1
        else:
            kept.append(card)
    ordered = _ordered(kept, options, now, parameters or {})
    chosen = ordered[: options.limit]
    return CustomChoice(
        card_ids=tuple(c.id for c in chosen),
        found=found,
        new_left_out=new_out,
        suspended_left_out=suspended_out,
        buried_left_out=buried_out,
        over_limit=len(ordered) - len(chosen),
        new_chosen=sum(1 for c in chosen if c.memory.state == CardState.NEW),
    )


def _ordered(
    cards: list[Candidate],
    options: CustomOptions,
    now: dt.datetime,
    parameters: Mapping[int, tuple[float, ...]],
) -> list[Candidate]:
    by_id = sorted(cards, key=lambda c: c.id)
    if options.order == CustomOrder.RANDOM:
        random.Random(options.seed or 0).shuffle(by_id)
        return by_id
    if options.order == CustomOrder.ADDED:
        return sorted(by_id, key=lambda c: (c.created_at, c.id))
    seen = [c for c in by_id if c.memory.state != CardState.NEW]
    # new cards have neither a due date nor a recall: after the others, in the deck's order
    new = sorted((c for c in by_id if c.memory.state == CardState.NEW), key=lambda c: c.position)
    if options.order == CustomOrder.DUE:
        far = dt.datetime.max.replace(tzinfo=dt.UTC)
        seen.sort(key=lambda c: (c.memory.due or far, c.id))
    else:
        seen.sort(
            key=lambda c: (
                retrievability(c.memory, now, parameters.get(c.deck_id, DEFAULT_PARAMETERS)),
                c.id,
            )
        )
    return [*seen, *new]
