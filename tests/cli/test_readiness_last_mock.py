"""`pmstudy readiness` shows the last mock exam beside the prediction (`last_mock` in its JSON)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pmstudy.cli import main

LAST_MOCK_KEYS = [
    "id",
    "title",
    "date",
    "finished_at",
    "items",
    "full_length",
    "right",
    "scored",
    "score",
    "needed",
    "passed",
    "predicted",
    "expected_range",
    "difference",
    "compared",
    "bands_assumed",
    "domains",
]
DOMAIN_KEYS = ["id", "name", "right", "items", "score", "band", "predicted", "predicted_band"]


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["readiness", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def _text(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["readiness"]) == 0
    return capsys.readouterr().out


def test_no_mock_gives_null_and_says_how_to_take_one(
    booked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(capsys)
    # added last, in turn: the other keys keep their place
    assert list(data)[-3:] == ["today", "last_mock", "eligibility"]
    assert data["last_mock"] is None
    assert data["mock_exam_answers"] == 0
    assert (
        "No mock exam yet: take one in the TUI (m on the dashboard, or 'Mock exam' in the command "
        "palette) to check this prediction." in _text(capsys)
    )


def test_the_last_mock_against_the_prediction_it_did_not_inform(
    mocked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(capsys)
    last = data["last_mock"]
    assert isinstance(last, dict)
    assert list(last) == LAST_MOCK_KEYS
    items = last["items"]
    assert data["mock_exam_answers"] == items - 2  # the report itself learns from the mock
    assert (last["id"], last["date"], last["full_length"]) == (1, "2026-11-22", True)
    assert (last["right"], last["scored"]) == (items - 5, items)
    assert last["score"] == round((items - 5) / items, 4)
    assert (last["needed"], last["passed"]) == (math.ceil(0.85 * items), True)
    predicted = last["predicted"]
    assert predicted["level"] == 0.8
    assert predicted["low"] <= predicted["value"] <= predicted["high"]
    # nothing studied: the prediction rests on the link's priors (a guess among four options,
    # about 30 %), not on this mock's 90 % and more
    assert predicted["value"] < 0.5
    assert last["expected_range"]["low"] < predicted["low"]
    assert last["expected_range"]["high"] > predicted["high"]
    assert last["difference"] == pytest.approx(last["score"] - predicted["value"], abs=1e-3)
    assert last["compared"] == "above"
    assert last["bands_assumed"] is True
    domains = last["domains"]
    assert all(list(d) == DOMAIN_KEYS for d in domains)
    assert sum(d["items"] for d in domains) == items
    assert sum(d["right"] for d in domains) == items - 5
    assert {d["band"] for d in domains} <= {
        "Above Target",
        "Target",
        "Below Target",
        "Needs Improvement",
    }
    assert all(d["predicted_band"] is None for d in domains)  # PSM I publishes a pass mark


def test_readiness_text_shows_the_last_mock(
    mocked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(capsys)
    last = data["last_mock"]
    assert isinstance(last, dict)
    points = round(last["difference"] * 100)
    items, right = last["items"], last["right"]
    lines = _text(capsys).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Last mock"))
    assert lines[at].startswith(
        f"Last mock (2026-11-22, {items} items, full length): {100 * right / items:.0f}% — "
        "predicted today "
    )
    assert lines[at].endswith(f": {points} points above the prediction")
    assert lines[at + 1].startswith(
        f"  {right} of {items} right, pass ({last['needed']} needed); a {items}-item mock scores "
    )
    assert lines[at + 1].endswith("this one is above it, so the prediction may be too low.")
    assert "learnt without this mock" in lines[at + 2]
    assert "49 days to the exam" in lines[at + 2]
    assert lines[at + 3].split() == ["Domain", "Mock", "Predicted", "today"]
    assert any("Developing People and Teams" in line for line in lines[at + 4 :])
    assert "  (mock bands by pmstudy's assumed thresholds, docs/readiness.md)" in lines
