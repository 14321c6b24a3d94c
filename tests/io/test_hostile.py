"""Hostile and broken files: one clear message, exit 1, and the database byte-for-byte as it was.

Each test prepares a collection (with an import already in it), hashes the SQLite file, runs
``pmstudy import`` on a bad file, and checks the exit code, the single-line message, the hash
and the media folder.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard

from pmstudy.clock import FixedClock
from pmstudy.domain.cards import ImportOptions
from pmstudy.io.errors import ImportFileError
from pmstudy.io.limits import Limits, MiB
from pmstudy.services.container import build_services
from pmstudy.services.imports import ImportService
from pmstudy.settings import Settings
from tests.conftest import anki_package
from tests.io.support import db_hash, legacy_collection, media_files, package, refused, rezip
from tests.io.text_samples import write_sample

BOMB = 40 * MiB


def test_not_a_zip(prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deck.apkg"
    path.write_bytes(b"this is not a zip file at all\n" * 10)
    assert "deck.apkg: not a zip archive" in refused(prepared, path, capsys)


def test_truncated_zip(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = anki_package().read_bytes()
    path = tmp_path / "cut.apkg"
    path.write_bytes(data[: len(data) * 6 // 10])
    assert "truncated or damaged" in refused(prepared, path, capsys)


def test_zip_without_a_collection(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = package(tmp_path / "empty.apkg", {"media": b"{}", "0": b"x"})
    assert "holds no Anki collection" in refused(prepared, path, capsys)


def test_collection_that_is_not_sqlite(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = package(tmp_path / "text.apkg", {"collection.anki21": b"just some text" * 100})
    err = refused(prepared, path, capsys)
    assert "entry 'collection.anki21': is not an SQLite database" in err


def test_damaged_sqlite(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = package(
        tmp_path / "damaged.apkg",
        {"collection.anki21": b"SQLite format 3\x00" + bytes(range(256)) * 64},
    )
    assert "damaged" in refused(prepared, path, capsys)


def test_collection_without_anki_tables(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "other.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE col (id integer)")
    path = package(tmp_path / "other.apkg", {"collection.anki21": database})
    assert "table(s) notes, cards, revlog missing" in refused(prepared, path, capsys)


def test_path_traversal_in_media_names(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = legacy_collection(tmp_path / "c.anki21")
    path = package(
        tmp_path / "evil.apkg",
        {
            "collection.anki21": collection,
            "media": b'{"0": "../../../evil.sh"}',
            "0": b"#!/bin/sh\necho owned\n",
        },
    )
    err = refused(prepared, path, capsys)
    assert "path traversal" in err
    assert "../../../evil.sh" in err
    assert not list(tmp_path.rglob("evil.sh"))


def test_zip_bomb_collection(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = package(tmp_path / "bomb.apkg", {"collection.anki21": bytes(BOMB)})
    assert "zip bomb" in refused(prepared, path, capsys)


def test_zstd_bomb_collection(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Like Anki's own frames, this one does not record its content size.
    bomb = zstandard.ZstdCompressor(write_content_size=False).compress(bytes(BOMB))
    path = package(tmp_path / "zbomb.apkg", {"collection.anki21b": bomb, "meta": b"\x08\x03"})
    assert "zstd bomb" in refused(prepared, path, capsys)


def test_media_bomb_rolls_the_import_back(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = legacy_collection(tmp_path / "c.anki21", [(1, "new-note", "Q\x1fA")])
    path = package(
        tmp_path / "media-bomb.apkg",
        {"collection.anki21": collection, "media": b'{"0": "big.png"}', "0": bytes(BOMB)},
    )
    err = refused(prepared, path, capsys)
    assert "entry '0'" in err
    assert "zip bomb" in err


def test_caps_apply_to_declared_and_real_sizes(settings: Settings, tmp_path: Path) -> None:
    limits = Limits(max_collection_bytes=64 * 1024)
    collection = legacy_collection(
        tmp_path / "c.anki21", [(i, f"g{i}", f"front {i}\x1fback") for i in range(1, 2000)]
    )
    path = package(tmp_path / "big.apkg", {"collection.anki21": collection})
    service = _service(settings, limits)
    with pytest.raises(ImportFileError, match=r"declares .* uncompressed; the limit is 65536"):
        service.import_file(path)
    zstd_path = package(
        tmp_path / "big21b.apkg",
        {
            "collection.anki21b": zstandard.ZstdCompressor(write_content_size=False).compress(
                collection.read_bytes()
            )
        },
    )
    with pytest.raises(ImportFileError, match="decompresses beyond 65536 bytes"):
        service.import_file(zstd_path)


def test_ten_megabyte_field_in_a_package(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = "A" * (10 * MiB)
    collection = legacy_collection(tmp_path / "c.anki21", [(7, "big", big + "\x1fback")])
    path = package(tmp_path / "field.apkg", {"collection.anki21": collection})
    err = refused(prepared, path, capsys)
    assert "field.apkg: note 7, field 'Front': is 10.0 MiB; the limit for one field is 1 MiB" in err


def test_ten_megabyte_field_in_a_csv(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.csv"
    path.write_text("front,back\nsmall,row\n" + "x" * (10 * MiB) + ",back\n", encoding="utf-8")
    err = refused(prepared, path, capsys)
    assert "big.csv: line 3, column 1: is 10.0 MiB" in err


def test_invalid_utf8_in_a_package(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = legacy_collection(tmp_path / "c.anki21", [(3, "bad", "ok")])
    with sqlite3.connect(collection) as connection:
        # "front" \x1f "ba" 0xff 0xfe "ck": the Back field holds bytes that are not UTF-8
        connection.execute("UPDATE notes SET flds = CAST(X'66726f6e741f6261fffe636b' AS TEXT)")
    path = package(tmp_path / "utf8.apkg", {"collection.anki21": collection})
    err = refused(prepared, path, capsys)
    assert "note 3, field 'Back': is not valid UTF-8" in err


def test_invalid_utf8_in_a_csv(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_sample(tmp_path, "malformed_encoding.csv")
    err = refused(prepared, path, capsys)
    assert "malformed_encoding.csv: line 3: is not valid UTF-8 (byte 0xff)" in err


def test_strict_refuses_a_file_with_bad_rows(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_sample(tmp_path, "malformed.csv")
    err = refused(prepared, path, capsys, "--strict")
    assert "malformed.csv: line 3: 5 field(s), expected 3" in err


def test_a_failure_while_writing_leaves_everything_as_it_was(
    prepared: Settings, clock: FixedClock, tmp_path: Path
) -> None:
    before = db_hash(prepared)
    media_before = media_files(prepared)
    services = build_services(prepared, clock, seed=1, sync_decks=False)

    def explode(stage: str, done: int, total: int) -> None:
        if stage == "media":
            raise RuntimeError("disk unplugged")

    source = anki_package("legacy.apkg")
    renamed = rezip(source, tmp_path / "other-name.apkg", {})
    with pytest.raises(RuntimeError, match="disk unplugged"):
        services.imports.import_file(renamed, ImportOptions(), explode)
    with pytest.raises(RuntimeError):
        services.imports.import_file(
            write_sample(tmp_path, "quizlet_export.tsv"),
            progress=lambda stage, done, total: _raise_at(stage, "writing cards"),
        )
    services.close()
    assert db_hash(prepared) == before
    assert media_files(prepared) == media_before


def _raise_at(stage: str, target: str) -> None:
    if stage == target:
        raise RuntimeError(stage)


def _service(settings: Settings, limits: Limits) -> ImportService:
    services = build_services(settings, FixedClock(_now()), seed=1, sync_decks=False)
    return ImportService(
        services.db, services.clock, services.days, settings.media_dir, limits=limits
    )


def _now() -> dt.datetime:
    return dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def test_not_an_apkg_by_content(tmp_path: Path, settings: Settings) -> None:
    service = _service(settings, Limits())
    path = tmp_path / "notes.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki2", b"")
    with pytest.raises(ImportFileError, match="not an SQLite database"):
        service.import_file(path)


def test_review_log_holding_text_is_refused_after_notes_were_written(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The log is checked in a worker thread while the notes and cards are read and written:
    # its error must still roll the whole import back.
    collection = legacy_collection(tmp_path / "c.anki21", [(5, "new-note", "Q\x1fA")])
    with sqlite3.connect(collection) as connection:
        connection.execute(
            "INSERT INTO revlog VALUES (1700000000000, 10005, 0, 'three', 1, 0, 2500, 100, 1)"
        )
    path = package(tmp_path / "log.apkg", {"collection.anki21": collection})
    err = refused(prepared, path, capsys)
    assert "log.apkg: review 1700000000000: holds something other than numbers" in err
