"""Exams: the blueprint and goal, exam-day recall and readiness with intervals and evidence, the
pass probability, the study plan and its simulation, exam-mode scheduling, readiness over time
and the back-test.

Other packages import from here, not from the modules. The NumPy-backed modules load on first
use of one of their names, so that importing this package (start-up does) does not load NumPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmstudy.domain.exam.blueprint import (
    ABOUT_THE_EXAM,
    ExamDomain,
    ExamGoal,
    ExamSpec,
    ExamTask,
    PassKind,
    PassRule,
    about_exam,
    about_exam_tag,
    exam_tag,
    is_about_exam,
    tag_prefix,
)
from pmstudy.domain.exam.evidence import MIN_REVIEWS, MissingKind
from pmstudy.domain.exam.exam_mode import ExamModeRule, apply_exam_mode, choose_day, window
from pmstudy.domain.exam.history import ADHERENCE_DAYS, ReadinessPoint, adherence, kept
from pmstudy.domain.exam.plan import NewSchedule, StudyPlan, build_plan, new_schedule
from pmstudy.faces import loaded_on_first_use

if TYPE_CHECKING:
    from pmstudy.domain.exam.backtest_outcomes import BUCKETS, Outcomes, outcomes
    from pmstudy.domain.exam.backtesting import PRIOR_SD, Backtest, backtest
    from pmstudy.domain.exam.cardtable import (
        BoolArray,
        CardTable,
        CardTags,
        FloatArray,
        Groups,
        IntArray,
        Membership,
        MemoryColumns,
        membership,
    )
    from pmstudy.domain.exam.item_link import PRIOR_A, item_right, link_draws, prior_c
    from pmstudy.domain.exam.passprob import (
        ASSUMED_BAND_THRESHOLDS,
        allocate,
        assumed_band,
        at_least,
        pass_probabilities,
        poisson_binomial,
        poisson_binomial_rows,
    )
    from pmstudy.domain.exam.readiness import (
        card_decay,
        exam_day_ratio,
        exam_day_recall,
        recall_after,
    )
    from pmstudy.domain.exam.recalibration import (
        MIN_GAP_ANSWERS,
        MIN_GAP_DAYS,
        Recalibration,
        RecalibrationStatus,
        fit_platt,
        recalibrate,
    )
    from pmstudy.domain.exam.report import (
        CardInputs,
        DomainReadiness,
        PlanInputs,
        Readiness,
        TaskReadiness,
        Verdict,
        summarise,
        verdict_of,
    )
    from pmstudy.domain.exam.simulation import (
        ExamModeSim,
        SimulationResult,
        SimulationSetup,
        introduction_days,
        runs_for,
        simulate,
    )
    from pmstudy.domain.exam.uncertainty import (
        DRAWS,
        Estimate,
        UncertaintyInputs,
        prior_backtest_sd,
        stability_sd,
    )

_LAZY = {
    "BUCKETS": "pmstudy.domain.exam.backtest_outcomes",
    "Outcomes": "pmstudy.domain.exam.backtest_outcomes",
    "outcomes": "pmstudy.domain.exam.backtest_outcomes",
    "Backtest": "pmstudy.domain.exam.backtesting",
    "PRIOR_SD": "pmstudy.domain.exam.backtesting",
    "backtest": "pmstudy.domain.exam.backtesting",
    "BoolArray": "pmstudy.domain.exam.cardtable",
    "CardTable": "pmstudy.domain.exam.cardtable",
    "CardTags": "pmstudy.domain.exam.cardtable",
    "FloatArray": "pmstudy.domain.exam.cardtable",
    "Groups": "pmstudy.domain.exam.cardtable",
    "IntArray": "pmstudy.domain.exam.cardtable",
    "Membership": "pmstudy.domain.exam.cardtable",
    "MemoryColumns": "pmstudy.domain.exam.cardtable",
    "membership": "pmstudy.domain.exam.cardtable",
    "PRIOR_A": "pmstudy.domain.exam.item_link",
    "item_right": "pmstudy.domain.exam.item_link",
    "link_draws": "pmstudy.domain.exam.item_link",
    "prior_c": "pmstudy.domain.exam.item_link",
    "ASSUMED_BAND_THRESHOLDS": "pmstudy.domain.exam.passprob",
    "allocate": "pmstudy.domain.exam.passprob",
    "assumed_band": "pmstudy.domain.exam.passprob",
    "at_least": "pmstudy.domain.exam.passprob",
    "pass_probabilities": "pmstudy.domain.exam.passprob",
    "poisson_binomial": "pmstudy.domain.exam.passprob",
    "poisson_binomial_rows": "pmstudy.domain.exam.passprob",
    "card_decay": "pmstudy.domain.exam.readiness",
    "exam_day_ratio": "pmstudy.domain.exam.readiness",
    "exam_day_recall": "pmstudy.domain.exam.readiness",
    "recall_after": "pmstudy.domain.exam.readiness",
    "MIN_GAP_ANSWERS": "pmstudy.domain.exam.recalibration",
    "MIN_GAP_DAYS": "pmstudy.domain.exam.recalibration",
    "Recalibration": "pmstudy.domain.exam.recalibration",
    "RecalibrationStatus": "pmstudy.domain.exam.recalibration",
    "fit_platt": "pmstudy.domain.exam.recalibration",
    "recalibrate": "pmstudy.domain.exam.recalibration",
    "CardInputs": "pmstudy.domain.exam.report",
    "DomainReadiness": "pmstudy.domain.exam.report",
    "PlanInputs": "pmstudy.domain.exam.report",
    "Readiness": "pmstudy.domain.exam.report",
    "TaskReadiness": "pmstudy.domain.exam.report",
    "Verdict": "pmstudy.domain.exam.report",
    "summarise": "pmstudy.domain.exam.report",
    "verdict_of": "pmstudy.domain.exam.report",
    "ExamModeSim": "pmstudy.domain.exam.simulation",
    "SimulationResult": "pmstudy.domain.exam.simulation",
    "SimulationSetup": "pmstudy.domain.exam.simulation",
    "introduction_days": "pmstudy.domain.exam.simulation",
    "runs_for": "pmstudy.domain.exam.simulation",
    "simulate": "pmstudy.domain.exam.simulation",
    "DRAWS": "pmstudy.domain.exam.uncertainty",
    "Estimate": "pmstudy.domain.exam.uncertainty",
    "UncertaintyInputs": "pmstudy.domain.exam.uncertainty",
    "prior_backtest_sd": "pmstudy.domain.exam.uncertainty",
    "stability_sd": "pmstudy.domain.exam.uncertainty",
}


__getattr__ = loaded_on_first_use(__name__, _LAZY)


__all__ = [
    "ABOUT_THE_EXAM",
    "ADHERENCE_DAYS",
    "ASSUMED_BAND_THRESHOLDS",
    "BUCKETS",
    "DRAWS",
    "MIN_GAP_ANSWERS",
    "MIN_GAP_DAYS",
    "MIN_REVIEWS",
    "PRIOR_A",
    "PRIOR_SD",
    "Backtest",
    "BoolArray",
    "CardInputs",
    "CardTable",
    "CardTags",
    "DomainReadiness",
    "Estimate",
    "ExamDomain",
    "ExamGoal",
    "ExamModeRule",
    "ExamModeSim",
    "ExamSpec",
    "ExamTask",
    "FloatArray",
    "Groups",
    "IntArray",
    "Membership",
    "MemoryColumns",
    "MissingKind",
    "NewSchedule",
    "Outcomes",
    "PassKind",
    "PassRule",
    "PlanInputs",
    "Readiness",
    "ReadinessPoint",
    "Recalibration",
    "RecalibrationStatus",
    "SimulationResult",
    "SimulationSetup",
    "StudyPlan",
    "TaskReadiness",
    "UncertaintyInputs",
    "Verdict",
    "about_exam",
    "about_exam_tag",
    "adherence",
    "allocate",
    "apply_exam_mode",
    "assumed_band",
    "at_least",
    "backtest",
    "build_plan",
    "card_decay",
    "choose_day",
    "exam_day_ratio",
    "exam_day_recall",
    "exam_tag",
    "fit_platt",
    "introduction_days",
    "is_about_exam",
    "item_right",
    "kept",
    "link_draws",
    "membership",
    "new_schedule",
    "outcomes",
    "pass_probabilities",
    "poisson_binomial",
    "poisson_binomial_rows",
    "prior_backtest_sd",
    "prior_c",
    "recalibrate",
    "recall_after",
    "runs_for",
    "simulate",
    "stability_sd",
    "summarise",
    "tag_prefix",
    "verdict_of",
    "window",
]
