"""Exam commands: JSON contract, human output, one-line errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmstudy.cli import main
from tests.conftest import run_cli


def test_profiles(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "exam", "profiles", "--json")
    assert code == 0
    profiles = {p["id"]: p for p in json.loads(out)}
    assert {"pmp-2026", "pmp-2021", "capm", "psm-1", "csm", "prince2-7-foundation"} <= set(profiles)
    assert profiles["psm-1"]["pass_mark"]["correct_needed"] == 68
    assert profiles["pmp-2026"]["pass_mark"]["correct_needed"] is None
    assert not env.exists()  # listing profiles needs no database
    code, out, _ = run_cli(capsys, "exam", "profiles")
    assert code == 0
    assert "68 of 80 (85%)" in out


def test_add_list_readiness_plan_coverage_remove(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        capsys, "exam", "add", "psm-1", "--date", "2027-01-10", "--time", "14:30"
    )
    assert code == 0
    assert out.startswith("exam 1: Professional Scrum Master I")
    code, out, _ = run_cli(capsys, "exam", "list", "--json")
    assert code == 0
    goals = json.loads(out)
    assert goals[0]["profile"] == "psm-1"
    assert goals[0]["decks"] == ["Scrum"]
    code, out, _ = run_cli(capsys, "readiness", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["exam"] == "psm-1"
    assert data["days_left"] == 49
    # nothing studied yet: no pass probability, but what is missing
    assert data["pass_probability_today"] is None
    assert data["pass_today"] is None
    assert {m["kind"] for m in data["missing"]} == {"seen", "reviews"}
    assert 0 < data["overall_plan"] <= 1
    plan = data["readiness_plan"]
    assert plan["low"] <= plan["value"] <= plan["high"]
    assert plan["level"] == 0.8
    code, out, _ = run_cli(capsys, "readiness", "--exam", "1")
    assert code == 0
    assert "Pass today        no number yet: review about" in out
    assert "68 of 80" in out
    assert "100.0" not in out
    # A 46-character domain name wraps onto its own line instead of being cut at 44.
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Understanding and"))
    assert lines[first + 1].strip() == "Framework"
    code, out, _ = run_cli(capsys, "plan", "--json")
    assert code == 0
    plan = json.loads(out)
    assert plan["new_per_day"] > 0
    assert len(plan["days"]) == 49
    code, out, _ = run_cli(capsys, "plan")
    assert code == 0
    assert "New cards:" in out
    code, out, _ = run_cli(capsys, "coverage", "--exam", "psm-1", "--json")
    assert code == 0
    assert json.loads(out)["cards"] > 100
    code, out, _ = run_cli(capsys, "coverage", "--exam", "psm-1")
    assert code == 0
    assert "framework" in out
    code, out, _ = run_cli(capsys, "exam", "mode", "1", "off")
    assert code == 0
    assert "exam mode off" in out
    code, out, _ = run_cli(capsys, "exam", "remove", "1")
    assert code == 0
    code, out, _ = run_cli(capsys, "exam", "list")
    assert code == 0
    assert "no exam set" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (("exam", "add", "nope", "--date", "2027-01-01"), 1, "no exam profile 'nope'"),
        (("exam", "add", "psm-1", "--date", "2020-01-01"), 1, "in the past"),
        (("exam", "add", "psm-1", "--date", "2027-13-01"), 1, "not a real date"),
        (("exam", "add", "psm-1", "--date", "10.01.2027"), 1, "not YYYY-MM-DD"),
        (("exam", "add", "psm-1", "--date", "2027-01-01", "--deck", "Nope"), 1, "no deck named"),
        (("exam", "add", "psm-1"), 2, "--date"),
        (("exam", "remove", "x"), 2, "invalid int"),
        (("exam", "remove", "7"), 1, "no exam with id 7"),
        (("readiness",), 1, "no exam is set"),
        (("coverage",), 2, "--exam"),
    ],
)
def test_errors_are_one_line_with_exit_codes(
    env: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], code: int, message: str
) -> None:
    got, _out, err = run_cli(capsys, *argv)
    assert got == code
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("pmstudy: error:")


# Regression: an exam linked to decks without its tags (a Quizlet export, an Anki deck) once
# ended `readiness` and `plan` in `internal error: UFuncTypeError` (a bincount over no card is
# int64), and the TUI then died at start on every launch.
QUIZLET = "\n".join(f"What is term {i}?\tTerm {i} is the answer number {i}." for i in range(1, 13))


def test_readiness_and_plan_of_an_untagged_deck(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "quizlet_export.tsv"
    export.write_text(QUIZLET + "\n", encoding="utf-8")
    assert main(["import", str(export), "--deck", "Quiz"]) == 0
    assert main(["exam", "add", "capm", "--date", "2027-02-05", "--deck", "Quiz"]) == 0
    capsys.readouterr()
    assert main(["readiness", "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out)
    assert data["untagged_cards"] == 12
    assert main(["readiness"]) == 0
    out, err = capsys.readouterr()
    assert "internal error" not in out + err
    assert main(["plan", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new_remaining"] == 12
    assert not (env / "crash.log").exists()
