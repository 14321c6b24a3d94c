"""The Textual application: screens, global keys and command providers; no logic of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from pmstudy.tui.commands import KeyCommands, ScreenCommands, help_rows
from pmstudy.tui.screens.dashboard import DashboardScreen
from pmstudy.tui.screens.help import HelpScreen

if TYPE_CHECKING:
    from pmstudy.tui.ports import AppServices


class PmStudyApp(App[None]):
    """pmstudy in the terminal; all data comes from ``services``."""

    TITLE = "pmstudy"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {KeyCommands, ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Quit pmstudy"),
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
    ]

    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.services = services

    def get_default_screen(self) -> Screen[None]:
        """Start on the dashboard."""
        return DashboardScreen(self.services)

    def action_help(self) -> None:
        """Show every key of the current screen and the global ones."""
        if isinstance(self.screen, HelpScreen):
            return
        title = self.screen.sub_title or self.title
        self.push_screen(HelpScreen(title, help_rows(self.screen)))
