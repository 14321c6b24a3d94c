"""Write the README screenshots: ``python -m tests.tui.make_screenshots [out_dir]`` (add
``mock`` after the folder for the mock-exam screens at 80x24 and 120x40, or ``snapshots`` for a
PNG of every SVG snapshot in tests/tui/__snapshots__, to look at them).

Each screen is saved as Textual's SVG and converted to PNG with ``rsvg-convert`` (librsvg2-bin).
librsvg ignores ``textLength``, so every character is given its own grid position first; the
SVG itself is kept as Textual wrote it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from pmstudy.clock import FixedClock
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from tests.tui.support import open_deck

START = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
_TEXT = re.compile(
    r'<text([^>]*?) x="([\d.]+)"([^>]*?) textLength="([\d.]+)"([^>]*)>([^<]*)</text>'
)


def grid_svg(svg: str) -> str:
    """The SVG with one x position per character (so any renderer keeps the cell grid)."""

    def place(match: re.Match[str]) -> str:
        before, x, middle, length, after, body = match.groups()
        chars = html.unescape(body)
        if not chars:
            return match.group(0)
        width = float(length) / len(chars)
        xs = " ".join(f"{float(x) + i * width:.1f}" for i in range(len(chars)))
        text = html.escape(chars.replace("\xa0", " "), quote=False)
        return f'<text{before} x="{xs}"{middle}{after} xml:space="preserve">{text}</text>'

    svg = _TEXT.sub(place, svg)
    # A font without programming ligatures ("..." stays three dots), installed with librsvg.
    return svg.replace("Fira Code, monospace", "DejaVu Sans Mono, monospace")


def to_png(svg_path: Path, png_path: Path, width: int) -> None:
    """Convert with rsvg-convert."""
    with tempfile.NamedTemporaryFile("w", suffix=".svg", delete=False) as fixed:
        fixed.write(grid_svg(svg_path.read_text(encoding="utf-8")))
    subprocess.run(["rsvg-convert", "-w", str(width), fixed.name, "-o", str(png_path)], check=True)
    Path(fixed.name).unlink()


async def shoot(
    name: str, size: tuple[int, int], steps: Callable[[Pilot[Any]], Awaitable[None]], out: Path
) -> None:
    """Run the app on a fresh collection (bundled Scrum deck), do ``steps``, save the screen."""
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(data_dir=Path(data), timezone="UTC")
        services = build_services(settings, FixedClock(START), seed=1)
        services.decks.choose_exams([])  # past the first-run question
        try:
            app = PmStudyApp(services=services)
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                await steps(pilot)
                await pilot.pause()
                svg = out / f"{name}.svg"
                app.save_screenshot(svg.name, path=str(out))
        finally:
            services.close()
    to_png(svg, out / f"{name}.png", size[0] * 12)


async def _dashboard(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, PmStudyApp)
    app.services.decks.install(["pmp-2026", "capm", "prince2-7"])
    review = await open_deck(pilot, "Scrum")
    for _ in range(6):
        await pilot.press("space", "3")
    review.dismiss()
    await pilot.pause()


async def _review(pilot: Pilot[Any]) -> None:
    review = await open_deck(pilot, "Scrum")
    review.action_bury()  # the second card is a cloze card: more to see than the first
    await pilot.pause()
    await pilot.press("space")


async def _exams(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, PmStudyApp)
    app.services.exams.add("psm-1", "2027-01-10")
    review = await open_deck(pilot, "Scrum")
    for _ in range(20):
        await pilot.press("space", "3")
    review.dismiss()
    await pilot.pause()
    await pilot.press("x")
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def main(out: Path) -> None:
    """Every screenshot the README uses."""
    out.mkdir(parents=True, exist_ok=True)
    await shoot("dashboard", (100, 30), _dashboard, out)
    await shoot("dashboard-80x24", (80, 24), _dashboard, out)  # the smallest supported
    await shoot("review", (100, 30), _review, out)
    await shoot("exams", (110, 40), _exams, out)


async def mock_main(out: Path) -> None:
    """The mock-exam screens at the smallest and a roomy terminal (``… out_dir mock``)."""
    from tests.tui.mock_screenshots import MOCK_SHOTS

    out.mkdir(parents=True, exist_ok=True)
    for name, steps in MOCK_SHOTS:
        for size in ((80, 24), (120, 40)):
            await shoot(f"{name}-{size[0]}x{size[1]}", size, _with_capm(steps), out)


def _with_capm(
    steps: Callable[[Pilot[Any]], Awaitable[None]],
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """``steps`` after installing the bundled CAPM deck."""

    async def run(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, PmStudyApp)
        app.services.decks.install(["capm"])
        await steps(pilot)

    return run


SNAPSHOTS = Path(__file__).parent / "__snapshots__"
_SIZE = re.compile(r"\[(?:.*-)?(\d+)x(\d+)\]\.svg$")


def snapshots_main(out: Path) -> None:
    """A PNG of every snapshot test's SVG (``… out_dir snapshots``), named after the test."""
    out.mkdir(parents=True, exist_ok=True)
    for svg in sorted(SNAPSHOTS.glob("*/*.svg")):
        size = _SIZE.search(svg.name)
        columns = int(size.group(1)) if size else 100
        to_png(svg, out / f"{svg.parent.name}.{svg.stem}.png", columns * 12)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    if sys.argv[2:] == ["snapshots"]:
        snapshots_main(target)
    else:
        asyncio.run(mock_main(target) if sys.argv[2:] == ["mock"] else main(target))
