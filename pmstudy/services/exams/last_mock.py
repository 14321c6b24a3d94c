"""The latest mock exam beside the readiness prediction (``pmstudy readiness``, the exams screen).

The mock is the one ``MockService.last`` finds (practice sets do not count). Its answers are
mock-exam rows of the review log, which the recall-to-item link learns from: a prediction made
with them would be fitted to the very score it is compared with (after one 50-item mock the two
agree by construction). So the mock is set against today's readiness with the link fitted on the
mock answers logged before it began (``Reports.report(link_before=...)``), the prediction it
could not inform; ``pmstudy.domain.exam.check_mock`` does the arithmetic. ``LastMock.as_dict`` is
the ``last_mock`` object of ``pmstudy readiness --json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from pmstudy.domain.exam import Estimate, MockCheck, check_mock
from pmstudy.services.exams.goals import Goals
from pmstudy.services.exams.report import Reports

if TYPE_CHECKING:
    from pmstudy.services.exams.report_json import EstimateJson, LastMockJson
    from pmstudy.services.mock import MockResult

# The latest finished exam mock of a profile (``MockService.last``), else None.
FindLastMock = Callable[[str], "MockResult | None"]


@dataclass(frozen=True)
class LastMock:
    """A finished mock exam and how its score compares with the prediction it did not inform."""

    result: MockResult
    check: MockCheck

    @property
    def finished_at(self) -> dt.datetime:
        """When the mock ended (its start for a record that lacks the end)."""
        summary = self.result.summary
        return summary.finished_at or summary.started_at

    def as_dict(self, zone: dt.tzinfo) -> LastMockJson:
        """JSON-ready form; ``date`` is the day the mock ended in ``zone``."""
        summary = self.result.summary
        score = self.result.score
        check = self.check
        bands = {d.domain: d.band for d in score.domains}
        return {
            "id": summary.id,
            "title": summary.title,
            "date": self.finished_at.astimezone(zone).date().isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "items": summary.items,
            "full_length": summary.full_length,
            "right": check.right,
            "scored": check.scored,
            "score": round(check.share, 4),
            "needed": score.needed,
            "passed": score.passed,
            "predicted": _estimate(check.predicted),
            "expected_range": {
                "low": round(check.expected_low, 4),
                "high": round(check.expected_high, 4),
            },
            "difference": round(check.difference, 4),
            "compared": check.compared.value,
            "bands_assumed": score.bands_assumed,
            "domains": [
                {
                    "id": d.id,
                    "name": d.name,
                    "right": d.right,
                    "items": d.items,
                    "score": round(d.share, 4),
                    "band": bands.get(d.id, ""),
                    "predicted": _estimate(d.predicted),
                    "predicted_band": d.predicted_band,
                }
                for d in check.domains
            ],
        }


def _estimate(estimate: Estimate) -> EstimateJson:
    return cast("EstimateJson", estimate.as_dict())


class LastMocks:
    """Finds an exam's latest mock and sets it against today's prediction."""

    def __init__(self, goals: Goals, reports: Reports, find: FindLastMock | None) -> None:
        self._goals = goals
        self._reports = reports
        self._find = find

    def last_mock(self, goal_id: int | None = None) -> LastMock | None:
        """The latest finished mock exam of the exam's profile against today's readiness (the
        link fitted without it and later mocks), or None when there is none."""
        goal = self._goals.goal(goal_id)
        result = None if self._find is None else self._find(goal.profile_id)
        if result is None:
            return None
        report = self._reports.report(
            goal.id, with_plan=False, link_before=result.summary.started_at
        )
        score = result.score
        return LastMock(
            result, check_mock(report.readiness, score.right, score.scored, score.domains)
        )
