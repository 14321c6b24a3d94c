"""Key bindings as data: the help screen's rows and the command palette's entries.

Both are read from the bindings the screens and the app declare, so every action with a key
also has a help line and a palette entry, and neither can drift from the keys. A few screens
can also be opened from the palette anywhere (``SCREENS``), besides their key on one screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.actions import parse
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

if TYPE_CHECKING:
    from pmstudy.tui.app import PmStudyApp
    from pmstudy.tui.mock_ports import MockServices
    from pmstudy.tui.ports import (
        AppServices,
        BacktestServices,
        ClassifyServices,
        GroupReportServices,
    )


@dataclass(frozen=True)
class HelpRow:
    """One line of help: the keys, what they do, and whether it is the screen's or global."""

    keys: str
    description: str
    scope: str


def own_bindings(node: DOMNode) -> list[Binding]:
    """The bindings ``node``'s class declares (not Textual's built-in ones)."""
    return [b for b in Binding.make_bindings(type(node).BINDINGS) if b.description]


def _scoped(screen: Screen[Any]) -> list[tuple[DOMNode, str, Binding]]:
    app = screen.app
    return [
        *((screen, "this screen", b) for b in own_bindings(screen)),
        *((app, "everywhere", b) for b in own_bindings(app)),
    ]


def help_rows(screen: Screen[Any]) -> list[HelpRow]:
    """Every binding of ``screen`` and of the app.

    Keys doing one thing share a line ("space / ⏎"); a group ("1234 Rate") is one line too.
    """
    app = screen.app
    rows: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for _, scope, binding in _scoped(screen):
        group = binding.group.description if binding.group else ""
        title = group or binding.tooltip or binding.description
        keys, names = rows.setdefault((title, scope), ([], []))
        key = app.get_key_display(binding)
        if key not in keys:
            keys.append(key)
        name = binding.description.removeprefix(f"{group} ") if group else ""
        if name and name not in names:
            names.append(name)
    palette = Binding(App.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")
    rows.setdefault(("Command palette", "everywhere"), ([app.get_key_display(palette)], []))
    return [
        HelpRow(
            " ".join(keys) if names else " / ".join(keys),
            f"{title}: {', '.join(names)}" if names else title,
            scope,
        )
        for (title, scope), (keys, names) in rows.items()
    ]


@dataclass(frozen=True)
class PaletteCommand:
    """An action that can run now, with the key that runs it."""

    name: str
    key: str
    action: str
    node: DOMNode


def palette_commands(screen: Screen[Any]) -> list[PaletteCommand]:
    """The screen's and the app's actions that are enabled now, one entry per action."""
    app = screen.app
    commands: dict[str, PaletteCommand] = {}
    for node, _, binding in _scoped(screen):
        if binding.action in commands:
            continue
        name, params = parse(binding.action)[1:]
        if node.check_action(name, params):
            commands[binding.action] = PaletteCommand(
                binding.tooltip or binding.description,
                app.get_key_display(binding),
                binding.action,
                node,
            )
    return list(commands.values())


class _EntryProvider(Provider):
    """A palette provider over a list of entries: each a name, what choosing it runs, a help
    line. All of them show when nothing is typed, then those whose name matches."""

    def _entries(self) -> Iterable[tuple[str, Callable[[], Any], str]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        """All of them, when nothing is typed yet."""
        for name, run, help_line in self._entries():
            yield DiscoveryHit(name, run, help=help_line)

    async def search(self, query: str) -> Hits:
        """Those whose name matches ``query``."""
        matcher = self.matcher(query)
        for name, run, help_line in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, text=name, help=help_line)


class KeyCommands(_EntryProvider):
    """Command-palette entries for every action a key can run on the current screen."""

    def _entries(self) -> Iterable[tuple[str, Callable[[], Any], str]]:
        for command in palette_commands(self.screen):
            run = partial(self.app.run_action, command.action, command.node)
            yield command.name, run, f"key: {command.key}"


@dataclass(frozen=True)
class ScreenEntry:
    """A screen the palette opens from anywhere: its name, a line of help, how to make it
    from the app's services (imported when chosen, not at start-up)."""

    name: str
    help: str
    make: Callable[[AppServices], Screen[Any]]


def _backtest_screen(services: BacktestServices) -> Screen[Any]:
    from pmstudy.tui.screens.backtest import BacktestScreen

    return BacktestScreen(services)


def _mock_screen(services: MockServices) -> Screen[Any]:
    from pmstudy.tui.screens.mock_start import MockStartScreen

    return MockStartScreen(services)


def _classify_screen(services: ClassifyServices) -> Screen[Any]:
    from pmstudy.tui.screens.classify import ClassifyScreen

    return ClassifyScreen(services)


def _group_report_screen(services: GroupReportServices) -> Screen[Any]:
    from pmstudy.tui.screens.group_report import GroupReportScreen

    return GroupReportScreen(services)


SCREENS = (
    ScreenEntry(
        "Readiness back-test",
        "How past recall predictions fared after gaps of 4-90 days",
        _backtest_screen,
    ),
    ScreenEntry(
        "Mock exam",
        "A mock exam in the real format, or a practice set; results and history",
        _mock_screen,
    ),
    ScreenEntry(
        "Classify a deck onto an exam",
        "Suggest each note's exam domain and task; write them as tags (undoable)",
        _classify_screen,
    ),
    ScreenEntry(
        "Group report",
        "Every learner this account can see: readiness, last mock, exam countdown, last 7 days",
        _group_report_screen,
    ),
)


class ScreenCommands(_EntryProvider):
    """Command-palette entries that open the screens of ``SCREENS``."""

    def _opener(self, entry: ScreenEntry) -> Callable[[], None]:
        def open_screen() -> None:
            app = cast("PmStudyApp", self.app)
            app.push_screen(entry.make(app.services))

        return open_screen

    def _entries(self) -> Iterable[tuple[str, Callable[[], Any], str]]:
        return [(entry.name, self._opener(entry), entry.help) for entry in SCREENS]
