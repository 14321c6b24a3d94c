"""The command line: contract names, JSON output, exit codes, one-line errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pmstudy.cli import main
from tests.conftest import run_cli


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("pmstudy 0.")


def test_decks_json_and_table(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "decks", "--json")
    assert code == 0
    decks = json.loads(out)
    scrum = next(d for d in decks if d["name"] == "Scrum")
    assert set(scrum) >= {"name", "new", "learning", "due", "total"}
    assert scrum["new"] == 20
    assert (env / "pmstudy.sqlite3").exists()
    code, out, _ = run_cli(capsys, "decks")
    assert code == 0
    assert out.splitlines()[0].split() == ["Deck", "New", "Learn", "Due", "Total", "New", "by"]
    assert out.splitlines()[1].split() == ["Scrum", "20", "0", "0", "692", "preset"]


def test_stats_json(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "stats", "--json")
    assert code == 0
    stats = json.loads(out)
    for key in (
        "cards_new",
        "cards_review",
        "reviews_today",
        "reviews_total",
        "streak_days",
        "retention_30d",
    ):
        assert key in stats
    assert stats["reviews_total"] == 0


def test_data_dir_option_wins(
    tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    code, _, _ = run_cli(capsys, "--data-dir", str(other), "stats")
    assert code == 0
    assert (other / "pmstudy.sqlite3").exists()
    assert not env.exists()


def test_database_url(
    tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url_file = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv("PMSTUDY_DATABASE_URL", f"sqlite:///{url_file}")
    assert run_cli(capsys, "stats")[0] == 0
    assert url_file.exists()


def test_db_commands(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "decks")[0] == 0
    code, out, _ = run_cli(capsys, "db", "upgrade")
    assert code == 0
    assert "database at schema" in out
    code, out, _ = run_cli(capsys, "db", "check")
    assert code == 0
    assert "integrity: ok" in out
    code, out, _ = run_cli(capsys, "db", "backup")
    assert code == 0
    backup = Path(out.strip())
    assert backup.parent == env / "backups"
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT count(*) FROM cards").fetchone()[0] > 60


def test_bad_now_is_one_line_exit_1(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PMSTUDY_NOW", "yesterday")
    code, _, err = run_cli(capsys, "stats")
    assert code == 1
    assert err.startswith("pmstudy: error: setting PMSTUDY_NOW")
    assert len(err.strip().splitlines()) == 1


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "no-such-command")
    assert code == 2
    assert err.startswith("pmstudy: error: argument command: invalid choice")


def test_foreign_database_message(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env.mkdir(parents=True)
    with sqlite3.connect(env / "pmstudy.sqlite3") as db:
        db.execute("CREATE TABLE other (x)")
    code, _, err = run_cli(capsys, "stats")
    assert code == 1
    assert "is not a pmstudy database" in err
    assert "Traceback" not in err


def test_deck_check_reports_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = 1\nid = "b"\nname = "B"\n\n[[cards]]\nid = "x"\n')
    code, out, _ = run_cli(capsys, "deck", "check", str(bad))
    assert code == 1
    assert f"{bad}:5: cards[0]: a basic card needs a non-empty 'front'" in out


def test_deck_available_and_add(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "deck", "available", "--json")
    assert code == 0
    ids = {d["id"] for d in json.loads(out)}
    assert {"scrum", "pmp-2026", "capm", "prince2-7"} <= ids
    code, out, _ = run_cli(capsys, "deck", "add", "capm")
    assert code == 0
    assert "notes added" in out
    code, _, err = run_cli(capsys, "deck", "add", "nope")
    assert code == 1
    assert "no bundled deck nope" in err


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pmstudy", "stats"],
        env={"PMSTUDY_DATA_DIR": str(tmp_path), "PMSTUDY_NOW": "2026-13-45", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("pmstudy: error:")
