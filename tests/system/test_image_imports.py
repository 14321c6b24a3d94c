"""Pillow and textual-image load on the first image a card shows, never on the way to the
dashboard, nor for a review of a card without an image (checked in a clean interpreter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import asyncio, datetime as dt, sys
from pathlib import Path
from pmstudy.clock import FixedClock
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.review import ReviewScreen

data = Path(sys.argv[1])
csv = data.parent / "plain.csv"
csv.write_text("Front,Back\\nQuestion,Answer\\n", encoding="utf-8")
clock = FixedClock(dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC))
services = build_services(Settings(data_dir=data, timezone="UTC"), clock, seed=1,
                          sync_decks=False)
services.imports.import_file(csv)
services.decks.choose_exams([])

async def main() -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("dashboard", sorted(m for m in ("PIL", "textual_image") if m in sys.modules))
        app.push_screen(ReviewScreen(services, services.study.start_filtered([1]), "plain"))
        await pilot.pause()
        await pilot.press("space")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        print("review", sorted(m for m in ("PIL", "textual_image") if m in sys.modules))

asyncio.run(main())
services.close()
"""


def test_no_image_library_until_an_image_is_shown(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split("\n")[:2] == ["dashboard []", "review []"]
