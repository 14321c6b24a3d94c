"""``pmstudy`` paints the dashboard before its database is open (services/opening.py): a still
"Opening your collection…" line and no number, then the deck counts its read-ahead child read,
then the real counts once a worker opened it; a database that cannot be opened still ends the
app with its one line."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from pmstudy.clock import FixedClock
from pmstudy.errors import DatabaseStateError
from pmstudy.services.container import Services
from pmstudy.services.opening import ServicesOnFirstUse
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.dashboard import OPENING, DashboardScreen
from pmstudy.tui.widgets.deck_table import DeckTable
from tests.tui.conftest import START, make_services
from tests.tui.support import SIZE, ReadAheadAnswer, screen_text


async def test_the_dashboard_is_painted_first_and_the_counts_follow_the_opening(
    services: Services, clock: FixedClock
) -> None:
    data_dir = services.settings.data_dir
    services.close()
    release = threading.Event()

    def build(settings: Settings) -> Services:
        assert release.wait(10)  # the database opens only when the test says so
        return make_services(data_dir, clock, sync_decks=False)

    lazy = ServicesOnFirstUse(services.settings, build)
    app = PmStudyApp(services=lazy)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen)
            assert not lazy.is_open
            text = screen_text(app)
            assert OPENING in text
            assert "Today" not in text  # no number before it was read
            assert app.screen.query_one(DeckTable).row_count == 0
            # the footer asked whether a deletion can be undone without opening anything
            assert app.screen.check_action("undo_delete", ()) is False
            release.set()
            for _ in range(200):
                if app.screen.query_one(DeckTable).row_count:
                    break
                await asyncio.sleep(0.02)
            await pilot.pause()
            assert lazy.opened is not None
            text = screen_text(app)
            assert OPENING not in text
            assert "Today  7 new · 0 learning · 0 due" in text
            assert "Basics" in text
    finally:
        release.set()
        lazy.close()


async def test_the_counts_read_ahead_are_shown_before_the_database_is_open(
    services: Services, clock: FixedClock
) -> None:
    data_dir = services.settings.data_dir
    nodes = services.study.deck_tree()
    services.close()
    release = threading.Event()

    def build(settings: Settings) -> Services:
        assert release.wait(10)
        return make_services(data_dir, clock, sync_decks=False)

    lazy = ServicesOnFirstUse(services.settings, build, ahead=ReadAheadAnswer(nodes))  # type: ignore[arg-type]
    app = PmStudyApp(services=lazy)
    try:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(200):
                if app.screen.query_one(DeckTable).row_count:
                    break
                await asyncio.sleep(0.02)
            await pilot.pause()
            assert not lazy.is_open
            ahead_text = screen_text(app)
            assert "Today  7 new · 0 learning · 0 due" in ahead_text
            assert "Basics" in ahead_text
            assert OPENING not in ahead_text
            release.set()
            for _ in range(200):
                if lazy.is_open:
                    break
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.1)
            await pilot.pause()
            # read again by the open services: the same numbers, now with the day's totals
            assert lazy.is_open
            opened_text = screen_text(app)
            assert "Today  7 new · 0 learning · 0 due" in opened_text
            assert "Basics" in opened_text
    finally:
        release.set()
        lazy.close()


def test_pmstudy_shows_what_its_child_read_while_it_opens(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole start, a real child process included: ``main`` forks it before the app
    loads, and its counts are on the screen while the app's own opening is held back."""
    from textual.app import App

    from pmstudy.cli import main
    from pmstudy.commands import core
    from pmstudy.services import opening

    data_dir = services.settings.data_dir
    services.close()
    release = threading.Event()
    seen: dict[str, object] = {}

    def held(settings: Settings, **kwargs: object) -> Services:
        assert release.wait(10)
        return make_services(data_dir, FixedClock(START), sync_decks=False)

    async def look(pilot: Pilot[object]) -> None:
        app = pilot.app
        assert isinstance(app, PmStudyApp)
        for _ in range(500):
            tables = app.screen.query(DeckTable)  # none before the dashboard is mounted
            if tables and tables.first().row_count:
                break
            await asyncio.sleep(0.02)
        await pilot.pause()
        seen["open"] = app.services.is_open
        seen["text"] = screen_text(app)
        release.set()
        app.exit()

    def headless(self: PmStudyApp) -> None:
        App.run(self, headless=True, size=SIZE, auto_pilot=look)

    # the test process may hold a thread of an earlier test: the child is wanted all the same
    monkeypatch.setattr(opening, "_second_core", lambda: True)
    monkeypatch.setattr(core, "open_services", held)
    monkeypatch.setattr(PmStudyApp, "run", headless)
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    monkeypatch.setenv("PMSTUDY_NOW", START.isoformat())
    try:
        assert main(["--data-dir", str(data_dir)]) == 0
    finally:
        release.set()
    assert seen["open"] is False
    assert "Today  7 new · 0 learning · 0 due" in str(seen["text"])


async def test_a_database_that_cannot_be_opened_ends_the_app_with_its_line(
    tmp_path: Path,
) -> None:
    line = "sqlite:///x is not a usable SQLite database (file is not a database)"

    def build(settings: Settings) -> Services:
        raise DatabaseStateError(line)

    lazy = ServicesOnFirstUse(Settings(data_dir=tmp_path / "data", timezone="UTC"), build)
    app = PmStudyApp(services=lazy)

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await asyncio.sleep(0.2)

    with pytest.raises(DatabaseStateError):
        await run()
    assert app.failure == line
    assert app.return_code == 1


def test_an_upgrade_opened_behind_the_first_frame_says_where_the_backup_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``pmstudy`` on a database of an older schema: the worker upgrades it (after a backup)
    while the app is on the screen, and the line naming the backup is printed once the app has
    closed, as the commands print it."""
    from textual.app import App

    from pmstudy.cli import main
    from pmstudy.db import backup as backups
    from tests.db.test_backup import _database

    data = tmp_path / "data"
    data.mkdir()
    _database(data / "pmstudy.sqlite3", revision="0007")

    async def until_open(pilot: Pilot[object]) -> None:
        app = pilot.app
        assert isinstance(app, PmStudyApp)
        for _ in range(500):
            if isinstance(app.services, ServicesOnFirstUse) and app.services.is_open:
                break
            await asyncio.sleep(0.02)
        await pilot.pause()
        app.exit()

    def headless(self: PmStudyApp) -> None:
        App.run(self, headless=True, auto_pilot=until_open)

    monkeypatch.setattr(PmStudyApp, "run", headless)
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    assert main(["--data-dir", str(data)]) == 0
    kept = backups.backups_of(data / "backups", "pmstudy")
    assert len(kept) == 1
    assert capsys.readouterr().err == f"pmstudy: database upgraded; backup: {kept[0]}\n"
