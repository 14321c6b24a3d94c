"""`pmstudy readiness --backtest [--json]`: the table, the JSON contract, what is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmstudy.cli import main
from pmstudy.commands.backtest import recalibration_text
from pmstudy.domain.exam import backtest
from pmstudy.tui.screens.backtest import recalibration_line
from tests.backtest.conftest import NOW
from tests.domain.exam.test_backtest import TRUE, _synthetic


def _env(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    monkeypatch.setenv("PMSTUDY_DATA_DIR", str(data))
    monkeypatch.setenv("PMSTUDY_NOW", NOW.isoformat())
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    monkeypatch.delenv("PMSTUDY_DATABASE_URL", raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_and_json_on_a_history(
    history_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _env(monkeypatch, history_dir)
    code, out, err = _run(capsys, "readiness", "--backtest")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Back-test: ")
    assert lines[1].split() == [
        "Gap", "(days)", "Horizon", "Answers", "Predicted", "Observed", "Bias", "Log", "loss",
        "Error", "sd",
    ]  # fmt: skip
    assert [line.split()[0] for line in lines[2:6]] == ["4–10", "11–21", "22–45", "46–90"]
    assert lines[2].split()[1:3] == ["7", "d"]
    assert "pts" in lines[2]
    assert lines[6].startswith("all gaps")
    assert (
        "Recalibration: not fitted; back-test needs at least 1,000 answers after gaps of 7+ days"
        " for a recalibration; you have " in out
    )
    code, out, err = _run(capsys, "readiness", "--backtest", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["enough_data"] is False
    assert data["minimum_gap_answers"] == 1000
    assert [h["horizon_days"] for h in data["horizons"]] == [7, 14, 30, 60]
    assert data["horizons"][2]["gap_days"] == {"from": 22, "to": 45}
    row = data["horizons"][0]
    assert row["bias"] == pytest.approx(row["predicted"] - row["observed"], abs=2e-4)
    assert 0 < row["error_sd"] < 0.2
    assert data["recalibration"]["status"] == "too_few_answers"
    assert data["recalibration"]["fitted"] is False
    assert f"you have {data['gap_answers']:,}" in _run(capsys, "readiness", "--backtest")[1]


def test_an_empty_collection_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _env(monkeypatch, tmp_path / "data")
    code, out, err = _run(capsys, "readiness", "--backtest")
    assert code == 0, err
    assert "nothing to test" in out
    assert "you have 0." in out
    assert "46–90" in out
    code, out, _ = _run(capsys, "readiness", "--backtest", "--json")
    assert json.loads(out)["answers"] == 0


@pytest.mark.parametrize(
    ("coefficients", "seed", "expected"),
    [
        (TRUE, 7, "Recalibration: fitted on "),
        (None, 11, "Recalibration: not used; fitted on the earlier answers it did not predict"),
    ],
)
def test_the_recalibration_sentence_says_what_was_done(
    coefficients: tuple[float, float, float] | None, seed: int, expected: str
) -> None:
    result = backtest(_synthetic(20_000, seed=seed, coefficients=coefficients))
    text = recalibration_text(result.recalibration, result)
    assert text.startswith(expected)
    assert f"log loss on the latest {result.recalibration.held_out:,} of them" in text
    screen_line = recalibration_line(result).plain
    assert screen_line.startswith("Recalibration fitted") == result.recalibration.fitted
