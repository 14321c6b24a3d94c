"""The TUI under database errors, with real conditions: another connection holding the write
lock past the busy timeout, a full disk (a small tmpfs), and an error no screen handles.

Never a traceback (Textual's shows local variables: card text, SQL parameters); a busy
database keeps the answer and saves it when free; a full disk says so and keeps the session.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.mock import MockScreen
from pmstudy.tui.screens.review import ReviewScreen
from tests.conftest import small_tmpfs
from tests.tui.conftest import make_services
from tests.tui.support import SIZE, open_deck

BUSY_MS = 200


def _notes(app: PmStudyApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def _answers(database: Path) -> int:
    """Reviews in the file, read by a connection of its own (as another process would)."""
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM review_log").fetchone()[0])


@pytest.fixture
def busy_services(
    sample_template: Path, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    """Services whose engine waits only BUSY_MS for a lock, and retries a kept answer fast."""
    monkeypatch.setattr("pmstudy.db.engine.BUSY_TIMEOUT_MS", BUSY_MS)
    monkeypatch.setattr(ReviewScreen, "RETRY_SECONDS", 0.1)
    data = tmp_path / "data"
    shutil.copytree(sample_template, data)
    built = make_services(data, clock, sync_decks=False)
    yield built
    built.close()


async def test_a_locked_database_keeps_the_answer_and_saves_it_when_free(
    busy_services: Services,
) -> None:
    database = busy_services.settings.sqlite_path
    app = PmStudyApp(services=busy_services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Basics")
        first = review.session.current
        await pilot.press("space")
        holder = sqlite3.connect(database, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another process writing, longer than the timeout
        try:
            await pilot.press("3")
            await pilot.pause(3 * BUSY_MS / 1000)
            assert review.pending is not None
            assert app.is_running
            assert app.screen is review
            assert "is busy" in _notes(app)
            assert "Your answer is kept" in _notes(app)
            # more presses while it waits do not answer twice, nor the next card unseen
            await pilot.press("4", "space", "1")
            # and quitting now would lose the answer: the app says so and stays
            await pilot.press("q")
            await pilot.pause()
            assert app.is_running
            assert "An answer is waiting" in _notes(app)
        finally:
            holder.execute("COMMIT")
            holder.close()
        await pilot.pause(0.5)
        assert review.pending is None
        assert _answers(database) == 1
        assert review.session.current is not first
        assert "Answer saved." in _notes(app)
    assert app.failure is None
    assert not app.return_code


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs (skipped where this process may not mount one)."""
    with small_tmpfs(tmp_path / "disk", "16m") as mount:
        yield mount


def _fill(folder: Path) -> Path:
    """Fill the disk holding ``folder`` to the last byte."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


async def test_a_full_disk_says_so_and_keeps_the_session(
    sample_template: Path, small_disk: Path, clock: FixedClock
) -> None:
    data = small_disk / "data"
    shutil.copytree(sample_template, data)
    services = make_services(data, clock, sync_decks=False)
    try:
        app = PmStudyApp(services=services)
        async with app.run_test(size=SIZE) as pilot:
            review = await open_deck(pilot, "Sample::Basics")
            first = review.session.current
            await pilot.press("space")
            filler = _fill(small_disk)
            await pilot.press("3")
            await pilot.pause()
            assert app.is_running
            assert app.screen is review
            assert "is full" in _notes(app)
            assert review.session.current is first
            assert review.revealed
            assert review.pending is None
            filler.unlink()  # room again: the same key saves the answer
            await pilot.press("3")
            await pilot.pause()
            assert review.session.current is not first
        assert app.failure is None
    finally:
        services.close()
    assert _answers(data / "pmstudy.sqlite3") == 1
    with sqlite3.connect(data / "pmstudy.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_an_error_no_screen_handles_ends_the_app_with_one_line(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: ReviewScreen) -> None:
        card_text = "What is the longest a Sprint may last?"
        raise RuntimeError(f"a bug near {len(card_text)}")

    monkeypatch.setattr(ReviewScreen, "action_suspend", broken)
    app = PmStudyApp(services=services)

    async def suspend() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await open_deck(pilot, "Sample::Basics")
            await pilot.press("exclamation_mark")
            await pilot.pause()

    with pytest.raises(RuntimeError):
        await suspend()
    crash_log = services.settings.data_dir / "crash.log"
    assert app.return_code == 1
    assert app.failure == f"RuntimeError: a bug near 38; details in {crash_log}"
    # nothing for Textual to print on exit: its traceback would show `card_text`
    assert app._exit_renderables == []
    assert "Traceback" in crash_log.read_text()


async def test_the_import_screen_names_a_folder_fifo_or_device(
    services: Services, tmp_path: Path
) -> None:
    from textual.widgets import Input, Static

    from pmstudy.tui.screens.import_screen import ImportScreen

    folder, fifo, device = tmp_path / "deck.csv", tmp_path / "pipe.csv", tmp_path / "zero.apkg"
    folder.mkdir()
    os.mkfifo(fifo)
    device.symlink_to("/dev/zero")
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        screen = ImportScreen(services)
        await app.push_screen(screen)
        shown = {}
        for path in (folder, fifo, device):
            screen.query_one("#import-path", Input).value = str(path)
            await pilot.press("enter")
            await pilot.pause()
            shown[path] = str(screen.query_one("#import-status", Static).content)
        assert not screen.running
    assert shown == {
        folder: f"{folder}: is a folder, not a regular file",
        fifo: f"{fifo}: is a named pipe (FIFO), not a regular file",
        device: f"{device}: is a device (a symbolic link to /dev/zero), not a regular file",
    }


async def test_a_mock_answer_on_a_locked_database_is_kept_and_saved_later(
    mock_data: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.tui.test_mock_screens import letters, open_start

    monkeypatch.setattr("pmstudy.db.engine.BUSY_TIMEOUT_MS", BUSY_MS)
    services = make_services(mock_data, clock, sync_decks=False)
    try:
        app = PmStudyApp(services=services)
        async with app.run_test(size=SIZE) as pilot:
            await open_start(pilot)
            await pilot.press("enter")
            await pilot.pause()
            mock = app.screen
            assert isinstance(mock, MockScreen)
            right, _ = letters(mock)
            holder = sqlite3.connect(services.settings.sqlite_path, isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
            try:
                await pilot.press(right)
                await pilot.pause()
                assert app.is_running
                assert app.screen is mock
                assert "is busy" in _notes(app)
                assert "Your answer is kept" in _notes(app)
                assert mock.state.items[0].response == right.upper()
            finally:
                holder.execute("COMMIT")
                holder.close()
            await pilot.press("n")  # the next change saves the kept answer with it
            await pilot.pause()
            mock_id = mock.run.id
        assert app.failure is None
    finally:
        services.close()
    reopened = make_services(mock_data, clock, sync_decks=False)
    try:
        assert reopened.mocks.resume(mock_id).state.items[0].response == right.upper()
    finally:
        reopened.close()
