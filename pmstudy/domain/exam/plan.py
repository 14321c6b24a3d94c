"""The study plan: new cards per day so every card is introduced before the consolidation buffer,
and the review load that follows, day by day, in answers and minutes.

The plan is recomputed from the real state every time it is asked for: cards still new, cards
introduced today (they count towards today's quota, so the target does not move during the
day), and the days left.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NewSchedule:
    """New cards to introduce on each day from today up to the day before the exam."""

    per_day: int
    days: tuple[int, ...]
    introduce_by: dt.date | None
    inside_buffer: bool

    @property
    def total(self) -> int:
        """All cards the schedule introduces."""
        return sum(self.days)


def new_schedule(
    remaining: int,
    done_today: int,
    today: dt.date,
    exam_day: dt.date,
    buffer_days: int,
    breaks: Collection[dt.date] = (),
) -> NewSchedule:
    """Spread ``remaining`` new cards evenly over the days before ``exam_day − buffer_days``.

    ``done_today`` cards already introduced today count towards today's share. Inside the
    buffer (or with the buffer longer than the time left) the cards are spread over the days
    left before the exam instead, and ``inside_buffer`` says so. ``breaks`` are days without
    study (the calendar's load-0 dates): they get no new cards, the other days share them.
    """
    if remaining < 0 or done_today < 0 or buffer_days < 0:
        raise ValueError("counts and the buffer cannot be negative")
    days_left = (exam_day - today).days
    if days_left <= 0:
        return NewSchedule(0, (), None, False)
    intro_days = days_left - buffer_days
    inside = intro_days < 1
    if inside:
        intro_days = days_left
    study = [d for d in range(intro_days) if today + dt.timedelta(days=d) not in breaks]
    if not study:  # every day left is a break: the cards wait for the first day after
        study = [d for d in range(days_left) if today + dt.timedelta(days=d) not in breaks]
    counted = done_today if study and study[0] == 0 else 0
    per_day = math.ceil((remaining + counted) / len(study)) if remaining and study else 0
    days = [0] * days_left
    left = remaining
    for day in study:
        quota = per_day - done_today if day == 0 else per_day
        take = max(0, min(quota, left))
        days[day] = take
        left -= take
    last = max((i for i, n in enumerate(days) if n), default=None)
    introduce_by = None if last is None else today + dt.timedelta(days=last)
    return NewSchedule(per_day, tuple(days), introduce_by, inside)


@dataclass(frozen=True, slots=True)
class PlanDay:
    """One day of the plan: new cards, other answers (reviews and steps), minutes."""

    day: dt.date
    new: float
    reviews: float
    minutes: float


@dataclass(frozen=True, slots=True)
class BudgetWarning:
    """The plan needs more minutes than the learner's budget on some day, and what to do."""

    peak_minutes: float
    budget_minutes: int
    days_over: int
    extra_days: int
    cards_that_fit: int

    def options(self) -> list[str]:
        """The ways out, each one line."""
        return [
            f"raise the daily budget to {math.ceil(self.peak_minutes)} min",
            f"move the exam about {self.extra_days} day(s) later (estimate)",
            f"study fewer cards: about {self.cards_that_fit} new cards fit the budget",
        ]

    def message(self) -> str:
        """One line saying what is wrong."""
        return (
            f"the plan needs up to {self.peak_minutes:.0f} min/day on {self.days_over} day(s), "
            f"over your budget of {self.budget_minutes} min/day"
        )


@dataclass(frozen=True, slots=True)
class StudyPlan:
    """The plan up to the exam, as shown by ``pmstudy plan``."""

    today: dt.date
    exam_day: dt.date
    new_per_day: int
    new_remaining: int
    introduce_by: dt.date | None
    inside_buffer: bool
    seconds_per_answer: float
    budget_minutes: int | None
    days: tuple[PlanDay, ...]
    warning: BudgetWarning | None

    @property
    def peak_minutes(self) -> float:
        """The busiest day's minutes."""
        return max((d.minutes for d in self.days), default=0.0)

    def weeks(self) -> list[PlanWeek]:
        """The days in runs of seven from today (the last run may be shorter)."""
        return [
            PlanWeek(
                first=chunk[0].day,
                last=chunk[-1].day,
                new=sum(d.new for d in chunk),
                reviews=sum(d.reviews for d in chunk),
                minutes=sum(d.minutes for d in chunk),
                peak_minutes=max(d.minutes for d in chunk),
            )
            for chunk in (self.days[i : i + 7] for i in range(0, len(self.days), 7))
        ]


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """Seven days of the plan (fewer at the end): totals and the busiest day's minutes."""

    first: dt.date
    last: dt.date
    new: float
    reviews: float
    minutes: float
    peak_minutes: float

    @property
    def days(self) -> int:
        """How many days the run covers."""
        return (self.last - self.first).days + 1


def build_plan(
    schedule: NewSchedule,
    today: dt.date,
    exam_day: dt.date,
    new_remaining: int,
    answers_new: Sequence[float],
    answers_other: Sequence[float],
    seconds_per_answer: float,
    budget_minutes: int | None,
) -> StudyPlan:
    """The day table (from the simulated answers per day) and the budget check."""
    days = []
    for i, (new, other) in enumerate(zip(answers_new, answers_other, strict=True)):
        minutes = (new + other) * seconds_per_answer / 60
        days.append(PlanDay(today + dt.timedelta(days=i), new, other, minutes))
    warning = None
    if budget_minutes is not None and days:
        over = [d for d in days if d.minutes > budget_minutes + 0.5]
        if over:
            peak = max(d.minutes for d in days)
            intro_days = max(1, sum(1 for n in schedule.days if n))
            ratio = peak / max(budget_minutes, 1)
            warning = BudgetWarning(
                peak_minutes=peak,
                budget_minutes=budget_minutes,
                days_over=len(over),
                extra_days=max(1, math.ceil(intro_days * (ratio - 1))),
                cards_that_fit=int(new_remaining * min(1.0, 1 / ratio)),
            )
    return StudyPlan(
        today=today,
        exam_day=exam_day,
        new_per_day=schedule.per_day,
        new_remaining=new_remaining,
        introduce_by=schedule.introduce_by,
        inside_buffer=schedule.inside_buffer,
        seconds_per_answer=seconds_per_answer,
        budget_minutes=budget_minutes,
        days=tuple(days),
        warning=warning,
    )
