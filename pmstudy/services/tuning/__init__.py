"""FSRS tuning, one module per use case.

- ``presets``: read and save deck-option presets; the scopes the other tools work on.
- ``optimize``: fit parameters to the review log (the optional optimiser) and evaluate them.
- ``reschedule``: move cards to the current options' intervals, as one undoable step.
- ``postpone``: postpone, advance, a break: due dates moved by hand, each one undoable step.
- ``workload``: project the daily workload and advise a desired retention.
- ``reports``: what they return, typed, with the JSON of ``--json``.

The sentences around these figures are the CLI's (``pmstudy.commands.tuning``) and the TUI's.
"""

from typing import TYPE_CHECKING

from pmstudy.faces import loaded_on_first_use

if TYPE_CHECKING:
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

_LAZY = {
    "OptimizeProgress": "pmstudy.services.tuning.optimize",
    "OptimizeService": "pmstudy.services.tuning.optimize",
    "MoveReport": "pmstudy.services.tuning.postpone",
    "MoveScope": "pmstudy.services.tuning.postpone",
    "MoveUndo": "pmstudy.services.tuning.postpone",
    "PostponeService": "pmstudy.services.tuning.postpone",
    "DeckRetention": "pmstudy.services.tuning.presets",
    "PresetService": "pmstudy.services.tuning.presets",
    "Scope": "pmstudy.services.tuning.presets",
    "EvaluationReport": "pmstudy.services.tuning.reports",
    "LastReschedule": "pmstudy.services.tuning.reports",
    "OptimizeResult": "pmstudy.services.tuning.reports",
    "OptimizeStage": "pmstudy.services.tuning.reports",
    "OptimizeStatus": "pmstudy.services.tuning.reports",
    "OptimizeStep": "pmstudy.services.tuning.reports",
    "PlanSummary": "pmstudy.services.tuning.reports",
    "RescheduleReport": "pmstudy.services.tuning.reports",
    "UndoReport": "pmstudy.services.tuning.reports",
    "WorkloadReport": "pmstudy.services.tuning.reports",
    "RescheduleService": "pmstudy.services.tuning.reschedule",
    "WorkloadService": "pmstudy.services.tuning.workload",
}

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

__getattr__ = loaded_on_first_use(__name__, _LAZY)
