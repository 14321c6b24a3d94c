"""Exam profile files (pydantic models): one TOML file per exam and version.

Profiles live in ``decks/exams/<id>.toml`` and are built from ``exam-facts.md``; every
number carries the confidence its sources give it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pmstudy.decks.format import Confidence, Slug
from pmstudy.domain.exam import ABOUT_THE_EXAM, NOT_ON_EXAM, RESERVED_DOMAINS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TaskSpec(_Strict):
    """One task (or learning outcome) of a domain."""

    id: Slug = Field(description="Task id within the domain, 't1', 't2', ...")
    name: str = Field(min_length=1, description="Task name as the outline states it.")
    summary: str = Field(
        default="",
        description="What the task covers, in our own words, from the profile's sources "
        "(the classifier learns from it as well as from the name).",
    )


class DomainSpec(_Strict):
    """One domain of the exam blueprint."""

    id: Slug = Field(description="Domain id used in tags: exam::<profile>::<domain>.")
    name: str = Field(min_length=1)
    weight: float = Field(ge=0, le=100, description="Share of items in percent.")
    tasks: list[TaskSpec] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_DOMAINS:
            raise ValueError(
                f"'{value}' is reserved ({ABOUT_THE_EXAM}: cards about the exam itself; "
                f"{NOT_ON_EXAM}: cards not on its blueprint)"
            )
        return value


class PassMark(_Strict):
    """How the exam is passed."""

    kind: Literal["percent", "count", "scaled", "not_published"] = Field(
        description="percent or count of items right; scaled: a score on the provider's scale "
        "(e.g. 710 on 100-900) whose raw mark is not published; not_published: bands only."
    )
    value: float | None = Field(default=None, description="Percent, item count or scaled score.")
    out_of: int | None = Field(default=None, description="Items the count is out of.")
    scale_min: int | None = Field(default=None, description="Scaled: the lowest score.")
    scale_max: int | None = Field(default=None, description="Scaled: the highest score.")
    bands: list[str] = Field(
        default_factory=list, description="Performance bands where no pass mark is published."
    )
    note: str = ""
    confidence: Confidence = "solid"

    @model_validator(mode="after")
    def _value_for_kind(self) -> PassMark:
        if self.kind != "not_published" and self.value is None:
            raise ValueError(f"a '{self.kind}' pass mark needs a value")
        if self.kind == "percent" and self.value is not None and not 0 < self.value <= 100:
            raise ValueError("a percent pass mark lies in (0, 100]")
        scaled = self.kind == "scaled"
        if scaled != (self.scale_min is not None and self.scale_max is not None):
            raise ValueError("scale_min and scale_max go with a 'scaled' pass mark, and only there")
        low, high = self.scale_min, self.scale_max
        value = self.value
        if low is not None and high is not None and value is not None and not low <= value <= high:
            raise ValueError("a scaled pass mark lies between scale_min and scale_max")
        return self


class SittingSpec(_Strict):
    """How the exam is sat: sections, the breaks between them, locks and pausing (what a mock
    exam copies)."""

    sections: list[int] = Field(min_length=1, description="Items per section, in order.")
    break_minutes: list[int] = Field(
        default_factory=list, description="The break after each section but the last (0: none)."
    )
    lock: bool = Field(default=False, description="A section cannot be reopened once left.")
    pause: bool = Field(default=False, description="Whether the exam clock can be paused.")
    pretest: str = Field(default="", description="How unscored pretest items are handled.")
    note: str = Field(default="", description="What is assumed, and why.")
    confidence: Confidence = "solid"

    @model_validator(mode="after")
    def _breaks_between_sections(self) -> SittingSpec:
        if any(count <= 0 for count in self.sections):
            raise ValueError("every section needs at least one item")
        if len(self.break_minutes) != len(self.sections) - 1:
            raise ValueError("give one break length (0 for none) between each two sections")
        if any(minutes < 0 for minutes in self.break_minutes):
            raise ValueError("a break cannot be negative")
        return self


class ProfileSource(_Strict):
    """A source the profile's facts come from."""

    key: str
    title: str
    url: str | None = None


class ExamProfileFile(_Strict):
    """A whole exam profile file."""

    schema_version: Literal[1]
    id: Slug
    name: str = Field(min_length=1)
    provider: str = Field(min_length=1)
    version: str = Field(min_length=1, description="Outline or syllabus version.")
    status: Literal["current", "retired", "upcoming"]
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    items_total: int = Field(gt=0)
    items_scored: int = Field(gt=0)
    items_unscored: int = Field(ge=0, default=0)
    items_note: str = Field(default="", description="Conflicts about the item count.")
    items_confidence: Confidence = "solid"
    minutes: int = Field(gt=0)
    breaks: str = ""
    sitting: SittingSpec | None = Field(
        default=None, description="The sitting in structured form (one section when absent)."
    )
    options_per_item: int = Field(ge=2, le=6, description="For the guessing floor 1/k.")
    pass_mark: PassMark
    weights_basis: Literal["published", "equal_assumed", "assumed"] = Field(
        description="'published' weights, or an assumption of the planner."
    )
    weights_note: str = ""
    domains: list[DomainSpec] = Field(min_length=1)
    sources: list[ProfileSource] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ExamProfileFile:
        total = sum(d.weight for d in self.domains)
        if abs(total - 100) > 0.5:
            raise ValueError(f"domain weights add up to {total:g}, not 100")
        if self.items_scored + self.items_unscored != self.items_total:
            raise ValueError("items_scored + items_unscored must equal items_total")
        if self.sitting is not None and sum(self.sitting.sections) != self.items_total:
            raise ValueError("the sitting's sections must add up to items_total")
        ids = [d.id for d in self.domains]
        if len(set(ids)) != len(ids):
            raise ValueError("domain ids must be unique")
        if (
            self.pass_mark.kind == "count"
            and self.pass_mark.value is not None
            and self.pass_mark.value > self.items_scored
        ):
            raise ValueError("the pass mark count exceeds the scored items")
        return self
