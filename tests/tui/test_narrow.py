"""At 80 columns nothing is cut (the defects issue): the browser gives Front the room, every
statistics tab is in sight, the review footer fits in every state, the exams footer too; the
editor, back-test and simulator show what they hold at 80x24. The SVG snapshots
(test_snapshots_screens.py) show the same; these say what to look for."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.binding import ActiveBinding, Binding, BindingType
from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent, TextArea
from textual.widgets._tabbed_content import ContentTab

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.backtest import BacktestScreen
from pmstudy.tui.screens.browser import BrowserScreen
from pmstudy.tui.screens.editor import EditorScreen
from pmstudy.tui.screens.exams import ExamsScreen
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.screens.simulator import SimulatorScreen
from pmstudy.tui.screens.stats import StatsScreen, tab_labels
from pmstudy.tui.widgets.key_bar import KeyBar, key_bar_text
from tests.tui import screen_shots
from tests.tui.screen_shots import settle
from tests.tui.support import screen_text

NARROW = (80, 24)
WIDE = (120, 40)


def footer(pilot: Pilot[Any]) -> str:
    """The key bar's line, as shown."""
    return str(pilot.app.screen.query_one(KeyBar).render())


def test_hints_are_left_out_rather_than_cut() -> None:
    def active(*bindings: Binding) -> list[ActiveBinding]:
        return [ActiveBinding(None, b, True) for b in bindings]  # type: ignore[arg-type]

    hints = active(
        Binding("space", "reveal", "Show answer"),
        Binding("minus", "bury", "Bury"),
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
    )
    full = " space Show answer  minus Bury  q Quit  question_mark Help  ^p palette"
    assert key_bar_text(hints, lambda b: b.key, palette_key="^p").plain == full
    assert key_bar_text(hints, lambda b: b.key, palette_key="^p", width=len(full)).plain == full
    fitted = key_bar_text(
        hints, lambda b: b.key, palette_key="^p", width=52, optional=("quit", "bury")
    ).plain
    assert fitted == " space Show answer  minus Bury  question_mark Help "  # palette, quit out
    last = key_bar_text(hints, lambda b: b.key, width=20, optional=("quit", "bury")).plain
    assert last == " space Show answer  question_mark Help "  # too long still: cut at the edge


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
async def test_the_browser_gives_front_the_room(services: Services, size: tuple[int, int]) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        table = screen.query_one(DataTable)
        keys = [str(key.value) for key in table.columns]
        widths = {str(key.value): column.width for key, column in table.columns.items()}
        used = sum(column.get_render_width(table) for column in table.columns.values())
        assert used <= table.content_region.width
        if size == NARROW:
            assert keys == ["mark", "front", "deck", "state", "due"]
            assert widths["front"] >= 30  # was 13, with the memory columns taking the rest
        else:
            assert keys[-3:] == ["stability", "difficulty", "retrievability"]
            assert widths["front"] >= 40
        line = footer(pilot)
        assert len(line.rstrip()) <= size[0]
        assert line.rstrip().endswith("? Help" if size == NARROW else "^p palette")


async def test_the_browser_columns_follow_a_resize(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        await pilot.press("down", "down")
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        assert "stability" not in [str(key.value) for key in table.columns]
        assert table.row_count == 7
        assert table.cursor_row == 2
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        assert "stability" in [str(key.value) for key in table.columns]
        assert table.row_count == 7


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
async def test_every_statistics_tab_is_in_sight(services: Services, size: tuple[int, int]) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        tabs = list(screen.query(ContentTab))
        assert len(tabs) == 8
        for tab in tabs:
            assert tab.region.right <= size[0], tab.label.plain
        labels = [tab.label.plain for tab in tabs]
        assert labels[-1] == ("Calib." if size == NARROW else "Calibration")
        screen.query_one(TabbedContent).active = "tab-calibration"
        await settle(pilot)
        assert all(tab.region.x >= 0 for tab in screen.query(ContentTab))  # no scrolling
        assert screen.query(ContentTab).first().label.plain == "Overview"


def test_tab_labels() -> None:
    assert tab_labels(82)["tab-calibration"] == "Calibration"
    assert tab_labels(81)["tab-calibration"] == "Calib."


REVIEW_STATES = [
    "review-question",
    "review-answer",
    "review-choice",
    "review-choice-picked",
    "review-typed",
    "review-typed-checked",
    "review-finished",
]


@pytest.mark.parametrize("state", REVIEW_STATES)
async def test_the_review_footer_fits_at_80_columns(services: Services, state: str) -> None:
    steps = next(shot.steps for shot in screen_shots.SHOTS if shot.name == state)
    app = PmStudyApp(services=services)
    async with app.run_test(size=NARROW) as pilot:
        await steps(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        line = footer(pilot).rstrip()
        assert len(line) <= NARROW[0]
        assert not line.endswith("…")
        assert line.endswith("esc End") or line.endswith("? Help"), line
        if state == "review-typed":  # "-" types a minus into the box: no "- Bury" hint
            assert line == " esc End"


async def test_the_exams_footer_fits_at_80_columns(mock_services: Services) -> None:
    app = PmStudyApp(services=mock_services)
    async with app.run_test(size=NARROW) as pilot:
        await screen_shots.exams(pilot)
        assert isinstance(app.screen, ExamsScreen)
        line = footer(pilot).rstrip()
        assert len(line) <= NARROW[0]
        for hint in ("a Add exam", "x Remove exam", "m Exam mode", "w Study weakest", "esc Back"):
            assert hint in line
        assert line.endswith("? Help")


async def test_the_editor_shows_front_and_back_at_80x24(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=NARROW) as pilot:
        await screen_shots.editor(pilot)
        assert isinstance(app.screen, EditorScreen)
        box = app.screen.query_one("#editor-fields")
        front, back = list(box.query(TextArea))[:2]
        for area in (front, back):  # the Back box was scrolled out of sight under its label
            assert box.region.contains_region(area.region), area.id


async def test_the_backtest_table_is_whole_at_80x24(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=NARROW) as pilot:
        await screen_shots.backtest(pilot)
        assert isinstance(app.screen, BacktestScreen)
        shown = screen_text(app)
        for header in ("Horizon", "Answers", "Predicted", "Observed", "Bias", "loss", "sd"):
            assert header in shown
        assert "…" not in shown  # headers were cut to "Horiz…"
        assert " pts" not in shown  # the unit is in the headers: "-3.0 pts" wrapped


async def test_the_simulator_result_is_in_sight_at_80x24(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=NARROW) as pilot:
        await screen_shots.simulator(pilot)
        assert isinstance(app.screen, SimulatorScreen)
        shown = screen_text(app)
        assert "Answers per day" in shown
        assert "Reviews:" in shown  # was below the screen's edge, out of reach
        axis = next(line for line in shown.splitlines() if "└" in line)
        assert axis.rstrip().endswith("─")  # the axis does not wrap onto the next line


async def test_a_dialog_over_a_screen_shows_its_own_keys_in_the_bar() -> None:
    """A modal dialog leaves the screen's key bar in sight below it: the bar names the keys
    that work now, the dialog's (a finished session's summary once offered Show answer,
    Edit and Suspend under it), and the screen's own again once the dialog is gone."""
    from textual.app import App, ComposeResult
    from textual.screen import ModalScreen, Screen
    from textual.widgets import Static

    class Dialog(ModalScreen[None]):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("escape", "dismiss", "Close"),
            Binding("y", "confirm", "Yes"),
        ]

        def compose(self) -> ComposeResult:
            yield Static("Done")

        def action_confirm(self) -> None:
            self.dismiss()

    class Cards(Screen[None]):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("space", "reveal", "Show answer"),
            Binding("e", "edit", "Edit"),
        ]

        def compose(self) -> ComposeResult:
            yield Static("a card")
            yield KeyBar()

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Cards())

    app = Host()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        cards = app.screen
        bar = cards.query_one(KeyBar)
        assert "space Show answer" in str(bar.render())
        app.push_screen(Dialog())
        await pilot.pause()
        await pilot.pause()
        line = str(bar.render())
        assert "esc Close" in line
        assert "y Yes" in line
        assert "Show answer" not in line
        assert "Edit" not in line
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is cards
        line = str(bar.render())
        assert "space Show answer" in line
        assert "Close" not in line
