"""The Textual application: screens, global keys and command providers; no logic of its own."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from pmstudy import crashlog
from pmstudy.errors import PmStudyError
from pmstudy.services.profiles import learner_names
from pmstudy.settings import save_theme, saved_theme
from pmstudy.tui.commands import KeyCommands, ScreenCommands, help_rows, own_bindings
from pmstudy.tui.screens.dashboard import DashboardScreen
from pmstudy.tui.screens.help import HelpScreen
from pmstudy.tui.screens.profile_switch import (
    SWITCH_TITLE,
    ProfileSwitcher,
    learner_label,
    learner_title,
)

if TYPE_CHECKING:
    from pmstudy.tui.ports import AppServices
    from pmstudy.tui.screens.classify_text import OpenClassify

# Textual's own palette entries that pmstudy replaces: Quit is the app's `q` binding (listed
# by KeyCommands), Screenshot saves to the data folder and says where.
REPLACED_SYSTEM_COMMANDS = frozenset({"Quit", "Screenshot"})


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
        self.failure: str | None = None
        self.switch_to: str | None = None
        """The profile the learner switched to ("" the default): the command line reopens
        the app on it once this one has closed."""
        # the others are listed only for the default profile's title (on PostgreSQL that is a
        # query: a named learner's start does not wait for it)
        others = [] if self.profile is not None else learner_names(services.settings)
        self.title = learner_title(self.profile, others)
        theme = saved_theme(self.data_dir)
        if theme in self.available_themes:
            self.theme = theme

    def _handle_exception(self, error: Exception) -> None:
        """An error no screen handled ends the app with one line in ``failure`` (the command
        line prints it and exits 1), never Textual's traceback: that one prints local variables
        (card text, SQL parameters) and the process still exited 0. The traceback goes to
        crash.log, except for an error meant for the user (a PmStudyError says it all)."""
        self._return_code = 1
        if self.failure is None:
            self.failure = (
                str(error)
                if isinstance(error, PmStudyError)
                else crashlog.logged(error, self.data_dir)
            )
        # as Textual does: `run_test` re-raises the first error, so a test sees it
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    @property
    def data_dir(self) -> Path:
        """The data folder: the theme and screenshots are kept there."""
        return self.services.settings.data_dir

    @property
    def profile(self) -> str | None:
        """The learner profile studying (None: the default one)."""
        return self.services.settings.profile

    def on_mount(self) -> None:
        """Keep the theme the learner picks for the next start."""
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    async def action_quit(self) -> None:
        """Quit, unless the screen holds work not saved yet (an answer waiting for a busy
        database): then say so and stay."""
        unsaved = getattr(self.screen, "unsaved", None)
        if callable(unsaved) and (reason := unsaved()):
            self.notify(reason, title="Not quitting", severity="warning", markup=False)
            return
        await super().action_quit()

    def _theme_changed(self, theme: Theme) -> None:
        save_theme(self.data_dir, theme.name)

    def get_default_screen(self) -> Screen[None]:
        """Start on the dashboard."""
        return DashboardScreen(self.services)

    def get_system_commands(self, screen: Screen[None]) -> Iterable[SystemCommand]:
        """Textual's palette entries, with Quit once and a Screenshot that says where it went."""
        for command in super().get_system_commands(screen):
            if command.title not in REPLACED_SYSTEM_COMMANDS:
                yield command
        if not any(b.action == "app.switch_profile" for b in own_bindings(screen)):
            # a screen with the key (the dashboard's L) lists it with its key instead
            yield SystemCommand(
                SWITCH_TITLE,
                f"Study as another learner (now: {learner_label(self.profile)}) or a new one",
                self.action_switch_profile,
            )
        yield SystemCommand(
            "Screenshot",
            f"Save an SVG picture of the screen in {self.data_dir}",
            lambda: self.set_timer(0.1, self.take_screenshot),
        )

    def action_switch_profile(self) -> None:
        """Choose a profile; the app then closes and reopens on it (``switch_to``)."""
        names = learner_names(self.services.settings)
        self.push_screen(ProfileSwitcher(names, self.profile), self._switch_chosen)

    def _switch_chosen(self, choice: str | None) -> None:
        if choice is None or (choice or None) == self.profile:
            return
        unsaved = getattr(self.screen, "unsaved", None)
        if callable(unsaved) and (reason := unsaved()):
            self.notify(reason, title="Not switching", severity="warning", markup=False)
            return
        self.switch_to = choice
        self.exit()

    def take_screenshot(self) -> Path | None:
        """Save an SVG of the screen in the data folder; say where, or why it failed."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path = Path(self.save_screenshot(path=str(self.data_dir)))
        except OSError as exc:
            self.notify(f"Screenshot not saved: {exc}", severity="error", timeout=8, markup=False)
            return None
        self.notify(f"Screenshot saved to {path}", title="Screenshot", timeout=8, markup=False)
        return path

    def action_classify(self, deck: str | None = None, exam: str | None = None) -> None:
        """Open the classify screen, prefilled with a deck and an exam profile when given."""
        from pmstudy.tui.screens.classify import ClassifyScreen

        self.push_screen(ClassifyScreen(self.services, deck=deck, exam=exam))

    def on_open_classify(self, message: OpenClassify) -> None:
        """A screen asks for the classify screen (``OpenClassify``)."""
        self.action_classify(message.deck, message.exam)

    def action_help(self) -> None:
        """Show every key of the current screen and the global ones."""
        if isinstance(self.screen, HelpScreen):
            return
        title = self.screen.sub_title or self.title
        self.push_screen(HelpScreen(title, help_rows(self.screen)))
