"""Deck names from every source are cleaned by one function: a CSV ``#deck column``, a TXT
``#deck:`` header, a file name, a deck file's ``name``, a rename (and the Anki package's,
which already was).  Terminal escapes and control characters never reach the table."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from pmstudy.domain.cards import ImportOptions, deck_name
from pmstudy.errors import PmStudyError
from pmstudy.io.deckfile import parse_deck_file
from pmstudy.io.limits import DEFAULT_LIMITS
from pmstudy.io.text_import import read_text_file, to_notes
from pmstudy.services.container import Services
from tests.conftest import write_deck

# An OSC title sequence (ended by BEL), SGR colours, a bidi override and a newline.
HOSTILE = "\x1b]0;pwned\x07Evil\x1b[31mRed\x1b[0m\u202e::Sub\nDeck"
CLEANED = "EvilRed::Sub Deck"
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _names(services: Services) -> list[str]:
    return [node.name for node in services.study.deck_tree()]


def _parsed_decks(path: Path) -> set[str]:
    """The deck names the parse step itself gives (before the repository sees them)."""
    if path.suffix == ".toml":
        return {d.name for d in parse_deck_file(path).decks}
    options = ImportOptions()
    text = read_text_file(path, options, DEFAULT_LIMITS)
    parsed = to_notes(text, options, DEFAULT_LIMITS, source="t", default_deck=path.stem)
    return {n.deck for n in parsed.notes}


def test_the_one_function() -> None:
    assert deck_name(HOSTILE) == CLEANED
    assert deck_name("A\x1fB") == "A::B"  # Anki's level separator
    assert deck_name("  A :: :: B ") == "A::B"
    assert deck_name("\x1b[31m\x1b[0m") == "Default"
    assert deck_name("\x1b[31m", default="") == ""


def test_csv_deck_column(empty_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text(
        f"#separator:tab\n#deck column:3\nq\ta\t{HOSTILE.replace(chr(10), ' ')}\n",
        encoding="utf-8",
    )
    assert _parsed_decks(path) == {CLEANED}
    empty_services.imports.import_file(path)
    assert _names(empty_services) == ["EvilRed", "EvilRed::Sub Deck"]


def test_txt_deck_header(empty_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "cards.txt"
    path.write_text(
        f"#separator:tab\n#deck:{HOSTILE.replace(chr(10), ' ')}\nq\ta\n", encoding="utf-8"
    )
    assert _parsed_decks(path) == {CLEANED}
    empty_services.imports.import_file(path)
    assert _names(empty_services) == ["EvilRed", "EvilRed::Sub Deck"]


def test_file_name_as_deck(empty_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "\x1b[31mRed\x1b[0m.csv"
    path.write_text("front,back\nq,a\n", encoding="utf-8")
    assert _parsed_decks(path) == {"Red"}
    empty_services.imports.import_file(path)
    assert _names(empty_services) == ["Red"]


def test_deck_file_name(empty_services: Services, tmp_path: Path) -> None:
    name = "\\u001b]0;pwned\\u0007Evil\\u001b[31mRed::Sub\\nDeck"  # TOML escapes
    path = write_deck(
        tmp_path / "d.toml", '[[cards]]\nid = "c1"\nfront = "q"\nback = "a"\n', name=name
    )
    assert _parsed_decks(path) == {CLEANED}
    empty_services.imports.import_file(path)
    assert _names(empty_services) == ["EvilRed", "EvilRed::Sub Deck"]


def test_deck_file_name_with_nothing_printable_is_refused(
    empty_services: Services, tmp_path: Path
) -> None:
    path = write_deck(
        tmp_path / "d.toml", '[[cards]]\nid = "c1"\nfront = "q"\nback = "a"\n', name="\\u001b[31m"
    )
    with pytest.raises(PmStudyError, match="no printable text"):
        empty_services.imports.import_file(path)
    assert _names(empty_services) == []


def test_rename(empty_services: Services, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "d.toml", '[[cards]]\nid = "c1"\nfront = "q"\nback = "a"\n')
    empty_services.imports.import_file(path)
    empty_services.deck_edits.rename("Test", HOSTILE)
    assert _names(empty_services) == ["EvilRed", "EvilRed::Sub Deck"]
    with pytest.raises(PmStudyError, match="no printable text"):
        empty_services.deck_edits.rename("EvilRed::Sub Deck", "\x1b[31m")


def test_every_door_into_the_table_cleans(empty_services: Services) -> None:
    """The editor and the browser create decks through the repository: it cleans too."""
    now = empty_services.clock.now()
    with empty_services.db.write() as uow:
        uow.repo.ensure_deck("A\x1b]2;x\x07::B\x9b31m", now=now)
    assert _names(empty_services) == ["A", "A::B"]


def test_a_raw_name_in_the_database_is_shown_clean(
    empty_services: Services, tmp_path: Path, settings_path: Path
) -> None:
    """Whatever the table holds (an older version, another tool), the tree shows one line."""
    path = write_deck(tmp_path / "d.toml", '[[cards]]\nid = "c1"\nfront = "q"\nback = "a"\n')
    empty_services.imports.import_file(path)
    with sqlite3.connect(settings_path) as connection:
        connection.execute("UPDATE decks SET name = ? WHERE name = 'Test'", (HOSTILE,))
    nodes = empty_services.study.deck_tree()
    assert [n.name for n in nodes] == [HOSTILE]  # the key is kept, to be renamed
    assert not CONTROL.search(nodes[0].leaf + nodes[0].title)


@pytest.fixture
def settings_path(empty_services: Services) -> Path:
    """The SQLite file of ``empty_services``."""
    return empty_services.settings.sqlite_path
