"""Scheduling: FSRS (one card and vectorised), its parameters, training data and evaluation, the
study day, the session queue, rescheduling, deck options, the learner's answer profile and the
workload simulator.

Other packages import from here, not from the modules. The NumPy-backed modules load on first
use of one of their names, so that importing this package (start-up does) does not load NumPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmstudy.domain.scheduling.calendar import (
    MINIMUM,
    NORMAL,
    REDUCED,
    WEEKDAYS,
    StudyCalendar,
    check_load,
    check_weekdays,
    days_between,
    load_from_text,
)
from pmstudy.domain.scheduling.learner import LearnerProfile, learner_from_counts, learner_from_log
from pmstudy.domain.scheduling.parameters import format_parameters
from pmstudy.domain.scheduling.preset_form import FormError, PresetForm, preset_from_form
from pmstudy.domain.scheduling.queue import LEARN_AHEAD, Counts, StudyQueue
from pmstudy.domain.scheduling.retention import (
    card_preset,
    check_retention,
    deck_presets,
    parse_retention,
)
from pmstudy.domain.scheduling.scheduler import (
    DEFAULT_PARAMETERS,
    MAX_BALANCED_DAYS,
    Scheduler,
    fuzz_bounds,
    fuzz_days,
    fuzz_rng,
    replay,
    retrievability,
    review_kind,
)
from pmstudy.faces import loaded_on_first_use

if TYPE_CHECKING:
    from pmstudy.domain.scheduling.balance import (
        DayCounts,
        DueLoads,
        balanced_days,
        day_loads,
    )
    from pmstudy.domain.scheduling.day_loop import DayLoop
    from pmstudy.domain.scheduling.days import DayClock
    from pmstudy.domain.scheduling.evaluation import (
        Evaluation,
        bin_keys,
        evaluate,
        log_loss,
        predict,
        recency_weights,
        rmse_bins,
    )
    from pmstudy.domain.scheduling.fsrs_vec import (
        NEW,
        REVIEW,
        CardArrays,
        VecPresets,
        decay_of,
        fuzz,
        review,
    )
    from pmstudy.domain.scheduling.history_merge import (
        CardHistory,
        CardMerge,
        MergeKind,
        merge_card,
        replay_key,
    )
    from pmstudy.domain.scheduling.postpone import (
        MoveKind,
        MovePlan,
        plan_advance,
        plan_break,
        plan_postpone,
    )
    from pmstudy.domain.scheduling.reschedule import (
        CardColumns,
        ReschedulePlan,
        plan_reschedule,
        recompute_memory,
    )
    from pmstudy.domain.scheduling.training import (
        KIND_CODES,
        MANUAL,
        LogColumns,
        TrainingSet,
        build_training_set,
        study_days,
    )
    from pmstudy.domain.scheduling.workload import (
        RetentionAdvice,
        WorkloadResult,
        WorkloadSetup,
        retention_advice,
        simulate_workload,
    )

_LAZY = {
    "DayCounts": "pmstudy.domain.scheduling.balance",
    "DueLoads": "pmstudy.domain.scheduling.balance",
    "balanced_days": "pmstudy.domain.scheduling.balance",
    "day_loads": "pmstudy.domain.scheduling.balance",
    "DayLoop": "pmstudy.domain.scheduling.day_loop",
    "DayClock": "pmstudy.domain.scheduling.days",
    "Evaluation": "pmstudy.domain.scheduling.evaluation",
    "bin_keys": "pmstudy.domain.scheduling.evaluation",
    "evaluate": "pmstudy.domain.scheduling.evaluation",
    "log_loss": "pmstudy.domain.scheduling.evaluation",
    "predict": "pmstudy.domain.scheduling.evaluation",
    "recency_weights": "pmstudy.domain.scheduling.evaluation",
    "rmse_bins": "pmstudy.domain.scheduling.evaluation",
    "CardHistory": "pmstudy.domain.scheduling.history_merge",
    "CardMerge": "pmstudy.domain.scheduling.history_merge",
    "MergeKind": "pmstudy.domain.scheduling.history_merge",
    "merge_card": "pmstudy.domain.scheduling.history_merge",
    "replay_key": "pmstudy.domain.scheduling.history_merge",
    "CardArrays": "pmstudy.domain.scheduling.fsrs_vec",
    "NEW": "pmstudy.domain.scheduling.fsrs_vec",
    "REVIEW": "pmstudy.domain.scheduling.fsrs_vec",
    "VecPresets": "pmstudy.domain.scheduling.fsrs_vec",
    "decay_of": "pmstudy.domain.scheduling.fsrs_vec",
    "fuzz": "pmstudy.domain.scheduling.fsrs_vec",
    "review": "pmstudy.domain.scheduling.fsrs_vec",
    "MoveKind": "pmstudy.domain.scheduling.postpone",
    "MovePlan": "pmstudy.domain.scheduling.postpone",
    "plan_advance": "pmstudy.domain.scheduling.postpone",
    "plan_break": "pmstudy.domain.scheduling.postpone",
    "plan_postpone": "pmstudy.domain.scheduling.postpone",
    "CardColumns": "pmstudy.domain.scheduling.reschedule",
    "ReschedulePlan": "pmstudy.domain.scheduling.reschedule",
    "plan_reschedule": "pmstudy.domain.scheduling.reschedule",
    "recompute_memory": "pmstudy.domain.scheduling.reschedule",
    "KIND_CODES": "pmstudy.domain.scheduling.training",
    "LogColumns": "pmstudy.domain.scheduling.training",
    "MANUAL": "pmstudy.domain.scheduling.training",
    "TrainingSet": "pmstudy.domain.scheduling.training",
    "build_training_set": "pmstudy.domain.scheduling.training",
    "study_days": "pmstudy.domain.scheduling.training",
    "RetentionAdvice": "pmstudy.domain.scheduling.workload",
    "WorkloadResult": "pmstudy.domain.scheduling.workload",
    "WorkloadSetup": "pmstudy.domain.scheduling.workload",
    "retention_advice": "pmstudy.domain.scheduling.workload",
    "simulate_workload": "pmstudy.domain.scheduling.workload",
}


__getattr__ = loaded_on_first_use(__name__, _LAZY)


__all__ = [
    "DEFAULT_PARAMETERS",
    "KIND_CODES",
    "LEARN_AHEAD",
    "MANUAL",
    "MAX_BALANCED_DAYS",
    "MINIMUM",
    "NEW",
    "NORMAL",
    "REDUCED",
    "REVIEW",
    "WEEKDAYS",
    "CardArrays",
    "CardColumns",
    "CardHistory",
    "CardMerge",
    "Counts",
    "DayClock",
    "DayCounts",
    "DayLoop",
    "DueLoads",
    "Evaluation",
    "FormError",
    "LearnerProfile",
    "LogColumns",
    "MergeKind",
    "MoveKind",
    "MovePlan",
    "PresetForm",
    "ReschedulePlan",
    "RetentionAdvice",
    "Scheduler",
    "StudyCalendar",
    "StudyQueue",
    "TrainingSet",
    "VecPresets",
    "WorkloadResult",
    "WorkloadSetup",
    "balanced_days",
    "bin_keys",
    "build_training_set",
    "card_preset",
    "check_load",
    "check_retention",
    "check_weekdays",
    "day_loads",
    "days_between",
    "decay_of",
    "deck_presets",
    "evaluate",
    "format_parameters",
    "fuzz",
    "fuzz_bounds",
    "fuzz_days",
    "fuzz_rng",
    "learner_from_counts",
    "learner_from_log",
    "load_from_text",
    "log_loss",
    "merge_card",
    "parse_retention",
    "plan_advance",
    "plan_break",
    "plan_postpone",
    "plan_reschedule",
    "predict",
    "preset_from_form",
    "recency_weights",
    "recompute_memory",
    "replay",
    "replay_key",
    "retention_advice",
    "retrievability",
    "review",
    "review_kind",
    "rmse_bins",
    "simulate_workload",
    "study_days",
]
