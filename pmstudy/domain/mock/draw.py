"""Which items a mock asks: the blueprint's proportions, the tasks spread, fresh items first.

Each domain gets its share of the items by weight (largest remainder); a domain whose bank is
too small gives what it has and its shortfall goes to the others by weight. Within a domain the
tasks take turns, so one well-stocked task does not crowd out the rest; items the learner met
in fewer earlier mocks come first, even before a task's turn (ties broken by the injected random
generator). The draw is then shuffled: real exams mix domains.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from pmstudy.domain.exam import ExamSpec, allocate

# The note kinds that make exam items (answers the program can check).
EXAM_ITEM_KINDS = frozenset(
    {"multiple_choice", "multiple_response", "matching", "ordering", "numeric"}
)


@dataclass(frozen=True, slots=True)
class PoolItem:
    """A card that can be asked in a mock of an exam: its domain and task, and how many of the
    learner's earlier mocks asked it."""

    card_id: int
    domain: str
    task: str | None = None
    used: int = 0


@dataclass(frozen=True, slots=True)
class DrawnItem:
    """One item of a mock, in the order asked; ``scored`` False for a pretest item;
    ``card_id`` None once the card is deleted (the mock's history keeps the item)."""

    card_id: int | None
    domain: str
    task: str | None
    scored: bool = True


def shares(spec: ExamSpec, pool: list[PoolItem], items: int) -> dict[str, int]:
    """How many items each domain gives: by weight, capped at what its bank holds."""
    have: dict[str, int] = defaultdict(int)
    for item in pool:
        have[item.domain] += 1
    counts = {d.id: 0 for d in spec.domains}
    left = min(items, sum(have[d.id] for d in spec.domains))
    open_domains = [d for d in spec.domains if have[d.id] > 0]
    while left > 0 and open_domains:
        split = allocate([d.weight or 1.0 for d in open_domains], left)
        for domain, extra in zip(open_domains, split, strict=True):
            take = min(extra, have[domain.id] - counts[domain.id])
            counts[domain.id] += take
            left -= take
        open_domains = [d for d in open_domains if counts[d.id] < have[d.id]]
    return counts


def draw(
    spec: ExamSpec, pool: list[PoolItem], items: int, unscored: int, rng: random.Random
) -> list[DrawnItem]:
    """``items`` items from ``pool`` in blueprint proportion, ``unscored`` of them (at random)
    marked as pretest items; fewer when the bank is smaller."""
    by_domain: dict[str, dict[str | None, list[PoolItem]]] = defaultdict(lambda: defaultdict(list))
    for item in sorted(pool, key=lambda i: i.card_id):
        by_domain[item.domain][item.task].append(item)
    chosen: list[PoolItem] = []
    for domain_id, count in shares(spec, pool, items).items():
        chosen.extend(_spread(by_domain[domain_id], count, rng))
    rng.shuffle(chosen)
    pretest = set(rng.sample(range(len(chosen)), min(unscored, len(chosen))))
    return [
        DrawnItem(item.card_id, item.domain, item.task, scored=i not in pretest)
        for i, item in enumerate(chosen)
    ]


def _spread(
    tasks: dict[str | None, list[PoolItem]], count: int, rng: random.Random
) -> list[PoolItem]:
    """``count`` items taking the tasks in turn, the least-used items of each first."""
    queues = []
    for task in sorted(tasks, key=lambda t: "" if t is None else t):
        keyed = [(item.used, rng.random(), item) for item in tasks[task]]
        keyed.sort(key=lambda k: (k[0], k[1]))
        queues.append([item for _, _, item in keyed])
    rng.shuffle(queues)
    out: list[PoolItem] = []
    queues = [q for q in queues if q]
    while len(out) < count and queues:
        # Each round takes one item from every task whose next item is among the least used:
        # an item of any task asked fewer times comes before a task's turn.
        fewest = min(q[0].used for q in queues)
        for queue in queues:
            if queue[0].used == fewest and len(out) < count:
                out.append(queue.pop(0))
        queues = [q for q in queues if q]
    return out
