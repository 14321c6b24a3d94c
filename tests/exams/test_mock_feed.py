"""A finished mock feeds readiness: its answers become the recall-to-item link's evidence."""

from __future__ import annotations

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services


def test_a_finished_mock_informs_the_next_readiness_report(
    services: Services, clock: FixedClock
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    before = services.exams.report(with_plan=False).readiness
    assert before.mock_answers == 0
    run = services.mocks.start_exam("psm-1")
    for position in range(12):
        run.go(position)
        rendered = run.current.rendered
        assert rendered is not None
        right = "".join(sorted(rendered.correct_letters)) or (rendered.expected or "")
        run.answer(right if position % 3 else "no such answer")
        clock.advance(seconds=45)
    # answers given but not submitted are no evidence yet
    assert services.exams.report(with_plan=False).readiness.mock_answers == 0
    run.submit()
    after = services.exams.report(with_plan=False).readiness
    assert after.mock_answers == 12
