"""Regressions: an exam linked to decks without its tags (a Quizlet export, an Anki deck).

Before the fix, `pmstudy readiness` and `plan` ended in `internal error: UFuncTypeError` (a
bincount over no card is int64), and the TUI then died at start on every launch.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmstudy.cli import main

QUIZLET = "\n".join(f"What is term {i}?\tTerm {i} is the answer number {i}." for i in range(1, 13))


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory, a fixed start time, UTC."""
    data = tmp_path / "data"
    monkeypatch.setenv("PMSTUDY_DATA_DIR", str(data))
    monkeypatch.setenv("PMSTUDY_NOW", "2026-12-07T09:00:00+00:00")
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    monkeypatch.delenv("PMSTUDY_DATABASE_URL", raising=False)
    return data


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
