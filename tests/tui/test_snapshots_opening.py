"""SVG snapshots at 80x24 and 120x40 of the dashboard's first frames when ``pmstudy`` starts: the
database is still being opened behind it (services/opening.py), so the today line says so and
the deck table has no row yet: no number it has not read; then the deck counts its read-ahead
child read, before the services are open.

Update the baselines with ``pytest tests/tui/test_snapshots_opening.py --snapshot-update``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from textual.pilot import Pilot

from pmstudy.services.container import Services
from pmstudy.services.opening import ServicesOnFirstUse
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.dashboard import OPENING
from pmstudy.tui.widgets.deck_table import DeckTable
from tests.tui.screen_shots import steady
from tests.tui.support import ReadAheadAnswer, screen_text

SnapCompare = Callable[..., bool]
# the opening is held this long: past the snapshot, then the app may close (Textual waits for
# its worker threads)
HELD_S = 5.0


@contextmanager
def _held_open(services: Services, ahead: ReadAheadAnswer | None = None) -> Iterator[Any]:
    """``pmstudy``'s stand-in for ``services``, its opening held back until the block ends."""
    held = threading.Event()

    def build(settings: Settings) -> Services:
        held.wait(HELD_S)
        return services

    try:
        yield ServicesOnFirstUse(services.settings, build, ahead=ahead)  # type: ignore[arg-type]
    finally:
        held.set()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_first_frame_before_the_database_is_open(
    snap_compare: SnapCompare, services: Services, size: tuple[int, int]
) -> None:
    with _held_open(services) as lazy:

        async def first_frame(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            assert not lazy.is_open
            assert OPENING in screen_text(pilot.app)  # type: ignore[arg-type]

        assert snap_compare(
            PmStudyApp(services=lazy), terminal_size=size, run_before=steady(first_frame)
        )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_counts_read_ahead_while_the_database_opens(
    snap_compare: SnapCompare, services: Services, size: tuple[int, int]
) -> None:
    """The deck counts the child read, the day's totals still to come (no "Reviewed" yet)."""
    with _held_open(services, ReadAheadAnswer(services.study.deck_tree())) as lazy:

        async def counts_shown(pilot: Pilot[Any]) -> None:
            for _ in range(200):
                tables = pilot.app.screen.query(DeckTable)  # none before the dashboard mounts
                if tables and tables.first().row_count:
                    break
                await asyncio.sleep(0.02)
            await pilot.pause()
            assert not lazy.is_open
            text = screen_text(pilot.app)  # type: ignore[arg-type]
            assert "Today  7 new" in text
            assert "Reviewed" not in text

        assert snap_compare(
            PmStudyApp(services=lazy), terminal_size=size, run_before=steady(counts_shown)
        )
