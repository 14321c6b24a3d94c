"""pmstudy eligibility: add, list (totals against the exam), remove, export as CSV; bad input is
one line, exit non-zero, database unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.conftest import run_cli

Capsys = pytest.CaptureFixture[str]
NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


def _rows(env: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(env / "pmstudy.sqlite3") as connection:
        return connection.execute("SELECT * FROM eligibility_entries ORDER BY id").fetchall()


def _log(capsys: Capsys) -> None:
    for argv in (
        ("training", "--hours", "20", "--date", "2026-03-01", "--provider", "ACME Training",
         "--title", "PMP bootcamp", "--reference", "C-1"),
        ("training", "--hours", "8", "--date", "2026-05-01", "--provider", "=HYPERLINK(1)",
         "--title", "Agile basics"),
        ("experience", "--from", "2024-06-01", "--to", "2026-10-31", "--organisation", "Globex",
         "--title", "ERP rollout"),
        ("experience", "--from", "2025-01-01", "--to", "2025-06-30", "--organisation", "Initech",
         "--title", "Overlapping project"),
    ):  # fmt: skip
        code, out, err = run_cli(capsys, "eligibility", "add", *argv)
        assert code == 0, err
        assert out.startswith("added #")


def test_list_totals_against_the_chosen_exam_counting_overlaps_once(
    env: Path, capsys: Capsys
) -> None:
    _log(capsys)
    code, out, _ = run_cli(capsys, "eligibility", "list", "--exam", "pmp-2026")
    assert code == 0
    assert "ACME Training — PMP bootcamp  [C-1]" in out
    # 20 + 8 hours; June 2024 .. October 2026 is 29 months, the overlapping project adds none
    assert "PMP (ECO July 2026): 28 of 35 contact hours; 29 of 36 months of experience" in out
    assert "still to log: 7 contact hours and 7 months of experience" in out
    assert "check PMI's current handbook" in out
    code, out, _ = run_cli(
        capsys, "eligibility", "list", "--exam", "pmp-2026", "--education", "gac"
    )
    assert "29 of 24 months" in out
    assert "still to log: 7 contact hours\n" in out
    code, out, _ = run_cli(capsys, "eligibility", "list", "--exam", "capm", "--json")
    data = json.loads(out)
    assert len(data["entries"]) == 4
    assert data["status"]["training_hours"] == 28
    assert data["status"]["training_hours_required"] == 23
    assert data["status"]["experience_months_required"] is None
    assert data["status"]["met"] is True


def test_list_defaults_to_the_next_booked_exam_with_a_requirement(
    env: Path, capsys: Capsys
) -> None:
    _log(capsys)
    code, out, _ = run_cli(capsys, "eligibility", "list")
    assert code == 0
    assert "no booked exam with an eligibility requirement" in out
    services = build_services(Settings(data_dir=env, timezone="UTC"), FixedClock(NOW), seed=1)
    services.decks.install(["capm"])
    services.exams.add("capm", "2027-03-01")
    services.close()
    code, out, _ = run_cli(capsys, "eligibility", "list")
    assert "28 of 23 contact hours; no experience required" in out
    assert "the logged entries cover the requirement" in out


def test_bad_input_is_one_line_and_changes_nothing(env: Path, capsys: Capsys) -> None:
    _log(capsys)
    before = _rows(env)
    for argv, message in [
        (("add", "training", "--hours", "0", "--date", "2026-01-01", "--provider", "P",
          "--title", "T"), "hours must be above 0"),
        (("add", "training", "--hours", "nan", "--date", "2026-01-01", "--provider", "P",
          "--title", "T"), "hours must be above 0"),
        (("add", "training", "--hours", "3", "--date", "2026-13-01", "--provider", "P",
          "--title", "T"), "not a date (YYYY-MM-DD): '2026-13-01'"),
        (("add", "training", "--hours", "3", "--date", "2026-01-01", "--provider", "P",
          "--title", "  "), "title: must not be empty"),
        (("add", "experience", "--from", "2025-02-01", "--to", "2025-01-01",
          "--organisation", "O", "--title", "T"), "--to 2025-01-01 is before --from 2025-02-01"),
        (("remove", "99"), "no eligibility entry with id 99"),
        (("list", "--exam", "psm-1"), "exam 'psm-1' has no eligibility requirement"),
        (("list", "--exam", "7"), "--exam: no exam goal with id 7"),
    ]:  # fmt: skip
        code, _, err = run_cli(capsys, "eligibility", *argv)
        assert code != 0, argv
        assert message in err, (argv, err)
        assert len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
    assert _rows(env) == before


def test_remove_deletes_one_entry_and_prints_it(env: Path, capsys: Capsys) -> None:
    _log(capsys)
    code, out, _ = run_cli(capsys, "eligibility", "remove", "1")
    assert code == 0
    assert "removed #1: training" in out
    assert "PMP bootcamp" in out
    assert [r[0] for r in _rows(env)] == [2, 3, 4]


def test_export_writes_an_audit_log_and_never_overwrites_unasked(
    env: Path, capsys: Capsys, tmp_path: Path
) -> None:
    _log(capsys)
    target = tmp_path / "audit.csv"
    code, out, _ = run_cli(capsys, "eligibility", "export", "--format", "csv", "-o", str(target))
    assert code == 0
    assert "4 entries" in out
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["kind"] for r in rows] == ["experience", "experience", "training", "training"]
    erp = rows[0]
    assert (erp["date"], erp["end_date"], erp["months"]) == ("2024-06-01", "2026-10-31", "29.0")
    bootcamp = next(r for r in rows if r["title"] == "PMP bootcamp")
    assert (bootcamp["contact_hours"], bootcamp["reference"]) == ("20", "C-1")
    # a spreadsheet shows a provider that looks like a formula as text
    assert any(r["provider_or_organisation"] == "'=HYPERLINK(1)" for r in rows)

    target.write_text("mine\n")
    code, _, err = run_cli(capsys, "eligibility", "export", "-o", str(target))
    assert code != 0
    assert "already exists" in err
    assert target.read_text() == "mine\n"
    assert run_cli(capsys, "eligibility", "export", "-o", str(target), "--force")[0] == 0
    assert target.read_text().startswith("id,kind,date")
    code, _, err = run_cli(capsys, "eligibility", "export", "-o", str(tmp_path / "no" / "x.csv"))
    assert code != 0
    assert "does not exist" in err


def test_readiness_json_carries_the_eligibility_status(env: Path, capsys: Capsys) -> None:
    services = build_services(Settings(data_dir=env, timezone="UTC"), FixedClock(NOW), seed=1)
    services.decks.install(["capm", "scrum"])
    capm = services.exams.add("capm", "2027-03-01")
    psm = services.exams.add("psm-1", "2027-04-01")
    services.close()
    code, out, _ = run_cli(capsys, "readiness", "--exam", str(capm.id), "--json")
    assert code == 0
    assert json.loads(out)["eligibility"]["training_hours"] == 0
    _log(capsys)
    code, out, _ = run_cli(capsys, "readiness", "--exam", str(capm.id), "--json")
    status = json.loads(out)["eligibility"]
    assert (status["exam"], status["training_hours"], status["met"]) == ("capm", 28, True)
    assert "check PMI's current handbook" in status["caveat"]
    code, out, _ = run_cli(capsys, "readiness", "--exam", str(psm.id), "--json")
    assert json.loads(out)["eligibility"] is None
