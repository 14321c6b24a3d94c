"""A finished mock's results: score, pass or fail, domains with bands, pacing, slowest items."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from pmstudy.tui.screens.mock_results_text import results_view
from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.services.mock import MockResult
    from pmstudy.tui.mock_ports import MockServices


class MockResultsScreen(Screen[None]):
    """The results of one mock; r reviews its items, h shows every mock so far."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review items", tooltip="Every item with your answer and why"),
        Binding("h", "history", "History", tooltip="Past mocks and the score over time"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, services: MockServices, result: MockResult) -> None:
        super().__init__()
        self.services = services
        self.result = result
        self.sub_title = "Mock results"

    def compose(self) -> ComposeResult:
        """The results, scrolling when long."""
        yield Header()
        with VerticalScroll(id="mock-results"):
            yield Static(results_view(self.result), id="mock-results-text")
        yield KeyBar()

    def on_mount(self) -> None:
        """Arrow keys scroll the results."""
        self.query_one("#mock-results").focus()

    def action_review(self) -> None:
        """Item by item, with the answer given, right or wrong, and every option's why."""
        from pmstudy.tui.screens.mock_review import MockReviewScreen

        self.app.push_screen(MockReviewScreen(self.result))

    def action_history(self) -> None:
        """Every finished mock and the score over time."""
        from pmstudy.tui.screens.mock_history import MockHistoryScreen

        self.app.push_screen(MockHistoryScreen(self.services))

    def action_back(self) -> None:
        """Return to where the mock was started from."""
        self.dismiss()
