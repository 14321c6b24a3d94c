"""A deck's own desired retention travels in an Anki package (schema 11: the deck's
``desiredRetention`` in whole percent, as Anki 25.09 writes it) and never overwrites the
learner's own value on a re-import."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from pmstudy.services.container import Services
from tests.conftest import write_deck


def test_the_decks_retention_goes_out_and_comes_back(
    empty_services: Services, second: Services, tmp_path: Path
) -> None:
    cards = '[[cards]]\nid = "c"\nfront = "q"\nback = "a"\n'
    empty_services.imports.import_file(write_deck(tmp_path / "d.toml", cards, name="Mine"))
    empty_services.imports.import_file(
        write_deck(tmp_path / "s.toml", cards, deck_id="s", name="Mine::Sub")
    )
    empty_services.presets.set_deck_retention("Mine", 0.85)
    out = tmp_path / "mine.apkg"
    empty_services.imports.export("Mine", "apkg", out)
    with zipfile.ZipFile(out) as archive:
        (tmp_path / "col").write_bytes(archive.read("collection.anki21"))
    with sqlite3.connect(tmp_path / "col") as db:
        decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    assert {d["name"]: d["desiredRetention"] for d in decks.values()} == {
        "Default": None,
        "Mine": 85,
        "Mine::Sub": None,
    }

    second.imports.import_file(out)
    assert second.presets.deck_retention("Mine").own == 0.85
    assert second.presets.deck_retention("Mine::Sub").own is None
    # the learner's own value stays when the package comes again
    second.presets.set_deck_retention("Mine", 0.8)
    second.imports.import_file(out)
    assert second.presets.deck_retention("Mine").own == 0.8
