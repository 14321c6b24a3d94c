"""Closed-form readiness: FSRS recall at the exam, domain means, blueprint weighting."""

from __future__ import annotations

import datetime as dt

import fsrs
import numpy as np
import pytest

from pmstudy.domain.exam import CardTable, exam_day_recall, exam_tag, recall_after
from pmstudy.domain.model import CardState, Memory, Preset
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, retrievability

EXAM = dt.datetime(2027, 3, 15, 9, tzinfo=dt.UTC)


def _formula(stability: float, days: float) -> float:
    decay = DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * days / stability) ** -decay)


@pytest.mark.parametrize(
    ("stability", "days"), [(10.0, 10.0), (3.0, 30.0), (50.0, 0.5), (0.5, 2.0), (200.0, 365.0)]
)
def test_recall_matches_the_fsrs_formula(stability: float, days: float) -> None:
    last = EXAM - dt.timedelta(days=days)
    memory = Memory(CardState.REVIEW, None, stability, 5.0, EXAM, last, 3, 0)
    table = CardTable.from_columns(
        [1],
        [2],
        [None],
        [stability],
        [5.0],
        [last.timestamp()],
        [EXAM.timestamp()],
        [False],
        [0],
        [0],
    )
    got = float(exam_day_recall(table, EXAM.timestamp())[0])
    assert got == pytest.approx(_formula(stability, days), rel=1e-12)
    assert got == pytest.approx(retrievability(memory, EXAM, DEFAULT_PARAMETERS), rel=1e-12)
    if days == int(days):  # py-fsrs counts whole days
        card = fsrs.Card(
            state=fsrs.State.Review, stability=stability, difficulty=5.0, last_review=last, due=EXAM
        )
        assert got == pytest.approx(fsrs.Scheduler().get_card_retrievability(card, EXAM))


def test_known_values_and_unseen_cards() -> None:
    assert recall_after(np.array([10.0]), np.array([10.0]), 0.1542)[0] == pytest.approx(0.9)
    assert recall_after(np.array([np.nan, 0.0]), np.array([1.0, 1.0]), 0.1542).tolist() == [0, 0]
    table = CardTable.from_columns(
        [1], [0], [None], [None], [None], [None], [None], [False], [0], [0]
    )
    assert exam_day_recall(table, EXAM.timestamp()).tolist() == [0.0]


def test_each_card_uses_its_own_presets_decay() -> None:
    slow = list(DEFAULT_PARAMETERS)
    slow[20] = 0.5
    presets = (Preset(), Preset(name="other", fsrs_params=tuple(slow)))
    last = (EXAM - dt.timedelta(days=30)).timestamp()
    table = CardTable.from_columns(
        [1, 2],
        [2, 2],
        [None, None],
        [10.0, 10.0],
        [5, 5],
        [last, last],
        [None, None],
        [False, False],
        [0, 1],
        [0, 1],
        presets,
    )
    recall = exam_day_recall(table, EXAM.timestamp())
    assert recall[0] == pytest.approx(_formula(10, 30))
    assert recall[0] != pytest.approx(recall[1])


def test_exam_tags() -> None:
    assert exam_tag("exam::pmp-2026::process::t6") == ("pmp-2026", "process", "t6")
    assert exam_tag("exam::psm-1::framework") == ("psm-1", "framework", None)
    assert exam_tag("topic::x") is None
    assert exam_tag("exam::psm-1") is None
