"""The optimiser on a synthetic learner: held-out log loss, bounds, never invalid parameters."""

from __future__ import annotations

import math

import fsrs
import numpy as np
import pytest

from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, evaluate, parameters
from pmstudy.services.container import Services
from pmstudy.services.tuning import fsrs_engine
from pmstudy.tui.screens.tuning_text import optimize_message
from tests.domain.scheduling.test_evaluation import synthetic_set
from tests.tuning.support import write_history
from tests.tuning.synthetic import TRUE_PARAMETERS, generate


@pytest.fixture(scope="module")
def fitted_split() -> tuple[tuple[float, ...], object, object]:
    """Fit on the even cards of a seeded learner; hold the odd cards out."""
    data = synthetic_set(4000, 400, seed=21)
    even = data.card_ids % 2 == 0
    train, held_out = data.subset(even), data.subset(~even)
    fitted = parameters.validate(parameters.sanitize(fsrs_engine.fit(train)))
    return fitted, train, held_out


def test_fitted_parameters_predict_held_out_reviews_better(fitted_split) -> None:
    fitted, _, held_out = fitted_split
    defaults = evaluate(held_out, DEFAULT_PARAMETERS)
    ours = evaluate(held_out, fitted)
    truth = evaluate(held_out, TRUE_PARAMETERS)
    assert held_out.item_count > 5_000
    assert ours.log_loss < defaults.log_loss
    assert ours.rmse_bins < defaults.rmse_bins
    # most of the way to what the true parameters achieve
    assert ours.log_loss - truth.log_loss < 0.5 * (defaults.log_loss - truth.log_loss)


def test_fitted_parameters_respect_py_fsrs_bounds(fitted_split) -> None:
    fitted, _, _ = fitted_split
    assert len(fitted) == 21 == len(fsrs.scheduler.LOWER_BOUNDS_PARAMETERS)
    for value, low, high in zip(
        fitted, parameters.LOWER_BOUNDS, parameters.UPPER_BOUNDS, strict=True
    ):
        assert low <= value <= high
    fsrs.Scheduler(parameters=fitted)  # py-fsrs's own validation


def test_sanitize_brings_32_bit_values_back_inside() -> None:
    raw = list(DEFAULT_PARAMETERS)
    raw[9] = 0.800000011920929  # 0.8 as a 32-bit float: py-fsrs refuses it
    raw[20] = 0.800000011920929
    raw[0] = 0.0010000000474974513
    clean = parameters.sanitize(raw)
    assert clean[9] == 0.8
    assert clean[20] == 0.8
    assert clean[0] == 0.001
    parameters.validate(clean)
    with pytest.raises(parameters.InvalidParametersError):
        parameters.sanitize(raw[:19])
    with pytest.raises(parameters.InvalidParametersError):
        parameters.sanitize([math.nan, *raw[1:]])
    with pytest.raises(parameters.InvalidParametersError, match="w4"):
        parameters.validate([*raw[:4], 11.0, *raw[5:]])


def test_parse_and_format_round_trip() -> None:
    text = parameters.format_parameters(TRUE_PARAMETERS)
    assert parameters.parse(text) == pytest.approx(TRUE_PARAMETERS)
    assert parameters.parse("  ") is None
    with pytest.raises(parameters.InvalidParametersError, match="not a number"):
        parameters.parse("1, 2, x")


def _preset_params(services: Services) -> tuple[float, ...] | None:
    return services.presets.scopes(preset="Default")[0].preset.fsrs_params


@pytest.mark.parametrize(
    "bad",
    [
        (math.nan,) * 21,
        (1.0,) * 19,
    ],
)
def test_service_never_writes_invalid_parameters(
    empty_services: Services, monkeypatch: pytest.MonkeyPatch, bad: tuple[float, ...]
) -> None:
    write_history(empty_services, generate(150, 150, seed=4))
    monkeypatch.setattr(fsrs_engine, "fit", lambda data, **_: bad)
    with pytest.raises(Exception, match="unusable parameters"):
        empty_services.optimizer.optimize(force=True)
    assert _preset_params(empty_services) is None


def test_out_of_bounds_engine_output_is_clipped_before_saving(
    empty_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_history(empty_services, generate(150, 150, seed=4))
    wild = list(DEFAULT_PARAMETERS)
    wild[0], wild[20], wild[9] = 250.0, 0.800000011920929, -1.0
    monkeypatch.setattr(fsrs_engine, "fit", lambda data, **_: tuple(wild))
    [result] = empty_services.optimizer.optimize(force=True)
    stored = _preset_params(empty_services)
    assert result.saved
    assert stored is not None
    assert stored[0] == 100.0
    assert stored[20] == 0.8
    assert stored[9] == 0.0
    fsrs.Scheduler(parameters=stored)


def test_optimize_saves_better_parameters(empty_services: Services) -> None:
    write_history(empty_services, generate(400, 300, seed=3))
    [result] = empty_services.optimizer.optimize()
    assert result.status == "saved", optimize_message(result)
    assert result.new is not None
    assert result.old is not None
    assert result.new.log_loss < result.old.log_loss
    assert _preset_params(empty_services) == result.new_parameters
    # fitting again on the same data finds nothing better than what is stored
    [again] = empty_services.optimizer.optimize()
    assert again.status in ("kept", "saved")
    assert again.old is not None
    assert again.old.log_loss == pytest.approx(result.new.log_loss)


def test_too_few_reviews_keep_the_defaults(empty_services: Services) -> None:
    write_history(empty_services, generate(3, 20, seed=2))
    [result] = empty_services.optimizer.optimize()
    assert result.status == "insufficient"
    message = optimize_message(result)
    assert "needs at least" in message or "too few" in message
    assert _preset_params(empty_services) is None


def test_missing_extra_gives_the_install_hint(
    empty_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fsrs_engine, "available", lambda: False)
    with pytest.raises(fsrs_engine.OptimizerMissingError, match=r"pmstudy\[optimizer\]"):
        empty_services.optimizer.optimize()


def test_training_subset_keeps_item_order() -> None:
    data = synthetic_set(50, 100, seed=8)
    half = data.subset(np.arange(data.sequence_count) % 2 == 0)
    times = half.at[half.items]
    assert list(times) == sorted(times)
    assert half.item_count + data.subset(np.arange(data.sequence_count) % 2 == 1).item_count == (
        data.item_count
    )
