"""``pmstudy deck delete/remove/rename/move`` and ``pmstudy exam link/unlink`` on a temporary
data folder: what goes with a deck (history counts, exam links), the refusals, and what
readiness and the exam list see after a link changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.domain.model import Rating
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.conftest import START, run_cli


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    code, out, err = run_cli(capsys, *argv)
    assert (code, err) == (0, ""), err
    return json.loads(out)


def _decks(capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    found = _json(capsys, "decks", "--json")
    assert isinstance(found, list)
    return {d["name"]: d["total"] for d in found}


def _answer(data: Path, deck: str, count: int) -> None:
    """``count`` answers (Good) in ``deck``, through the study session."""
    with build_services(
        Settings(data_dir=data, timezone="UTC"), FixedClock(START), seed=1, sync_decks=False
    ) as services:
        deck_id = next(n.id for n in services.study.deck_tree() if n.name == deck)
        session = services.study.start(deck_id)
        for _ in range(count):
            assert session.next_card() is not None
            session.answer(Rating.GOOD, duration_ms=1000)


def _book(capsys: pytest.CaptureFixture[str], deck: str) -> None:
    """Exam 1: PSM I on 2027-01-10, linked to ``deck``."""
    assert run_cli(capsys, "exam", "add", "psm-1", "--date", "2027-01-10", "--deck", deck)[0] == 0


@pytest.fixture
def mine(tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The Scrum deck (first start) and Mine::Sub with two cards from a CSV file."""
    assert "Scrum" in _decks(capsys)
    cards = tmp_path / "cards.csv"
    cards.write_text("front,back\none,1\ntwo,2\n")
    assert run_cli(capsys, "import", str(cards), "--deck", "Mine::Sub")[0] == 0
    return env


def test_delete_says_what_goes_and_unlinks_the_exam(
    mine: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _answer(mine, "Mine::Sub", 2)
    _book(capsys, "Scrum")
    assert run_cli(capsys, "exam", "link", "1", "Mine::Sub")[0] == 0

    code, out, err = run_cli(capsys, "deck", "delete", "Mine")
    assert code == 1
    assert out == (
        "will delete 'Mine' and its 1 sub-deck(s): 2 card(s), 2 note(s) used only there, "
        "2 review(s) of history\n  exam 1 (psm-1) loses its link to it\n"
    )
    assert err == "pmstudy: error: nothing deleted: add --yes to delete the deck without asking\n"
    assert "Mine::Sub" in _decks(capsys)

    removed = _json(capsys, "deck", "delete", "Mine", "--yes", "--json")
    assert removed == {
        "decks": ["Mine", "Mine::Sub"],
        "cards": 2,
        "notes": 2,
        "reviews": 2,
        "exams": [{"id": 1, "profile": "psm-1", "unlinked": True}],
    }
    assert not {"Mine", "Mine::Sub"} & set(_decks(capsys))
    goals = _json(capsys, "exam", "list", "--json")
    assert isinstance(goals, list)
    assert goals[0]["decks"] == ["Scrum"]
    stats = _json(capsys, "stats", "--json")
    assert isinstance(stats, dict)
    assert stats["reviews_total"] == 0


def test_delete_of_a_deck_an_exam_counts_through_its_parent(
    mine: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _book(capsys, "Mine")
    code, out, _ = run_cli(capsys, "deck", "delete", "Mine::Sub", "--yes")
    assert code == 0
    assert out.splitlines() == [
        "deleted 'Mine::Sub': 2 card(s), 2 note(s) used only there, 0 review(s) of history",
        "  exam 1 (psm-1) counts its cards through 'Mine': they leave its readiness",
    ]
    # the last deck of an exam is refused, with the way out
    code, out, err = run_cli(capsys, "deck", "delete", "Mine", "--yes")
    assert (code, out) == (1, "")
    assert err == (
        "pmstudy: error: 'Mine' holds every deck of exam 1 (psm-1): remove the exam first "
        "('pmstudy exam remove 1') or link it to another deck ('pmstudy exam link 1 DECK')\n"
    )


def test_remove_is_an_alias_of_delete(mine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "deck", "remove", "Mine", "--yes")
    assert code == 0
    assert out.startswith("removed 'Mine' and its 1 sub-deck(s): 2 card(s)")
    assert "Mine" not in _decks(capsys)


def test_rename(mine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "deck", "rename", "Mine", "Course::Mine")
    assert (code, out) == (0, "renamed 'Mine' to 'Course::Mine' (and 1 sub-deck(s))\n")
    assert _decks(capsys)["Course::Mine::Sub"] == 2
    code, _, err = run_cli(capsys, "deck", "rename", "Course", "Scrum")
    assert (code, err) == (1, "pmstudy: error: a deck named 'Scrum' exists already\n")


def test_move_and_its_refusals(mine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "deck", "move", "Mine", "--under", "Scrum")
    assert (code, out) == (0, "moved 'Mine' to 'Scrum::Mine' (and 1 sub-deck(s))\n")
    assert _decks(capsys)["Scrum::Mine::Sub"] == 2
    moved = _json(capsys, "deck", "move", "Scrum::Mine::Sub", "--top", "--json")
    assert moved == {"deck": "Scrum::Mine::Sub", "now": "Sub", "decks": 1}
    assert run_cli(capsys, "deck", "rename", "Sub", "Mine")[0] == 0
    before = _decks(capsys)
    for argv, error in (
        (("Scrum", "--under", "Scrum"), "cannot move 'Scrum' under 'Scrum': that is the deck "),
        (("Scrum", "--under", "Scrum::Mine"), "cannot move 'Scrum' under 'Scrum::Mine': that "),
        (("Scrum::Mine", "--top"), "a deck named 'Mine' exists already"),
        (("Scrum::Mine", "--under", "Scrum"), "'Scrum::Mine' is already under 'Scrum'"),
        (("Mine", "--top"), "'Mine' is already at the top level"),
        (("Mine", "--under", "Nope"), "no deck named 'Nope' (see 'pmstudy decks')"),
        (("Nope", "--under", "Mine"), "no deck named 'Nope' (see 'pmstudy decks')"),
    ):
        code, out, err = run_cli(capsys, "deck", "move", *argv)
        assert (code, out) == (1, ""), argv
        assert err.startswith("pmstudy: error: " + error), err
        assert len(err.splitlines()) == 1
        assert _decks(capsys) == before
    code, _, err = run_cli(capsys, "deck", "move", "Mine")
    assert code == 2
    assert "one of the arguments --under --top is required" in err


def test_link_and_unlink_change_readiness_and_the_exam_list(
    mine: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _book(capsys, "Scrum")
    before = _json(capsys, "readiness", "--json")
    assert isinstance(before, dict)

    linked = _json(capsys, "exam", "link", "psm-1", "Mine", "--json")
    assert linked == {"id": 1, "profile": "psm-1", "decks": ["Mine", "Scrum"]}
    after = _json(capsys, "readiness", "--json")
    assert isinstance(after, dict)
    assert after["cards"] == before["cards"] + 2
    assert after["untagged_cards"] == before["untagged_cards"] + 2
    goals = _json(capsys, "exam", "list", "--json")
    assert isinstance(goals, list)
    assert goals[0]["decks"] == ["Mine", "Scrum"]

    code, out, _ = run_cli(capsys, "exam", "unlink", "1", "Mine")
    assert (code, out) == (0, "exam 1 (psm-1) links 'Scrum'\n")
    again = _json(capsys, "readiness", "--json")
    assert isinstance(again, dict)
    assert (again["cards"], again["untagged_cards"]) == (before["cards"], before["untagged_cards"])

    for argv, error in (
        (("unlink", "1", "Scrum"), "exam 1 (psm-1) would have no deck left: link another deck"),
        (("unlink", "1", "Mine"), "exam 1 (psm-1) does not link 'Mine'; it links 'Scrum'"),
        (("link", "1", "Nope"), "no deck named 'Nope' (see 'pmstudy decks')"),
        (("link", "7", "Mine"), "no exam with id 7 (see 'pmstudy exam list')"),
        (("link", "pmp-2026", "Mine"), "no exam 'pmp-2026' is set (see 'pmstudy exam list')"),
    ):
        code, out, err = run_cli(capsys, "exam", *argv)
        assert (code, out) == (1, ""), argv
        assert err.startswith(f"pmstudy: error: {error}"), err
        assert len(err.splitlines()) == 1
    goals = _json(capsys, "exam", "list", "--json")
    assert isinstance(goals, list)
    assert goals[0]["decks"] == ["Scrum"]
