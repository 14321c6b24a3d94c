"""SVG snapshots of the import screen at 80x24 and 120x40: the empty form, the folder tree, a
CSV imported into a new deck, and a failure after it (a temporary home with fixed names).

Update the baselines with ``pytest tests/tui/test_snapshots_import.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from pmstudy.services.container import Services
from pmstudy.tui.screens.import_screen import ImportScreen
from pmstudy.tui.widgets.file_picker import ImportableTree
from tests.tui.screen_shots import steady
from tests.tui.test_import_choices import make_home

SnapCompare = Callable[..., bool]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


class ImportHost(App[None]):
    """The import screen on its own, over a temporary home."""

    TITLE = "pmstudy"

    def __init__(self, services: Services, home: Path) -> None:
        super().__init__()
        self.services = services
        self.home = home

    def on_mount(self) -> None:
        self.push_screen(ImportScreen(self.services, home=self.home, start=self.home))


async def _import(pilot: Pilot[Any], path: str) -> None:
    screen = pilot.app.screen
    screen.query_one("#import-path", Input).value = path
    screen.query_one("#import-path", Input).focus()
    await pilot.press("enter")
    await pilot.pause()
    if not isinstance(pilot.app.screen, ImportScreen):  # the CSV mapping
        await pilot.press("ctrl+s")
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def empty(pilot: Pilot[Any]) -> None:
    """The form as it opens."""
    await pilot.pause()


async def tree(pilot: Pilot[Any]) -> None:
    """ctrl+t: the folders and card files of the home folder."""
    await pilot.press("ctrl+t")
    found = pilot.app.screen.query_one(ImportableTree)
    for _ in range(50):
        await pilot.pause()
        if found.root.children:
            break
    await pilot.press("down", "down")


async def imported(pilot: Pilot[Any]) -> None:
    """cards.csv imported into a new deck."""
    pilot.app.screen.query_one("#import-deck", Input).value = "Found decks::WBS"
    await _import(pilot, "cards.csv")


async def failed(pilot: Pilot[Any]) -> None:
    """A broken package after that success: only the error is left."""
    await imported(pilot)
    await _import(pilot, "decks/broken.apkg")


SCENES: dict[str, Steps] = {
    "empty": empty,
    "tree": tree,
    "imported": imported,
    "failed": failed,
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_import(
    snap_compare: SnapCompare,
    empty_services: Services,
    tmp_path: Path,
    scene: str,
    size: tuple[int, int],
) -> None:
    home = make_home(tmp_path)
    (home / "decks" / "broken.apkg").write_bytes(b"not a zip")
    app = ImportHost(empty_services, home)
    assert snap_compare(app, terminal_size=size, run_before=steady(SCENES[scene]))
