"""ExamService on a real migrated SQLite file: goals, readiness, plan, coverage, weak spots."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from pmstudy.clock import FixedClock
from pmstudy.db.models import ReviewLogRow
from pmstudy.domain.model import Rating
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.container import Services


def _study_all(services: Services, rating: Rating = Rating.GOOD) -> int:
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck)
    answered = 0
    while session.next_card() is not None:
        session.answer(rating, duration_ms=6000)
        answered += 1
    return answered


def test_add_list_remove_several_exams(services: Services) -> None:
    psm = services.exams.add("psm-1", "2027-01-10", "14:30")
    csm = services.exams.add("csm", "2026-12-20", decks=["Scrum"], exam_mode=False)
    assert psm.deck_names == ("Scrum",)
    assert psm.exam_at == dt.datetime(2027, 1, 10, 14, 30, tzinfo=dt.UTC)
    assert (psm.target, psm.exam_mode, psm.buffer_days) == (0.9, True, 14)
    assert [g.id for g in services.exams.goals()] == [csm.id, psm.id]
    assert services.exams.goal().id == csm.id  # the next exam
    services.exams.remove(csm.id)
    assert [g.id for g in services.exams.goals()] == [psm.id]
    with pytest.raises(NotFoundError, match="no exam with id"):
        services.exams.remove(csm.id)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope", "2027-01-01"), "no exam profile 'nope'"),
        (("psm-1", "2026-11-01"), "in the past"),
        (("psm-1", "2027-02-30"), "not a real date"),
        (("psm-1", "1/2/2027"), "not YYYY-MM-DD"),
        (("psm-1", "2027-01-01", "25:00"), "not a time of day"),
        (("psm-1", "2027-01-01", "9am"), "not HH:MM"),
    ],
)
def test_bad_input_gives_one_clear_message(
    services: Services, args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(PmStudyError, match=message):
        services.exams.add(*args)


def test_unknown_deck_and_exam_without_cards(services: Services) -> None:
    with pytest.raises(NotFoundError, match="no deck named 'Nope'"):
        services.exams.add("psm-1", "2027-01-01", decks=["Nope"])
    with pytest.raises(PmStudyError, match="pmstudy deck add pmp-2026"):
        services.exams.add("pmp-2026", "2027-03-01")
    with pytest.raises(NotFoundError, match="no exam is set"):
        services.exams.report()


def test_exam_time_is_read_in_the_learners_zone(services: Services) -> None:
    goal = services.exams.add("psm-1", "2027-07-01", "09:00", timezone="Europe/Berlin")
    assert goal.exam_at == dt.datetime(2027, 7, 1, 7, 0, tzinfo=dt.UTC)
    assert goal.timezone == "Europe/Berlin"


def test_readiness_report_fields_and_values(services: Services, clock: FixedClock) -> None:
    goal = services.exams.add("psm-1", "2027-01-10")
    before = services.exams.report(goal.id).readiness_dict()
    for key in (
        "exam",
        "date",
        "days_left",
        "overall_today",
        "overall_plan",
        "pass_probability_today",
        "pass_probability_plan",
        "domains",
    ):
        assert key in before
    assert before["exam"] == "psm-1"
    assert before["days_left"] == 49
    assert before["overall_today"] == 0
    # nothing studied: no pass probability (evidence gates), the plan a tempered projection
    assert before["pass_probability_today"] is None
    assert before["pass_probability_plan"] is None
    assert isinstance(before["overall_plan"], float)
    assert 0.4 < before["overall_plan"] < 0.9
    assert before["adherence"]["from_history"] is False  # type: ignore[index]
    domain = before["domains"][0]  # type: ignore[index]
    for key in ("name", "weight", "cards", "seen", "recall_today", "recall_plan"):
        assert key in domain
    _study_all(services)
    after = services.exams.report(goal.id).readiness_dict()
    assert after["overall_today"] > 0  # type: ignore[operator]
    assert sum(d["seen"] for d in after["domains"]) > 0  # type: ignore[union-attr]


def test_no_pass_mark_gives_null_and_bands(services: Services) -> None:
    services.decks.install(["pmp-2026"])
    goal = services.exams.add("pmp-2026", "2027-03-15")
    data = services.exams.report(goal.id).readiness_dict()
    assert data["pass_probability_today"] is None
    assert data["pass_probability_plan"] is None
    assert data["band_thresholds_assumed"]
    assert all(d["band_plan"] for d in data["domains"])  # type: ignore[union-attr]


def test_plan_is_recomputed_from_the_real_state(services: Services, clock: FixedClock) -> None:
    goal = services.exams.add("psm-1", "2027-01-10", minutes_per_day=1)
    first = services.exams.report(goal.id)
    assert first.plan is not None
    remaining, per_day = first.plan.new_remaining, first.plan.new_per_day
    assert first.progress.new_target == per_day
    assert first.plan.introduce_by is not None
    assert first.plan.introduce_by < dt.date(2027, 1, 10) - dt.timedelta(days=14)
    assert first.plan.warning is not None  # 1 minute a day is not enough
    plan_json = first.plan_dict()
    assert plan_json["warning"]["options"]  # type: ignore[index]
    answered = _study_all(services)  # the deck's own limit: 20 new cards today, ahead of plan
    same_day = services.exams.report(goal.id)
    assert same_day.progress.new_done > 0
    assert same_day.progress.reviews_done == 0
    clock.advance(days=1)
    ahead = services.exams.report(goal.id)
    assert ahead.plan is not None
    assert ahead.plan.new_remaining < remaining
    assert ahead.plan.new_per_day <= per_day
    assert answered > 0


def test_past_exam_has_no_plan(services: Services, clock: FixedClock) -> None:
    goal = services.exams.add("csm", "2026-11-25")
    clock.advance(days=10)
    report = services.exams.report(goal.id)
    assert report.past
    assert report.plan is None
    assert report.days_left == 0
    assert report.readiness.overall_plan is None


def test_coverage_counts_cards_per_domain_and_task(services: Services) -> None:
    services.decks.install(["pmp-2026"])
    coverage = services.exams.coverage("pmp-2026")
    assert coverage.cards >= 250
    assert all(t.cards >= 5 for d in coverage.domains for t in d.tasks)
    as_json = coverage.as_dict()
    assert as_json["gaps"] == []
    empty = services.exams.coverage("comptia-project-plus-pk0-005")
    assert empty.cards == 0
    assert "concepts" in empty.gaps
    with pytest.raises(NotFoundError):
        services.exams.coverage("nope")


def test_weakest_tasks_study_only_their_cards(services: Services) -> None:
    services.decks.install(["pmp-2026"])
    goal = services.exams.add("pmp-2026", "2027-03-15")
    weakest = services.exams.report(goal.id, with_plan=False).readiness.weakest(2)
    wanted = [(t.domain_id, t.task_id) for t in weakest]
    ids = services.exams.card_ids_for_tasks(goal.id, wanted)
    assert ids
    session = services.study.start_filtered(ids, limit=500)
    seen = []
    while (card := session.next_card()) is not None:
        seen.append(card.id)
        assert any(
            tag.startswith(f"exam::pmp-2026::{d}::{t}") for tag in card.note.tags for d, t in wanted
        )
        session.answer(Rating.GOOD, duration_ms=3000)
    assert seen
    assert set(seen) <= set(ids)


def test_switching_exam_mode_on_moves_cards_and_logs_manual_rows(
    services: Services, clock: FixedClock
) -> None:
    _study_all(services, Rating.EASY)  # long first intervals
    clock.advance(days=2)
    goal = services.exams.add("psm-1", "2026-11-30", target=0.99, exam_mode=False)
    moved = services.exams.set_exam_mode(goal.id, True)
    assert moved > 0
    with services.sessions() as db:
        manual = db.scalars(select(ReviewLogRow).where(ReviewLogRow.rating == 0)).all()
    assert len(manual) == moved
    assert all(r.answer == "exam mode" for r in manual)
    exam_day = services.days.day_of(goal.exam_at)
    for row in manual:
        assert row.due_after is not None
        assert services.days.day_of(row.due_after) < exam_day
    assert services.exams.set_exam_mode(goal.id, False) == 0


def test_projection_is_tempered_by_the_learners_own_adherence(
    services: Services, clock: FixedClock
) -> None:
    """Days planned but not studied lower the projection; the report says it knows why."""
    goal = services.exams.add("psm-1", "2027-01-10")
    first = services.exams.report(goal.id).readiness
    assert not first.adherence_known
    for _ in range(5):
        clock.advance(days=1)
        services.exams.report(goal.id)  # a report a day, nothing studied
    idle = services.exams.report(goal.id).readiness
    assert idle.adherence_known
    assert idle.adherence is not None
    assert first.adherence is not None
    assert idle.adherence.value < first.adherence.value
    assert idle.overall_plan is not None
    assert first.overall_plan is not None
    assert idle.overall_plan < first.overall_plan
    assert len(services.exams.history(goal.id)) == 6


def test_mock_exam_answers_are_found_through_their_index(services: Services) -> None:
    """Readiness reads mock-exam answers after every commit: never by scanning the log."""
    goal = services.exams.add("psm-1", "2027-01-10")
    statements: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(services.engine, "before_cursor_execute", keep)
    try:
        services.exams.report(goal.id, with_plan=False)
    finally:
        event.remove(services.engine, "before_cursor_execute", keep)
    # the link's own read, and the study-answer filter of the learner's counts
    mock_reads = [s for s in statements if "mock-exam" in s[0]]
    assert len(mock_reads) >= 2
    with services.engine.connect() as connection:
        for statement, parameters in mock_reads:
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            assert any("ix_review_log_mock_exam" in str(row) for row in plan), plan
