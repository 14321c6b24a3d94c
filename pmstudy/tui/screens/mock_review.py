"""Review a finished mock item by item: the answer given, right or wrong, and the back with
every option's explanation; all items, or only the wrong or the flagged ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from pmstudy.tui.screens.mock_results_text import review_line
from pmstudy.tui.widgets.card_view import CardFace, CardView
from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.services.mock import ItemReview, MockResult


def reviewed(items: tuple[ItemReview, ...], which: str) -> list[ItemReview]:
    """The items a filter keeps: all, the wrong (or unanswered) ones, the flagged ones."""
    if which == "wrong":
        return [r for r in items if not r.correct]
    if which == "flagged":
        return [r for r in items if r.flagged]
    return list(items)


class MockReviewScreen(Screen[None]):
    """One item at a time, answered and explained."""

    AUTO_FOCUS = "#mock-review-card"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,right", "next", "Next", tooltip="Next item"),
        Binding("p,left", "previous", "Prev", tooltip="Previous item"),
        Binding("w", "only('wrong')", "Wrong", tooltip="Only the wrong and unanswered items"),
        Binding("f", "only('flagged')", "Flagged", tooltip="Only the items you flagged"),
        Binding("a", "only('all')", "All", tooltip="Every item"),
        Binding("escape", "back", "Back", tooltip="Back to the results"),
    ]

    def __init__(self, result: MockResult) -> None:
        super().__init__()
        self.result = result
        self.sub_title = "Mock review"
        self.which = "all"
        self.index = 0

    def compose(self) -> ComposeResult:
        """The item's line, the item with its back, the keys."""
        yield Header()
        yield Static(id="mock-review-line")
        yield CardView(id="mock-review-card")
        yield KeyBar()

    def on_mount(self) -> None:
        """The first item."""
        self._show()

    @property
    def listed(self) -> list[ItemReview]:
        """The items the filter shows."""
        return reviewed(self.result.items, self.which)

    def _show(self) -> None:
        listed, view = self.listed, self.query_one(CardView)
        line = self.query_one("#mock-review-line", Static)
        self.refresh_bindings()
        if not listed:
            line.update(Text(f"No {self.which} items.", "bold"))
            view.show_message(Text(f"No {self.which} items in this mock: a shows them all."))
            return
        self.index = max(0, min(self.index, len(listed) - 1))
        review = listed[self.index]
        line.update(review_line(review, self.index, len(listed), len(self.result.items)))
        item = review.item
        if item.card is None or item.rendered is None:
            view.show_message(Text("This item's card was deleted since the mock."))
            return
        view.show_front(CardFace.of(item.card, item.rendered))
        if item.picks_letters:
            view.choices.show(frozenset(review.response))
        feedback = list(review.grade.feedback or ()) if review.grade else None
        view.show_back(feedback)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Next and previous only where there is one."""
        if action == "next":
            return True if self.index + 1 < len(self.listed) else None
        if action == "previous":
            return True if self.index > 0 else None
        return True

    def action_next(self) -> None:
        """The next item."""
        if self.index + 1 < len(self.listed):
            self.index += 1
            self._show()

    def action_previous(self) -> None:
        """The previous item."""
        if self.index > 0:
            self.index -= 1
            self._show()

    def action_only(self, which: str) -> None:
        """Show all items, or only the wrong or the flagged ones."""
        self.which = which
        self.index = 0
        self._show()

    def action_back(self) -> None:
        """Back to the results."""
        self.dismiss()
