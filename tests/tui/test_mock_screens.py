"""Mock exams in the TUI, driven with keys: the start screen, a two-section CAPM mock with its
break, the navigator, the results, the review and the history; a timed practice set that runs
out of time. The clock is the test's: it moves only when a test advances it, and the screens'
once-a-second ticks are called by hand."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.commands import SCREENS, help_rows, palette_commands
from pmstudy.tui.screens.dialogs import ConfirmScreen
from pmstudy.tui.screens.mock import MockScreen
from pmstudy.tui.screens.mock_break import BreakScreen
from pmstudy.tui.screens.mock_history import MockHistoryScreen
from pmstudy.tui.screens.mock_navigator import NavigatorScreen
from pmstudy.tui.screens.mock_practice import PracticeScreen
from pmstudy.tui.screens.mock_results import MockResultsScreen
from pmstudy.tui.screens.mock_review import MockReviewScreen
from pmstudy.tui.screens.mock_start import MockStartScreen
from tests.tui.support import screen_text


async def open_start(pilot: Pilot[Any], profile_id: str = "capm") -> MockStartScreen:
    """Press m on the dashboard and highlight the exam ``profile_id``."""
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.press("m")
    await pilot.pause()
    start = app.screen
    assert isinstance(start, MockStartScreen)
    index = next(i for i, e in enumerate(start.entries) if e.spec.id == profile_id)
    start.query_one("#mock-start-exams").highlighted = index  # type: ignore[attr-defined]
    await pilot.pause()
    return start


def letters(screen: MockScreen) -> tuple[str, str]:
    """The right and a wrong option letter of the item on screen (lower case: the keys)."""
    rendered = screen.run.current.rendered
    assert rendered is not None
    right = next(c.letter for c in rendered.choices if c.correct)
    wrong = next(c.letter for c in rendered.choices if not c.correct)
    return right.lower(), wrong.lower()


async def test_a_two_section_mock_from_start_to_history(
    mock_services: Services, clock: FixedClock
) -> None:
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(80, 24)) as pilot:
        start = await open_start(pilot)
        text = screen_text(app)
        assert "12 items in 15 min (shortened)" in text
        assert "this exam cannot be paused" in text
        assert "Start mock" in text.splitlines()[-1]

        await pilot.press("enter")
        await pilot.pause()
        mock = app.screen
        assert isinstance(mock, MockScreen)
        assert mock.run.format.sections == (6, 6)
        assert "Section 1 of 2 · 1 / 12" in screen_text(app)
        assert "15:00" in screen_text(app)

        # item 1: the right answer, flagged
        right, _ = letters(mock)
        first_right = mock.run.current.drawn.scored
        await pilot.press(right, "f")
        assert mock.state.items[0].response == right.upper()
        assert mock.state.items[0].flagged
        # moving: n and →, p and ←
        await pilot.press("n", "right")
        assert mock.state.position == 2
        await pilot.press("p", "left")
        assert mock.state.position == 0
        # the clock: 30 s charged to item 1
        clock.advance(seconds=30)
        mock.tick()
        await pilot.pause()
        assert "14:30" in screen_text(app)
        assert mock.state.items[0].time_ms == 30_000

        # the navigator: unanswered only, enter jumps to the first of them
        await pilot.press("g")
        await pilot.pause()
        navigator = app.screen
        assert isinstance(navigator, NavigatorScreen)
        assert [r.position for r in navigator.listed] == list(range(6))
        await pilot.press("u")
        assert [r.position for r in navigator.listed] == [1, 2, 3, 4, 5]
        await pilot.press("f")
        assert [r.position for r in navigator.listed] == [0]
        await pilot.press("u", "down", "enter")
        await pilot.pause()
        assert app.screen is mock
        assert mock.state.position == 2

        # no pause on this exam: space says so and the clock keeps running
        await pilot.press("space")
        await pilot.pause()
        assert not mock.state.paused
        assert any("cannot be paused" in str(n.message) for n in app._notifications)

        # end the section: the confirm says what is left and that it locks
        await pilot.press("s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        text = screen_text(app)
        assert "End section 1 of 2?" in text
        assert "5 items unanswered and 1 flagged in this section" in text
        assert "you cannot come back to it" in text
        await pilot.press("y")
        await pilot.pause()
        pause = app.screen
        assert isinstance(pause, BreakScreen)
        text = screen_text(app)
        assert "Break  10:00 left" in text
        assert "Section 1 is done and locked" in text
        assert "14:30" in text  # exam time left, stopped during the break

        # the break runs out by itself: the next section starts
        clock.advance(minutes=4)
        pause.tick()
        await pilot.pause()
        assert "06:00" in screen_text(app)
        clock.advance(minutes=6)
        pause.tick()
        await pilot.pause()
        assert app.screen is mock
        assert (mock.state.section, mock.state.position) == (1, 6)
        assert "Section 2 of 2 · 7 / 12" in screen_text(app)
        # section 1 is locked: p does not go back to it
        await pilot.press("p")
        assert mock.state.position == 6
        _, wrong = letters(mock)
        await pilot.press(wrong)
        clock.advance(seconds=20)
        mock.tick()

        # submit: the last section's s
        await pilot.press("s")
        await pilot.pause()
        assert "Submit the mock" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, MockResultsScreen)
        score = results.result.score
        assert score.right == (1 if first_right else 0)
        assert score.unanswered == 10
        text = screen_text(app)
        assert f"{score.right} / {score.scored} right" in text
        assert "No pass or fail (no published pass mark)" in text
        assert "bands: assumed thresholds" in text

        # review: the flagged item was right, the wrong filter leaves it out
        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, MockReviewScreen)
        await pilot.press("f")
        assert [r.item.position for r in review.listed] == [0]
        text = screen_text(app)
        assert f"your answer {right.upper()}" in text
        assert "✓ right" in text
        assert "⚑ flagged" in text
        assert "Right:" in text  # the back: every option's why
        await pilot.press("w")
        assert 0 not in [r.item.position for r in review.listed]
        assert 6 in [r.item.position for r in review.listed]
        await pilot.press("a", "n")
        assert review.index == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is results

        # history: the one mock, enter opens its results again
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, MockHistoryScreen)
        assert [s.id for s in history.summaries] == [results.result.summary.id]
        assert "CAPM (ECO 2023) mock exam" in screen_text(app)
        assert "score over time shows from the second" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MockResultsScreen)
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        assert app.screen is start


async def test_time_up_submits_what_was_answered(
    mock_services: Services, clock: FixedClock
) -> None:
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_start(pilot)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PracticeScreen)
        dialog.query_one("#practice-items", Input).value = "3"
        dialog.query_one(Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        mock = app.screen
        assert isinstance(mock, MockScreen)
        assert mock.run.format.limit_s == 216  # 3 items at 180 min per 150
        assert mock.run.format.sections == (3,)
        right, _ = letters(mock)
        await pilot.press(right, "g")  # the navigator is open when the time runs out
        await pilot.pause()
        assert isinstance(app.screen, NavigatorScreen)
        clock.advance(seconds=217)
        mock.tick()
        await pilot.pause()
        results = app.screen
        assert isinstance(results, MockResultsScreen)
        assert results.result.ended is not None
        assert results.result.ended.value == "time-up"
        assert results.result.score.unanswered == 2
        text = screen_text(app)
        assert "time ran out" in text
        assert "03:36 used of 03:36" in text


async def test_practice_sets_from_a_domain_and_from_a_search(mock_services: Services) -> None:
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(120, 40)) as pilot:
        start = await open_start(pilot)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PracticeScreen)
        dialog.query_one(Select).value = "domain:agile"
        await pilot.press("ctrl+s")
        await pilot.pause()
        mock = app.screen
        assert isinstance(mock, MockScreen)
        assert mock.run.format.items == 3
        assert {i.drawn.domain for i in mock.run.items} == {"agile"}
        assert mock.run.format.title == "CAPM (ECO 2023) practice: Agile Frameworks/Methodologies"
        assert "untimed" in screen_text(app)
        # practice sets may pause: the item is hidden meanwhile
        await pilot.press("space")
        await pilot.pause()
        assert mock.state.paused
        assert "Paused" in screen_text(app)
        await pilot.press("space", "s", "y")
        await pilot.pause()
        assert isinstance(app.screen, MockResultsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is start

        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PracticeScreen)
        dialog.query_one(Select).value = "search"
        await pilot.press("ctrl+s")  # no query typed yet
        await pilot.pause()
        assert app.screen is dialog
        assert "Type a search" in screen_text(app)
        dialog.query_one("#practice-query", Input).value = "tag:exam::capm::predictive"
        await pilot.press("ctrl+s")
        await pilot.pause()
        mock = app.screen
        assert isinstance(mock, MockScreen)
        assert {i.drawn.domain for i in mock.run.items} == {"predictive"}


async def test_every_mock_key_has_help_and_a_palette_entry(mock_services: Services) -> None:
    assert "Mock exam" in [entry.name for entry in SCREENS]
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_start(pilot)
        await pilot.press("enter")
        await pilot.pause()
        mock = app.screen
        assert isinstance(mock, MockScreen)
        rows = {row.description for row in help_rows(mock)}
        assert "This exam cannot be paused" in rows
        assert "Flag this item for review, or unflag it" in rows
        assert any(d.startswith("Pick:") for d in rows)
        names = {c.name for c in palette_commands(mock)}
        assert {"Next item", "End this section", "This exam cannot be paused"} <= names
        assert "Submit the mock and see the results" not in names  # not in the last section
        assert "Pause or restart the exam clock" not in names


async def test_a_practice_set_of_the_weakest_tasks(mock_services: Services) -> None:
    mock_services.exams.add("capm", "2027-02-15")
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(100, 34)) as pilot:
        start = await open_start(pilot)
        assert start.entries[0].goal is not None  # the learner's exam comes first
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PracticeScreen)
        dialog.query_one(Select).value = "weakest"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        mock = app.screen
        assert isinstance(mock, MockScreen)
        assert mock.run.format.title == "CAPM (ECO 2023) practice: weakest tasks"
        assert mock.run.format.items == 5  # the five weakest tasks hold one item each


def test_picks_toggle_among_several_and_replace_one() -> None:
    from pmstudy.tui.screens.mock import picked

    assert picked("", "B", multi=False) == "B"
    assert picked("B", "C", multi=False) == "C"
    assert picked("C", "C", multi=False) == ""
    assert picked("AC", "B", multi=True) == "ABC"
    assert picked("ABC", "A", multi=True) == "BC"


async def test_a_typed_item_is_answered_in_its_box(
    mock_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Matching, ordering and numeric items are typed; a type-in card stands in for them here.
    monkeypatch.setattr("pmstudy.db.mock.EXAM_ITEM_KINDS", frozenset({"type_in"}))
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_start(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        mock = app.screen
        assert isinstance(mock, MockScreen)
        assert not mock.run.current.picks_letters
        assert "Type" in screen_text(app).splitlines()[-1]
        await pilot.press("enter")  # into the box: letters type, they are no keys now
        assert isinstance(mock.focused, Input)
        await pilot.press("f", "7")
        assert not mock.state.items[0].flagged
        clock_tick_keeps_what_is_typed = mock.card_view.typed_input.value
        mock.tick()
        assert mock.card_view.typed_input.value == clock_tick_keeps_what_is_typed == "f7"
        await pilot.press("backspace", "backspace", "7", "enter")
        assert mock.state.items[0].response == "7"
        assert not isinstance(mock.focused, Input)
        await pilot.press("enter", "9")
        assert "esc Leave the box" in screen_text(app).splitlines()[-1]
        await pilot.press("escape")  # what was typed since the last enter is dropped
        assert mock.card_view.typed_input.value == "7"
        assert mock.state.items[0].response == "7"
        await pilot.press("f", "s", "y")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, MockResultsScreen)
        assert results.result.items[0].response == "7"  # type-in cards leave right to the learner
        assert results.result.items[0].flagged
