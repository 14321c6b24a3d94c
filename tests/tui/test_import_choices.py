"""The import screen's choices: path completion, the folder tree, the target deck, the encoding,
and a failure that replaces the previous result (real files in a temporary home)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from sqlalchemy import func, select
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from pmstudy.db.models import CardRow, DeckRow, NoteRow
from pmstudy.domain.cards import ImportSummary
from pmstudy.services.container import Services
from pmstudy.tui.screens.csv_mapping import CsvMappingScreen
from pmstudy.tui.screens.import_screen import ImportScreen
from pmstudy.tui.widgets.file_picker import ImportableTree, PathSuggester, resolve
from tests.conftest import anki_package
from tests.io.support import counts

SIZE = (80, 24)


class Host(App[None]):
    """Pushes the import screen."""

    def __init__(self, screen: ImportScreen) -> None:
        super().__init__()
        self.first = screen
        self.results: list[ImportSummary | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)


def make_home(root: Path) -> Path:
    """A home folder with fixed names: a folder, card files, a document and a hidden file."""
    home = root / "home"
    (home / "decks").mkdir(parents=True)
    (home / "decks" / "scrum.apkg").write_bytes(b"")
    (home / "cards.csv").write_text("front,back\nWhat is WBS?,Work breakdown structure\n")
    (home / "notes.md").write_text("# not a card file\n")
    (home / ".secret.csv").write_text("a,b\n")
    return home


def _text(screen: ImportScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def _import(pilot: Pilot[None], screen: ImportScreen, path: str) -> None:
    """Type ``path``, press enter, accept a CSV's mapping, wait for the import."""
    screen.query_one("#import-path", Input).value = path
    screen.query_one("#import-path", Input).focus()
    await pilot.press("enter")
    await pilot.pause()
    if isinstance(pilot.app.screen, CsvMappingScreen):
        await pilot.press("ctrl+s")
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _cards_in(services: Services, deck: str) -> int:
    with services.sessions() as session:
        query = select(func.count()).select_from(CardRow).join(DeckRow)
        return session.scalar(query.where(DeckRow.name == deck)) or 0


async def test_completion_offers_the_folders_and_card_files_of_a_real_folder(
    empty_services: Services, tmp_path: Path
) -> None:
    home = make_home(tmp_path)
    suggester = PathSuggester(home, home)
    assert await suggester.get_suggestion("c") == "cards.csv"
    assert await suggester.get_suggestion("de") == "decks/"
    assert await suggester.get_suggestion("decks/s") == "decks/scrum.apkg"
    assert await suggester.get_suggestion("~/de") == "~/decks/"
    assert await suggester.get_suggestion(f"{home}/ca") == f"{home}/cards.csv"
    assert await suggester.get_suggestion("no") is None  # a document is not offered
    assert await suggester.get_suggestion("missing/x") is None
    screen = ImportScreen(empty_services, home=home, start=home)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.press("d", "e")
        await pilot.pause()
        await pilot.press("tab")  # takes the completion
        await pilot.pause()
        path = screen.query_one("#import-path", Input)
        assert path.value == "decks/"
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("tab")
        assert path.value == "decks/scrum.apkg"
        await pilot.press("tab")  # nothing left to complete: the next box
        assert screen.focused is screen.query_one("#import-deck", Input)


async def test_a_relative_path_starts_where_pmstudy_was_started_and_tilde_at_home(
    tmp_path: Path,
) -> None:
    home = make_home(tmp_path)
    start = tmp_path / "work"
    start.mkdir()
    (start / "here.csv").write_text("a,b\n")
    suggester = PathSuggester(home, start)
    assert await suggester.get_suggestion("he") == "here.csv"
    assert await suggester.get_suggestion("ca") is None  # cards.csv is in home, not here
    assert await suggester.get_suggestion("~/ca") == "~/cards.csv"
    assert resolve("here.csv", home, start) == start / "here.csv"
    assert resolve("~/cards.csv", home, start) == home / "cards.csv"
    assert resolve(str(home / "cards.csv"), home, start) == home / "cards.csv"


async def test_a_folder_that_cannot_be_listed_completes_nothing(tmp_path: Path) -> None:
    home = make_home(tmp_path)
    suggester = PathSuggester(home, home)
    assert await suggester.get_suggestion("cards.csv/x") is None  # not a folder: an OSError
    locked = home / "locked"
    locked.mkdir()
    (locked / "inside.csv").write_text("a,b\n")
    locked.chmod(0)
    try:
        readable = _listing(locked)  # root reads every folder; other users get PermissionError
        expected = "locked/inside.csv" if readable else None
        assert await suggester.get_suggestion("locked/i") == expected
    finally:
        locked.chmod(0o755)


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


async def test_choosing_a_file_in_the_folder_tree_fills_the_path(
    empty_services: Services, tmp_path: Path
) -> None:
    home = make_home(tmp_path)
    screen = ImportScreen(empty_services, home=home, start=home)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        tree = screen.query_one(ImportableTree)
        for _ in range(50):
            await pilot.pause()
            if tree.root.children:
                break
        names = [str(node.label) for node in tree.root.children]
        assert names == ["decks", "cards.csv"]  # folders first; no document, no hidden file
        assert screen.focused is tree
        await pilot.press("down", "down", "enter")  # the root, decks, cards.csv
        await pilot.pause()
        assert screen.query_one("#import-path", Input).value == str(home / "cards.csv")
        assert not screen.query(ImportableTree)  # hidden again, the path box focused
        assert screen.focused is screen.query_one("#import-path", Input)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert screen.query(ImportableTree)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not screen.query(ImportableTree)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("escape")  # hides the tree, the screen stays
        await pilot.pause()
        assert not screen.query(ImportableTree)
        assert pilot.app.screen is screen


async def test_a_new_target_deck_is_created_with_the_cards_in_it(
    empty_services: Services, tmp_path: Path
) -> None:
    home = make_home(tmp_path)
    screen = ImportScreen(empty_services, home=home, start=home)
    async with Host(screen).run_test(size=SIZE) as pilot:
        screen.query_one("#import-path", Input).value = "~/cards.csv"
        screen.query_one("#import-deck", Input).value = "Brand new"
        await pilot.pause()
        assert _text(screen, "#import-deck-hint") == "New deck Brand new, created by the import."
        await _import(pilot, screen, "~/cards.csv")
        assert "notes: 1 added" in _text(screen, "#import-summary")
        assert _text(screen, "#import-deck-hint") == "Into the existing deck Brand new."
    assert _cards_in(empty_services, "Brand new") == 1
    assert _cards_in(empty_services, "cards") == 0  # not the file's own name


async def test_a_package_goes_under_the_target_deck_or_keeps_its_own(
    empty_services: Services, tmp_path: Path
) -> None:
    package = str(anki_package())
    screen = ImportScreen(empty_services, home=tmp_path, start=tmp_path)
    async with Host(screen).run_test(size=SIZE) as pilot:
        screen.query_one("#import-deck", Input).value = "Found"
        await _import(pilot, screen, package)
        assert _cards_in(empty_services, "Found::PMP::People") > 0
        await pilot.press("ctrl+d")  # a dry run, to check the choice only
        screen.query_one("#import-keep").value = True  # type: ignore[attr-defined]
        await pilot.pause()
        assert _text(screen, "#import-deck-hint") == "The file's own deck(s)."
        await _import(pilot, screen, package)
        assert "decks created: PMP" in _text(screen, "#import-summary")


CP1252_CSV = "front,back\nCaf\u00e9 \u00c9,Cr\u00e8me!\n".encode("cp1252")


async def test_the_encoding_box_reads_a_windows_file_the_detection_refuses(
    empty_services: Services, tmp_path: Path
) -> None:
    home = make_home(tmp_path)
    (home / "windows.csv").write_bytes(CP1252_CSV)  # a lone É: not plausible as cp1252
    screen = ImportScreen(empty_services, home=home, start=home)
    async with Host(screen).run_test(size=SIZE) as pilot:
        await _import(pilot, screen, "windows.csv")
        status = _text(screen, "#import-status")
        assert status.startswith("windows.csv: line 2: is not valid UTF-8 (byte 0xe9)")
        assert "choose it in the encoding box" in status
        assert "\n" not in status
        screen.query_one("#import-encoding", Select).value = "utf-16"
        await _import(pilot, screen, "windows.csv")  # an odd number of bytes: not UTF-16
        status = _text(screen, "#import-status")
        assert status.startswith("windows.csv: ")
        assert "utf-16" in status
        assert "\n" not in status
        assert counts(empty_services) == (0, 0, 0)
        screen.query_one("#import-encoding", Select).value = "cp1252"
        screen.query_one("#import-path", Input).value = "windows.csv"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        mapping = pilot.app.screen
        assert isinstance(mapping, CsvMappingScreen)
        assert mapping.preview.encoding == "cp1252"
        assert mapping.preview.rows[0] == ["Caf\u00e9 \u00c9", "Cr\u00e8me!"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    with empty_services.sessions() as session:
        fields = [n.fields for n in session.scalars(select(NoteRow))]
    assert [(f["Front"], f["Back"]) for f in fields] == [("Caf\u00e9 \u00c9", "Cr\u00e8me!")]


async def test_a_failure_after_a_success_shows_only_the_error_and_changes_nothing(
    empty_services: Services, tmp_path: Path
) -> None:
    home = make_home(tmp_path)
    (home / "broken.apkg").write_bytes(b"not a zip")
    screen = ImportScreen(empty_services, home=home, start=home)
    host = Host(screen)
    async with host.run_test(size=SIZE) as pilot:
        await _import(pilot, screen, "cards.csv")
        assert "notes: 1 added" in _text(screen, "#import-summary")
        before = counts(empty_services)
        await _import(pilot, screen, "broken.apkg")
        assert _text(screen, "#import-summary") == ""
        status = _text(screen, "#import-status")
        assert status.startswith("Nothing was imported: broken.apkg: ")
        assert "\n" not in status
        assert counts(empty_services) == before
        await _import(pilot, screen, "cards.csv")  # succeeds again, then a missing file
        assert "1 unchanged" in _text(screen, "#import-summary")
        await _import(pilot, screen, "gone.csv")
        assert _text(screen, "#import-summary") == ""
        assert _text(screen, "#import-status").startswith(f"{home / 'gone.csv'}: ")
        await pilot.press("escape")
        await pilot.pause()
    assert counts(empty_services) == before
    assert host.results
    assert isinstance(host.results[0], ImportSummary)  # the last import that was made
