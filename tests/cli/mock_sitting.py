"""Sitting a PSM I mock through the service, as the mock screen would (shared by the CLI, exams
and TUI tests of what a finished mock shows)."""

from __future__ import annotations

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services
from pmstudy.services.mock import MockRun


def _answer(run: MockRun, *, right: bool) -> str:
    rendered = run.current.rendered
    assert rendered is not None
    if right:
        return "".join(sorted(rendered.correct_letters))
    return next(c.letter for c in rendered.choices if not c.correct)


def sit_mock(
    services: Services, clock: FixedClock, *, right: int, wrong: int = 0, seconds: int = 20
) -> int:
    """A PSM I mock with ``right`` then ``wrong`` answers, ``seconds`` each, the rest left
    blank; the clock then runs a second past the limit and a tick ends it. Its id."""
    run = services.mocks.start_exam("psm-1")
    for n in range(right + wrong):
        run.answer(_answer(run, right=n < right))
        clock.advance(seconds=seconds)
        if n + 1 < len(run.items):
            run.go(n + 1)
    left = run.state.remaining_ms()
    assert left is not None
    clock.advance(milliseconds=left + 1000)
    run.tick()
    assert run.finished
    return run.id


def start_mock(services: Services, clock: FixedClock, *, answered: int) -> int:
    """A PSM I mock left open after ``answered`` answers (as a killed process leaves it)."""
    run = services.mocks.start_exam("psm-1")
    for n in range(answered):
        run.answer(_answer(run, right=True))
        clock.advance(seconds=20)
        run.go(n + 1)
    assert not run.finished
    return run.id
