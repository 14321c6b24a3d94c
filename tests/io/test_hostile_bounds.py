"""Hostile files that stay within the size limits but would make far more than they hold.

A package's schema computing values (generated columns, views, triggers, defaults), JSON and
TOML nested thousands deep, files naming thousands of decks or a note making thousands of
cards, a million skipped rows, and scratch folders left by killed imports.  Each refusal is one
line naming the file, exit 1, and the database byte-for-byte as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.io.apkg import SCRATCH, AnkiPackage, remove_stale_scratch
from pmstudy.io.errors import ImportFileError
from pmstudy.io.limits import Limits, MiB, summarise
from pmstudy.services.container import build_services
from pmstudy.services.imports import STAGING, ImportService
from pmstudy.settings import Settings
from tests.conftest import anki_package, write_deck
from tests.io.support import db_hash, legacy_collection, package, refused

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1536 * MiB
"""Address space for the subprocess that meets the bomb: an import needs a fraction of it."""


def _rebuild_notes(collection: Path, flds: str) -> None:
    """Replace ``notes.flds`` by the column definition ``flds`` (keeping the rows)."""
    with sqlite3.connect(collection) as connection:
        connection.executescript(
            f"""
            ALTER TABLE notes RENAME TO old_notes;
            CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
              mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, {flds},
              sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL,
              data text NOT NULL);
            INSERT INTO notes (id, guid, mid, mod, usn, tags, sfld, csum, flags, data)
              SELECT id, guid, mid, mod, usn, tags, sfld, csum, flags, data FROM old_notes;
            DROP TABLE old_notes;
            """
        )
    connection.close()


def _bomb(tmp_path: Path, flds: str, name: str = "bomb.apkg") -> Path:
    collection = legacy_collection(tmp_path / f"{name}.anki21", [(1, "g1", "a\x1fb")])
    _rebuild_notes(collection, flds)
    return package(tmp_path / name, {"collection.anki21": collection})


GENERATED = "flds text GENERATED ALWAYS AS (substr(hex(zeroblob(300000000)), 1, 600000000)) VIRTUAL"


def test_generated_column_bomb_under_a_memory_limit(prepared: Settings, tmp_path: Path) -> None:
    """The 14 KB package from the reliability issue: 2.7 GB and 19 s before, MemoryError
    ("internal error") under a limit; now refused from the schema before any row is read."""
    path = _bomb(tmp_path, GENERATED)
    assert path.stat().st_size < 20_000
    before = db_hash(prepared)
    script = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
        "from pmstudy.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, "--data-dir", str(prepared.data_dir), "import", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "internal error" not in done.stderr
    assert (
        "bomb.apkg: entry 'collection.anki21': column notes.flds is computed (a generated "
        "column); refusing the package"
    ) in done.stderr
    assert db_hash(prepared) == before
    assert elapsed < 60


@pytest.mark.parametrize(
    ("flds", "extra", "expected"),
    [
        ("flds text GENERATED ALWAYS AS ('x') STORED", "", "column notes.flds is computed"),
        (
            "flds text NOT NULL DEFAULT (hex(zeroblob(1000)))",
            "",
            "column notes.flds has a computed default",
        ),
        (
            "",
            "CREATE VIEW big AS SELECT hex(zeroblob(300000000)) AS x",
            "defines a view ('big')",
        ),
        (
            "",
            "CREATE TRIGGER t AFTER INSERT ON cards BEGIN SELECT 1; END",
            "defines a trigger ('t')",
        ),
    ],
    ids=["stored-generated", "computed-default", "view", "trigger"],
)
def test_a_schema_that_computes_is_refused(
    prepared: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    flds: str,
    extra: str,
    expected: str,
) -> None:
    collection = legacy_collection(tmp_path / "c.anki21", [(1, "g1", "a\x1fb")])
    if flds:
        _rebuild_notes(collection, flds)
    if extra:
        with sqlite3.connect(collection) as connection:
            connection.execute(extra)
        connection.close()
    path = package(tmp_path / "schema.apkg", {"collection.anki21": collection})
    err = refused(prepared, path, capsys)
    assert f"schema.apkg: entry 'collection.anki21': {expected}" in err


def test_sqlite_builds_no_value_over_the_limit(settings: Settings, tmp_path: Path) -> None:
    """Whatever slips past the schema check, SQLite refuses to build an oversized value."""
    collection = legacy_collection(tmp_path / "c.anki21", [(1, "g1", "x" * 300_000 + "\x1fb")])
    path = package(tmp_path / "value.apkg", {"collection.anki21": collection})
    service = _service(settings, Limits(max_value_bytes=100_000))
    with pytest.raises(ImportFileError, match=r"value.apkg: holds a value over 0.095\d* MiB"):
        service.import_file(path)


def test_json_nesting_bomb_in_the_media_list(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = legacy_collection(tmp_path / "c.anki21")
    bomb = b"[" * 200_000 + b"]" * 200_000
    path = package(tmp_path / "nested.apkg", {"collection.anki21": collection, "media": bomb})
    err = refused(prepared, path, capsys)
    assert "nested.apkg: entry 'media': is JSON nested too deeply" in err


def test_json_nesting_bomb_in_the_note_types(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = legacy_collection(tmp_path / "c.anki21")
    with sqlite3.connect(collection) as connection:
        connection.execute("UPDATE col SET models = ?", ("[" * 100_000 + "]" * 100_000,))
    connection.close()
    path = package(tmp_path / "models.apkg", {"collection.anki21": collection})
    err = refused(prepared, path, capsys)
    assert "models.apkg: its note types, decks or presets are nested too deeply" in err


def test_json_nesting_bomb_in_a_cards_state_is_ignored(settings: Settings, tmp_path: Path) -> None:
    collection = legacy_collection(tmp_path / "c.anki21", data="[" * 4_000 + "]" * 4_000)
    with sqlite3.connect(collection) as connection:  # a review card: its state is read
        connection.execute("UPDATE cards SET type = 2, queue = 2, due = 100, ivl = 10")
    connection.close()
    path = package(tmp_path / "state.apkg", {"collection.anki21": collection})
    summary = _service(settings, Limits()).import_file(path)
    assert summary.cards_added == 1  # its state estimated from the interval instead


def test_toml_nesting_bomb(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_deck(tmp_path / "nested.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    err = refused(prepared, path, capsys)
    assert "nested.toml: line 1: TOML nested too deeply" in err


def test_ten_megabyte_field_in_a_deck_file(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = "A" * (10 * MiB)
    path = write_deck(tmp_path / "big.toml", f'[[cards]]\nid = "q1"\nfront = "{big}"\nback = "b"\n')
    err = refused(prepared, path, capsys)
    assert "big.toml: line 7: cards[0].front: is 10.0 MiB; the limit for one field is 1 MiB" in err


def test_a_note_making_thousands_of_cloze_cards(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = " ".join(f"{{{{c{n}::x}}}}" for n in range(1, 1002))
    path = write_deck(
        tmp_path / "clozes.toml", f'[[cards]]\nid = "c1"\ntype = "cloze"\ntext = "{text}"\n'
    )
    err = refused(prepared, path, capsys)
    assert "clozes.toml: note c1: makes 1,001 cards; the limit for one note is 500" in err


def test_a_text_file_naming_deeply_nested_decks(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = "::".join(f"d{n}" for n in range(3_049))
    path = tmp_path / "deep.txt"
    path.write_text(f"#separator:tab\n#deck:{deck}\none\ttwo\nthree\tfour\n", encoding="utf-8")
    err = refused(prepared, path, capsys)
    assert "deep.txt: deck 'd0::d1::" in err
    assert "has 3049 levels; the limit is 20" in err


def test_a_text_file_naming_thousands_of_decks(
    prepared: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.txt"
    rows = "".join(f"front {n}\tback\tdeck {n}\n" for n in range(5_001))
    path.write_text(f"#separator:tab\n#deck column:3\n{rows}", encoding="utf-8")
    err = refused(prepared, path, capsys)
    assert "many.txt: names more than 5,000 decks (parents included)" in err


def test_a_million_skipped_notes_say_so_in_a_few_lines(settings: Settings, tmp_path: Path) -> None:
    """Notes whose note type is missing: 20 reasons shown, the rest counted in one line."""
    count = 1_000
    collection = legacy_collection(
        tmp_path / "c.anki21", [(n, f"g{n}", "a\x1fb") for n in range(1, count + 1)], cards=[]
    )
    with sqlite3.connect(collection) as connection:
        connection.execute("UPDATE notes SET mid = 999")
    connection.close()
    path = package(tmp_path / "orphans.apkg", {"collection.anki21": collection})
    summary = _service(settings, Limits()).import_file(path)
    assert summary.notes_skipped == count
    assert len(summary.skipped) == 21
    assert summary.skipped[0] == "note 1: its note type 999 is not in the package"
    assert summary.skipped[-1] == "… and 980 more like this"


def test_summarise_keeps_each_shape_apart() -> None:
    lines = [f"line {n}: empty Front" for n in range(5)] + ["media 'a.png': missing"] * 3
    assert summarise(lines, 2) == [
        "line 0: empty Front",
        "line 1: empty Front",
        "… and 3 more like this",
        "media 'a.png': missing",
        "media 'a.png': missing",
        "… and 1 more like this",
    ]


def test_a_killed_import_leaves_no_scratch_folder_behind(
    prepared: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import SIGKILLed with its collection unpacked; the next import removes the folder."""
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from pmstudy.io.apkg import AnkiPackage\n"
        "from pmstudy.io.limits import Limits\n"
        "package = AnkiPackage(Path(sys.argv[1]), Limits())\n"
        "print(package.unpack(), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(anki_package())],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(scratch_root)},
        check=False,
    )
    assert done.returncode == -signal.SIGKILL
    left = Path(done.stdout.strip()).parent
    assert left.parent == scratch_root
    assert left.name.startswith(SCRATCH)
    assert (left / "collection.db").is_file()
    # a folder of a live import (this process) stays
    mine = scratch_root / f"{SCRATCH}{os.getpid()}-live"
    mine.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    services = build_services(prepared, FixedClock(_now()), sync_decks=False)
    services.imports.import_file(anki_package())
    services.close()
    assert not left.exists()
    assert sorted(p.name for p in scratch_root.iterdir()) == [mine.name]


def test_scratch_folders_without_a_process_id_go_after_a_day(tmp_path: Path) -> None:
    old = tmp_path / f"{SCRATCH}abc123"
    new = tmp_path / f"{SCRATCH}def456"
    other = tmp_path / "someone-else"
    for folder in (old, new, other):
        folder.mkdir()
    day_ago = time.time() - 2 * 86_400
    os.utime(old, (day_ago, day_ago))
    assert remove_stale_scratch(tmp_path) == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([new.name, other.name])


def test_a_package_removes_its_own_scratch_folder(tmp_path: Path) -> None:
    with AnkiPackage(anki_package(), Limits()) as package:
        folder = package.unpack().parent
        assert folder.name.startswith(f"{SCRATCH}{os.getpid()}-")
    assert not folder.exists()


def _service(settings: Settings, limits: Limits) -> ImportService:
    services = build_services(settings, FixedClock(_now()), seed=1, sync_decks=False)
    return ImportService(
        services.db, services.clock, services.days, settings.media_dir, limits=limits
    )


def _now() -> dt.datetime:
    return dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def test_media_staging_of_a_killed_import_is_removed_at_the_next(
    prepared: Settings, tmp_path: Path
) -> None:
    """Media wait in ``.staging-<pid>-…`` until the commit; a killed import's folder goes."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    stale = prepared.media_dir / f"{STAGING}{int(gone.stdout)}-0123abcd"
    stale.mkdir(parents=True)
    (stale / "1.part").write_bytes(b"half a picture")
    live = prepared.media_dir / f"{STAGING}{os.getpid()}-live"
    live.mkdir()
    services = build_services(prepared, FixedClock(_now()), sync_decks=False)
    services.imports.import_file(anki_package("legacy.apkg"))
    services.close()
    assert not stale.exists()
    assert live.is_dir()
