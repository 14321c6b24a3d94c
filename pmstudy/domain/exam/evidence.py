"""Evidence gates: below these minimums no pass probability (and no verdict) is given.

A number computed from too little is worse than none: it looks like knowledge. Each gate that
fails becomes a ``Missing`` item saying what to do, in the learner's terms; the CLI and the TUI
turn them into sentences.

- **Every domain has cards** (weight > 0): the exam asks about it; nothing can be said without
  cards on it.
- **Enough of each domain seen**: ``MIN_SEEN_SHARE`` of the domain's counted cards reviewed at
  least once. Unseen cards count as forgotten, so before this the number mostly says "not
  studied yet", which the coverage figure already says more plainly.
- **Enough review history**: ``MIN_REVIEWS`` answers to cards in review (coming back after a
  day or more). Fewer, and the forgetting curve is the population default, not the learner's.

The "with the plan" projection needs the first and the last gate: it assumes the plan is
followed, but a projection for someone with no history of their own would only restate the
defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

MIN_SEEN_SHARE = 0.5
MIN_REVIEWS = 100


class MissingKind(StrEnum):
    """What a gate lacks."""

    NO_CARDS = "no_cards"
    SEEN = "seen"
    REVIEWS = "reviews"


@dataclass(frozen=True)
class Missing:
    """One unmet minimum: ``count`` more of something (cards to review, answers to give)."""

    kind: MissingKind
    count: int
    domain_id: str | None = None
    domain_name: str | None = None
    weight: float | None = None

    def sentence(self) -> str:
        """What to do, in the learner's terms (the same words in the CLI and the TUI)."""
        if self.kind == MissingKind.NO_CARDS:
            return (
                f"no card covers {self.domain_name} ({self.weight:.0f}% of the exam): link or "
                "tag a deck that covers it"
            )
        if self.kind == MissingKind.SEEN:
            return f"review about {self.count} more {self.domain_name} card(s)"
        return (
            f"answer about {self.count} more review(s) (cards coming back after a day or more) "
            "so that the forecast rests on your own memory, not on defaults"
        )

    def as_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "sentence": self.sentence(),
            "kind": self.kind.value,
            "count": self.count,
            "domain": self.domain_id,
            "domain_name": self.domain_name,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class DomainEvidence:
    """A domain's counted cards and how many were seen."""

    id: str
    name: str
    weight: float
    cards: int
    seen: int


def missing_for(domains: tuple[DomainEvidence, ...], review_answers: int) -> tuple[Missing, ...]:
    """Every unmet minimum for a pass probability today."""
    found: list[Missing] = []
    for d in domains:
        if d.weight <= 0:
            continue
        if d.cards == 0:
            found.append(Missing(MissingKind.NO_CARDS, 0, d.id, d.name, d.weight))
            continue
        short = math.ceil(MIN_SEEN_SHARE * d.cards - d.seen)
        if short > 0:
            found.append(Missing(MissingKind.SEEN, short, d.id, d.name, d.weight))
    if review_answers < MIN_REVIEWS:
        found.append(Missing(MissingKind.REVIEWS, MIN_REVIEWS - review_answers))
    return tuple(found)


def projection_missing(missing: tuple[Missing, ...]) -> tuple[Missing, ...]:
    """The gates the plan projection needs: cards on every domain and a history of one's own."""
    return tuple(m for m in missing if m.kind != MissingKind.SEEN)
