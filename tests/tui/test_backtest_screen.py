"""The readiness back-test screen: table and plot from a worker, keys, the palette entry."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.commands import help_rows
from pmstudy.tui.screens.backtest import BacktestScreen
from pmstudy.tui.screens.dashboard import DashboardScreen
from tests.tui.support import screen_text
from tests.tui.test_stats_screen import Host, settle, text_of
from tests.tuning.support import write_history
from tests.tuning.synthetic import generate

SIZE = (120, 44)


async def test_the_table_and_the_plot_of_a_history(services: Services) -> None:
    write_history(services, generate(300, 250, seed=9))
    expected = services.backtest.run()
    async with Host(BacktestScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, BacktestScreen)
        assert screen.result == expected
        text = text_of(screen, "#backtest-text")
        assert f"{expected.answers:,} answers of {expected.cards} cards" in text
        assert "Predicted vs observed recall by gap" in text
        for gap in ("4–10", "11–21", "22–45", "46–90", "all gaps"):
            assert gap in text
        row = expected.rows[0]
        assert f"{row.answers:,}" in text
        assert f"{row.error_sd() * 100:.1f}" in text
        assert "(pts)" in text  # the unit in the headers, not after every number
        assert (
            "No recalibration yet: the back-test needs at least 1,000 answers after gaps of 7+"
            f" days; you have {expected.gap_answers:,}." in " ".join(text.split())
        )
        plot = screen.query_one("#backtest-plot", PlotextPlot)
        assert plot.size.height >= 10
        shown = screen_text(pilot.app)  # type: ignore[arg-type]
        assert "Observed vs predicted recall" in shown
        assert "Refresh" in shown
        assert "Back" in shown
        rows = {row.description for row in help_rows(screen)}
        assert {"Run the back-test again", "Leave the back-test"} <= rows
        await pilot.press("r")
        await settle(pilot)
        assert screen.result == expected
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, BacktestScreen)


async def test_no_history_says_what_is_missing(services: Services) -> None:
    async with Host(BacktestScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, BacktestScreen)
        text = " ".join(text_of(screen, "#backtest-text").split())
        assert "0 answers of 0 cards" in text
        assert "you have 0." in text


async def test_the_palette_opens_the_back_test_from_anywhere(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+p")
        await pilot.press(*"back-test")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BacktestScreen)
        assert app.screen.result is not None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
