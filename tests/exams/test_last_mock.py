"""The last mock exam is set against a prediction its own answers did not inform."""

from __future__ import annotations

from pmstudy.clock import FixedClock
from pmstudy.domain.exam import check_mock
from pmstudy.services.container import Services
from tests.cli.mock_sitting import sit_mock


def test_no_mock_no_comparison(services: Services) -> None:
    goal = services.exams.add("psm-1", "2027-01-10")
    assert services.exams.last_mock(goal.id) is None


def test_the_prediction_leaves_the_mock_and_later_ones_out(
    services: Services, clock: FixedClock
) -> None:
    goal = services.exams.add("psm-1", "2027-01-10")
    offered = services.mocks.offer("psm-1").format
    assert offered is not None
    items = offered.items
    first = sit_mock(services, clock, wrong=10, blank=items - 40)
    clock.advance(hours=1)
    second = sit_mock(services, clock, wrong=5, blank=items - 45)
    assert services.exams.report(goal.id, with_plan=False).readiness.mock_answers == 85
    last = services.exams.last_mock(goal.id)
    assert last is not None
    assert last.result.summary.id == second
    # the second mock is checked against the link learnt from the first one only
    started = last.result.summary.started_at
    before = services.exams.report(goal.id, with_plan=False, link_before=started).readiness
    assert before.mock_answers == 40
    score = last.result.score
    assert last.check == check_mock(before, score.right, score.scored, score.domains)
    assert (last.check.right, last.check.scored) == (40, items)
    first_started = services.mocks.result(first).summary.started_at
    untaught = services.exams.report(goal.id, with_plan=False, link_before=first_started)
    assert untaught.readiness.mock_answers == 0


def test_practice_sets_are_not_the_last_mock(services: Services, clock: FixedClock) -> None:
    goal = services.exams.add("psm-1", "2027-01-10")
    exam = sit_mock(services, clock, blank=10)
    clock.advance(minutes=5)
    practice = services.mocks.start_practice("psm-1", items=5)
    practice.submit()
    last = services.exams.last_mock(goal.id)
    assert last is not None
    assert last.result.summary.id == exam
