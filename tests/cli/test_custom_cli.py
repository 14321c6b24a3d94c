"""``pmstudy custom``: the cards a custom study takes, on a real data folder (Scrum, PSM I)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code, out, err = run_cli(capsys, "custom", *argv, "--json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def test_new_cards_are_left_out_and_the_line_says_how_to_take_them(
    booked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "custom", "--search", "deck:Scrum")
    assert code == 0
    found = len(json.loads(run_cli(capsys, "cards", "--search", "deck:Scrum", "--json")[1]))
    assert out.splitlines()[-1] == (
        f"0 cards to study, of {found} found; left out: {found} new (--new)."
    )


def test_limit_order_and_what_is_over_the_limit(
    booked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = _json(capsys, "--search", "deck:Scrum", "--new", "--limit", "5")
    assert len(chosen["cards"]) == 5
    assert chosen["left_out"]["over_limit"] == chosen["found"] - 5
    assert all(card["state"] == "new" for card in chosen["cards"])
    first = _json(capsys, "--search", "deck:Scrum", "--new", "--order", "random", "--seed", "3")
    again = _json(capsys, "--search", "deck:Scrum", "--new", "--order", "random", "--seed", "3")
    other = _json(capsys, "--search", "deck:Scrum", "--new", "--order", "random", "--seed", "4")
    assert [c["id"] for c in first["cards"]] == [c["id"] for c in again["cards"]]
    assert [c["id"] for c in first["cards"]] != [c["id"] for c in other["cards"]]
    code, out, _ = run_cli(capsys, "custom", "--search", "deck:Scrum", "--new", "--limit", "2")
    assert code == 0
    assert "Study them in the app" in out


def test_an_exam_domain_and_the_weakest_tasks(
    booked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = ("--new", "--limit", "9999")
    domain = _json(capsys, "--domain", "people-teams", "--exam", "psm-1", *everything)
    assert domain["cards"]
    assert all(
        any(t.startswith("exam::psm-1::people-teams") for t in card["tags"])
        for card in domain["cards"]
    )
    weakest = _json(capsys, "--weakest", "2", *everything)
    readiness = json.loads(run_cli(capsys, "readiness", "--json")[1])
    tasks = [f"exam::psm-1::{t['domain']}" for t in readiness["weakest_tasks"][:2]]
    assert weakest["cards"]
    assert all(any(t.startswith(tuple(tasks)) for t in c["tags"]) for c in weakest["cards"])


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--domain", "nope"], 1, "has no domain 'nope' (domains: "),
        (["--task", "people-teams"], 2, "--task takes DOMAIN::TASK"),
        (["--flagged", "--exam", "psm-1"], 2, "--exam goes with --domain, --task or --weakest"),
        (["--search", "deck:("], 1, "deck: needs a name"),
        (["--search", "x", "--limit", "0"], 2, "argument --limit: must be 1 to 9999, not 0"),
        (["--flagged", "--search", "x"], 2, "not allowed with argument"),
        ([], 2, "one of the arguments"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    booked: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    message: str,
) -> None:
    before = run_cli(capsys, "stats", "--json")[1]
    got, _, err = run_cli(capsys, "custom", *argv)
    assert got == code
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) <= 3  # argparse's usage lines, or one error line
    assert run_cli(capsys, "stats", "--json")[1] == before
