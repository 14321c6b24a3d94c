"""`pmstudy calendar`: dates, easy days, the balancer switch; bad input changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli


def _digest(data: Path) -> str:
    return hashlib.sha256((data / "pmstudy.sqlite3").read_bytes()).hexdigest()


def test_set_list_clear_round_trip(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "calendar", "set", "2026-12-24..2026-12-26", "--load", "break")
    assert (code, out.splitlines()) == (
        0,
        [
            "2026-12-24..2026-12-26: break (3 day(s))",
            "cards already due on these dates stay there: "
            "'pmstudy break 2026-12-24 2026-12-26' moves them out",
        ],
    )
    assert run_cli(capsys, "calendar", "set", "2026-12-31", "--load", "0.75")[0] == 0
    code, out, _ = run_cli(capsys, "calendar", "list", "--json")
    listed = json.loads(out)
    assert listed["load_balancer"] is True
    assert listed["dates"] == [
        {"date": "2026-12-24", "load": 0.0},
        {"date": "2026-12-25", "load": 0.0},
        {"date": "2026-12-26", "load": 0.0},
        {"date": "2026-12-31", "load": 0.75},
    ]
    code, out, _ = run_cli(capsys, "calendar", "clear", "2026-12-25..2026-12-31")
    assert out.strip() == "cleared 3 date(s)"
    code, out, _ = run_cli(capsys, "calendar", "list")
    assert "2026-12-24  Thu  break" in out
    assert "2026-12-31" not in out


def test_easy_days_and_the_switch(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys, "calendar", "easy-days", "normal,normal,normal,normal,normal,reduced,minimum"
    )
    assert code == 0
    assert out.strip().endswith("Sat Reduced, Sun Minimum")
    assert run_cli(capsys, "calendar", "balance", "off")[0] == 0
    listed = json.loads(run_cli(capsys, "calendar", "list", "--json")[1])
    assert listed["load_balancer"] is False
    assert listed["easy_days"]["Default"] == [1, 1, 1, 1, 1, 0.5, 0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("set", "2026-13-01", "--load", "1"), "date '2026-13-01': write YYYY-MM-DD"),
        (("set", "2026-12-05..2026-12-01", "--load", "1"), "runs forward"),
        (("set", "2026-12-01", "--load", "2"), "load '2': normal, reduced, minimum, break"),
        (("set", "2026-12-01", "--load", "nan"), "load 'nan'"),
        (("clear", "tomorrow"), "date 'tomorrow'"),
        (("easy-days", "1,1,1"), "seven loads, Monday first"),
        (("easy-days", "1,1,1,1,1,1,x"), "load 'x'"),
        (("easy-days", "--preset", "Nope", "1,1,1,1,1,1,1"), "no preset named 'Nope'"),
        (("balance", "maybe"), "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    env: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    assert run_cli(capsys, "calendar", "set", "2026-12-24", "--load", "reduced")[0] == 0
    before = _digest(env)
    listed = run_cli(capsys, "calendar", "list", "--json")[1]
    code, out, err = run_cli(capsys, "calendar", *argv)
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert "Traceback" not in err
    assert _digest(env) == before
    assert run_cli(capsys, "calendar", "list", "--json")[1] == listed
