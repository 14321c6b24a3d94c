"""Eligibility rules: requirements from exam-facts.md, hours summed, overlapping experience
counted once and only within the exam's window of years, malformed entries refused."""

from __future__ import annotations

import datetime as dt

import pytest

from pmstudy.domain.exam import EligibilityEntry, check_entry, eligibility_status, requirement
from pmstudy.domain.exam.eligibility import experience_months

TODAY = dt.date(2026, 12, 7)


def _training(hours: float, day: str = "2026-03-01") -> EligibilityEntry:
    return EligibilityEntry(
        None, "training", "Course", "ACME", dt.date.fromisoformat(day), None, hours
    )


def _work(start: str, end: str) -> EligibilityEntry:
    return EligibilityEntry(
        None,
        "experience",
        "Project",
        "Org",
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end),
    )


def test_requirements_follow_the_exam_facts() -> None:
    pmp, capm, acp = requirement("pmp-2026"), requirement("capm"), requirement("pmi-acp")
    assert pmp is not None
    assert capm is not None
    assert acp is not None
    assert (pmp.training_hours, pmp.experience_months, pmp.window_years) == (35, 36, 10)
    assert pmp.months_for("secondary") == 60
    assert pmp.months_for("associate") == 48
    assert (capm.training_hours, capm.experience_months) == (23, None)
    assert (acp.training_hours, acp.experience_months, acp.window_years) == (28, 24, 5)
    assert requirement("psm-1") is None
    with pytest.raises(ValueError, match="unknown education level 'phd'"):
        pmp.months_for("phd")


def test_overlapping_projects_count_once() -> None:
    a, b = _work("2024-01-01", "2024-12-31"), _work("2024-07-01", "2025-06-30")
    assert experience_months([a, b]) == pytest.approx(18, abs=0.1)
    assert experience_months([a, a]) == pytest.approx(12, abs=0.1)
    # adjacent spans join; a gap is not counted
    assert experience_months(
        [_work("2024-01-01", "2024-01-31"), _work("2024-03-01", "2024-03-31")]
    ) == (pytest.approx(62 / 30.4375))


def test_status_totals_and_what_is_missing() -> None:
    pmp = requirement("pmp-2026")
    assert pmp is not None
    entries = [_training(20), _training(8.5), _work("2024-06-01", "2026-11-30")]
    state = eligibility_status(pmp, entries, TODAY)
    assert state.hours == 28.5
    assert state.hours_missing == 6.5
    assert state.months == pytest.approx(30, abs=0.1)
    assert state.months_missing == pytest.approx(6, abs=0.1)
    assert not state.met
    assert eligibility_status(pmp, entries, TODAY, "gac").met is False  # hours still short
    assert eligibility_status(pmp, [*entries, _training(7)], TODAY, "gac").met


def test_experience_outside_the_window_does_not_count() -> None:
    acp = requirement("pmi-acp")  # 5 years
    assert acp is not None
    state = eligibility_status(acp, [_work("2010-01-01", "2021-12-06")], TODAY)
    assert state.months == 0
    state = eligibility_status(acp, [_work("2010-01-01", "2022-12-06")], TODAY)
    assert state.months == pytest.approx(12, abs=0.1)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_training(0), "hours: must be a number above 0"),
        (_training(1001), "hours: must be a number above 0"),
        (_work("2025-01-02", "2025-01-01"), "--to 2025-01-01 is before --from 2025-01-02"),
        (
            EligibilityEntry(None, "training", " ", "ACME", TODAY, None, 3),
            "title: must not be empty",
        ),
        (EligibilityEntry(None, "experience", "P", "O", TODAY), "needs an end date"),
    ],
)
def test_malformed_entries_are_refused_naming_the_field(
    entry: EligibilityEntry, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        check_entry(entry)
