"""Anki's own importer and exporter, for ``bench_import.py --whole`` (run by Anki's Python).

    ANKI_PYTHON bench/anki_side.py import PACKAGE COLLECTION_DIR
    ANKI_PYTHON bench/anki_side.py export COLLECTION_DIR OUT.apkg
    ANKI_PYTHON bench/anki_side.py count COLLECTION_DIR

Never imported by pmstudy and not one of its dependencies: the interpreter is one with the
``anki`` package (``python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install anki``).
``import`` opens a new collection in COLLECTION_DIR and imports the package with scheduling,
as Anki's File > Import does, then closes it; ``export`` writes the collection as a package
with scheduling and deck options (Anki's current layout, zstd); ``count`` prints the notes,
cards and review-log rows as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)


def _open(folder: str) -> Collection:
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Collection(str(Path(folder) / "collection.anki2"))


def main() -> None:
    """One action, as the command line says."""
    action, *rest = sys.argv[1:]
    if action == "import":
        package, folder = rest
        collection = _open(folder)
        collection.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(Path(package).resolve()),
                options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True),
            )
        )
        collection.close()
    elif action == "export":
        folder, out = rest
        collection = _open(folder)
        collection.export_anki_package(
            out_path=str(Path(out).resolve()),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
            ),
            limit=None,
        )
        collection.close()
    elif action == "count":
        (folder,) = rest
        collection = _open(folder)
        counts = {
            "notes": collection.note_count(),
            "cards": collection.card_count(),
            "reviews": collection.db.scalar("SELECT count() FROM revlog"),
        }
        collection.close()
        print(json.dumps(counts))
    else:
        raise SystemExit(f"unknown action {action!r}")


if __name__ == "__main__":
    main()
