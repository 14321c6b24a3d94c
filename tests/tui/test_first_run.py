"""First run: the learner picks exams and their decks are installed."""

from __future__ import annotations

from pathlib import Path

from pmstudy.clock import FixedClock
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.first_run import FirstRunScreen
from tests.tui.conftest import make_services


async def test_first_run_asks_for_exams_and_installs_their_decks(
    tmp_path: Path, clock: FixedClock
) -> None:
    services = make_services(tmp_path / "data", clock, sync_decks=True)
    app = PmStudyApp(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        choices = [c.id for c in app.screen.choices]
        assert {"pmp-2026", "capm", "psm-1", "csm", "prince2-7-foundation"} <= set(choices)
        for _ in range(choices.index("psm-1")):
            await pilot.press("down")
        await pilot.press("space", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, FirstRunScreen)
    assert services.decks.exams_chosen() == ["psm-1"]
    names = {n.name for n in services.study.deck_tree()}
    assert "Scrum" in names
    services.close()

    # the question is asked once only
    again = make_services(tmp_path / "data", clock, sync_decks=True)
    app = PmStudyApp(services=again)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, FirstRunScreen)
    again.close()


async def test_first_run_can_be_skipped(tmp_path: Path, clock: FixedClock) -> None:
    services = make_services(tmp_path / "data", clock, sync_decks=True)
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert services.decks.exams_chosen() == []
    assert {b.id for b in services.decks.bundled() if b.installed} == {"scrum"}
    services.close()
