"""Exams: profiles, the learner's exam goals, readiness, the study plan, coverage, exam mode.

One module per use case: ``goals`` (book, list, remove, exam mode on and off), ``exam_mode``
(the due policy of a study session, and moving reviews at once), ``report`` (readiness and the
plan; its data in ``report_data``, its JSON typed in ``report_json``), ``last_mock`` (the latest
mock exam against the prediction), ``history`` (readiness over time, adherence), ``coverage``;
``profiles`` parses the exam profiles. What the reports read is kept by ``reads`` and ``cache``
(docs/readiness.md, "Readiness cache"). ``service`` puts them behind one ``ExamService``.

Other layers import from here. The names load on first use: ``pmstudy exam profiles`` needs
only the profiles, not NumPy and the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmstudy.faces import loaded_on_first_use

if TYPE_CHECKING:
    from pmstudy.services.exams.coverage import Coverage, coverage_from_tags
    from pmstudy.services.exams.exam_mode import ExamModePolicy, GoalPolicy
    from pmstudy.services.exams.last_mock import LastMock
    from pmstudy.services.exams.profiles import load_specs, parse_exam_instant, spec_from_profile
    from pmstudy.services.exams.report_data import (
        ExamReport,
        SimulationInfo,
        TodayProgress,
        UnmappedDeck,
    )
    from pmstudy.services.exams.report_json import CoverageJson, PlanJson, ReadinessJson
    from pmstudy.services.exams.service import ExamService

_HOMES = {
    "Coverage": ".coverage",
    "coverage_from_tags": ".coverage",
    "ExamModePolicy": ".exam_mode",
    "GoalPolicy": ".exam_mode",
    "LastMock": ".last_mock",
    "load_specs": ".profiles",
    "parse_exam_instant": ".profiles",
    "spec_from_profile": ".profiles",
    "ExamReport": ".report_data",
    "SimulationInfo": ".report_data",
    "TodayProgress": ".report_data",
    "UnmappedDeck": ".report_data",
    "CoverageJson": ".report_json",
    "PlanJson": ".report_json",
    "ReadinessJson": ".report_json",
    "ExamService": ".service",
}

__all__ = [
    "Coverage",
    "CoverageJson",
    "ExamModePolicy",
    "ExamReport",
    "ExamService",
    "GoalPolicy",
    "LastMock",
    "PlanJson",
    "ReadinessJson",
    "SimulationInfo",
    "TodayProgress",
    "UnmappedDeck",
    "coverage_from_tags",
    "load_specs",
    "parse_exam_instant",
    "spec_from_profile",
]


__getattr__ = loaded_on_first_use(__name__, _HOMES)
