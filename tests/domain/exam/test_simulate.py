"""The vectorised plan simulation agrees with the answer-by-answer reference on py-fsrs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pmstudy.domain.exam import (
    CardTable,
    CardTags,
    ExamDomain,
    ExamModeRule,
    ExamModeSim,
    ExamSpec,
    Groups,
    PassKind,
    PassRule,
    SimulationSetup,
    introduction_days,
    membership,
    new_schedule,
    simulate,
)
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling import LearnerProfile
from tests.exams import reference
from tests.exams.tables import new_cards

SPEC = ExamSpec(
    "x",
    "x",
    "p",
    "1",
    "current",
    60,
    60,
    60,
    4,
    PassRule(PassKind.NOT_PUBLISHED),
    (ExamDomain("d", "D", 100.0),),
)


@pytest.mark.parametrize(("retention", "exam_mode"), [(0.9, False), (0.85, True)])
def test_vectorised_and_reference_simulations_agree(retention: float, exam_mode: bool) -> None:
    cards, days = 150, 30
    start = reference.START.date()
    schedule = new_schedule(cards, 0, start, start + dt.timedelta(days=days), 10)
    origin = reference.START.timestamp()
    exam_at = reference.START + dt.timedelta(days=days, hours=5)
    preset = Preset(desired_retention=retention)
    target = 0.95
    slow = [
        reference.run(
            cards=cards,
            new_per_day=list(schedule.days),
            exam_day=days,
            preset=preset,
            seed=seed,
            exam_rule=ExamModeRule(exam_at, target, 14, 10_000) if exam_mode else None,
        )
        for seed in range(3)
    ]
    groups = Groups.of(SPEC)
    member = membership(CardTags.of([("exam::x::d",)] * cards), "x", groups)
    table = new_cards(cards, (preset,))
    setup = SimulationSetup(
        origin_ts=origin,
        now_ts=origin + 8 * 3600,
        exam_ts=exam_at.timestamp(),
        exam_day=days,
        new_per_day=schedule.days,
        learner=LearnerProfile(),
        exam_mode=ExamModeSim(target, 14, 10_000) if exam_mode else None,
    )
    fast = simulate(table, groups, member, [100.0], setup, np.random.default_rng(5), runs=30)
    slow_recall = sum(o.recall for o in slow) / len(slow)
    slow_answers = sum(o.answers for o in slow) / len(slow)
    assert fast.overall == pytest.approx(slow_recall, abs=0.015)
    assert fast.answers_total == pytest.approx(slow_answers, rel=0.06)
    if exam_mode:
        slow_moved = sum(o.moved for o in slow) / len(slow)
        assert fast.moved_by_exam_mode == pytest.approx(slow_moved, rel=0.3)


def test_introduction_order_follows_queue_position_and_skips_suspended() -> None:
    table = CardTable.from_columns(
        [10, 11, 12, 13, 14],
        [0, 0, 2, 0, 0],
        [None] * 5,
        [None, None, 5.0, None, None],
        [None] * 5,
        [None] * 5,
        [None] * 5,
        [False, False, False, True, False],
        [4, 1, 2, 0, 3],
        [0] * 5,
    )
    days = introduction_days(table, (1, 1, 0))
    assert days.tolist() == [-1, 0, -1, -1, 1]


def test_many_runs_for_few_cards_one_run_for_many() -> None:
    from pmstudy.domain.exam import runs_for

    assert runs_for(10) == 2000
    assert runs_for(300) == 67
    assert runs_for(100_000) == 1
