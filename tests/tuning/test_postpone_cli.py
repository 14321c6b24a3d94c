"""pmstudy postpone / advance / break: output, undo, and bad input (one line, non-zero, the
database unchanged)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.tuning.support import HISTORY_NOW, history_copy, write_synthetic_history

TODAY = HISTORY_NOW.date()  # 10:00 UTC, after the 4 am rollover
# What undo gives back row for row (the change log and caches record the undo itself).
DATA = ("cards", "review_log", "calendar_days", "notes", "decks")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding a synthetic learner's history (made once)."""
    data = tmp_path_factory.mktemp("postpone-cli")
    write_synthetic_history(data)
    return data


@pytest.fixture
def env(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the template, reached through the environment."""
    return history_copy(template, tmp_path, monkeypatch)


def _contents(data: Path) -> dict[str, str]:
    """A digest of every table's rows, by table."""
    db = next(data.glob("*.db")) if list(data.glob("*.db")) else next(data.glob("*.sqlite*"))
    with sqlite3.connect(db) as connection:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        digests = {}
        for table in tables:
            digest = hashlib.sha256()
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
            digests[table] = digest.hexdigest()
    return digests


def test_postpone_prints_the_loads_and_undoes(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _contents(env)
    code, out, _ = run_cli(capsys, "postpone", "--deck", "Synthetic", "--cards", "5")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("deck Synthetic: postponed 5 of ")
    assert any(line.startswith("before ") for line in lines)
    assert any(line.startswith("after ") for line in lines)
    assert lines[-1] == "undo with: pmstudy postpone --undo"
    assert _contents(env) != before
    code, out, _ = run_cli(capsys, "postpone", "--undo", "--json")
    assert code == 0
    assert json.loads(out)["restored"] == 5
    after = _contents(env)
    assert [after[t] for t in DATA] == [before[t] for t in DATA]


def test_advance_json_and_break_list(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "advance", "--cards", "2", "--dry-run", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["kind"], report["applied"], report["cards_moved"]) == ("advance", False, 2)
    start, end = TODAY + dt.timedelta(days=3), TODAY + dt.timedelta(days=5)
    code, out, _ = run_cli(capsys, "break", start.isoformat(), end.isoformat())
    assert code == 0
    assert out.startswith(f"break {start} to {end} (3 day(s) without reviews); all decks: ")
    code, out, _ = run_cli(capsys, "break", "--list")
    assert out.strip() == f"{start} to {end}"
    code, out, _ = run_cli(capsys, "break", "--undo")
    assert code == 0
    assert "3 break day(s) given back their load" in out
    assert run_cli(capsys, "break", "--list")[1].strip() == "no breaks planned"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["break", "2026-13-01", "2026-13-02"], "not a date (YYYY-MM-DD): '2026-13-01'"),
        (["break", "+3", "+5"], "not a date"),
        (["break", "{end}", "{start}"], "comes before the start"),
        (["break", "{past}", "{start}"], "lies before today"),
        (["break", "{start}"], "name the break's first and last day"),
        (["break", "{start}", "{end}", "--deck", "Nope"], "no deck named 'Nope'"),
        (["postpone", "--deck", "Nope"], "no deck named 'Nope'"),
        (["postpone", "--cards", "0"], "must be at least 1"),
        (["advance", "--cards", "many"], "not a whole number"),
        (["postpone", "--search", "deck:("], "--search: deck: needs a name"),
        (["postpone", "--undo"], "there is no postpone to undo"),
        (["advance", "--undo", "--deck", "Synthetic"], "--undo takes no other option"),
        (["break", "--undo", "{start}", "{end}"], "take no dates"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    env: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    dates = {
        "start": (TODAY + dt.timedelta(days=2)).isoformat(),
        "end": (TODAY + dt.timedelta(days=4)).isoformat(),
        "past": (TODAY - dt.timedelta(days=1)).isoformat(),
    }
    assert run_cli(capsys, "break", "--list")[0] == 0  # the first run stores the seed
    before = _contents(env)
    code, out, err = run_cli(capsys, *(a.format(**dates) for a in argv))
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert "Traceback" not in err
    assert _contents(env) == before
