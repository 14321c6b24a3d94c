"""Calibration: hand-computed log loss, RMSE and bins; the Hard-as-fail flag; per domain."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

from pmstudy.clock import FixedClock
from pmstudy.domain.model import CardState, Memory, NoteKind, Rating
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, retrievability
from pmstudy.domain.stats import (
    HARD_MIN_REVIEWS,
    calibrate,
    hard_habit,
    log_loss,
    predicted_recall,
    rmse_bins,
)
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.browse.support import add_note, log_review

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def arrays(predicted: list[float], ratings: list[int]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(predicted, dtype=np.float64), np.array(ratings, dtype=np.int64)


def test_log_loss_rmse_and_bins_by_hand() -> None:
    predicted, ratings = arrays([0.9, 0.9, 0.5, 0.5], [3, 1, 3, 1])
    result = calibrate(predicted, ratings, [("pmp::people", np.array([0, 1]))])
    expected_loss = (-math.log(0.9) - math.log(0.1) - 2 * math.log(0.5)) / 4
    assert result.log_loss == pytest.approx(expected_loss)
    assert result.log_loss == pytest.approx(0.948560, abs=1e-6)
    # bin 0.9-1.0: predicted 0.9, actual 0.5; bin 0.5-0.6: 0.5 vs 0.5
    assert result.rmse == pytest.approx(math.sqrt((2 * 0.4**2 + 2 * 0.0) / 4))
    assert (result.predicted, result.actual, result.count) == (pytest.approx(0.7), 0.5, 4)
    filled = [(b.low, b.count, b.predicted, b.actual) for b in result.bins if b.count]
    assert filled == [(0.5, 2, 0.5, 0.5), (0.9, 2, pytest.approx(0.9), 0.5)]
    assert len(result.bins) == 10
    (domain,) = result.domains
    assert (domain.name, domain.count, domain.actual) == ("pmp::people", 2, 0.5)
    assert domain.log_loss == pytest.approx((-math.log(0.9) - math.log(0.1)) / 2)
    assert domain.rmse == pytest.approx(0.4)


def test_extremes_are_clipped_and_empty_is_none() -> None:
    predicted, ratings = arrays([1.0, 0.0], [1, 3])
    assert log_loss(predicted, ratings != 1) == pytest.approx(-math.log(1e-6))
    empty, none = arrays([], [])
    assert log_loss(empty, none != 1) is None
    assert rmse_bins(empty, none != 1) is None
    result = calibrate(empty, none)
    assert result.count == 0
    assert result.predicted is None
    assert all(b.count == 0 and b.actual is None for b in result.bins)


def test_predicted_recall_is_fsrs_retrievability() -> None:
    for elapsed, stability in ((0.0, 3.0), (3.0, 3.0), (10.0, 2.0), (400.0, 30.0)):
        memory = Memory(
            state=CardState.REVIEW,
            stability=stability,
            difficulty=5,
            last_review=NOW - dt.timedelta(days=elapsed),
        )
        value = predicted_recall(
            np.array([elapsed]), np.array([stability]), np.array([DEFAULT_PARAMETERS[20]])
        )[0]
        assert value == pytest.approx(retrievability(memory, NOW, DEFAULT_PARAMETERS))
    # at t = S, FSRS predicts 90 % by definition, whatever the decay
    for decay in (0.1, 0.5):
        assert predicted_recall(np.array([4.0]), np.array([4.0]), np.array([decay]))[0] == (
            pytest.approx(0.9)
        )


def test_honest_hard_is_not_flagged() -> None:
    # predicted 90 %: 10 forgotten (Again), 10 Hard, 80 Good -> 90 % recalled, as predicted
    predicted = np.full(100, 0.9)
    ratings = np.array([1] * 10 + [2] * 10 + [3] * 80)
    habit = hard_habit(predicted, ratings)
    assert habit.rmse_hard_as_pass == pytest.approx(0.0, abs=1e-12)
    assert habit.rmse_hard_as_fail == pytest.approx(0.1)
    assert not habit.flagged
    assert habit.message == "Hard is used as a pass, as FSRS expects."


def test_hard_used_for_forgotten_cards_is_flagged() -> None:
    # predicted 90 %, no Again at all, 10 % Hard: read as fails, the numbers fit exactly
    predicted = np.full(100, 0.9)
    ratings = np.array([2] * 10 + [3] * 90)
    habit = hard_habit(predicted, ratings)
    assert (habit.hard_share, habit.again_share) == (0.1, 0.0)
    assert habit.rmse_hard_as_pass == pytest.approx(0.1)
    assert habit.rmse_hard_as_fail == pytest.approx(0.0, abs=1e-12)
    assert habit.flagged
    assert "Press Again when you forgot" in habit.message
    assert habit.as_json()["flagged"] is True


def test_too_few_reviews_are_not_judged() -> None:
    count = HARD_MIN_REVIEWS - 1
    habit = hard_habit(np.full(count, 0.9), np.array([2] * count))
    assert not habit.flagged
    assert "Too few reviews" in habit.message


def test_the_service_predicts_from_the_logged_before_state(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", timezone="UTC")
    services = build_services(settings, FixedClock(NOW), seed=1, sync_decks=False)
    try:
        people = add_note(
            services,
            NoteKind.BASIC,
            {"Front": "a"},
            deck="D",
            tags=("exam::pmp::people", "exam::pmp::people::t1"),
        )[0]
        both = add_note(
            services,
            NoteKind.BASIC,
            {"Front": "b"},
            deck="D",
            tags=("exam::pmp::process", "exam::capm::agile"),
        )[0]
        plain = add_note(services, NoteKind.BASIC, {"Front": "c"}, deck="D")[0]

        def answer(
            card: int,
            days_ago: float,
            rating: Rating,
            *,
            state: CardState = CardState.REVIEW,
            known: bool = True,
        ) -> None:
            at = NOW - days_ago * DAY
            # elapsed time equals stability: FSRS predicts exactly 0.9
            log_review(
                services,
                card,
                at=at,
                rating=rating,
                state_before=state,
                stability_before=6.0,
                last_review_before=at - 6 * DAY if known else None,
            )

        answer(people, 1, Rating.GOOD)
        answer(people, 2, Rating.AGAIN)
        answer(both, 3, Rating.GOOD)
        answer(plain, 4, Rating.HARD)
        answer(plain, 40, Rating.AGAIN)  # outside 30 days
        answer(plain, 1, Rating.GOOD, state=CardState.LEARNING)  # not a review
        answer(plain, 1, Rating.GOOD, known=False)  # no last review: nothing to predict

        month = services.stats.calibration(days=30)
        assert month.since == dt.date(2026, 10, 24)
        assert month.count == 4
        assert month.predicted == pytest.approx(0.9)
        assert month.actual == 0.75
        assert month.log_loss == pytest.approx(-(3 * math.log(0.9) + math.log(0.1)) / 4)
        assert month.rmse == pytest.approx(0.15)
        domains = {d.name: (d.count, d.actual) for d in month.domains}
        assert domains == {
            "capm::agile": (1, 1.0),
            "pmp::people": (2, 0.5),
            "pmp::process": (1, 1.0),
        }
        quarter = services.stats.calibration(days=90)
        assert quarter.count == 5
        assert quarter.actual == 0.6
        data = quarter.as_json()
        assert data["hard_as_fail"]["reviews"] == 5
        assert [b["count"] for b in data["bins"]] == [0] * 9 + [5]
    finally:
        services.close()
