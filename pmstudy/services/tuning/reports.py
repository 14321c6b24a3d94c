"""What the tuning use cases return: typed reports and the JSON shapes of ``--json``.

The JSON (key names and order) is a contract of the CLI: each ``as_dict`` builds exactly what
``pmstudy optimize|evaluate|reschedule|simulate --json`` printed before the reports were typed.
The sentences around these figures are phrased by the CLI and the TUI, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, ClassVar, TypedDict, cast

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamAdvice
    from pmstudy.domain.scheduling import Evaluation, RetentionAdvice, WorkloadResult

LossJson = dict[str, float | int]  # Evaluation.as_dict: log_loss, rmse_bins, items


class OptimizeStatus(StrEnum):
    """What one fit did with the preset's parameters."""

    SAVED = "saved"  # better, saved
    FORCED = "forced"  # not better, saved because forced
    KEPT = "kept"  # not better, not saved
    INSUFFICIENT = "insufficient"  # too little data to fit; nothing saved


class OptimizeStep(IntEnum):
    """The steps of one fit, in order (the value is how many are done)."""

    READING = 0
    FITTING = 1
    COMPARING = 2
    SAVING = 3
    DONE = 4


@dataclass(frozen=True)
class OptimizeStage:
    """Where a fit is: its scope, the step it starts, and (when fitting) on how many reviews."""

    scope: str
    step: OptimizeStep
    reviews: int = 0

    total: ClassVar[int] = int(OptimizeStep.DONE)

    @property
    def done(self) -> int:
        """Steps finished before this one."""
        return int(self.step)


class OptimizeJson(TypedDict):
    """One fit in ``pmstudy optimize --json``."""

    preset: str
    scope: str
    status: str
    saved: bool
    message: str
    reviews_read: int
    reviews_used: int
    training_items: int
    cards: int
    cards_skipped: int
    partial_fit: bool
    seconds: float
    old: LossJson | None
    new: LossJson | None
    old_parameters: list[float]
    new_parameters: list[float] | None


@dataclass(frozen=True)
class OptimizeResult:
    """What one fit did, with the figures that explain it.

    ``min_items``: how many training items the optimiser needs (set when there were too few);
    ``left_too_few``: the engine removed outliers and had too few left, so returned its defaults.
    """

    preset: str
    scope: str
    status: OptimizeStatus
    answers_read: int = 0
    answers_used: int = 0
    items: int = 0
    cards: int = 0
    cards_skipped: int = 0
    partial: bool = False
    seconds: float = 0.0
    old: Evaluation | None = None
    new: Evaluation | None = None
    old_parameters: tuple[float, ...] = ()
    new_parameters: tuple[float, ...] | None = None
    min_items: int = 0
    left_too_few: bool = False

    @property
    def saved(self) -> bool:
        """Whether the preset now holds the new parameters."""
        return self.status in (OptimizeStatus.SAVED, OptimizeStatus.FORCED)

    def as_dict(self, message: str) -> OptimizeJson:
        """JSON-ready form, with ``message``: the sentence the caller phrased for this fit."""
        return {
            "preset": self.preset,
            "scope": self.scope,
            "status": self.status.value,
            "saved": self.saved,
            "message": message,
            "reviews_read": self.answers_read,
            "reviews_used": self.answers_used,
            "training_items": self.items,
            "cards": self.cards,
            "cards_skipped": self.cards_skipped,
            "partial_fit": self.partial,
            "seconds": round(self.seconds, 3),
            "old": self.old.as_dict() if self.old else None,
            "new": self.new.as_dict() if self.new else None,
            "old_parameters": list(self.old_parameters),
            "new_parameters": list(self.new_parameters) if self.new_parameters else None,
        }


class EvaluationJson(TypedDict):
    """``pmstudy evaluate --json``."""

    overall: LossJson | None
    presets: dict[str, LossJson]
    decks: dict[str, LossJson]
    reviews_read: int
    reviews_used: int


@dataclass(frozen=True)
class EvaluationReport:
    """The current parameters' log loss and RMSE (bins): overall, per preset, per deck."""

    overall: Evaluation | None
    presets: dict[str, Evaluation] = field(default_factory=dict)
    decks: dict[str, Evaluation] = field(default_factory=dict)
    answers_read: int = 0
    answers_used: int = 0

    def as_dict(self) -> EvaluationJson:
        """JSON-ready form."""
        return {
            "overall": self.overall.as_dict() if self.overall else None,
            "presets": {k: v.as_dict() for k, v in self.presets.items()},
            "decks": {k: v.as_dict() for k, v in self.decks.items()},
            "reviews_read": self.answers_read,
            "reviews_used": self.answers_used,
        }


class PlanSummary(TypedDict):
    """Reschedule plans of several scopes added up (forecasts: cards due per day, today first)."""

    cards_considered: int
    memory_recomputed: int
    cards_changed: int
    cards_moving: int
    earlier: int
    later: int
    forecast_before: list[int]
    forecast_after: list[int]


class RescheduleJson(PlanSummary):
    """``pmstudy reschedule --json`` (without ``--undo``)."""

    scopes: list[str]
    applied: bool
    step: str | None
    cards_written: int


@dataclass(frozen=True)
class RescheduleReport:
    """A reschedule preview (dry run) or what was done, over its scopes."""

    scopes: tuple[str, ...]
    plan: PlanSummary
    applied: bool
    step: str | None = None
    changed: int = 0

    def as_dict(self) -> RescheduleJson:
        """JSON-ready form."""
        return {
            "scopes": list(self.scopes),
            "applied": self.applied,
            "step": self.step,
            "cards_written": self.changed,
            **self.plan,
        }


class UndoJson(TypedDict):
    """``pmstudy reschedule --undo --json``."""

    step: str
    restored: int
    skipped_answered_since: int


@dataclass(frozen=True)
class UndoReport:
    """What undoing the last reschedule did."""

    step: str
    restored: int
    skipped: int

    def as_dict(self) -> UndoJson:
        """JSON-ready form."""
        return {
            "step": self.step,
            "restored": self.restored,
            "skipped_answered_since": self.skipped,
        }


class LastReschedule(TypedDict):
    """The reschedule step undo would take back (as remembered in the settings table)."""

    step: str
    at: str
    scopes: list[str]
    cards: int


class WorkloadJson(TypedDict):
    """``pmstudy simulate --json``: the report's own keys, then the workload result's."""

    scope: str
    seconds_per_answer: float
    own_answer_times: bool
    existing_cards: int
    new_cards: int
    retention: float
    total_minutes: float
    total_reviews: int
    memorised_at_end: float
    days: list[dict[str, float | int]]
    advice: dict[str, object] | None
    new_per_day: int
    exam: dict[str, object] | None


@dataclass(frozen=True)
class WorkloadReport:
    """A workload projection at one retention and, optionally, the retention advice."""

    scope: str
    result: WorkloadResult
    advice: RetentionAdvice | None
    seconds_per_answer: float
    own_answer_times: bool
    existing_cards: int
    new_cards: int
    new_per_day: int = 0
    # the exam the deck serves (profile id, id) and the advice up to its date; None: no exam
    exam: tuple[str, int] | None = None
    exam_advice: ExamAdvice | None = None

    def as_dict(self) -> WorkloadJson:
        """JSON-ready form."""
        # WorkloadResult.as_dict is untyped (dict[str, object]); its keys are the ones listed
        # in WorkloadJson after new_cards.
        return cast(
            "WorkloadJson",
            {
                "scope": self.scope,
                "seconds_per_answer": round(self.seconds_per_answer, 2),
                "own_answer_times": self.own_answer_times,
                "existing_cards": self.existing_cards,
                "new_cards": self.new_cards,
                **self.result.as_dict(),
                "advice": self.advice.as_dict() if self.advice else None,
                "new_per_day": self.new_per_day,
                "exam": None
                if self.exam is None
                else {
                    "profile": self.exam[0],
                    "id": self.exam[1],
                    "advice": self.exam_advice.as_dict() if self.exam_advice else None,
                },
            },
        )
