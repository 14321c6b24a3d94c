"""Helpers for the import/export tests: hashing the database, building packages."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pmstudy.cli import main
from pmstudy.db.models import CardRow, NoteRow, ReviewLogRow
from pmstudy.io.anki_schema11 import CONF, DDL, dconf_json, deck_json, model_json
from pmstudy.services.container import Services
from pmstudy.settings import Settings


def db_hash(settings: Settings) -> str:
    """SHA-256 of the SQLite file (call with every connection closed)."""
    return hashlib.sha256(settings.sqlite_path.read_bytes()).hexdigest()


def counts(services: Services) -> tuple[int, int, int]:
    """(notes, cards, reviews) in the collection."""
    with services.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(NoteRow)) or 0,
            session.scalar(select(func.count()).select_from(CardRow)) or 0,
            session.scalar(select(func.count()).select_from(ReviewLogRow)) or 0,
        )


def media_files(settings: Settings) -> list[Path]:
    """Every file under the media folder (staging folders included)."""
    root = settings.media_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


BASIC_MODEL = 1000
DECK = 2000


def legacy_collection(
    path: Path,
    notes: Iterable[tuple[int, str, str]] = ((1, "guid-1", "Front\x1fBack"),),
    *,
    cards: Iterable[tuple[int, int, int]] | None = None,
    models: dict[str, object] | None = None,
    data: str = "",
) -> Path:
    """A schema-11 collection: Basic notes (id, guid, fields) with one new card each."""
    connection = sqlite3.connect(path)
    connection.executescript(DDL)
    model = model_json(
        BASIC_MODEL,
        "Basic",
        cloze=False,
        fields=["Front", "Back"],
        templates=[("{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}")],
        mod=0,
    )
    decks = {
        "1": deck_json(1, "Default", 1, "", 0),
        str(DECK): deck_json(DECK, "Hostile", 1, "", 0),
    }
    dconf = {
        "1": dconf_json(
            1,
            "Default",
            new_per_day=20,
            reviews_per_day=200,
            learn_minutes=[1.0, 10.0],
            relearn_minutes=[10.0],
            max_interval=36500,
            leech_fails=8,
            leech_tag_only=True,
            bury=False,
            retention=0.9,
            params=[],
            mod=0,
        )
    }
    connection.execute(
        "INSERT INTO col VALUES (1, 1700000000, 0, 0, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
        (
            json.dumps(CONF),
            json.dumps(models or {str(BASIC_MODEL): model}),
            json.dumps(decks),
            json.dumps(dconf),
        ),
    )
    for note_id, guid, fields in notes:
        connection.execute(
            "INSERT INTO notes VALUES (?, ?, ?, 0, 0, '', ?, '', 0, 0, '')",
            (note_id, guid, BASIC_MODEL, fields),
        )
    card_rows = cards if cards is not None else [(n[0] + 10_000, n[0], 0) for n in notes]
    for card_id, note_id, ord_ in card_rows:
        connection.execute(
            "INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, ?)",
            (card_id, note_id, DECK, ord_, data),
        )
    connection.commit()
    connection.close()
    return path


def package(path: Path, entries: dict[str, bytes | Path]) -> Path:
    """A zip holding ``entries`` (bytes, or a file to copy)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            if isinstance(content, Path):
                archive.write(content, name)
            else:
                archive.writestr(name, content)
    return path


def rezip(source: Path, target: Path, replace: dict[str, bytes | Path]) -> Path:
    """A copy of package ``source`` with some entries replaced (or added)."""
    with zipfile.ZipFile(source) as original:
        entries: dict[str, bytes | Path] = {n: original.read(n) for n in original.namelist()}
    entries.update(replace)
    return package(target, entries)


def extract(source: Path, name: str, target: Path) -> Path:
    """One entry of a package, written to ``target``."""
    with zipfile.ZipFile(source) as archive:
        target.write_bytes(archive.read(name))
    return target


def refused(settings: Settings, path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    """Run ``pmstudy import``; assert exit 1, one line, nothing changed; return the message."""
    before = db_hash(settings)
    media_before = media_files(settings)
    code = main(["--data-dir", str(settings.data_dir), "import", str(path), *extra])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith("pmstudy: error: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert "internal error" not in err
    assert db_hash(settings) == before
    assert media_files(settings) == media_before
    return err
