"""A finished mock's results: score, pass or fail, domain bands, pacing and time per item.

Every item type is scored as the exams score it: right only when the whole answer is right
(PMI gives no partial credit for multiple-response items). Pretest items count for nothing,
as on the real exam; an unanswered item is wrong. The pass mark is the profile's, applied to
the scored items of this mock (85 % of 80 is 68; a count such as 37 of 50 becomes its share).
Where the provider publishes no pass mark there is no pass or fail, only the bands, whose
thresholds are our assumption (``ASSUMED_BAND_THRESHOLDS``) and are labelled so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pmstudy.domain.exam import ExamSpec, PassKind, assumed_band

# Pacing is read at these shares of the items (a quarter, half, three quarters, all).
CHECKPOINTS = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """One item as scored."""

    position: int
    card_id: int | None
    domain: str
    task: str | None
    scored: bool
    answered: bool
    correct: bool
    time_ms: int
    answered_ms: int | None = None


@dataclass(frozen=True, slots=True)
class DomainScore:
    """Right answers in one domain, and the band they fall in."""

    domain: str
    name: str
    right: int
    items: int
    band: str

    @property
    def share(self) -> float:
        """Share of the domain's scored items answered right."""
        return self.right / self.items if self.items else 0.0


@dataclass(frozen=True, slots=True)
class PaceMark:
    """Exam time used by when the items up to ``item`` were answered (each at its first
    answer; skipped items aside), against the even pace."""

    share: float
    item: int
    used_ms: int | None  # None: not that many answers given
    target_ms: int


@dataclass(frozen=True, slots=True)
class MockScore:
    """The score of a mock."""

    right: int
    scored: int
    needed: int | None  # right answers needed to pass; None: the mark is no count
    domains: tuple[DomainScore, ...]
    pretest_right: int
    pretest: int
    unanswered: int
    time_used_ms: int
    limit_ms: int | None
    pace: tuple[PaceMark, ...]
    mean_item_ms: int
    slowest: tuple[ItemOutcome, ...]
    bands_assumed: bool = True
    pass_note: str = ""  # why there is no pass or fail (in a few words), where ``needed`` is None

    @property
    def percent(self) -> float:
        """Share of scored items answered right, in percent."""
        return 100.0 * self.right / self.scored if self.scored else 0.0

    @property
    def passed(self) -> bool | None:
        """Pass or fail (None where no pass mark is published)."""
        return None if self.needed is None else self.right >= self.needed


def needed_to_pass(spec: ExamSpec, scored: int) -> int | None:
    """Right answers needed out of ``scored`` items (the profile's mark as a share)."""
    rule = spec.pass_rule
    if not rule.counts or rule.value is None or scored == 0:
        return None
    share = (
        rule.value / 100.0
        if rule.kind == PassKind.PERCENT
        else rule.value / (rule.out_of or spec.items_scored)
    )
    return math.ceil(share * scored - 1e-9)


def score(spec: ExamSpec, outcomes: list[ItemOutcome], limit_ms: int | None) -> MockScore:
    """The results of a mock from its scored items."""
    scored = [o for o in outcomes if o.scored]
    pretest = [o for o in outcomes if not o.scored]
    domains = []
    for domain in spec.domains:
        mine = [o for o in scored if o.domain == domain.id]
        if not mine:
            continue
        right = sum(o.correct for o in mine)
        domains.append(
            DomainScore(domain.id, domain.name, right, len(mine), assumed_band(right / len(mine)))
        )
    used = sum(o.time_ms for o in outcomes)
    by_position = sorted(outcomes, key=lambda o: o.position)
    pace = []
    for share in CHECKPOINTS:
        count = max(1, round(share * len(outcomes)))
        target = 0 if limit_ms is None else round(limit_ms * count / max(len(outcomes), 1))
        # by when the learner had answered the items up to this one (skipped ones aside);
        # None while none of them is answered
        times = [o.answered_ms for o in by_position[:count] if o.answered_ms is not None]
        pace.append(PaceMark(share, count, max(times) if times else None, target))
    timed = [o for o in outcomes if o.time_ms > 0]
    return MockScore(
        right=sum(o.correct for o in scored),
        scored=len(scored),
        needed=needed_to_pass(spec, len(scored)),
        domains=tuple(domains),
        pretest_right=sum(o.correct for o in pretest),
        pretest=len(pretest),
        unanswered=sum(not o.answered for o in outcomes),
        time_used_ms=used,
        limit_ms=limit_ms,
        pace=tuple(pace),
        mean_item_ms=round(used / len(timed)) if timed else 0,
        slowest=tuple(sorted(timed, key=lambda o: -o.time_ms)[:5]),
        bands_assumed=True,
        pass_note="" if spec.pass_rule.counts else spec.pass_rule.short_reason,
    )
