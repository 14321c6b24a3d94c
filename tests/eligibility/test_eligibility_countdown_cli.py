"""The eligibility status beside the exam countdown on the command line: ``pmstudy readiness``
prints it under the countdown line, ``pmstudy exam list`` under each exam's row; only for an
exam with a requirement on file (CAPM here), nothing for PSM I."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.conftest import run_cli

Capsys = pytest.CaptureFixture[str]
NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


def _book(env: Path) -> tuple[int, int]:
    services = build_services(Settings(data_dir=env, timezone="UTC"), FixedClock(NOW), seed=1)
    services.decks.install(["capm", "scrum"])
    capm = services.exams.add("capm", "2027-03-01")
    psm = services.exams.add("psm-1", "2027-04-01")
    services.close()
    assert capm.id is not None
    assert psm.id is not None
    return capm.id, psm.id


def _add_hours(capsys: Capsys, hours: str) -> None:
    code, _, err = run_cli(
        capsys, "eligibility", "add", "training", "--hours", hours, "--date", "2026-10-01",
        "--provider", "ACME", "--title", "Prep",
    )  # fmt: skip
    assert code == 0, err


def test_readiness_prints_the_status_under_the_countdown(env: Path, capsys: Capsys) -> None:
    capm, psm = _book(env)
    code, out, _ = run_cli(capsys, "readiness", "--exam", str(capm))
    assert code == 0
    lines = out.splitlines()
    assert "days left" in lines[0]
    assert lines[1] == "eligibility: not logged yet — pmstudy eligibility add"
    _add_hours(capsys, "14")
    _, out, _ = run_cli(capsys, "readiness", "--exam", str(capm))
    assert out.splitlines()[1] == "eligibility: 14/23 h training"
    _add_hours(capsys, "9")
    _, out, _ = run_cli(capsys, "readiness", "--exam", str(capm))
    assert out.splitlines()[1] == "eligibility: 23/23 h training ✓"
    _, out, _ = run_cli(capsys, "readiness", "--exam", str(psm))
    assert "days left" in out.splitlines()[0]
    assert "eligibility" not in out


def test_exam_list_prints_the_status_under_each_exam_with_a_requirement(
    env: Path, capsys: Capsys
) -> None:
    _book(env)
    _add_hours(capsys, "14")
    code, out, _ = run_cli(capsys, "exam", "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert "capm" in lines[0]
    assert "99 days left" in lines[0]
    assert lines[1] == "     eligibility: 14/23 h training"
    assert "psm-1" in lines[2]
