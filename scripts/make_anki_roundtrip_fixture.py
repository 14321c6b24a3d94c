"""Pass a package pmstudy exported through Anki's own importer and exporter (run once).

A pmstudy export marks note types of plain-text notes (``anki_schema11.PLAIN_MARK``) and
escapes their fields for Anki; a re-import makes them plain again. Whether the mark survives a
trip through Anki is a fact about Anki, so the test reads packages Anki itself wrote:
``tests/fixtures/anki/pmstudy-via-anki-modern.apkg`` (schema 18, where Anki keeps the mark among
the note type's ``other`` keys) and ``-legacy.apkg`` (schema 11, in the note type's JSON).

How they were made (Anki 26.9.3, Python 3.11; the decks are the TUI tests' sample decks)::

    D=$(mktemp -d)
    for f in basics choice markup multi typing; do
        .venv/bin/pmstudy --data-dir $D import tests/tui/decks/$f.toml; done
    .venv/bin/pmstudy --data-dir $D export --deck Sample --format apkg -o $D/sample.apkg
    /tmp/ankivenv/bin/python scripts/make_anki_roundtrip_fixture.py $D/sample.apkg
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "anki"


def main() -> None:
    """Import ``argv[1]`` into a new Anki collection; export it in both layouts."""
    from anki.collection import (
        Collection,
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    source = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as folder:
        collection = Collection(str(Path(folder) / "collection.anki2"))
        try:
            collection.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=str(source),
                    options=ImportAnkiPackageOptions(with_scheduling=True),
                )
            )
            for layout, legacy in (("modern", False), ("legacy", True)):
                collection.export_anki_package(
                    out_path=str(OUT / f"pmstudy-via-anki-{layout}.apkg"),
                    options=ExportAnkiPackageOptions(
                        with_scheduling=True, with_deck_configs=True, legacy=legacy
                    ),
                    limit=None,
                )
        finally:
            collection.close()


if __name__ == "__main__":
    main()
