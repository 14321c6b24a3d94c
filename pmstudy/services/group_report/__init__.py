"""The trainer's group report: every learner's readiness, last mock, exam countdown and recent
activity, and the group's weakest exam tasks (docs/group.md, "Trainer's report").

``report`` builds it, opening each learner read-only; ``as_json`` gives the JSON of
``pmstudy group report --json``. Other layers import from here.
"""

from __future__ import annotations

from pmstudy.services.group_report.as_json import report_json
from pmstudy.services.group_report.report import (
    ACTIVITY_DAYS,
    CohortExam,
    GroupReport,
    GroupReports,
    LearnerExam,
    LearnerReport,
    MockGlance,
    Unavailable,
    group_report,
)

__all__ = [
    "ACTIVITY_DAYS",
    "CohortExam",
    "GroupReport",
    "GroupReports",
    "LearnerExam",
    "LearnerReport",
    "MockGlance",
    "Unavailable",
    "group_report",
    "report_json",
]
