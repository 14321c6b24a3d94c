"""The dashboard's eligibility line (issue 19): above the countdown of each exam ahead that has
a requirement on file (training hours, months of experience), none for an exam without one
(PSM I). Pilot tests of what it says, and SVG snapshots at 80x24 and 120x40 of a CAPM exam
with hours logged.

Update the baselines with
``pytest tests/tui/test_snapshots_eligibility_dashboard.py --snapshot-update``.
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
from pmstudy.tui.screens.dashboard_exams import NO_EXAM
from pmstudy.tui.widgets.readiness import ExamReadiness
from tests.tui.screen_shots import settle, steady
from tests.tui.support import screen_text

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def _course(hours: float) -> EligibilityEntry:
    return EligibilityEntry(
        None, "training", "Prep course", "ACME", dt.date(2026, 10, 1), None, hours
    )


def _job(start: dt.date, end: dt.date) -> EligibilityEntry:
    return EligibilityEntry(None, "experience", "PM", "ACME", start, end)


def _eligibility_lines(text: str) -> list[str]:
    return [line.strip(" │") for line in text.splitlines() if "eligibility:" in line]


async def test_each_exam_with_a_requirement_shows_its_line(mock_services: Services) -> None:
    mock_services.exams.add("capm", "2027-02-15", decks=["Sample::Mock"])
    mock_services.exams.add("psm-1", "2027-01-10", decks=["Sample::Mock"])
    mock_services.eligibility.add(_course(14))
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert len(app.screen.query(ExamReadiness)) == 2
        text = screen_text(app)
        # one line: CAPM's (PSM I has no requirement on file)
        assert _eligibility_lines(text) == ["eligibility: 14/23 h training"]
        # above CAPM's countdown, not PSM I's
        rows = text.splitlines()
        line = next(i for i, r in enumerate(rows) if "eligibility:" in r)
        assert "CAPM" in rows[line + 1]
        assert "days left" in rows[line + 1]


async def test_the_line_follows_the_log(mock_services: Services) -> None:
    mock_services.exams.add("pmp-2026", "2027-03-01", decks=["Sample::Mock"])
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert _eligibility_lines(screen_text(app)) == [
            "eligibility: not logged yet — pmstudy eligibility add"
        ]
        mock_services.eligibility.add(_course(35))
        mock_services.eligibility.add(_job(dt.date(2022, 1, 1), dt.date(2024, 12, 31)))
        await pilot.press("r")
        await settle(pilot)
        assert _eligibility_lines(screen_text(app)) == [
            "eligibility: 35/35 h training · 36/36 months experience ✓"
        ]


async def test_no_line_without_a_requirement_or_an_exam(mock_services: Services) -> None:
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert NO_EXAM in screen_text(app)
        mock_services.exams.add("psm-1", "2027-01-10", decks=["Sample::Mock"])
        mock_services.eligibility.add(_course(14))  # logged, but PSM I asks for none
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(app)
        assert "days left" in text
        assert "eligibility" not in text


async def _scroll_to_exam(pilot: Pilot[Any]) -> None:
    """The exam's panel at the top of the dashboard (at 80x24 it is below the decks)."""
    await settle(pilot)
    panel = pilot.app.screen.query_one(".dash-exam")
    panel.scroll_visible(top=True, animate=False)
    await settle(pilot)


@SIZES
def test_dashboard_with_eligibility(
    snap_compare: SnapCompare, mock_services: Services, size: tuple[int, int]
) -> None:
    mock_services.exams.add("capm", "2027-02-15", decks=["Sample::Mock"])
    mock_services.eligibility.add(_course(14))
    mock_services.eligibility.add(_course(6.5))
    app = PmStudyApp(services=mock_services)
    assert snap_compare(app, terminal_size=size, run_before=steady(_scroll_to_exam))
