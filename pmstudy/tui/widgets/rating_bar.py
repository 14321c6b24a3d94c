"""The answer buttons: "Show answer", then Again / Hard / Good / Easy with their intervals."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from pmstudy.domain.model import ANSWER_RATINGS, Rating

RATING_NAMES: dict[Rating, str] = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


def rating_label(rating: Rating, interval: str | None) -> Text:
    """``1 Again  1m``: key, name and the interval the rating would give."""
    label = Text()
    label.append(str(int(rating)), "bold")
    label.append(f" {RATING_NAMES[rating]}")
    if interval:
        label.append(f"  {interval}", "italic")
    return label


class RatingBar(Horizontal):
    """Buttons for the answer; keys do the same through the review screen's bindings."""

    DEFAULT_CSS = """
    RatingBar {
        height: 1;
        width: 100%;
        align-horizontal: center;
    }
    RatingBar Button {
        margin: 0 1;
        min-width: 14;
    }
    RatingBar.-front .rating { display: none; }
    RatingBar.-back #show-answer { display: none; }
    RatingBar.-idle Button { display: none; }
    """

    class ShowRequested(Message):
        """The learner clicked "Show answer"."""

    class Rated(Message):
        """The learner clicked a rating."""

        def __init__(self, rating: Rating) -> None:
            self.rating = rating
            super().__init__()

    def compose(self) -> ComposeResult:
        """One "show" button and four rating buttons (hidden by class)."""
        show = Button(Text("space Show answer"), id="show-answer", compact=True)
        show.can_focus = False
        yield show
        for rating in ANSWER_RATINGS:
            button = Button(
                rating_label(rating, None),
                id=f"rate-{int(rating)}",
                classes=f"rating rating-{RATING_NAMES[rating].lower()}",
                compact=True,
            )
            button.can_focus = False
            yield button

    def on_mount(self) -> None:
        """Start with nothing to answer."""
        self.set_class(True, "-idle")

    def show_front(self, *, typing: bool = False) -> None:
        """The answer is hidden: offer to show it (``typing``: check the typed answer)."""
        label = "enter Check answer" if typing else "space Show answer"
        self.query_one("#show-answer", Button).label = Text(label)
        self.set_classes("-front")

    def show_ratings(self, intervals: Mapping[Rating, str], allowed: Collection[Rating]) -> None:
        """The answer is shown: offer the ratings in ``allowed``, each with its interval."""
        for rating in ANSWER_RATINGS:
            button = self.query_one(f"#rate-{int(rating)}", Button)
            button.label = rating_label(rating, intervals.get(rating))
            button.disabled = rating not in allowed
        self.set_classes("-back")

    def show_idle(self) -> None:
        """No card on screen."""
        self.set_classes("-idle")

    @on(Button.Pressed, "#show-answer")
    def _show(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.ShowRequested())

    @on(Button.Pressed, ".rating")
    def _rate(self, event: Button.Pressed) -> None:
        event.stop()
        assert event.button.id is not None
        self.post_message(self.Rated(Rating(int(event.button.id.removeprefix("rate-")))))
