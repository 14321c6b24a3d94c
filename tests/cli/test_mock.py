"""`pmstudy mock history` and `pmstudy mock show`: text, a stable JSON shape, one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from pmstudy.cli import main
from pmstudy.clock import FixedClock
from pmstudy.domain.fmt import duration
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.cli.conftest import LATER
from tests.cli.mock_sitting import start_mock
from tests.conftest import START

SUMMARY_KEYS = [
    "id",
    "kind",
    "exam",
    "title",
    "started_at",
    "finished_at",
    "items",
    "full_length",
    "right",
    "scored",
    "percent",
    "needed",
    "passed",
]
RESULT_KEYS = [
    *SUMMARY_KEYS,
    "ended",
    "notes",
    "bands_assumed",
    "band_thresholds",
    "domains",
    "pretest",
    "unanswered",
    "time_used_ms",
    "limit_ms",
    "mean_item_ms",
    "pace",
    "slowest",
    "item_results",
]
ITEM_KEYS = [
    "position",
    "card_id",
    "domain",
    "task",
    "scored",
    "response",
    "correct",
    "flagged",
    "time_ms",
    "front",
]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _mock(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """Mock 1 as ``mock show --json`` gives it (the bank's size decides its items)."""
    code, out, _ = _run(capsys, "mock", "show", "1", "--json")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    return data


def _minutes(ms: int) -> str:
    return duration(ms / 1000)


def _services(data: Path) -> tuple[FixedClock, Services]:
    clock = FixedClock(dt.datetime.fromisoformat(LATER))
    return clock, build_services(Settings(data_dir=data, timezone="UTC"), clock, seed=1)


def test_history_lists_each_mock_on_one_line(
    mocked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mock = _mock(capsys)
    items = mock["items"]
    code, out, err = _run(capsys, "mock", "history")
    assert (code, err) == (0, "")
    header, line = out.splitlines()
    columns = ["Id", "Finished", "Exam", "Kind", "Items", "Score", "Result", "Length"]
    assert header.split() == columns
    finished = dt.datetime.fromisoformat(mock["finished_at"])
    assert line.split() == [
        "1",
        f"{finished:%Y-%m-%d}",
        f"{finished:%H:%M}",
        "psm-1",
        "exam",
        str(items),
        f"{100 * (items - 5) / items:.1f}%",
        "pass",
        f"({math.ceil(0.85 * items)}",
        "needed)",
        "full",
        "length",
    ]


def test_history_json(mocked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "mock", "history", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["mocks", "unfinished"]
    assert data["unfinished"] is None
    [mock] = data["mocks"]
    assert list(mock) == SUMMARY_KEYS
    assert mock["kind"] == "exam"
    assert mock["exam"] == "psm-1"
    items = mock["items"]
    assert items == 80  # the Scrum bank holds a full PSM I mock
    assert (mock["right"], mock["scored"]) == (items - 5, items)
    assert mock["percent"] == round(100 * (items - 5) / items, 1)
    assert (mock["needed"], mock["passed"]) == (math.ceil(0.85 * items), True)
    assert mock["full_length"] is True
    # 20 s an answer, then the clock ran out: the mock ended at its limit (PSM I's pace)
    limit_s = math.ceil(60 * items / 80) * 60
    assert mock["finished_at"] == (START + dt.timedelta(seconds=limit_s + 1)).isoformat()


def test_history_of_one_exam(mocked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for exam in ("psm-1", "1"):  # a profile, or the booked exam's id
        code, out, _ = _run(capsys, "mock", "history", "--exam", exam, "--json")
        assert code == 0
        assert [m["id"] for m in json.loads(out)["mocks"]] == [1]
    code, out, _ = _run(capsys, "mock", "history", "--exam", "capm")
    assert code == 0
    assert out.startswith("no mock exam of capm yet: take one in the TUI")
    code, _, err = _run(capsys, "mock", "history", "--exam", "nope")
    assert code == 1
    assert err.startswith("pmstudy: error: no exam profile 'nope'")
    assert len(err.strip().splitlines()) == 1


def test_empty_history(booked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "mock", "history")
    assert code == 0
    assert out == (
        "no mock exam yet: take one in the TUI (m on the dashboard, or 'Mock exam' in the "
        "command palette)\n"
    )
    code, out, _ = _run(capsys, "mock", "history", "--json")
    assert code == 0
    assert json.loads(out) == {"mocks": [], "unfinished": None}


def test_an_unfinished_mock_is_named_and_cannot_be_shown(
    booked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock, services = _services(booked)
    try:
        mock_id = start_mock(services, clock, answered=2)
        unfinished = services.mocks.unfinished()
    finally:
        services.close()
    assert unfinished is not None
    items, left = unfinished.items, unfinished.remaining_ms
    assert left == math.ceil(60 * items / 80) * 60_000 - 40_000
    code, out, _ = _run(capsys, "mock", "history")
    assert code == 0
    assert out.splitlines()[-1] == (
        f"unfinished: mock {mock_id}, Professional Scrum Master I (PSM I) mock exam, 2 of "
        f"{items} answered, {_minutes(left)} left: resume it in the TUI (pmstudy)"
    )
    code, out, _ = _run(capsys, "mock", "history", "--json")
    assert json.loads(out)["unfinished"] == {
        "id": mock_id,
        "title": "Professional Scrum Master I (PSM I) mock exam",
        "answered": 2,
        "items": items,
        "remaining_ms": left,
    }
    code, _, err = _run(capsys, "mock", "show", str(mock_id))
    assert code == 1
    assert err.startswith(f"pmstudy: error: mock {mock_id} is not finished: resume it in the TUI")


def test_a_practice_set_has_no_pass_or_length(
    mocked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, services = _services(mocked)
    try:
        run = services.mocks.start_practice("psm-1", items=5)
        run.submit()
    finally:
        services.close()
    code, out, _ = _run(capsys, "mock", "history")
    assert code == 0
    practice = out.splitlines()[1]
    assert practice.split()[4:] == ["practice", "5", "0.0%", "—", "—"]
    data = json.loads(_run(capsys, "mock", "history", "--json")[1])
    assert [(m["kind"], m["passed"]) for m in data["mocks"]] == [("practice", None), ("exam", True)]


def test_show_text(mocked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mock = _mock(capsys)
    items, limit = mock["items"], mock["limit_ms"]
    code, out, err = _run(capsys, "mock", "show", "1")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    finished = dt.datetime.fromisoformat(mock["finished_at"])
    assert lines[0] == "Mock 1: Professional Scrum Master I (PSM I) mock exam (psm-1)"
    assert lines[1] == (
        f"Full length, {items} items; 2026-11-22 09:00 – {finished:%H:%M} UTC; ended: time up"
    )
    assert lines[2] == (
        f"Score        {items - 5} of {items} scored items right "
        f"({100 * (items - 5) / items:.1f}%): pass, {math.ceil(0.85 * items)} needed to pass"
    )
    assert lines[3].startswith("Domains      (bands by pmstudy's assumed thresholds: ≥ 80% Above")
    assert "  Developing People and Teams" in out
    for line in (
        "Pretest      none",
        "Unanswered   2",
        f"Time         {_minutes(limit)} of {_minutes(limit)}; "
        f"{_minutes(mock['mean_item_ms'])} per item on average",
    ):
        assert line in lines
    first = mock["pace"][0]
    pacing = next(line for line in lines if line.startswith("Pacing"))
    # the n-th answer is given after n - 1 answers of 20 s
    assert first["used_ms"] == (first["item"] - 1) * 20_000
    assert pacing.startswith(
        f"Pacing       item {first['item']} at {_minutes(first['used_ms'])} "
        f"(even pace {_minutes(first['target_ms'])})"
    )
    slowest = next(line for line in lines if line.startswith("Slowest"))
    # the time left went to the item on screen at the end: the first blank one
    assert slowest.startswith(f"Slowest      item {items - 1} (")
    assert slowest.split(";")[0].endswith(", unanswered")
    assert not any(line.startswith("Note         Shortened") for line in lines)  # a full mock


def test_show_json_has_every_item(mocked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _mock(capsys)
    assert list(data) == RESULT_KEYS
    items = data["items"]
    assert (data["right"], data["scored"]) == (items - 5, items)
    assert (data["needed"], data["passed"]) == (math.ceil(0.85 * items), True)
    assert data["ended"] == "time-up"
    assert data["pretest"] == {"right": 0, "items": 0}
    assert data["unanswered"] == 2
    assert data["limit_ms"] == data["time_used_ms"] == math.ceil(60 * items / 80) * 60_000
    assert sum(d["items"] for d in data["domains"]) == items
    assert sum(d["right"] for d in data["domains"]) == items - 5
    assert data["band_thresholds"]["Above Target"] == 0.8
    assert [p["item"] for p in data["pace"]][-1] == items
    results = data["item_results"]
    assert [i["position"] for i in results] == list(range(1, items + 1))
    assert all(list(i) == ITEM_KEYS for i in results)
    assert [i["correct"] for i in results] == [True] * (items - 5) + [False] * 5
    assert [bool(i["response"]) for i in results[-5:]] == [True, True, True, False, False]
    assert results[0]["time_ms"] == 20_000
    assert all(isinstance(i["front"], str) and i["front"] for i in results)
    assert "<" not in results[0]["front"]  # plain text, no markup
    assert data["slowest"][0]["position"] == items - 1


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (("mock", "show", "99"), 1, "pmstudy: error: no mock 99"),
        (("mock", "show", "x"), 2, "invalid int value"),
        (("mock", "show"), 2, "the following arguments are required: id"),
        (("mock", "start"), 2, "invalid choice: 'start'"),
    ],
)
def test_errors_are_one_line(
    mocked: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], code: int, message: str
) -> None:
    got, out, err = _run(capsys, *argv)
    assert (got, out) == (code, "")
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_a_bank_too_small_for_the_exam_gives_a_shortened_mock_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    services = build_services(Settings(data_dir=data, timezone="UTC"), FixedClock(START), seed=1)
    try:
        services.decks.choose_exams([])  # only the twelve CAPM items below, no bundled deck
        services.decks.import_file(Path(__file__).parents[1] / "tui" / "decks" / "mock.toml")
        run = services.mocks.start_exam("capm")
        services.mocks.abandon(run.id)
    finally:
        services.close()
    monkeypatch.setenv("PMSTUDY_DATA_DIR", str(data))
    monkeypatch.setenv("PMSTUDY_NOW", LATER)
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    code, out, err = _run(capsys, "mock", "show", "1")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert any(re.match(r"Shortened, \d+ items;", line) for line in lines)
    assert any(line.startswith("Note         Shortened: your bank has") for line in lines)
    assert "Note         1 of the items is an unscored pretest item, mixed in" in out
