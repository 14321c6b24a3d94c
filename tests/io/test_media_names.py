"""Media names: one stored file per name (``a:b.png`` and ``a_b.png`` were one file, so a
note showed another's image), and a note's media are found in its own import's folder only
(an .apkg export once picked up another deck's file of the same name)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from pmstudy.errors import NotFoundError
from pmstudy.io.media import NAMES_MARKER, folder_for, locate, safe_name, stored_name
from pmstudy.services.container import Services
from tests.io.support import legacy_collection, package

PNG_A = b"\x89PNG\r\n\x1a\n" + b"first image"
PNG_B = b"\x89PNG\r\n\x1a\n" + b"second image"


def _apkg(tmp_path: Path, stem: str, notes: dict[str, str], files: dict[str, bytes]) -> Path:
    """A package of Basic notes (guid -> front) with media files (name -> bytes)."""
    collection = legacy_collection(
        tmp_path / f"{stem}.anki21",
        [(i, guid, f"{front}\x1fback") for i, (guid, front) in enumerate(notes.items(), 1)],
    )
    entries: dict[str, bytes | Path] = {
        "collection.anki21": collection,
        "media": json.dumps({str(i): name for i, name in enumerate(files)}).encode(),
    }
    entries.update({str(i): data for i, data in enumerate(files.values())})
    return package(tmp_path / f"{stem}.apkg", entries)


def _media_by_card(services: Services) -> dict[str, bytes | None]:
    """Each card's first media name -> the bytes of the file it resolves to."""
    found: dict[str, bytes | None] = {}
    for card_id in range(1, 50):
        try:
            files = services.imports.media_for_card(card_id)
        except NotFoundError:
            continue
        for media in files:
            found[media.name] = media.path.read_bytes() if media.path else None
    return found


def test_stored_names_are_one_to_one() -> None:
    names = ["a:b.png", "a_b.png", "a?b.png", "A_B.png", "con.png", "x", "x:", "a\x1bb.png"]
    names += ["a\x9bb.png", "a\x07b.png"]  # C1 and C0 controls: the name is shown in messages
    hashed = stored_name("a:b.png")
    names.append(hashed)  # a package naming a file as another's stored name
    stored = [stored_name(n) for n in names]
    assert len(set(stored)) == len(names)
    assert stored_name("a_b.png") == "a_b.png"  # a safe name is kept
    assert hashed.startswith("a_b~")
    assert hashed.endswith(".png")
    assert stored_name(hashed) != hashed
    assert not [s for s in stored if re.search(r"[/\\:\x00-\x1f\x7f-\x9f]", s)]


def test_colliding_names_keep_their_own_images(empty_services: Services, tmp_path: Path) -> None:
    path = _apkg(
        tmp_path,
        "deck",
        {"g1": '<img src="a:b.png">', "g2": '<img src="a_b.png">'},
        {"a:b.png": PNG_A, "a_b.png": PNG_B},
    )
    summary = empty_services.imports.import_file(path)
    assert summary.media_added == 2
    assert _media_by_card(empty_services) == {"a:b.png": PNG_A, "a_b.png": PNG_B}
    again = empty_services.imports.import_file(path)  # a re-import finds them in place
    assert again.media_added == 0


def test_a_missing_file_is_not_taken_from_another_import(
    empty_services: Services, tmp_path: Path
) -> None:
    first = _apkg(tmp_path, "first", {"g1": '<img src="shared.png">'}, {"shared.png": PNG_A})
    empty_services.imports.import_file(first)
    empty_services.deck_edits.rename("Hostile", "First")
    second = _apkg(tmp_path, "second", {"g2": '<img src="shared.png"> (file missing)'}, {})
    empty_services.imports.import_file(second)
    out = tmp_path / "second-export.apkg"
    summary = empty_services.imports.export("Hostile", "apkg", out)
    assert summary.media == 0
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("media")) == {}
    exported = tmp_path / "first-export.apkg"
    assert empty_services.imports.export("First", "apkg", exported).media == 1


def test_older_folders_are_still_read(tmp_path: Path) -> None:
    """A folder written before stored names (no marker) keeps its files under safe names."""
    folder = tmp_path / folder_for("apkg:old")
    folder.mkdir()
    (folder / safe_name("a:b.png")).write_bytes(PNG_A)
    assert locate(tmp_path, "apkg:old", "a:b.png") == folder / "a_b.png"
    (folder / NAMES_MARKER).write_bytes(b"")
    assert locate(tmp_path, "apkg:old", "a:b.png") is None  # a_b.png is another file now
    assert locate(tmp_path, None, "a:b.png") is None
