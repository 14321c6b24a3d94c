"""FSRS tuning, one module per use case.

- ``presets``: read and save deck-option presets; the scopes the other tools work on.
- ``optimize``: fit parameters to the review log (the optional optimiser) and evaluate them.
- ``reschedule``: move cards to the current options' intervals, as one undoable step.
- ``postpone``: postpone, advance, a break: due dates moved by hand, each one undoable step.
- ``workload``: project the daily workload and advise a desired retention.
- ``reports``: what they return, typed, with the JSON of ``--json``.

The sentences around these figures are the CLI's (``pmstudy.commands.tuning``) and the TUI's.
"""

from pmstudy.services.tuning.optimize import OptimizeProgress, OptimizeService
from pmstudy.services.tuning.postpone import MoveReport, MoveScope, MoveUndo, PostponeService
from pmstudy.services.tuning.presets import DeckRetention, PresetService, Scope
from pmstudy.services.tuning.reports import (
    EvaluationReport,
    LastReschedule,
    OptimizeResult,
    OptimizeStage,
    OptimizeStatus,
    OptimizeStep,
    PlanSummary,
    RescheduleReport,
    UndoReport,
    WorkloadReport,
)
from pmstudy.services.tuning.reschedule import RescheduleService
from pmstudy.services.tuning.workload import WorkloadService

__all__ = [
    "DeckRetention",
    "EvaluationReport",
    "LastReschedule",
    "MoveReport",
    "MoveScope",
    "MoveUndo",
    "OptimizeProgress",
    "OptimizeResult",
    "OptimizeService",
    "OptimizeStage",
    "OptimizeStatus",
    "OptimizeStep",
    "PlanSummary",
    "PostponeService",
    "PresetService",
    "RescheduleReport",
    "RescheduleService",
    "Scope",
    "UndoReport",
    "WorkloadReport",
    "WorkloadService",
]
