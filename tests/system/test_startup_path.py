"""What the real start (``pmstudy --data-dir D``) imports before the dashboard's first frame:
only the app, the database layer and the services the dashboard reads. Every other command's
module, the deck edits (the deck store, NumPy), the exam services, Alembic and the heavy
libraries load later or never (checked in a clean interpreter, through ``cli.main``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# App.run swapped for a headless run that lists the modules loaded when the first frame is on
# the screen; everything before it is the real start: parser, settings, services, app.
PROBE = """
import asyncio, sys
import textual.app

def run(self, *args, **kwargs):
    async def main():
        loop = asyncio.get_running_loop()
        async with self.run_test(size=(80, 24)):
            painted = loop.create_future()
            self.screen.call_after_refresh(lambda: painted.set_result(sorted(sys.modules)))
            modules = await painted
            print(type(self.screen).__name__)
            print(" ".join(modules))
    asyncio.run(main())

textual.app.App.run = run
from pmstudy.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""

NOT_AT_START = (
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


def _start(data_dir: Path) -> tuple[str, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PMSTUDY_TIMEZONE": "UTC"},
    )
    screen, modules = result.stdout.strip().splitlines()[-2:]
    return screen, set(modules.split())


def _loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_the_first_frame_loads_none_of_what_later_screens_need(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # the first run (the exam question) creates and migrates the database...
    screen, _ = _start(data)
    assert screen == "FirstRunScreen"
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
    screen, modules = _start(data)
    assert screen == "DashboardScreen"
    assert "pmstudy.services.container" in modules  # the probe saw the real start
    assert [name for name in NOT_AT_START if _loaded(modules, name)] == []


def test_a_command_still_loads_its_own_module(tmp_path: Path) -> None:
    """The check above can fail: the full parser (any command) imports the command modules."""
    code = (
        "import sys\n"
        "from pmstudy.cli import main\n"
        "main(['--data-dir', sys.argv[1], 'decks'])\n"
        "print('pmstudy.commands.exams' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().endswith("True")
