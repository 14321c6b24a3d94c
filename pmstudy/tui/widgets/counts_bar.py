"""What is left in a study session: new + learning + review, coloured as in Anki."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from pmstudy.domain.model import CardState
from pmstudy.domain.scheduling import Counts

NEW_STYLE = "bold #5fafff"
LEARNING_STYLE = "bold #ff5f5f"
REVIEW_STYLE = "bold #5fd75f"


def counts_text(counts: Counts, current: CardState | None = None) -> Text:
    """``12 + 3 + 40`` with the kind of the card on screen underlined."""
    kinds = (
        (counts.new, NEW_STYLE, current == CardState.NEW),
        (
            counts.learning,
            LEARNING_STYLE,
            current in (CardState.LEARNING, CardState.RELEARNING),
        ),
        (counts.review, REVIEW_STYLE, current == CardState.REVIEW),
    )
    text = Text()
    for position, (number, style, active) in enumerate(kinds):
        if position:
            text.append(" + ", "dim")
        text.append(str(number), f"{style} underline" if active else style)
    return text


class CountsBar(Static):
    """Remaining new / learning / review cards."""

    DEFAULT_CSS = """
    CountsBar {
        width: auto;
        height: 1;
    }
    """

    def show(self, counts: Counts, current: CardState | None = None) -> None:
        """Display ``counts``; ``current`` is the state of the card being studied."""
        self.update(counts_text(counts, current))
