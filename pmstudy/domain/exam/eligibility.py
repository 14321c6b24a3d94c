"""The eligibility path: the training contact hours and months of project experience an exam
requires, and how far a learner's logged entries go toward them.

The figures come from ``../shared/exam-facts.md`` (compiled 2026-11-22) with its confidence
marks: PMP 2026 §2.1 [SOLID] S1, PMP 2021 §2.1/S17, CAPM §3 [SOLID] C1 C9, PMI-ACP §6 [SOLID]
AC1-AC3. Exams without a requirement there (PRINCE2, PSM, CSM, Project+) have no entry.
Experience months are calendar months: overlapping projects count once (PMI's rule, §2.1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

EntryKind = Literal["training", "experience"]
KINDS: tuple[EntryKind, ...] = ("training", "experience")


@dataclass(frozen=True)
class Requirement:
    """What one exam asks for: contact hours and (optionally) months of experience within a
    window of recent years; ``tiers`` lists the months per education level when they vary."""

    exam_id: str
    training_hours: int
    experience_months: int | None = None
    window_years: int | None = None
    tiers: tuple[tuple[str, int], ...] = ()
    confidence: str = "solid"
    source: str = ""

    def months_for(self, education: str | None) -> int | None:
        """The months needed at education level ``education`` (None: the default tier)."""
        if education is not None:
            for name, months in self.tiers:
                if name == education:
                    return months
            raise ValueError(
                f"unknown education level {education!r}: "
                + ", ".join(name for name, _ in self.tiers)
            )
        return self.experience_months


_PMP_TIERS_2026 = (
    ("secondary", 60),
    ("associate", 48),
    ("bachelor", 36),
    ("gac", 24),
)

REQUIREMENTS: dict[str, Requirement] = {
    "pmp-2026": Requirement(
        "pmp-2026", 35, 36, 10, _PMP_TIERS_2026, "solid",
        "exam-facts.md §2.1 (S1): 35 h of ECO-aligned training; 60/48/36/24 months by education"
        " (secondary/associate/bachelor/GAC) within the last 10 years; shown: bachelor's 36",
    ),
    "pmp-2021": Requirement(
        "pmp-2021", 35, 36, 8, (("secondary", 60), ("bachelor", 36), ("gac", 24)), "solid",
        "exam-facts.md §2.1 (S17): 35 h; 60/36/24 months (secondary/bachelor/GAC) within 8 years",
    ),
    "capm": Requirement(
        "capm", 23, None, None, (), "solid",
        "exam-facts.md §3 (C1, C9): a secondary diploma and 23 contact hours; no experience",
    ),
    "pmi-acp": Requirement(
        "pmi-acp", 28, 24, 5, (), "solid",
        "exam-facts.md §6 (AC1-AC3): 28 h of agile training and 24 months of agile experience"
        " within the last 5 years",
    ),
}  # fmt: skip


def requirement(exam_id: str) -> Requirement | None:
    """The eligibility requirement of exam profile ``exam_id`` (None: it has none on file)."""
    return REQUIREMENTS.get(exam_id)


@dataclass(frozen=True)
class EligibilityEntry:
    """One logged entry: a training course (hours on a date) or a span of project experience."""

    id: int | None
    kind: EntryKind
    title: str
    provider: str
    start: dt.date
    end: dt.date | None = None  # experience: the last day; training: None
    hours: float | None = None  # training only
    reference: str | None = None


def check_entry(entry: EligibilityEntry) -> EligibilityEntry:
    """``entry`` if it is well formed; ValueError naming the field otherwise."""
    if entry.kind not in KINDS:
        raise ValueError(f"kind: must be training or experience, not {entry.kind!r}")
    if not entry.title.strip():
        raise ValueError("title: must not be empty")
    if not entry.provider.strip():
        raise ValueError("provider/organisation: must not be empty")
    if entry.kind == "training":
        if entry.hours is None or not 0 < entry.hours <= 1000:
            raise ValueError("hours: must be a number above 0 and at most 1000")
        if entry.end is not None:
            raise ValueError("training: has one date, not a range")
    else:
        if entry.hours is not None:
            raise ValueError("experience: is counted in months, not hours")
        if entry.end is None:
            raise ValueError("experience: needs an end date (--to)")
        if entry.end < entry.start:
            raise ValueError(
                f"--to {entry.end.isoformat()} is before --from {entry.start.isoformat()}"
            )
    return entry


def experience_months(
    entries: list[EligibilityEntry], since: dt.date | None = None, until: dt.date | None = None
) -> float:
    """Calendar months covered by the experience entries (overlaps counted once), clipped to
    ``since``..``until``; 30.4375 days make a month."""
    spans: list[tuple[dt.date, dt.date]] = []
    for e in entries:
        if e.kind != "experience" or e.end is None:
            continue
        start = e.start if since is None else max(e.start, since)
        end = e.end if until is None else min(e.end, until)
        if end >= start:
            spans.append((start, end))
    days = 0
    current: tuple[dt.date, dt.date] | None = None
    for start, end in sorted(spans):
        if current is None or start > current[1] + dt.timedelta(days=1):
            if current is not None:
                days += (current[1] - current[0]).days + 1
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        days += (current[1] - current[0]).days + 1
    return days / 30.4375


@dataclass(frozen=True)
class EligibilityStatus:
    """The logged totals against one exam's requirement."""

    requirement: Requirement
    hours: float
    months: float | None  # None: the exam asks for no experience
    months_needed: int | None
    entries: int

    @property
    def hours_missing(self) -> float:
        """Contact hours still to log."""
        return max(0.0, self.requirement.training_hours - self.hours)

    @property
    def months_missing(self) -> float:
        """Months of experience still to log (0 when none is needed)."""
        if self.months_needed is None or self.months is None:
            return 0.0
        return max(0.0, self.months_needed - self.months)

    @property
    def met(self) -> bool:
        """Whether the logged entries cover both parts."""
        return self.hours_missing == 0 and self.months_missing == 0


def status(
    req: Requirement,
    entries: list[EligibilityEntry],
    today: dt.date,
    education: str | None = None,
) -> EligibilityStatus:
    """Totals of ``entries`` against ``req``: all training hours, and experience months within
    the requirement's window of years before ``today`` (overlaps once)."""
    hours = sum(e.hours or 0.0 for e in entries if e.kind == "training")
    needed = req.months_for(education)
    months: float | None = None
    if needed is not None:
        since = None
        if req.window_years is not None:
            since = _years_before(today, req.window_years)
        months = experience_months(entries, since, today)
    return EligibilityStatus(req, hours, months, needed, len(entries))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
