"""Same-day answers are training data: the fit moves w17-w19 (FSRS's short-term formula)."""

from __future__ import annotations

import numpy as np
import pytest

from pmstudy.domain.scheduling import (
    DEFAULT_PARAMETERS,
    DayClock,
    TrainingSet,
    build_training_set,
    evaluate,
    parameters,
)
from pmstudy.services.tuning import fsrs_engine
from tests.tuning.synthetic import TRUE_PARAMETERS, generate, log_columns

# A learner whose same-day steps help far more than the defaults say (w17-w19 differ).
SHORT_TERM = (*TRUE_PARAMETERS[:17], 1.2, 0.4, 0.3, TRUE_PARAMETERS[20])
SHORT = slice(17, 20)


def _training(same_day_steps: bool) -> TrainingSet:
    history = generate(500, 200, seed=5, parameters=SHORT_TERM, same_day_steps=same_day_steps)
    log = log_columns(history)
    return build_training_set(log, DayClock())


def test_same_day_answers_move_w17_to_w19() -> None:
    data = _training(same_day_steps=True)
    assert (data.delta[data.position() > 0] == 0).sum() > 300  # same-day answers in histories
    assert data.item_count >= fsrs_engine.FULL_FIT_ITEMS
    raw = fsrs_engine.fit(data)
    moved = np.abs(np.asarray(raw[SHORT]) - np.asarray(DEFAULT_PARAMETERS[SHORT]))
    assert (moved > 1e-3).all(), raw[SHORT]
    fitted = parameters.validate(parameters.sanitize(raw))
    assert evaluate(data, fitted).log_loss < evaluate(data, DEFAULT_PARAMETERS).log_loss


def test_without_same_day_answers_w17_to_w19_stay() -> None:
    data = _training(same_day_steps=False)
    assert (data.delta[data.position() > 0] == 0).sum() == 0
    raw = fsrs_engine.fit(data)
    assert raw[SHORT] == pytest.approx(DEFAULT_PARAMETERS[SHORT], abs=1e-6)
