"""Exam-mode scheduling: the rule, its effect on a simulated learner, and the study session."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.models import ReviewLogRow
from pmstudy.domain.exam import (
    CardTags,
    ExamDomain,
    ExamModeRule,
    ExamModeSim,
    ExamSpec,
    Groups,
    PassKind,
    PassRule,
    SimulationSetup,
    apply_exam_mode,
    choose_day,
    membership,
    new_schedule,
    simulate,
    window,
)
from pmstudy.domain.model import CardState, Memory, Preset, Rating
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, DayClock, LearnerProfile, retrievability
from pmstudy.services.container import Services
from tests.exams import reference
from tests.exams.tables import new_cards

DAYS = DayClock(dt.UTC, 4)
NOW = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)
EXAM = dt.datetime(2027, 3, 20, 9, tzinfo=dt.UTC)
RULE = ExamModeRule(exam_at=EXAM, target=0.9, window_days=14, capacity=3)


def _review(stability: float, due_in_days: float) -> Memory:
    return Memory(
        state=CardState.REVIEW,
        stability=stability,
        difficulty=5.0,
        due=NOW + dt.timedelta(days=due_in_days),
        last_review=NOW,
        reps=3,
    )


def test_choose_day_latest_under_capacity_then_least_loaded() -> None:
    assert choose_day({}, 5, 9, 2) == 9
    assert choose_day({9: 2, 8: 1}, 5, 9, 2) == 8
    assert choose_day({9: 2, 8: 2, 7: 2, 6: 2, 5: 2}, 5, 9, 2) == 9
    assert choose_day({9: 3, 8: 2, 7: 3, 6: 2, 5: 3}, 5, 9, 2) == 8
    assert choose_day({}, 10, 9, 2) is None
    assert window(today=100, exam_day=110, window_days=14) == (101, 109)
    assert window(today=100, exam_day=101, window_days=14) == (101, 100)


def test_review_before_the_exam_is_left_alone() -> None:
    memory = _review(stability=10, due_in_days=10)
    after, day = apply_exam_mode(
        memory, now=NOW, rule=RULE, days=DAYS, parameters=DEFAULT_PARAMETERS, load={}
    )
    assert after == memory
    assert day is None


def test_jump_past_the_exam_with_low_recall_moves_to_the_eve() -> None:
    memory = _review(stability=12, due_in_days=40)  # FSRS at a low desired retention
    assert retrievability(memory, EXAM, DEFAULT_PARAMETERS) < 0.9
    after, day = apply_exam_mode(
        memory, now=NOW, rule=RULE, days=DAYS, parameters=DEFAULT_PARAMETERS, load={}
    )
    eve = dt.date(2027, 3, 19)
    assert day == eve.toordinal()
    assert after.due == DAYS.start_of(eve)
    assert (after.stability, after.difficulty, after.state) == (12, 5.0, CardState.REVIEW)


def test_full_days_push_the_review_earlier_within_the_window() -> None:
    memory = _review(stability=12, due_in_days=40)
    eve = dt.date(2027, 3, 19).toordinal()
    load = {eve: 3, eve - 1: 3}
    _, day = apply_exam_mode(
        memory, now=NOW, rule=RULE, days=DAYS, parameters=DEFAULT_PARAMETERS, load=load
    )
    assert day == eve - 2


def test_high_recall_past_exam_after_exam_and_learning_cards_are_left_alone() -> None:
    strong = _review(stability=400, due_in_days=300)
    assert apply_exam_mode(
        strong, now=NOW, rule=RULE, days=DAYS, parameters=DEFAULT_PARAMETERS, load={}
    ) == (strong, None)
    weak = _review(stability=12, due_in_days=40)
    after_exam = EXAM + dt.timedelta(hours=1)
    assert apply_exam_mode(
        weak, now=after_exam, rule=RULE, days=DAYS, parameters=DEFAULT_PARAMETERS, load={}
    ) == (weak, None)
    learning = Memory(state=CardState.LEARNING, step=1, stability=1, difficulty=5, due=NOW)
    assert apply_exam_mode(
        learning, now=NOW, rule=RULE, days=DAYS, parameters=DEFAULT_PARAMETERS, load={}
    ) == (learning, None)
    # the day before the exam there is no day left in the window: nothing to move to
    eve = EXAM - dt.timedelta(hours=10)
    late = _review(stability=0.5, due_in_days=25)
    assert apply_exam_mode(
        late, now=eve, rule=RULE, days=DAYS, parameters=DEFAULT_PARAMETERS, load={}
    ) == (late, None)


def _schedule(cards: int, days: int, buffer: int) -> list[int]:
    start = dt.date(2026, 1, 5)
    return list(new_schedule(cards, 0, start, start + dt.timedelta(days=days), buffer).days)


def _plain_at_equal_reviews(
    cards: int, days: int, answers: int, seed: int
) -> tuple[float, reference.Outcome]:
    """The lowest desired retention at which plain FSRS answers at least ``answers`` times."""
    for retention in np.arange(0.80, 0.981, 0.01):
        outcome = reference.run(
            cards=cards,
            new_per_day=_schedule(cards, days, 14),
            exam_day=days,
            preset=Preset(desired_retention=round(float(retention), 2)),
            seed=seed,
        )
        if outcome.answers >= answers:
            return float(retention), outcome
    raise AssertionError("plain FSRS never reached that many reviews")


@pytest.mark.parametrize(
    ("retention", "target"),
    [(0.90, 0.95), (0.85, 0.90)],
)
def test_simulated_learner_exam_mode_beats_plain_fsrs_at_equal_reviews(
    retention: float, target: float
) -> None:
    """py-fsrs plus the exam rule, answer by answer: 120 cards, exam on day 40."""
    cards, days = 120, 40
    rule = ExamModeRule(
        exam_at=reference.START + dt.timedelta(days=days, hours=5),
        target=target,
        window_days=14,
        capacity=10_000,
    )
    exam = reference.run(
        cards=cards,
        new_per_day=_schedule(cards, days, 14),
        exam_day=days,
        preset=Preset(desired_retention=retention),
        seed=7,
        exam_rule=rule,
    )
    assert exam.moved > 0
    plain_retention, plain = _plain_at_equal_reviews(cards, days, exam.answers, seed=7)
    assert plain.answers >= exam.answers
    assert exam.recall > plain.recall + 0.01, (exam, plain_retention, plain)


def _vector_outcome(
    retention: float, mode: ExamModeSim | None, *, cards: int = 400, days: int = 60
) -> tuple[float, float]:
    spec = ExamSpec(
        "x",
        "x",
        "p",
        "1",
        "current",
        100,
        100,
        60,
        4,
        PassRule(PassKind.NOT_PUBLISHED),
        (ExamDomain("d", "D", 100.0),),
    )
    groups = Groups.of(spec)
    member = membership(CardTags.of([("exam::x::d",)] * cards), "x", groups)
    table = new_cards(cards, (Preset(desired_retention=retention),))
    setup = SimulationSetup(
        0.0,
        0.3 * 86_400,
        (days + 0.2) * 86_400,
        days,
        tuple(_schedule(cards, days, 14)),
        LearnerProfile(),
        mode,
    )
    result = simulate(table, groups, member, [100.0], setup, np.random.default_rng(3), runs=8)
    return result.overall, result.answers_total


def test_vectorised_simulation_agrees_exam_mode_wins_at_equal_reviews() -> None:
    exam_recall, exam_answers = _vector_outcome(0.85, ExamModeSim(0.90, 14, 10_000))
    plain = [(r, *_vector_outcome(r, None)) for r in (0.85, 0.88, 0.90, 0.92)]
    equal = next(p for p in plain if p[2] >= exam_answers)
    assert exam_recall > equal[1] + 0.005, (exam_recall, exam_answers, plain)


def test_study_session_applies_exam_mode_and_logs_the_moved_due(
    services: Services, clock: FixedClock
) -> None:
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    goal = services.exams.add("psm-1", "2026-12-01", target=0.97)
    session = services.study.start(deck)
    card = session.next_card()
    assert card is not None
    result = session.answer(Rating.EASY, duration_ms=3000)  # Easy: FSRS says ~8+ days
    exam_day = services.days.day_of(goal.exam_at)
    assert result.after.due is not None
    assert services.days.day_of(result.after.due) < exam_day
    assert result.moved_by_exam_mode
    with services.sessions() as db:
        logged = db.scalars(
            select(ReviewLogRow.due_after).where(ReviewLogRow.card_id == card.id)
        ).all()
    assert logged[-1] == result.after.due


def test_without_an_exam_the_session_is_plain_fsrs(services: Services) -> None:
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck)
    assert session.next_card() is not None
    result = session.answer(Rating.EASY, duration_ms=3000)
    assert not result.moved_by_exam_mode
    assert result.after.due is not None
    assert result.after.due - dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC) > dt.timedelta(days=5)


def test_exam_mode_off_and_after_the_exam_are_plain_fsrs(
    services: Services, clock: FixedClock
) -> None:
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    services.exams.add("psm-1", "2026-12-01", target=0.97, exam_mode=False)
    session = services.study.start(deck)
    assert session.next_card() is not None
    assert not session.answer(Rating.EASY, duration_ms=3000).moved_by_exam_mode
    goal = services.exams.add("csm", "2026-11-25", target=0.97)
    clock.set(goal.exam_at + dt.timedelta(hours=1))
    session = services.study.start(deck)
    assert session.next_card() is not None
    assert not session.answer(Rating.EASY, duration_ms=3000).moved_by_exam_mode
