"""SVG snapshots (issue 19): the exams screen's one-line eligibility status above the exam's
countdown — nothing logged yet (the command to start), and hours logged toward CAPM's 23 — at
80x24 and 120x40; and an exam with no requirement on file shows no line.

Update the baselines with ``pytest tests/tui/test_snapshots_eligibility.py --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.domain.exam import EligibilityEntry
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from tests.tui.screen_shots import settle, steady
from tests.tui.support import screen_text

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def _course(hours: float, title: str) -> EligibilityEntry:
    return EligibilityEntry(None, "training", title, "ACME", dt.date(2026, 10, 1), None, hours)


async def _open_exams(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("x")
    await settle(pilot)


@SIZES
def test_exams_with_no_eligibility_logged(
    snap_compare: SnapCompare, mock_services: Services, size: tuple[int, int]
) -> None:
    mock_services.exams.add("capm", "2027-02-15", decks=["Sample::Mock"])
    app = PmStudyApp(services=mock_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_open_exams))


@SIZES
def test_exams_with_training_hours_logged(
    snap_compare: SnapCompare, mock_services: Services, size: tuple[int, int]
) -> None:
    mock_services.exams.add("capm", "2027-02-15", decks=["Sample::Mock"])
    mock_services.eligibility.add(_course(14, "PM fundamentals"))
    mock_services.eligibility.add(_course(6.5, "Agile basics"))
    app = PmStudyApp(services=mock_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_open_exams))


async def test_the_line_follows_the_log_and_the_exam(mock_services: Services) -> None:
    mock_services.exams.add("capm", "2027-02-15", decks=["Sample::Mock"])
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_exams(pilot)
        assert "eligibility: not logged yet — pmstudy eligibility add" in screen_text(app)
        mock_services.eligibility.add(_course(23, "CAPM prep"))
        await pilot.press("r")
        await settle(pilot)
        assert "eligibility: 23/23 h training ✓" in screen_text(app)


async def test_an_exam_without_a_requirement_has_no_line(mock_services: Services) -> None:
    mock_services.exams.add("psm-1", "2027-01-10", decks=["Sample::Mock"])
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_exams(pilot)
        text = screen_text(app)
        assert "days left" in text
        assert "eligibility" not in text
