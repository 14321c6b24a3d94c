"""The deck tree's rows: a deck with what is left to study today, and the day's sum.

Values only, and light: the app's first frame shows them as a forked child read them
(services/opening.py), before this process has loaded the services that compute them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmstudy.domain.cards import one_line
from pmstudy.domain.exam.day_plan import NewLimit
from pmstudy.domain.scheduling.queue import Counts


@dataclass(frozen=True)
class DeckNode:
    """A deck in the tree with what is left to study today."""

    id: int
    name: str
    depth: int
    leaf: str
    counts: Counts
    total: int
    # today's new-card limit (introduced today included) and where it comes from
    new_limit: NewLimit | None = None
    # under a plan: what is left of its goal's budget, shared with the goal's other decks
    plan_left: int | None = None

    @property
    def title(self) -> str:
        """The full name as shown: one line, no terminal escapes (``name`` stays the key)."""
        return one_line(self.name)


def today_counts(nodes: Sequence[DeckNode]) -> Counts:
    """What is left today over every deck: the top-level decks' counts, where top-level decks
    under one exam plan share its budget (each shows all that is left of it) instead of adding
    it up once per deck."""
    total = Counts()
    planned: dict[int, tuple[int, int]] = {}  # goal id -> (new shown, budget left)
    for node in (n for n in nodes if n.depth == 0):
        limit = node.new_limit
        if node.plan_left is not None and limit is not None and limit.goal_id is not None:
            shown, left = planned.get(limit.goal_id, (0, node.plan_left))
            planned[limit.goal_id] = (shown + node.counts.new, left)
            total += Counts(0, node.counts.learning, node.counts.review)
        else:
            total += node.counts
    return total + Counts(sum(min(shown, left) for shown, left in planned.values()), 0, 0)
