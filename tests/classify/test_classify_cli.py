"""``pmstudy classify`` end to end through ``main``: a CSV deck with no tags is imported,
classified onto CAPM, applied, counted by readiness and coverage, and taken back by --undo;
bad input is one line, a non-zero exit and an unchanged database."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from pmstudy.clock import SystemClock
from pmstudy.services.container import Services, build_services
from pmstudy.settings import load_settings
from tests.conftest import run_cli

# Study notes such as a candidate brings: no tags, no exam in sight.
NOTES = """\
What does a project charter authorize?,The project manager to use organisational resources
What is a risk register?,A list of identified risks with their owners and planned responses
What is earned value?,The budgeted cost of the work performed so far
Who prioritises the product backlog in Scrum?,The product owner
What is the critical path?,The longest sequence of dependent activities; it sets the duration
How should a project manager handle a conflict between team members?,Address it early and together
What is a work breakdown structure?,A hierarchy of the deliverables and the work to produce them
What does a burndown chart show?,The work left against time in an iteration
"""


@pytest.fixture
def imported(env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The data folder after ``pmstudy import notes.csv --deck "My notes"``."""
    csv = tmp_path / "notes.csv"
    csv.write_text(NOTES, encoding="utf-8")
    code, _, err = run_cli(capsys, "import", str(csv), "--deck", "My notes")
    assert code == 0, err
    return env


def _services() -> Services:
    """Services on the data folder the commands use (the environment's)."""
    return build_services(load_settings({}), SystemClock(), sync_decks=False)


def _db_digest(data: Path) -> str:
    """What the commands may change, read straight from the file: the notes and settings."""
    with closing(sqlite3.connect(data / "pmstudy.sqlite3")) as db:
        rows = [
            *db.execute("SELECT id, tags, modified_at FROM notes ORDER BY id"),
            *db.execute("SELECT key, value FROM settings ORDER BY key"),
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _classify(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    code, out, err = run_cli(
        capsys, "classify", "--deck", "My notes", "--exam", "capm", "--json", *extra
    )
    assert code == 0, err
    result = json.loads(out)
    assert isinstance(result, dict)
    return result


def _coverage(capsys: pytest.CaptureFixture[str]) -> int:
    code, out, err = run_cli(capsys, "coverage", "--exam", "capm", "--json")
    assert code == 0, err
    cards = json.loads(out)["cards"]
    assert isinstance(cards, int)
    return cards


def test_csv_import_classify_apply_readiness_and_undo(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _classify(capsys)
    notes = before["notes"]
    assert isinstance(notes, list)
    assert len(notes) == 8
    assert before["mapped"] == 0
    assert before["suggested"] + before["unsure"] == 8  # type: ignore[operator]
    first = notes[0]
    assert first["front"] == "What does a project charter authorize?"
    assert first["current"] == []
    assert 0.0 <= first["domain_confidence"] <= 1.0
    assert first["task_confidence"] <= first["domain_confidence"]
    assert _coverage(capsys) == 0

    # everything at a threshold of 0: every note gets a suggestion and is tagged
    applied = _classify(capsys, "--apply", "--min-confidence", "0")
    assert applied["applied"] == 8
    written = {n["note_id"]: n["applied"] for n in applied["notes"]}  # type: ignore[union-attr]
    assert all(n["applied"] == n["suggested_tag"] for n in applied["notes"])  # type: ignore[union-attr]
    after = _classify(capsys)
    assert after["mapped"] == 8
    assert {n["note_id"]: n["current"] for n in after["notes"]} == {  # type: ignore[union-attr]
        note_id: [tag] for note_id, tag in written.items()
    }
    assert _coverage(capsys) == 8

    code, _, err = run_cli(
        capsys, "exam", "add", "capm", "--date", "2027-03-01", "--deck", "My notes"
    )
    assert code == 0, err
    code, out, err = run_cli(capsys, "readiness", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["cards"] == 8
    assert report["untagged_cards"] == 0
    assert sum(d["cards"] for d in report["domains"]) >= 8

    # applying again changes nothing: every note is mapped now
    code, out, _ = run_cli(capsys, "classify", "--deck", "My notes", "--exam", "capm", "--apply")
    assert code == 0
    assert "8 already mapped" in out
    assert "Nothing to tag." in out

    code, out, err = run_cli(capsys, "classify", "--undo")
    assert code == 0, err
    assert "8 notes have their tags from before" in out
    assert _coverage(capsys) == 0
    code, out, err = run_cli(capsys, "readiness", "--json")
    assert json.loads(out)["untagged_cards"] == 8
    code, _, err = run_cli(capsys, "classify", "--undo")
    assert code == 1
    assert err == "pmstudy: error: no classify apply to undo\n"


def test_apply_tags_only_unmapped_notes_unless_overwrite(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _classify(capsys, "--apply", "--min-confidence", "0")
    mine = {n["note_id"]: n for n in first["notes"]}  # type: ignore[union-attr]
    # the learner marks note 1 as not on the exam (the TUI's 'n'), through the service
    with _services() as services:
        services.classify.apply("capm", "My notes", {1: "exam::capm::not-on-exam"})
    again = _classify(capsys, "--apply", "--min-confidence", "0")
    assert again["applied"] == 0  # nothing unmapped: nothing written
    by_id = {n["note_id"]: n for n in again["notes"]}  # type: ignore[union-attr]
    assert by_id[1]["current"] == ["exam::capm::not-on-exam"]
    overwritten = _classify(capsys, "--apply", "--overwrite", "--min-confidence", "0")
    assert overwritten["applied"] == 1
    by_id = {n["note_id"]: n for n in overwritten["notes"]}  # type: ignore[union-attr]
    assert by_id[1]["applied"] == mine[1]["applied"]
    assert [n["note_id"] for n in overwritten["notes"] if n["applied"]] == [1]  # type: ignore[union-attr]


def test_undo_refuses_when_a_note_changed_since(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _classify(capsys, "--apply", "--min-confidence", "0")
    with _services() as services:
        card = services.browser.search('"deck:My notes"').ids[2]
        services.browser.add_tags([card], ["edited"])
    digest = _db_digest(imported)
    code, _, err = run_cli(capsys, "classify", "--undo")
    assert code == 1
    assert err.startswith("pmstudy: error: not undone: the tags of note 3 changed since")
    assert _db_digest(imported) == digest
    assert _coverage(capsys) == 8


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--deck", "Nope", "--exam", "capm", "--apply"), "no deck named 'Nope'"),
        (("--deck", "My notes", "--exam", "nope", "--apply"), "no exam profile 'nope'"),
        (("--deck", "My notes", "--exam", "capm", "--apply", "--min-confidence", "1.5"), "0 to 1"),
        (("--deck", "My notes", "--apply"), "name the deck and the exam"),
        (("--undo", "--deck", "My notes"), "--undo takes no --deck"),
        (("--deck", "My notes", "--exam", "capm", "--overwrite"), "--overwrite goes with"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    imported: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    digest = _db_digest(imported)
    code, out, err = run_cli(capsys, "classify", *argv)
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert _db_digest(imported) == digest


def test_without_scikit_learn_it_says_how_to_install(
    imported: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the extra not installed: importing sklearn fails as it would
    for name in [m for m in sys.modules if m.split(".")[0] == "sklearn"] + ["sklearn"]:
        monkeypatch.setitem(sys.modules, name, None)
    from pmstudy.services.classify import service

    monkeypatch.setattr(service, "_models", {})
    digest = _db_digest(imported)
    code, out, err = run_cli(capsys, "classify", "--deck", "My notes", "--exam", "psm-1", "--apply")
    assert code == 1
    assert out == ""
    assert err == (
        "pmstudy: error: suggesting domains needs scikit-learn: pip install 'pmstudy[classify]'\n"
    )
    assert _db_digest(imported) == digest
