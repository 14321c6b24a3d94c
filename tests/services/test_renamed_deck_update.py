"""A deck installed from a deck file keeps the name the learner gave it (renamed or moved)
when the file is imported again or updated: the update's cards go there, the old name does not
come back."""

from __future__ import annotations

from pathlib import Path

from pmstudy.services.container import Services
from tests.conftest import write_deck

ONE = '[[cards]]\nid = "c1"\nfront = "q1"\nback = "a1"\n'
TWO = ONE + '\n[[cards]]\nid = "c2"\nfront = "q2"\nback = "a2"\n'


def _decks(services: Services) -> dict[str, int]:
    return {n.name: n.total for n in services.study.deck_tree()}


def test_an_update_goes_to_the_renamed_deck(empty_services: Services, tmp_path: Path) -> None:
    path = write_deck(tmp_path / "t.toml", ONE)
    empty_services.decks.import_file(path)
    empty_services.deck_edits.rename("Test", "Mine::Renamed")
    write_deck(path, TWO)
    summary = empty_services.decks.import_file(path)
    assert summary.notes_added == 1
    names = _decks(empty_services)
    assert "Test" not in names
    assert names["Mine::Renamed"] == 2
