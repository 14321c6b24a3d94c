"""Sitting a PSM I mock through the service, as the mock screen would (shared by the CLI, exams
and TUI tests of what a finished mock shows). The Scrum bank's size and item types change as the
deck grows, so callers say how many answers are wrong or blank and read the rest from the mock.
"""

from __future__ import annotations

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services
from pmstudy.services.mock import MockRun


def answer_for(run: MockRun, *, right: bool) -> str:
    """A right (or a wrong) answer to the item on screen, of any exam item type: the correct
    letters of a choice item, the typed key of the others (letters in order, a number)."""
    rendered = run.current.rendered
    assert rendered is not None
    if rendered.choices:
        if right:
            return "".join(sorted(rendered.correct_letters))
        return next(c.letter for c in rendered.choices if not c.correct)
    assert rendered.expected is not None
    return rendered.expected if right else "no idea"


def sit_mock(
    services: Services, clock: FixedClock, *, wrong: int = 0, blank: int = 0, seconds: int = 20
) -> int:
    """A PSM I mock answered right, then ``wrong`` times wrong, its last ``blank`` items left
    blank, ``seconds`` an answer; the clock then runs a second past the limit and a tick ends
    it. Its id."""
    run = services.mocks.start_exam("psm-1")
    answered = len(run.items) - blank
    for n in range(answered):
        run.answer(answer_for(run, right=n < answered - wrong))
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
        run.answer(answer_for(run, right=True))
        clock.advance(seconds=20)
        run.go(n + 1)
    assert not run.finished
    return run.id
