"""A deck's own desired retention travels in an Anki package (schema 11: the deck's
``desiredRetention`` in whole percent; schema 18: field 10 of its Normal kind, as Anki 25.09
writes them) and never overwrites the
learner's own value on a re-import."""

from __future__ import annotations

import json
import sqlite3
import struct
import zipfile
from pathlib import Path

import zstandard

from pmstudy.io.protobuf import Message, field_bytes
from pmstudy.services.container import Services
from tests.conftest import anki_package, write_deck
from tests.io.support import rezip


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


def test_a_schema_18_package_gives_its_decks_retention(
    empty_services: Services, tmp_path: Path
) -> None:
    """Anki's own package (schema 18, zstd) with deck PMP given 0.85 as Anki 25.09 stores it:
    ``desired_retention``, field 10 of the deck's Normal kind, a float32."""
    source = anki_package()
    with zipfile.ZipFile(source) as archive:
        raw = zstandard.ZstdDecompressor().decompress(
            archive.read("collection.anki21b"), max_output_size=64 << 20
        )
    collection = tmp_path / "c.anki21b"
    collection.write_bytes(raw)
    with sqlite3.connect(collection) as db:
        # Anki's deck names sort with its own collation: any will do to read and write a row
        db.create_collation(
            "unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold())
        )
        (kind,) = db.execute("SELECT kind FROM decks WHERE name = 'PMP'").fetchone()
        normal = Message(kind).raw(1)
        assert normal is not None
        own = b"\x55" + struct.pack("<f", 0.85)  # field 10, fixed32
        db.execute("UPDATE decks SET kind = ? WHERE name = 'PMP'", (field_bytes(1, normal + own),))
    db.close()
    compressed = zstandard.ZstdCompressor().compress(collection.read_bytes())
    changed = rezip(source, tmp_path / "dr.apkg", {"collection.anki21b": compressed})

    empty_services.imports.import_file(changed)
    assert empty_services.presets.deck_retention("PMP").own == 0.85
    assert empty_services.presets.deck_retention("Scrum").own is None
