"""What the real start (``pmstudy --data-dir D``) imports before the dashboard's first frame:
the app and the settings only; the database (SQLAlchemy, the models, the services) opens
behind that frame. By the time the deck counts (or the first-run question) are on the screen,
only the database layer and the services the dashboard reads are added: every other command's
module, the deck edits (the deck store, NumPy), the exam services, Alembic and the heavy
libraries load later or never (checked in a clean interpreter, through ``cli.main``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# App.run swapped for a headless run that lists the modules loaded when the first frame is on
# the screen, and again once the database is open and shown (the deck counts, or the first-run
# question); everything else is the real start: parser, settings, app, services.
PROBE = """
import asyncio, sys
import textual.app
from pmstudy.tui.screens.dashboard import DashboardScreen

shown = []
opened = DashboardScreen.on_dashboard_screen_opened

def on_opened(self, message):
    opened(self, message)  # the deck counts (or the first-run question) are there now
    shown.append(sorted(sys.modules))

DashboardScreen.on_dashboard_screen_opened = on_opened

def run(self, *args, **kwargs):
    async def main():
        loop = asyncio.get_running_loop()
        async with self.run_test(size=(80, 24)):
            painted = loop.create_future()
            self.screen.call_after_refresh(lambda: painted.set_result(sorted(sys.modules)))
            first = await painted
            while not shown:
                await asyncio.sleep(0.01)
            modules = shown[0]
            await asyncio.sleep(0.05)
            print(type(self.screen).__name__)
            print(" ".join(first))
            print(" ".join(modules))
    asyncio.run(main())

textual.app.App.run = run
from pmstudy.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""

NOT_AT_START = (
    "sqlalchemy.dialects.postgresql",  # a SQLite collection needs no PostgreSQL dialect
    "numpy",
    "sklearn",
    "scipy",
    "PIL",
    "textual_image",
    "alembic",
    "pmstudy.services.deck_edits",
    "pmstudy.db.deck_removal",
    "pmstudy.db.browse.store",
    "pmstudy.services.exams",
    "pmstudy.services.stats",
    "pmstudy.services.imports",
    "pmstudy.services.classify",
    "pmstudy.commands.exams",
    "pmstudy.commands.exam_printers",
    "pmstudy.commands.classify",
    "pmstudy.commands.browse",
    "pmstudy.commands.deck_edit",
    "pmstudy.commands.tuning",
)

# what the first frame waits for no longer: the database opens behind it
NOT_IN_FIRST_FRAME = (
    *NOT_AT_START,
    "sqlalchemy",
    "pmstudy.db.models",
    "pmstudy.db.unit_of_work",
    "pmstudy.services.container",
    "pmstudy.services.decks",
    "pmstudy.services.study",
    "pmstudy.domain.cards",
    "pmstudy.domain.exam",  # the dashboard's eligibility words need only its types
)


def _start(data_dir: Path) -> tuple[str, set[str], set[str]]:
    """The screen shown once the database is open, the modules loaded by the first frame and
    those loaded then."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PMSTUDY_TIMEZONE": "UTC"},
    )
    screen, first, modules = result.stdout.strip().splitlines()[-3:]
    return screen, set(first.split()), set(modules.split())


def _loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_the_first_frame_loads_none_of_what_later_screens_need(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # the first run (the exam question) creates and migrates the database...
    screen, first, _ = _start(data)
    assert screen == "FirstRunScreen"
    assert [name for name in NOT_IN_FIRST_FRAME if _loaded(first, name)] == []
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pmstudy",
            "--data-dir",
            str(data),
            "deck",
            "add",
            "--exam",
            "psm-1",
        ],
        capture_output=True,
        check=True,
    )
    # ...every later start opens the dashboard with the deck counts on it
    screen, first, modules = _start(data)
    assert screen == "DashboardScreen"
    assert "pmstudy.tui.screens.dashboard" in first  # the probe saw the real start
    assert [name for name in NOT_IN_FIRST_FRAME if _loaded(first, name)] == []
    assert "pmstudy.services.container" in modules  # ...and the database opened behind it
    assert [name for name in NOT_AT_START if _loaded(modules, name)] == []


def test_a_command_still_loads_its_own_module(tmp_path: Path) -> None:
    """The check above can fail: the full parser (a command line naming no command it knows)
    imports the command modules."""
    code = (
        "import sys\n"
        "from pmstudy.cli import main\n"
        "main(['--data-dir', sys.argv[1], 'no-such-command'])\n"
        "print('pmstudy.commands.exams' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().endswith("True")
