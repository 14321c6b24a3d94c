"""The steps to every screen, for the SVG snapshots at 80x24 and 120x40
(tests/tui/test_snapshots_screens.py) and the PNGs of ``python -m tests.tui.make_screenshots DIR
screens``.

A shot is a name, the collection it starts from (a fixture of tests/tui/conftest.py: ``services``
holds the Sample::* decks, ``mock_services`` twelve CAPM exam items, ``fresh_services`` nothing
and no exam chosen yet) and the keys that reach the screen. None reads the bundled decks, which
change as their content is written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from textual.pilot import Pilot

from pmstudy.clock import FixedClock
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.backtest import BacktestScreen
from pmstudy.tui.screens.review import ReviewScreen
from tests.tui.support import open_deck
from tests.tuning.support import HISTORY_NOW, write_history
from tests.tuning.synthetic import generate

Steps = Callable[[Pilot[Any]], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    """A screen to picture: its name, the collection fixture, the steps to reach it."""

    name: str
    collection: str
    steps: Steps


def _app(pilot: Pilot[Any]) -> PmStudyApp:
    app = pilot.app
    assert isinstance(app, PmStudyApp)
    return app


async def settle(pilot: Pilot[Any]) -> None:
    """Let the workers finish and the screen redraw."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _press(pilot: Pilot[Any], *keys: str) -> None:
    await settle(pilot)
    await pilot.press(*keys)
    await settle(pilot)


def steady(steps: Steps) -> Steps:
    """``steps``, then the text cursors stop blinking: a blink every half second would make a
    snapshot depend on how long the steps took (a focused box's cursor is then shown steadily;
    the simulator's snapshot failed once under load)."""

    async def run(pilot: Pilot[Any]) -> None:
        await steps(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()

    return run


def _pick(review: ReviewScreen, *, right: bool) -> str:
    attempt = review.attempt
    assert attempt is not None
    choices = attempt.face.rendered.choices
    return next(c.letter for c in choices if c.correct is right).lower()


async def review_question(pilot: Pilot[Any]) -> None:
    """A basic card, answer hidden."""
    await open_deck(pilot, "Sample::Basics")


async def review_answer(pilot: Pilot[Any]) -> None:
    """A basic card, answer shown with the rating bar."""
    await open_deck(pilot, "Sample::Basics")
    await _press(pilot, "space")


async def review_choice(pilot: Pilot[Any]) -> None:
    """A multiple-choice card before a pick."""
    await open_deck(pilot, "Sample::Choice")


async def review_choice_picked(pilot: Pilot[Any]) -> None:
    """A multiple-choice card after a wrong pick."""
    review = await open_deck(pilot, "Sample::Choice")
    await _press(pilot, _pick(review, right=False), "enter")


async def review_typed(pilot: Pilot[Any]) -> None:
    """A type-in card with an answer typed, not yet checked."""
    await open_deck(pilot, "Sample::Typing")
    await _press(pilot, "3")


async def review_typed_checked(pilot: Pilot[Any]) -> None:
    """A type-in card after a wrong typed answer."""
    await open_deck(pilot, "Sample::Typing")
    await _press(pilot, "3", "enter")


async def review_finished(pilot: Pilot[Any]) -> None:
    """The last card answered Easy: nothing left today."""
    review = await open_deck(pilot, "Sample::Choice")
    await _press(pilot, _pick(review, right=True), "enter", "4")


async def dashboard_help(pilot: Pilot[Any]) -> None:
    """``?`` on the dashboard."""
    await _press(pilot, "question_mark")


async def deck_options(pilot: Pilot[Any]) -> None:
    """``o`` on the dashboard's first deck."""
    await _press(pilot, "o")


async def import_screen(pilot: Pilot[Any]) -> None:
    """``i`` on the dashboard."""
    await _press(pilot, "i")


async def simulator(pilot: Pilot[Any]) -> None:
    """``w`` on the dashboard, then a simulation run."""
    await _press(pilot, "w")
    await _press(pilot, "ctrl+r")


async def editor(pilot: Pilot[Any]) -> None:
    """The browser's first card opened in the editor."""
    await _press(pilot, "b")
    await _press(pilot, "e")


async def _history(pilot: Pilot[Any]) -> None:
    """300 synthetic cards answered over 250 days, the clock at the end of it."""
    await settle(pilot)
    services = _app(pilot).services
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(HISTORY_NOW)
    write_history(services, generate(300, 250, seed=9))  # type: ignore[arg-type]


async def stats(pilot: Pilot[Any]) -> None:
    """``s`` on the dashboard, with a synthetic history."""
    await _history(pilot)
    await _press(pilot, "s")


async def stats_calibration(pilot: Pilot[Any]) -> None:
    """The statistics' last tab, calibration."""
    await stats(pilot)
    app = _app(pilot)
    from textual.widgets import TabbedContent

    app.screen.query_one(TabbedContent).active = "tab-calibration"
    await settle(pilot)


async def backtest(pilot: Pilot[Any]) -> None:
    """The readiness back-test (from the palette) over a synthetic history."""
    await _history(pilot)
    app = _app(pilot)
    app.push_screen(BacktestScreen(app.services))
    await settle(pilot)


async def exams(pilot: Pilot[Any]) -> None:
    """``x`` on the dashboard with a CAPM exam date set."""
    _app(pilot).services.exams.add("capm", "2027-02-15")
    await _press(pilot, "x")


async def add_exam(pilot: Pilot[Any]) -> None:
    """``a`` on the exams screen."""
    await exams(pilot)
    await _press(pilot, "a")


async def first_run(pilot: Pilot[Any]) -> None:
    """The first start: which exams?"""
    await settle(pilot)


SHOTS: tuple[Shot, ...] = (
    Shot("review-question", "services", review_question),
    Shot("review-answer", "services", review_answer),
    Shot("review-choice", "services", review_choice),
    Shot("review-choice-picked", "services", review_choice_picked),
    Shot("review-typed", "services", review_typed),
    Shot("review-typed-checked", "services", review_typed_checked),
    Shot("review-finished", "services", review_finished),
    Shot("help", "services", dashboard_help),
    Shot("deck-options", "services", deck_options),
    Shot("import", "services", import_screen),
    Shot("simulator", "services", simulator),
    Shot("editor", "services", editor),
    Shot("stats", "services", stats),
    Shot("stats-calibration", "services", stats_calibration),
    Shot("backtest", "services", backtest),
    Shot("exams", "mock_services", exams),
    Shot("add-exam", "mock_services", add_exam),
    Shot("first-run", "fresh_services", first_run),
)
