"""The steps behind the mock-exam screenshots (``python -m tests.tui.make_screenshots DIR mock``)
and snapshots: the start screen, the practice-set dialog, a mock under way, its navigator, its
break, its results, the item review and the history, with a CAPM exam date set (two sections
with a 10-minute break, no pass mark).

The steps use the CAPM items already in the collection: the snapshot tests' twelve test items
(a shortened mock), or the bundled CAPM deck the screenshot script installs first (the full
format, pretest items). The snapshots do not read the bundled deck: its content changes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from pmstudy.clock import FixedClock
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.mock import MockScreen
from pmstudy.tui.screens.mock_break import BreakScreen

Steps = Callable[[Pilot[Any]], Awaitable[None]]


def _app(pilot: Pilot[Any]) -> tuple[PmStudyApp, FixedClock]:
    app = pilot.app
    assert isinstance(app, PmStudyApp)
    clock = app.services.clock
    assert isinstance(clock, FixedClock)
    return app, clock


async def _start(pilot: Pilot[Any]) -> None:
    """The CAPM exam date, then m on the dashboard."""
    app, _ = _app(pilot)
    app.services.exams.add("capm", "2027-02-15")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.press("m")
    await pilot.pause()


async def _mock(pilot: Pilot[Any]) -> MockScreen:
    """The CAPM mock, three items answered (one flagged), on item 4 after 4 minutes."""
    app, clock = _app(pilot)
    await _start(pilot)
    await pilot.press("enter")
    await pilot.pause()
    mock = app.screen
    assert isinstance(mock, MockScreen)
    for step in range(3):
        rendered = mock.run.current.rendered
        assert rendered is not None
        await pilot.press(rendered.choices[step % len(rendered.choices)].letter.lower())
        if step == 1:
            await pilot.press("f")
        clock.advance(seconds=80)
        mock.tick()
        await pilot.press("n")
    await pilot.pause()
    return mock


def _answer_section(mock: MockScreen, clock: FixedClock, *, skip: int) -> None:
    """Answer the section's items (right three times in four), a minute or so each, leaving
    the last ``skip`` unanswered."""
    run = mock.run
    positions = list(run.state.section_range())
    for n, position in enumerate(positions[: len(positions) - skip]):
        run.go(position)
        rendered = run.current.rendered
        if rendered is not None and rendered.choices:
            pick = [c for c in rendered.choices if c.correct == (n % 4 != 3)] or rendered.choices
            run.answer(pick[0].letter)
        clock.advance(seconds=40 + (n * 37) % 45)
        run.tick()
    run.go(positions[0])


async def _break(pilot: Pilot[Any]) -> None:
    """Section 1 done and locked, the break 3 min 20 s in."""
    app, clock = _app(pilot)
    mock = await _mock(pilot)
    _answer_section(mock, clock, skip=2)
    await pilot.press("s", "y")
    await pilot.pause()
    pause = app.screen
    assert isinstance(pause, BreakScreen)
    clock.advance(seconds=200)
    pause.tick()


async def _results(pilot: Pilot[Any]) -> None:
    """Both sections answered (a few left out), then submitted."""
    _, clock = _app(pilot)
    mock = await _mock(pilot)
    _answer_section(mock, clock, skip=2)
    await pilot.press("s", "y")
    await pilot.pause()
    await pilot.press("enter")  # the next section now
    await pilot.pause()
    _answer_section(mock, clock, skip=1)
    await pilot.press("s", "y")
    await pilot.pause()


async def _practice(pilot: Pilot[Any]) -> None:
    """``p`` on the start screen: the practice-set options."""
    await _start(pilot)
    await pilot.press("p")
    await pilot.pause()


async def _navigator(pilot: Pilot[Any]) -> None:
    """``g`` during the mock: every item, answered and flagged ones marked."""
    await _mock(pilot)
    await pilot.press("g")
    await pilot.pause()


async def _review(pilot: Pilot[Any]) -> None:
    """``r`` on the results: the first item with its answer and explanations."""
    await _results(pilot)
    await pilot.press("r")
    await pilot.pause()


async def _history(pilot: Pilot[Any]) -> None:
    """Four mocks and two practice sets over three weeks, better each time."""
    app, clock = _app(pilot)
    mocks = app.services.mocks
    for week in range(6):
        practice = week % 3 == 1
        run = (
            mocks.start_practice("capm", items=20, title="CAPM (ECO 2023) practice set")
            if practice
            else mocks.start_exam("capm")
        )
        for n, item in enumerate(run.items):
            run.go(n)
            rendered = item.rendered
            if rendered is not None and rendered.choices:
                right = n % 10 < 4 + week
                run.answer(next(c.letter for c in rendered.choices if c.correct == right))
            clock.advance(seconds=50)
            run.tick()
        run.submit()
        clock.advance(days=3, hours=5)
    await pilot.press("m")
    await pilot.pause()
    await pilot.press("h")
    await pilot.pause()


MOCK_SHOTS: tuple[tuple[str, Steps], ...] = (
    ("mock-start", _start),
    ("mock-practice", _practice),
    ("mock", _mock),
    ("mock-navigator", _navigator),
    ("mock-break", _break),
    ("mock-results", _results),
    ("mock-review", _review),
    ("mock-history", _history),
)
