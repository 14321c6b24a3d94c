"""Error paths of the command line under real conditions: a closed pipe, a damaged page, a
read-only data folder, a lock held by another process, a folder, FIFO or device to import.

Each one ends in one line naming the problem, a non-zero exit (0 for a closed pipe's quiet end
is not asked: 141, as a shell reports SIGPIPE), no traceback, no card text, no SQL.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.cli import main
from tests.cli.conftest import use_data

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def _env(data: Path) -> dict[str, str]:
    return {
        "PMSTUDY_DATA_DIR": str(data),
        "PMSTUDY_NOW": "2026-11-22T11:00:00+00:00",
        "PMSTUDY_TIMEZONE": "UTC",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "HOME": str(data.parent),
    }


def _shell(command: str, data: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """``python -m pmstudy`` in a real shell pipeline; PIPESTATUS gives pmstudy's own exit."""
    pmstudy = f"{sys.executable} -m pmstudy"
    script = command.replace("pmstudy", pmstudy, 1) + '; exit "${PIPESTATUS[0]}"'
    return subprocess.run(
        ["bash", "-c", script],
        env=_env(data),
        capture_output=True,
        text=True,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def _after_the_app(stderr: str) -> str:
    """What is left on the terminal once the app has closed: ``pmstudy`` paints its first
    frame before it opens the database, on the alternate screen, which it leaves (``ESC
    [?1049l``) before the error line is printed."""
    assert "Traceback" not in stderr
    # ...and sets the terminal's modes back (cursor, mouse, focus reports): no text
    return re.sub(r"\x1b\[[0-9;?<>=$]*[A-Za-z]", "", stderr.rpartition("\x1b[?1049l")[2])


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert "[SQL:" not in stderr
    assert "[parameters:" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    "command",
    ["pmstudy cards --search scrum | head -1", "pmstudy stats --json | head -1"],
)
def test_a_closed_pipe_ends_quietly(
    booked_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    data = use_data(booked_template, tmp_path, monkeypatch)
    result = _shell(command, data)
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""
    assert result.returncode in (0, 141)


def _damage_a_page(database: Path) -> None:
    """Checkpoint the WAL into the file, then overwrite a page in the middle with junk."""
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    with database.open("r+b") as handle:
        handle.seek(size * (pages // 2))
        handle.write(b"\xa5" * size)


def test_db_check_refuses_a_damaged_page_in_one_line(
    booked_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = use_data(booked_template, tmp_path, monkeypatch)
    _damage_a_page(data / "pmstudy.sqlite3")
    before = (data / "pmstudy.sqlite3").read_bytes()
    result = _shell("pmstudy db check", data)
    line = _one_line(result.stderr)
    assert result.returncode == 1
    assert line.startswith("pmstudy: error: the database ")
    assert "is damaged (database disk image is malformed)" in line
    assert "internal error" not in line
    assert (data / "pmstudy.sqlite3").read_bytes() == before


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder any user can enter (pytest's own tmp folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="pmstudy-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in (folder, *folder.rglob("*")):
        path.chmod(0o777 if path.is_dir() else 0o666)
    shutil.rmtree(folder)


def _as_unprivileged(command: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    """Run as a user without write rights: as root (who may write anything) that is nobody."""
    return subprocess.run(
        command,
        env=_env(data),
        capture_output=True,
        text=True,
        check=False,
        user=NOBODY if os.geteuid() == 0 else None,
        group=NOBODY if os.geteuid() == 0 else None,
        extra_groups=[] if os.geteuid() == 0 else None,
    )


@pytest.mark.parametrize(
    ("folder_mode", "file_mode", "says"),
    [
        (0o555, 0o666, "its folder {folder} is read-only (pmstudy writes its journal files there)"),
        (0o777, 0o444, "the file is read-only"),
    ],
)
@pytest.mark.parametrize("command", [[], ["decks"]], ids=["tui", "decks"])
def test_a_read_only_database_at_start_up_is_named(
    booked_template: Path,
    open_folder: Path,
    folder_mode: int,
    file_mode: int,
    says: str,
    command: list[str],
) -> None:
    data = open_folder / "data"
    shutil.copytree(booked_template, data)
    (data / "pmstudy.sqlite3").chmod(file_mode)
    data.chmod(folder_mode)
    before = (data / "pmstudy.sqlite3").read_bytes()
    result = _as_unprivileged([sys.executable, "-m", "pmstudy", *command], data)
    line = _one_line(_after_the_app(result.stderr))
    assert result.returncode == 1
    assert line == (
        f"pmstudy: error: cannot write the database {data / 'pmstudy.sqlite3'}: "
        f"{says.format(folder=data)}; check the permissions. It was not changed"
    )
    assert (data / "pmstudy.sqlite3").read_bytes() == before


def test_a_lock_held_past_the_busy_timeout_is_one_line(
    booked: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("pmstudy.db.engine.BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(booked / "pmstudy.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        code = main(["exam", "add", "capm", "--date", "2027-02-01"])
    finally:
        holder.execute("COMMIT")
        holder.close()
    err = capsys.readouterr().err
    line = _one_line(err)
    assert code == 1
    assert line == (
        f"pmstudy: error: the database {booked / 'pmstudy.sqlite3'} is busy: another program "
        "has held its write lock for more than 0.2 s (a long import?); nothing was saved"
    )


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.mkdir(), "is a folder, not a regular file"),
        (os.mkfifo, "is a named pipe (FIFO), not a regular file"),
        (
            lambda p: p.symlink_to("/dev/zero"),
            "is a device (a symbolic link to /dev/zero), not a regular file",
        ),
        (lambda p: p.symlink_to(p.parent / "gone.csv"), "is a broken symbolic link"),
        (lambda p: None, "no such file"),
    ],
    ids=["folder", "fifo", "device", "broken-link", "missing"],
)
def test_import_names_what_the_path_is(
    booked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, says: str
) -> None:
    path = tmp_path / "cards.csv"
    make(path)  # type: ignore[operator]
    code = main(["import", str(path)])
    line = _one_line(capsys.readouterr().err)
    assert code == 1
    assert line == f"pmstudy: error: {path}: {says}"


def test_the_tui_ends_an_unhandled_error_with_one_line_and_exit_1(
    booked: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``pmstudy`` without a command, as run from the shell (headless, keys from a pilot)."""
    from textual.app import App
    from textual.pilot import Pilot

    from pmstudy.tui.app import PmStudyApp
    from pmstudy.tui.screens.dashboard import DashboardScreen

    def broken(self: DashboardScreen) -> None:
        card_text = "What is the longest a Sprint may last?"
        raise RuntimeError(f"a bug near {len(card_text)}")

    async def press_r(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        pilot.app.exit()  # not reached when the error ended the app

    def headless(self: PmStudyApp) -> None:
        App.run(self, headless=True, auto_pilot=press_r)

    monkeypatch.setattr(DashboardScreen, "action_refresh", broken)
    monkeypatch.setattr(PmStudyApp, "run", headless)
    code = main([])
    line = _one_line(capsys.readouterr().err)
    assert code == 1
    assert line == (
        f"pmstudy: error: RuntimeError: a bug near 38; details in {booked / 'crash.log'}"
    )
    assert "card_text" in (booked / "crash.log").read_text()  # the log keeps the details
