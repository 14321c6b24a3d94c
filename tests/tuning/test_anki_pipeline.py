"""The optimiser's choices that follow Anki's deck options: relearning steps, keeping the current
parameters, and the "ignore reviews before" date (``pmstudy optimize --ignore-before``)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from pmstudy.domain.scheduling import DEFAULT_PARAMETERS
from pmstudy.services.container import Services
from pmstudy.services.tuning import fsrs_engine
from pmstudy.services.tuning.optimize import steps_within_a_day
from pmstudy.tui.screens.tuning_text import optimize_message
from tests.conftest import run_cli
from tests.tuning.support import history_copy, write_history, write_synthetic_history
from tests.tuning.synthetic import generate

# Same-day Goods raise stability under these (large w17 and w18): after a lapse from S = 1 and
# two relearning steps, S ends above 1.
INFLATING = tuple(
    v if i not in (17, 18) else (1.2 if i == 17 else 0.6) for i, v in enumerate(DEFAULT_PARAMETERS)
)


def test_relearning_steps_counted_as_anki_deck_options_count_them() -> None:
    assert steps_within_a_day(()) == 0
    assert steps_within_a_day((600,)) == 1
    assert steps_within_a_day((600, 1200)) == 2
    assert steps_within_a_day((600, 86_400, 600)) == 1  # the second ends a day later
    assert steps_within_a_day((86_400,)) == 0


def test_relearning_shrinks_under_the_defaults_and_not_under_inflating_parameters() -> None:
    assert fsrs_engine.relearning_shrinks(DEFAULT_PARAMETERS, 3)
    assert not fsrs_engine.relearning_shrinks(INFLATING, 2)


def _with_preset(services: Services, relearning: tuple[int, ...]) -> None:
    [scope] = services.presets.scopes(preset="Default")
    services.presets.save(replace(scope.preset, relearning_steps=relearning, fsrs_params=INFLATING))


@pytest.mark.parametrize(("relearning", "status"), [((600,), "kept"), ((600, 1200), "saved")])
def test_a_fit_no_better_replaces_inflating_parameters_only_with_several_relearning_steps(
    empty_services: Services,
    monkeypatch: pytest.MonkeyPatch,
    relearning: tuple[int, ...],
    status: str,
) -> None:
    """As Anki: current parameters that score at least as well are kept, unless the preset has
    several relearning steps and they would let relearning raise a lapsed card's stability."""
    write_history(empty_services, generate(150, 150, seed=4))
    _with_preset(empty_services, relearning)
    seen: dict[str, object] = {}

    def same_as_current(data: object, *, relearning_steps: int) -> tuple[float, ...]:
        seen["steps"] = relearning_steps
        return INFLATING  # scores exactly as the current ones

    monkeypatch.setattr(fsrs_engine, "fit", same_as_current)
    [result] = empty_services.optimizer.optimize()
    assert seen["steps"] == len(relearning)
    assert result.status == status
    if status == "saved":
        assert "score no better" in optimize_message(result)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("anki-pipeline")
    write_synthetic_history(data)
    return data


@pytest.fixture
def env(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return history_copy(template, tmp_path, monkeypatch)


def _stored_parameters(data: Path) -> object:
    with sqlite3.connect(data / "pmstudy.sqlite3") as connection:
        return connection.execute("SELECT fsrs_params FROM presets").fetchall()


def test_ignore_before_leaves_out_cards_learnt_earlier(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "optimize", "--json", "--force")
    assert code == 0, err
    [everything] = json.loads(out)
    # the synthetic history starts on 2025-01-06 and introduces cards until about day 190
    code, out, err = run_cli(
        capsys, "optimize", "--json", "--force", "--ignore-before", "2025-01-06"
    )
    assert code == 0, err
    [same] = json.loads(out)
    assert same["training_items"] == everything["training_items"]
    code, out, err = run_cli(
        capsys, "optimize", "--json", "--force", "--ignore-before", "2025-05-01"
    )
    assert code == 0, err
    [later] = json.loads(out)
    assert 0 < later["cards"] < everything["cards"]
    assert later["cards_skipped"] == everything["cards"] - later["cards"]
    code, out, err = run_cli(
        capsys, "optimize", "--json", "--force", "--ignore-before", "2026-01-01"
    )
    assert code == 0, err
    [nothing] = json.loads(out)
    assert nothing["status"] == "insufficient"
    assert nothing["training_items"] == 0


def test_a_bad_ignore_before_date_is_one_line_and_changes_nothing(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _stored_parameters(env)
    code, out, err = run_cli(capsys, "optimize", "--ignore-before", "2025-13-40")
    assert code != 0
    assert out == ""
    assert err.strip().splitlines() == [
        "pmstudy: error: --ignore-before: not a date (YYYY-MM-DD): '2025-13-40'"
    ]
    assert _stored_parameters(env) == before
