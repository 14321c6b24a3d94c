"""``pmstudy cards --search`` and the sections ``pmstudy stats --json`` gained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmstudy.cli import main


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory holding the bundled starter deck, a fixed 'now', UTC."""
    data = tmp_path / "data"
    monkeypatch.setenv("PMSTUDY_DATA_DIR", str(data))
    monkeypatch.setenv("PMSTUDY_NOW", "2026-11-22T09:00:00+00:00")
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    monkeypatch.delenv("PMSTUDY_DATABASE_URL", raising=False)
    assert main(["decks", "--json"]) == 0  # first start: installs the starter deck
    return data


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cards_json(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cards", "--search", "deck:Scrum sprint", "--json", "--limit", "3")
    assert code == 0
    rows = json.loads(out)
    assert 1 <= len(rows) <= 3
    for row in rows:
        assert set(row) >= {
            "id",
            "deck",
            "front",
            "state",
            "due",
            "stability",
            "difficulty",
            "retrievability",
        }
        assert row["deck"].startswith("Scrum")
        assert row["state"] == "new"
        assert row["retrievability"] is None


def test_cards_table_and_sorting(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "cards", "--search", "is:new", "--limit", "2", "--sort", "deck", "--descending"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["id", "deck", "state", "due"]
    assert len(lines) == 4
    assert lines[-1].endswith("(2 shown)")
    code, out, _ = run(capsys, "cards", "--search", "deck:Nothing")
    assert code == 0
    assert out.splitlines()[-1] == "0 cards"


def test_a_bad_query_is_one_line_with_the_position(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "cards", "--search", "deck:Scrum is:nope")
    assert code == 1
    assert out == ""
    assert err.strip() == (
        "pmstudy: error: is: takes one of new|learn|review|due|suspended|buried|leech|flagged,"
        " not 'nope' (at character 15)"
    )


def test_stats_json_keeps_its_keys_and_adds_sections(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0
    stats = json.loads(out)
    for key in ("cards_total", "cards_new", "reviews_today", "streak_days", "retention_30d"):
        assert key in stats
    for key in (
        "card_counts",
        "forecast",
        "reviews_per_day",
        "heatmap",
        "intervals",
        "stability",
        "difficulty",
        "retrievability",
        "true_retention",
        "hours",
        "calibration",
    ):
        assert key in stats
    assert stats["card_counts"]["new"] == stats["cards_new"]
    assert len(stats["forecast"]["due"]) == 90
    assert len(stats["heatmap"]["counts"]) == 365
    assert set(stats["true_retention"]) == {"today", "week", "month", "year"}
    assert len(stats["hours"]) == 24
    assert stats["calibration"]["hard_as_fail"]["flagged"] is False
    # the text form is unchanged
    code, out, _ = run(capsys, "stats")
    assert code == 0
    assert out.splitlines()[0].startswith("Cards")
