"""A deck name holding terminal escapes, put straight into the table, reaches neither the
dashboard nor ``pmstudy decks`` (an OSC title sequence retitled the terminal, SGR coloured it)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.widgets.deck_table import DeckTable
from tests.conftest import run_cli, write_deck
from tests.tui.support import SIZE, screen_text

RAW = "\x1b]0;pwned\x07Evil\x1b[31mRed\x1b[0m\u202e\x9b2J\nNext"
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _raw_deck(data_dir: Path, tmp_path: Path, import_file: object) -> None:
    path = write_deck(tmp_path / "d.toml", '[[cards]]\nid = "c1"\nfront = "q"\nback = "a"\n')
    assert callable(import_file)
    import_file(path)
    with sqlite3.connect(data_dir / "pmstudy.sqlite3") as connection:
        connection.execute("UPDATE decks SET name = ? WHERE name = 'Test'", (RAW,))


async def test_dashboard_shows_a_raw_name_clean(empty_services: Services, tmp_path: Path) -> None:
    _raw_deck(empty_services.settings.data_dir, tmp_path, empty_services.imports.import_file)
    empty_services.decks.choose_exams([])  # past the first-run screen
    app = PmStudyApp(services=empty_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DeckTable)
        emitted = "".join(
            segment.text for y in range(table.size.height) for segment in table.render_line(y)
        )
        assert "EvilRed Next" in emitted
        assert not CONTROL.search(emitted)
        assert not CONTROL.search(screen_text(app).replace("\n", ""))
        await pilot.press("enter")  # the review screen's title is the deck's name
        await pilot.pause()
        assert "EvilRed Next" in screen_text(app)
        assert not CONTROL.search(screen_text(app).replace("\n", ""))


def test_pmstudy_decks_prints_a_raw_name_clean(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = write_deck(tmp_path / "d.toml", '[[cards]]\nid = "c1"\nfront = "q"\nback = "a"\n')
    assert run_cli(capsys, "import", str(deck))[0] == 0
    with sqlite3.connect(env / "pmstudy.sqlite3") as connection:
        connection.execute("UPDATE decks SET name = ? WHERE name = 'Test'", (RAW,))
    code, out, _ = run_cli(capsys, "decks")
    assert code == 0
    assert "EvilRed Next" in out
    assert not CONTROL.search(out)
    code, out, _ = run_cli(capsys, "decks", "--json")
    assert code == 0
    assert not CONTROL.search(out)


def test_rename_prints_the_clean_name(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = write_deck(tmp_path / "d.toml", '[[cards]]\nid = "c1"\nfront = "q"\nback = "a"\n')
    assert run_cli(capsys, "import", str(deck))[0] == 0
    code, out, _ = run_cli(capsys, "deck", "rename", "Test", "\x1b[31mRed\x1b[0m::B")
    assert code == 0
    assert "to 'Red::B'" in out
    code, out, _ = run_cli(capsys, "decks")
    assert not CONTROL.search(out)
    assert "Red" in out
