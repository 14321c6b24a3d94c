"""The end-of-session summary: cards answered, time spent, again rate, the graded cards'
accuracy and right answers per exam domain."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from pmstudy.domain.model import ANSWER_RATINGS
from pmstudy.services.session import SessionSummary
from pmstudy.tui.widgets.rating_bar import RATING_NAMES


def duration_text(seconds: float) -> str:
    """``4 min 05 s`` (or ``12 s`` under a minute)."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def summary_text(summary: SessionSummary, deck_name: str) -> Text:
    """The summary's lines."""
    text = Text()
    text.append("Session summary: ", "bold")
    text.append(deck_name, "bold")
    text.append("\n\n")
    rows = [
        ("Cards done", str(summary.answered)),
        ("Time", duration_text(summary.seconds)),
        ("Again rate", f"{summary.again_rate:.0%}" if summary.answered else "-"),
    ]
    if summary.answered:
        per_card = summary.seconds / summary.answered
        rows.append(("Per card", f"{per_card:.1f} s"))
        rows.append(
            (
                "Ratings",
                "  ".join(
                    f"{RATING_NAMES[r]} {summary.by_rating.get(int(r), 0)}" for r in ANSWER_RATINGS
                ),
            )
        )
        graded = summary.graded
        if graded.answers:
            share = f"{graded.right} of {graded.answers} graded right ({graded.share:.0%})"
            rows.append(("Accuracy", share))
    for label, value in rows:
        text.append(f"{label:<12}", "dim")
        text.append(f"{value}\n")
    domains = summary.by_domain
    if domains:
        text.append(f"\n{'By exam domain':<30}", "bold")
        text.append("answers  right\n", "dim")
        for (profile, domain), tally in sorted(domains.items()):
            name = f"{profile} · {domain}"
            text.append(f"  {name[:30]:<30}{tally.answers:>5}  {tally.share:>5.0%}\n")
    text.append("\nenter or escape returns to the decks", "dim italic")
    return text


class SummaryScreen(ModalScreen[None]):
    """Shows a finished session's numbers until dismissed."""

    DEFAULT_CSS = """
    SummaryScreen {
        align: center middle;
    }
    SummaryScreen #summary-dialog {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
        Binding("space", "close", "Close", show=False),
    ]

    def __init__(self, summary: SessionSummary, deck_name: str) -> None:
        super().__init__()
        self.summary = summary
        self.deck_name = deck_name

    def compose(self) -> ComposeResult:
        """The summary box."""
        with Vertical(id="summary-dialog"):
            yield Static(summary_text(self.summary, self.deck_name), id="summary-text")

    def action_close(self) -> None:
        """Back to where the session was started from."""
        self.dismiss(None)
