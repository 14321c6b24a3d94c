"""Mock exams through the service on a real database: every change committed, resume, scoring,
the review log, and no change to the cards' memory."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.models import ReviewLogRow
from pmstudy.domain.mock import EndReason, MockKind
from pmstudy.domain.model import Rating, ReviewKind
from pmstudy.services.container import Services, build_services
from pmstudy.services.mock import MockRun
from pmstudy.settings import Settings


def right_answer(run: MockRun) -> str:
    """The right answer to the item on screen: its correct letters, or the typed answer."""
    rendered = run.current.rendered
    assert rendered is not None
    if rendered.choices:
        return "".join(sorted(rendered.correct_letters))
    assert rendered.expected is not None
    return rendered.expected


def wrong_answer(run: MockRun) -> str:
    """A wrong answer to the item on screen."""
    rendered = run.current.rendered
    assert rendered is not None
    if rendered.choices:
        return next(c.letter for c in rendered.choices if not c.correct)
    return "no such answer"


def test_the_scrum_bank_offers_a_full_psm_mock(services: Services) -> None:
    # (a bank too small for the real format gets a shortened mock at the real pace: the TUI
    # tests' twelve-item bank and tests/domain/mock/test_format.py)
    offer = services.mocks.offer("psm-1")
    assert offer.format is not None
    assert offer.format.items == 80
    assert offer.format.full_length
    assert offer.format.limit_s == 60 * 60
    assert {s.domain for s in offer.stock} == {d.id for d in offer.spec.domains}
    none = services.mocks.offer("pmp-2026")
    assert none.format is None
    assert "needs at least 10" in none.missing


def test_a_mock_is_scored_logged_and_leaves_memory_alone(
    services: Services, clock: FixedClock
) -> None:
    run = services.mocks.start_exam("psm-1")
    cards = [i.card for i in run.items]
    for n in range(5):
        run.answer(right_answer(run) if n < 3 else wrong_answer(run))
        clock.advance(seconds=40)
        run.go(run.state.position + 1)
    run.submit()
    assert run.finished
    result = services.mocks.result(run.id)
    assert (result.score.right, result.score.scored, result.score.unanswered) == (3, 80, 75)
    assert result.ended == EndReason.SUBMITTED
    assert result.score.needed == 68  # 85 % of 80
    assert result.score.passed is False
    with services.db.sessions() as session:
        rows = session.scalars(
            select(ReviewLogRow).where(ReviewLogRow.kind == ReviewKind.MOCK_EXAM.value)
        ).all()
    assert sorted(r.rating for r in rows) == [Rating.AGAIN] * 2 + [Rating.GOOD] * 3
    assert all(r.duration_ms == 40_000 for r in rows)
    # no card's memory moved: a mock checks the predictions, it does not reschedule
    for card in cards:
        assert card is not None
        assert services.library.card(card.id).memory == card.memory
    with services.db.read() as uow:
        at, _, _, ratings = uow.exam_cards.mock_answers()
    assert len(at) == 5
    assert sorted(ratings.tolist()) == [1, 1, 3, 3, 3]
    assert [m.id for m in services.mocks.history()] == [run.id]


def test_a_new_process_resumes_the_same_items_answers_flags_and_time(
    services: Services, clock: FixedClock, settings: Settings
) -> None:
    run = services.mocks.start_exam("psm-1")
    run.answer("B")
    clock.advance(seconds=30)
    run.toggle_flag()
    run.go(3)
    run.answer("AC")
    clock.advance(seconds=1.5)
    run.tick()  # within SAVE_EVERY: not written, lost with the process
    order = [tuple(c.text for c in i.rendered.choices) for i in run.items if i.rendered]
    services.close()  # the process dies without submitting

    clock.advance(hours=3)
    again = build_services(settings, clock, seed=1)
    try:
        waiting = again.mocks.unfinished()
        assert waiting is not None
        assert waiting.id == run.id
        assert (waiting.answered, waiting.items) == (2, 80)
        resumed = again.mocks.resume(run.id)
        assert [i.drawn for i in resumed.items] == [i.drawn for i in run.items]
        assert [
            tuple(c.text for c in i.rendered.choices) for i in resumed.items if i.rendered
        ] == order
        state = resumed.state
        assert [state.items[i].response for i in (0, 3)] == ["B", "AC"]
        assert state.items[0].flagged
        assert state.position == 3
        assert state.elapsed_ms == 30_000  # the three hours away are not charged
        clock.advance(seconds=10)
        assert resumed.tick().elapsed_ms == 40_000
    finally:
        again.close()


def test_declining_to_resume_scores_the_mock_as_it_stood(services: Services) -> None:
    run = services.mocks.start_exam("psm-1")
    run.answer(right_answer(run))
    result = services.mocks.abandon(run.id)
    assert result.ended == EndReason.ABANDONED
    assert result.score.right == 1
    assert services.mocks.unfinished() is None


def test_time_up_finishes_the_mock_by_itself(services: Services, clock: FixedClock) -> None:
    run = services.mocks.start_exam("psm-1")
    run.answer(right_answer(run))
    clock.advance(minutes=61)
    run.tick()
    assert run.finished
    assert services.mocks.result(run.id).ended == EndReason.TIME_UP
    assert services.mocks.unfinished() is None


def test_practice_sets_draw_from_a_domain_and_prefer_unseen_items(services: Services) -> None:
    first = services.mocks.start_practice("psm-1", items=5, domain="framework")
    assert first.format.kind == MockKind.PRACTICE
    assert first.format.limit_s is None
    assert {i.drawn.domain for i in first.items} == {"framework"}
    first.submit()
    second = services.mocks.start_practice("psm-1", items=5, domain="framework", timed=True)
    assert second.format.limit_s is not None
    seen = {i.drawn.card_id for i in first.items}
    assert seen.isdisjoint({i.drawn.card_id for i in second.items})
    second.submit()
    # practice sets are not the exam's last mock
    assert services.mocks.last("psm-1") is None


def test_a_practice_set_from_a_search(services: Services) -> None:
    ids = services.browser.search("Sprint").ids
    run = services.mocks.start_practice("psm-1", items=100, card_ids=ids)
    assert {i.drawn.card_id for i in run.items} <= set(ids)


def test_a_deleted_card_keeps_its_place_in_the_history(services: Services, tmp_path: Path) -> None:
    run = services.mocks.start_practice("psm-1", items=3)
    run.answer(right_answer(run))
    run.submit()
    card = run.items[0].card
    assert card is not None
    services.browser.delete([card.id])
    result = services.mocks.result(run.id)
    assert result.items[0].item.card is None
    assert result.items[0].correct


def test_mock_answers_are_no_study_answers(services: Services, clock: FixedClock) -> None:
    """Today's counts, the statistics, ``rated:`` and the learner profile count study only."""
    deck = next(n for n in services.study.deck_tree() if n.name == "Scrum")
    run = services.mocks.start_exam("psm-1")
    for position in range(6):
        run.go(position)
        run.answer(right_answer(run) if position % 2 else wrong_answer(run))
        clock.advance(seconds=20)
    run.submit()
    after = next(n for n in services.study.deck_tree() if n.name == "Scrum")
    assert after.counts == deck.counts
    overview = services.stats.overview()
    assert (overview.reviews_today, overview.reviews_total) == (0, 0)
    assert services.browser.search("rated:1").ids == ()
    with services.db.read() as uow:
        assert uow.exam_cards.answer_counts() == []
        assert len(uow.exam_cards.mock_answers()[0]) == 6
