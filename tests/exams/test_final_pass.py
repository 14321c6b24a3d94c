"""Final pass: every card of the exam's decks seen at least once in the last N days before it
(real SQLite, real migrations; the clock is the only thing mocked)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.models import CardRow, ReviewLogRow
from pmstudy.domain.exam import spread
from pmstudy.domain.exam.plan import PlanDay
from pmstudy.domain.model import CardState, Rating
from pmstudy.errors import PmStudyError
from pmstudy.services.container import Services
from tests.conftest import run_cli


def _study(services: Services, rating: Rating, limit: int | None = None) -> int:
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck)
    answered = 0
    while session.next_card() is not None and (limit is None or answered < limit):
        session.answer(rating, duration_ms=6000)
        answered += 1
    return answered


def _review_dues(services: Services) -> list[dt.datetime]:
    with services.sessions() as db:
        return [
            due
            for due in db.scalars(
                select(CardRow.due).where(
                    CardRow.state == int(CardState.REVIEW), CardRow.suspended.is_(False)
                )
            )
            if due is not None
        ]


def test_a_final_pass_that_cannot_be_kept_is_refused_in_one_line(services: Services) -> None:
    # 2026-11-22 to 2026-12-02: 10 days left, buffer 9
    with pytest.raises(PmStudyError, match=r"does not fit: the exam is 10 day\(s\) away"):
        services.exams.add("psm-1", "2026-12-02", buffer_days=9, final_pass_days=11)
    with pytest.raises(PmStudyError, match=r"longer than the buffer of 9 day\(s\)"):
        services.exams.add("psm-1", "2026-12-02", buffer_days=9, final_pass_days=10)
    with pytest.raises(PmStudyError, match="at least 1 day"):
        services.exams.add("psm-1", "2026-12-02", final_pass_days=0)
    assert services.exams.goals() == []  # nothing was booked
    goal = services.exams.add("psm-1", "2026-12-02", buffer_days=9, final_pass_days=9)
    assert goal.final_pass_days == 9
    with pytest.raises(PmStudyError, match="longer than the buffer"):
        services.exams.set_options(goal.id, final_pass_days=10, plan_sets_new=True)
    assert services.exams.goal(goal.id).final_pass_days == 9


def test_switching_the_final_pass_on_brings_every_review_into_the_window(
    services: Services, clock: FixedClock
) -> None:
    for _ in range(3):  # Easy again and again: intervals reach well past the exam
        _study(services, Rating.EASY)
        clock.advance(days=9)
    goal = services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    exam_day = services.days.day_of(goal.exam_at)
    exam_start = services.days.start_of(exam_day)
    window = [exam_day - dt.timedelta(days=7 - i) for i in range(7)]
    before = Counter(services.days.day_of(d) for d in _review_dues(services))
    past_exam = [d for d in _review_dues(services) if d >= exam_start]
    assert len(past_exam) > 10  # what the final pass is for
    moved = services.exams.set_options(goal.id, final_pass_days=7, plan_sets_new=True)
    assert moved == len(past_exam)
    dues = _review_dues(services)
    assert all(d < exam_start for d in dues)
    after = Counter(services.days.day_of(d) for d in dues)
    # least loaded day first: the window's loads are what spreading them gives
    expected = spread([before[d] for d in window], moved)
    assert [after[d] - before[d] for d in window] == expected
    assert max(expected) - min(expected) <= max(before[d] for d in window) + 1
    with services.sessions() as db:
        manual = db.scalars(select(ReviewLogRow).where(ReviewLogRow.rating == 0)).all()
    assert len(manual) == moved
    assert {r.answer for r in manual} == {"final pass"}
    # setting the same window again moves nothing more
    assert services.exams.set_options(goal.id, final_pass_days=7, plan_sets_new=True) == 0


def test_the_final_pass_leaves_a_break_in_its_window_empty(
    services: Services, clock: FixedClock
) -> None:
    for _ in range(3):
        _study(services, Rating.EASY)
        clock.advance(days=9)
    goal = services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    exam_day = services.days.day_of(goal.exam_at)
    rest = [exam_day - dt.timedelta(days=3), exam_day - dt.timedelta(days=2)]
    services.calendar.set_days(rest, 0.0)
    before = Counter(services.days.day_of(d) for d in _review_dues(services))
    moved = services.exams.set_options(goal.id, final_pass_days=7, plan_sets_new=True)
    assert moved > 10
    after = Counter(services.days.day_of(d) for d in _review_dues(services))
    assert [after[d] - before[d] for d in rest] == [0, 0]
    plan = services.exams.report(goal.id).plan
    assert plan is not None
    assert all(day.reviews == 0 for day in plan.days if day.day in rest)


def test_an_answer_before_the_window_is_scheduled_into_it(
    services: Services, clock: FixedClock
) -> None:
    _study(services, Rating.EASY, limit=20)
    clock.advance(days=9)
    goal = services.exams.add("psm-1", "2026-12-21", exam_mode=False, final_pass_days=5)
    exam_day = services.days.day_of(goal.exam_at)
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck)
    moved = 0
    while (card := session.next_card()) is not None:
        result = session.answer(Rating.EASY, duration_ms=5000)
        if card.memory.state == CardState.REVIEW and result.moved_by_exam_mode:
            moved += 1
            assert result.after.due is not None
            day = services.days.day_of(result.after.due)
            assert exam_day - dt.timedelta(days=5) <= day < exam_day
    assert moved > 0
    assert all(d < services.days.start_of(exam_day) for d in _review_dues(services))


def test_the_plan_counts_the_final_pass_and_says_its_load(services: Services) -> None:
    plain = services.exams.add("psm-1", "2027-01-21", exam_mode=False)
    without = services.exams.report(plain.id)
    services.exams.remove(plain.id)
    goal = services.exams.add("psm-1", "2027-01-21", exam_mode=False, final_pass_days=7)
    report = services.exams.report(goal.id)
    assert report.plan is not None
    assert without.plan is not None
    assert report.simulation is not None
    assert report.simulation.moved_by_final_pass > 0
    first = report.exam_day - dt.timedelta(days=7)
    cards = report.cards  # none suspended: every one is introduced before the buffer

    def window_answers(days: tuple[PlanDay, ...]) -> float:
        return sum(d.new + d.reviews for d in days if d.day >= first)

    # every card is answered at least once in the window (mean over runs), and not without it
    assert window_answers(report.plan.days) >= cards
    assert window_answers(without.plan.days) < cards
    found = report.final_pass()
    assert found is not None
    assert found.first == first
    assert found.reviews_moved == pytest.approx(report.simulation.moved_by_final_pass)
    plan_json = report.plan_dict()
    assert plan_json["final_pass"] is not None
    assert plan_json["final_pass"]["days"] == 7


@pytest.mark.usefixtures("env")
def test_cli_final_pass_refusals_are_one_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_cli(
        capsys, "exam", "add", "psm-1", "--date", "2026-12-02", "--final-pass", "20"
    )
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "does not fit: the exam is 10 day(s) away" in err
    assert json.loads(run_cli(capsys, "exam", "list", "--json")[1]) == []
    code, out, _ = run_cli(
        capsys, "exam", "add", "psm-1", "--date", "2027-01-21", "--final-pass", "7"
    )
    assert code == 0
    assert "final pass 7 day(s)" in out
    code, out, err = run_cli(capsys, "exam", "edit", "1", "--final-pass", "15")
    assert code != 0
    assert "longer than the buffer of 14 day(s)" in err
    code, out, _ = run_cli(capsys, "exam", "edit", "psm-1", "--no-final-pass", "--json")
    assert json.loads(out) == {
        "id": 1,
        "final_pass_days": None,
        "plan_sets_new": True,
        "reviews_moved": 0,
    }
    code, out, _ = run_cli(capsys, "plan", "--json")
    assert json.loads(out)["final_pass"] is None
