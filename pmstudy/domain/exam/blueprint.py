"""Exam value types: the blueprint of an exam (from its profile) and the learner's exam goal.

The profile files are parsed by ``pmstudy.decks``; the services convert them into these plain
types so that the readiness and planning maths never sees pydantic or a file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

EXAM_TAG_PREFIX = "exam::"
# The reserved name, in a domain's place, of a card about the exam itself (format, fees,
# scheduling, scoring, study tips) rather than its blueprint: ``exam::<profile>::about-the-exam``.
# Such a card is studied like any other but counts for no domain (docs/content.md).
ABOUT_THE_EXAM = "about-the-exam"
# The reserved name, in a domain's place, of a card the learner (or the classifier) has said is
# not on this exam's blueprint: ``exam::<profile>::not-on-exam``. It counts for no domain and is
# not listed as unmapped.
NOT_ON_EXAM = "not-on-exam"
RESERVED_DOMAINS = frozenset({ABOUT_THE_EXAM, NOT_ON_EXAM})


class PassKind(StrEnum):
    """How an exam's pass mark is stated."""

    PERCENT = "percent"
    COUNT = "count"
    SCALED = "scaled"  # a score on the provider's scale; the raw mark behind it is unpublished
    NOT_PUBLISHED = "not_published"


@dataclass(frozen=True, slots=True)
class ExamTask:
    """One task (learning outcome) of a domain; ``summary`` says what it covers, in our own
    words (empty when the profile gives none)."""

    id: str
    name: str
    summary: str = ""


@dataclass(frozen=True, slots=True)
class ExamDomain:
    """One domain of the blueprint; ``weight`` is its share of the items, in percent."""

    id: str
    name: str
    weight: float
    tasks: tuple[ExamTask, ...] = ()


@dataclass(frozen=True, slots=True)
class PassRule:
    """The pass mark: a percent or a count of ``out_of`` items, a scaled score (``value`` on
    ``scale``), or not published (bands)."""

    kind: PassKind
    value: float | None = None
    out_of: int | None = None
    bands: tuple[str, ...] = ()
    note: str = ""
    scale: tuple[int, int] | None = None

    @property
    def counts(self) -> bool:
        """Whether the mark says how many items must be right (a scaled score does not)."""
        return self.kind in (PassKind.PERCENT, PassKind.COUNT) and self.value is not None

    @property
    def no_count_reason(self) -> str:
        """Why no count of right answers can be given (for a mark that does not count)."""
        if self.kind == PassKind.SCALED and self.value is not None and self.scale:
            low, high = self.scale
            return (
                f"the pass mark is {self.value:g} on a {low}–{high} scaled score, and the raw "
                "mark behind it is not published"
            )
        return "no pass mark is published for this exam"

    @property
    def short_reason(self) -> str:
        """The same in a few words, for a result line."""
        if self.kind == PassKind.SCALED and self.value is not None:
            return f"scaled {self.value:g}; raw mark unpublished"
        return "no published pass mark"


@dataclass(frozen=True, slots=True)
class Sitting:
    """The real exam's sitting: items per section, the break after each section but the last
    (minutes; 0: none), whether a section locks once left, and whether the clock can pause."""

    sections: tuple[int, ...]
    break_minutes: tuple[int, ...] = ()
    lock: bool = False
    pause: bool = False
    pretest: str = ""  # how unscored pretest items are handled, as the profile says
    note: str = ""
    confidence: str = "solid"

    def __post_init__(self) -> None:
        if not self.sections or min(self.sections) <= 0:
            raise ValueError("a sitting needs at least one section of at least one item")
        if len(self.break_minutes) != len(self.sections) - 1:
            raise ValueError("a sitting needs one break length between each two sections")

    @classmethod
    def single(cls, items: int) -> Sitting:
        """One section, no break, no lock: what a profile without ``[sitting]`` is taken as."""
        return cls(sections=(items,))


@dataclass(frozen=True, slots=True)
class ExamSpec:
    """An exam as the planner needs it (an exam profile, converted)."""

    id: str
    name: str
    provider: str
    version: str
    status: str
    items_total: int
    items_scored: int
    minutes: int
    options_per_item: int
    pass_rule: PassRule
    domains: tuple[ExamDomain, ...]
    weights_basis: str = "published"
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    sitting: Sitting | None = None

    @property
    def sitting_or_single(self) -> Sitting:
        """How the exam is sat (one section, no break, when the profile does not say)."""
        return self.sitting or Sitting.single(self.items_total)

    @property
    def graded_items(self) -> int:
        """Items the pass mark is counted over (the pass mark's ``out_of``, else scored items)."""
        return self.pass_rule.out_of or self.items_scored

    @property
    def needed_to_pass(self) -> int | None:
        """Correct answers needed to pass, or None where no pass mark is published."""
        rule = self.pass_rule
        if not rule.counts or rule.value is None:
            return None
        if rule.kind == PassKind.COUNT:
            return math.ceil(rule.value)
        # 85% of 80 is 68: round the product up, without being fooled by 67.99999.
        return math.ceil(rule.value * self.graded_items / 100 - 1e-9)

    def domain(self, domain_id: str) -> ExamDomain | None:
        """A domain by id."""
        return next((d for d in self.domains if d.id == domain_id), None)


@dataclass(frozen=True, slots=True)
class ExamGoal:
    """An exam the learner has booked: when, where (time zone), which decks, how hard to aim."""

    id: int
    profile_id: str
    exam_at: dt.datetime
    timezone: str
    target: float = 0.90
    exam_mode: bool = True
    buffer_days: int = 14
    minutes_per_day: int | None = None
    created_at: dt.datetime | None = None
    deck_ids: tuple[int, ...] = ()
    deck_names: tuple[str, ...] = ()
    # every card seen at least once in the last N days before the exam (None: off)
    final_pass_days: int | None = None
    # while the plan is active, its number is today's new-card limit of the goal's decks
    plan_sets_new: bool = True


def exam_tag(tag: str) -> tuple[str, str, str | None] | None:
    """``exam::<profile>::<domain>[::<task>]`` as (profile, domain, task); None otherwise.

    The about-the-exam and not-on-exam tags name no domain, so they are None here too (see
    :func:`about_exam`, :func:`is_not_on_exam`).
    """
    if not tag.startswith(EXAM_TAG_PREFIX):
        return None
    parts = tag.split("::")
    if len(parts) > 2 and parts[2] in RESERVED_DOMAINS:
        return None
    if len(parts) == 3 and parts[1] and parts[2]:
        return parts[1], parts[2], None
    if len(parts) == 4 and all(parts[1:]):
        return parts[1], parts[2], parts[3]
    return None


def tag_prefix(profile_id: str) -> str:
    """The tag prefix every card of an exam carries: ``exam::<profile>::``."""
    return f"{EXAM_TAG_PREFIX}{profile_id}::"


def about_exam_tag(profile_id: str) -> str:
    """The tag of a card about the exam itself: ``exam::<profile>::about-the-exam``."""
    return f"{tag_prefix(profile_id)}{ABOUT_THE_EXAM}"


def about_exam(tag: str) -> str | None:
    """The profile an ``exam::<profile>::about-the-exam`` tag names; None for any other tag."""
    parts = tag.split("::")
    if (
        len(parts) == 3
        and tag.startswith(EXAM_TAG_PREFIX)
        and parts[1]
        and parts[2] == ABOUT_THE_EXAM
    ):
        return parts[1]
    return None


def is_about_exam(tag: str, profile_id: str) -> bool:
    """Whether ``tag`` marks a card as about ``profile_id``'s exam itself (not its blueprint)."""
    return tag == about_exam_tag(profile_id)


def not_on_exam_tag(profile_id: str) -> str:
    """The tag of a card that is not on the exam's blueprint: ``exam::<profile>::not-on-exam``."""
    return f"{tag_prefix(profile_id)}{NOT_ON_EXAM}"


def is_not_on_exam(tag: str, profile_id: str) -> bool:
    """Whether ``tag`` marks a card as not on ``profile_id``'s blueprint."""
    return tag == not_on_exam_tag(profile_id)


def set_aside(tags: Iterable[str], profile_id: str) -> str | None:
    """Why a card serves no domain of the exam whatever domain tags it carries: ``ABOUT_THE_EXAM``
    (a card about the exam itself), ``NOT_ON_EXAM`` (said to be off its blueprint), else None.

    A card carrying both counts as about the exam.
    """
    found = None
    for tag in tags:
        if is_about_exam(tag, profile_id):
            return ABOUT_THE_EXAM
        if is_not_on_exam(tag, profile_id):
            found = NOT_ON_EXAM
    return found


def unmapped(tags: Iterable[str], profile_id: str, domains: Iterable[str]) -> bool:
    """Whether a card with these tags is not mapped to the exam yet: no tag of one of its
    ``domains``, and not set aside (about the exam, or not on it)."""
    tags = tuple(tags)
    if set_aside(tags, profile_id) is not None:
        return False
    known = set(domains)
    return not any(
        (parts := exam_tag(tag)) is not None and parts[0] == profile_id and parts[1] in known
        for tag in tags
    )
