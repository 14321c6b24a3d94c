"""The tuning commands: exit codes, JSON, one-line errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pmstudy.services.tuning import fsrs_engine
from tests.conftest import run_cli
from tests.tuning.support import HISTORY_NOW, history_copy, write_synthetic_history

NOW = HISTORY_NOW


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding a synthetic learner's history (made once)."""
    data = tmp_path_factory.mktemp("tuning-cli")
    write_synthetic_history(data)
    return data


@pytest.fixture
def env(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the template, reached through the environment."""
    return history_copy(template, tmp_path, monkeypatch)


def test_optimize_json_and_progress(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "optimize", "--json")
    assert code == 0, err
    [result] = json.loads(out)
    assert result["preset"] == "Default"
    assert result["status"] == "saved"
    assert result["new"]["log_loss"] < result["old"]["log_loss"]
    assert len(result["new_parameters"]) == 21
    assert list(result) == [  # the --json contract: these keys, in this order
        "preset", "scope", "status", "saved", "message", "reviews_read", "reviews_used",
        "training_items", "cards", "cards_skipped", "partial_fit", "seconds", "old", "new",
        "old_parameters", "new_parameters",
    ]  # fmt: skip
    assert result["message"].startswith("preset Default: log loss ")
    assert "fitting on" in err  # progress goes to stderr
    code, out, _ = run_cli(capsys, "optimize", "--quiet")
    assert code == 0
    assert "log loss" in out


def test_optimize_errors(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run_cli(capsys, "optimize", "--preset", "Nope")
    assert code == 1
    assert err.startswith("pmstudy: error: no preset named 'Nope'")
    code, _, err = run_cli(capsys, "optimize", "--preset", "Default", "--deck", "Synthetic")
    assert code == 2
    assert "not allowed with" in err
    code, _, err = run_cli(capsys, "optimize", "--deck", "Nowhere")
    assert code == 1
    assert "no deck named" in err
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)  # as if the extra were absent
    assert not fsrs_engine.available()
    code, _, err = run_cli(capsys, "optimize")
    assert code == 1
    assert "install pmstudy[optimizer]" in err
    assert len(err.strip().splitlines()) == 1
    # everything else works without it
    assert run_cli(capsys, "evaluate", "--json")[0] == 0
    assert run_cli(capsys, "reschedule", "--dry-run")[0] == 0
    assert run_cli(capsys, "simulate", "--days", "5", "--no-advice")[0] == 0


def test_evaluate_json(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "evaluate", "--json")
    assert code == 0
    report = json.loads(out)
    assert set(report["overall"]) == {"log_loss", "rmse_bins", "items"}
    assert list(report["decks"]) == ["Synthetic"]
    assert report["presets"]["Default"] == report["overall"]
    code, out, _ = run_cli(capsys, "evaluate")
    assert code == 0
    assert out.splitlines()[1].startswith("overall")


def test_reschedule_dry_run_apply_undo(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "optimize", "--quiet")[0] == 0
    code, out, _ = run_cli(capsys, "reschedule", "--deck", "Synthetic", "--dry-run", "--json")
    assert code == 0
    preview = json.loads(out)
    assert preview["applied"] is False
    assert preview["cards_changed"] > 0
    assert len(preview["forecast_before"]) == 30
    assert list(preview)[:4] == ["scopes", "applied", "step", "cards_written"]
    code, out, _ = run_cli(capsys, "reschedule", "--json")
    applied = json.loads(out)
    assert code == 0
    assert applied["applied"]
    assert applied["cards_written"] == preview["cards_changed"]
    code, out, _ = run_cli(capsys, "reschedule", "--undo", "--json")
    assert code == 0
    assert json.loads(out)["restored"] == applied["cards_written"]
    code, _, err = run_cli(capsys, "reschedule", "--undo")
    assert code == 1
    assert "no reschedule to undo" in err
    code, _, err = run_cli(capsys, "reschedule", "--undo", "--dry-run")
    assert code == 2


def test_simulate_json_and_usage(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        capsys, "simulate", "--days", "20", "--new-per-day", "5", "--retention", "0.85",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert len(report["days"]) == 20
    assert report["retention"] == 0.85
    assert report["advice"]["best_retention"] in [g["retention"] for g in report["advice"]["grid"]]
    code, out, _ = run_cli(capsys, "simulate", "--days", "10", "--no-advice")
    assert code == 0
    assert "reviews:" in out
    code, _, err = run_cli(capsys, "simulate", "--retention", "1.5")
    assert code == 2
    assert "retention" in err
