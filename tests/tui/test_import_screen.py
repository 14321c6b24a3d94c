"""The import screen and the CSV mapping screen, each pushed by a tiny host app."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Input, Select, Static

from pmstudy.domain.cards import ImportSummary
from pmstudy.services.container import Services
from pmstudy.tui.screens.csv_mapping import CsvMappingScreen, Mapping
from pmstudy.tui.screens.import_screen import ImportScreen
from tests.conftest import anki_expected, anki_package, anki_totals
from tests.io.support import counts
from tests.io.text_samples import write_sample

SIZE = (110, 40)


class Host(App[None]):
    """Pushes one screen and records what it reports."""

    def __init__(self, screen: ImportScreen | CsvMappingScreen) -> None:
        super().__init__()
        self.first = screen
        self.imported: list[ImportSummary] = []
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)

    def on_import_screen_imported(self, message: ImportScreen.Imported) -> None:
        self.imported.append(message.summary)


def _text(screen: ImportScreen | CsvMappingScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def _run_import(pilot: object, screen: ImportScreen, path: Path) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_package_is_imported_with_progress_and_summary(empty_services: Services) -> None:
    screen = ImportScreen(empty_services)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await _run_import(pilot, screen, anki_package())
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = _text(screen, "#import-summary")
        assert f"notes: {anki_totals()[0]} added" in summary
        assert f"reviews: {anki_totals()[2]} added" in summary
        assert f"media files: {len(anki_expected()['media'])}" in summary
        assert _text(screen, "#import-status") == "Done."
        assert app.imported
        assert app.imported[0].notes_added == anki_totals()[0]
        await pilot.press("escape")
        await pilot.pause()
    assert counts(empty_services) == anki_totals()
    assert isinstance(app.results[0], ImportSummary)


async def test_dry_run_and_history_keys(empty_services: Services) -> None:
    screen = ImportScreen(empty_services)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+d", "ctrl+y")
        await _run_import(pilot, screen, anki_package())
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = _text(screen, "#import-summary")
        assert summary.startswith("Would import (dry run, nothing written)")
        assert "reviews: 0 added" in summary
    assert counts(empty_services) == (0, 0, 0)


async def test_a_hostile_file_changes_nothing(empty_services: Services, tmp_path: Path) -> None:
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(b"not a zip")
    screen = ImportScreen(empty_services)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await _run_import(pilot, screen, bad)
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = _text(screen, "#import-status")
        assert status.startswith("Nothing was imported: bad.apkg: not a zip archive")
        assert not screen.running
    assert counts(empty_services) == (0, 0, 0)


async def test_a_csv_goes_through_the_mapping_screen(
    empty_services: Services, tmp_path: Path
) -> None:
    screen = ImportScreen(empty_services)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await _run_import(pilot, screen, write_sample(tmp_path, "header_bom_crlf.csv"))
        assert isinstance(app.screen, CsvMappingScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen_stack[-1] is screen
        assert "notes: 8 added" in _text(screen, "#import-summary")


async def test_mapping_screen_previews_and_returns_the_mapping(
    empty_services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "cards.tsv"
    path.write_text("[bold]tag[/]\tParis\tCapital of France?\nt2\tA2\tQ2\n", encoding="utf-8")
    screen = CsvMappingScreen(empty_services, path)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        table: DataTable[Text] = screen.query_one(DataTable)
        assert table.row_count == 2
        assert table.get_row_at(0)[0].plain == "[bold]tag[/]"  # literal, not markup
        assert screen.mapping() == (("front", 1), ("back", 2))
        screen.query_one("#column-1", Select).value = "tags"
        screen.query_one("#column-2", Select).value = "back"
        await pilot.pause()
        assert screen.mapping() == (("tags", 1), ("back", 2))
        await pilot.press("ctrl+s")  # no front yet: refused with a reason
        await pilot.pause()
        assert "map a column to front" in _text(screen, "#mapping-problem")
        screen.query_one("#column-3", Select).value = "front"
        await pilot.pause()
        header = [str(c.label) for c in table.columns.values()]
        assert header == ["1 → tags", "2 → back", "3 → front"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    mapping: Mapping = (("tags", 1), ("back", 2), ("front", 3))
    assert app.results == [mapping]
