"""A mock a killed process left open: resume it as it stood, or end it and score it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.dialogs import DIALOG_CSS
from pmstudy.tui.screens.mock_text import unfinished_progress

if TYPE_CHECKING:
    from pmstudy.services.mock import Unfinished
    from pmstudy.tui.mock_ports import MockServices


class ResumeScreen(ModalScreen[str | None]):
    """Ask what to do with an unfinished mock: ``"resume"``, ``"end"``, or None (later)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ResumeScreen")
        + """
    ResumeScreen #resume-text { height: auto; }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('resume')", "Resume", tooltip="Resume the mock where it stood"),
        Binding("e", "choose('end')", "End and score", tooltip="End the mock and score it"),
        Binding("escape", "later", "Later", tooltip="Decide later (it stays open)"),
    ]

    def __init__(self, unfinished: Unfinished) -> None:
        super().__init__()
        self.unfinished = unfinished

    def compose(self) -> ComposeResult:
        """What is open, and the two choices."""
        text = Text().append("A mock was left unfinished\n\n", "bold")
        text.append(self.unfinished.title, "bold")
        text.append(f"\n{unfinished_progress(self.unfinished)}.")
        text.append(
            "\n\nResume: the same items, answers, flags and time left (the time pmstudy was "
            "closed is not charged).\nEnd and score: unanswered items count as wrong."
        )
        with Vertical():
            yield Static(text, id="resume-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume (r)", variant="primary", id="resume-resume")
                yield Button("End and score (e)", id="resume-end")

    def on_mount(self) -> None:
        """Resume is the default."""
        self.query_one("#resume-resume", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss("resume" if event.button.id == "resume-resume" else "end")

    def action_choose(self, choice: str) -> None:
        """Close with the choice."""
        self.dismiss(choice)

    def action_later(self) -> None:
        """Close; the mock stays open and is offered again."""
        self.dismiss(None)


def offer_resume(app: App[object], services: MockServices, unfinished: Unfinished) -> None:
    """Ask, then open the mock again, or its results once it is ended."""
    from pmstudy.tui.screens.mock import MockScreen
    from pmstudy.tui.screens.mock_results import MockResultsScreen

    def chosen(choice: str | None) -> None:
        try:
            if choice == "resume":
                app.push_screen(MockScreen(services, services.mocks.resume(unfinished.id)))
            elif choice == "end":
                app.push_screen(MockResultsScreen(services, services.mocks.abandon(unfinished.id)))
        except PmStudyError as exc:
            app.notify(str(exc), title="Mock", severity="error", markup=False)

    app.push_screen(ResumeScreen(unfinished), chosen)
