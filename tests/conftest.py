"""Shared fixtures: a fixed clock, a seeded collection on a temporary SQLite file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ANKI_FIXTURES = ROOT / "tests" / "fixtures" / "anki"
START = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not available (read-only fixtures absent)")
    return path


def anki_package(name: str = "modern.apkg") -> Path:
    """A small package written by Anki itself, committed with the tests (see
    scripts/make_anki_fixtures.py): ``modern.apkg`` (schema 18, zstd) or ``legacy.apkg`` (schema
    11). What they hold is in ``anki_expected()``."""
    return ANKI_FIXTURES / name


def anki_expected() -> dict[str, Any]:
    """The counts scripts/make_anki_fixtures.py read back from Anki when it wrote the packages."""
    data = json.loads((ANKI_FIXTURES / "expected.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def anki_totals() -> tuple[int, int, int]:
    """(notes, cards, reviews) in each of the committed Anki packages."""
    expected = anki_expected()
    return expected["notes"], expected["cards"], expected["reviews"]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """For CLI tests: a fresh data directory through the environment, a fixed 'now', UTC."""
    data = tmp_path / "data"
    monkeypatch.setenv("PMSTUDY_DATA_DIR", str(data))
    monkeypatch.setenv("PMSTUDY_NOW", "2026-11-22T09:00:00+00:00")
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    monkeypatch.delenv("PMSTUDY_DATABASE_URL", raising=False)
    return data


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in this process: exit code, stdout, stderr."""
    from pmstudy.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at 2026-11-22 09:00 UTC."""
    return FixedClock(START)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a temporary data directory, UTC, 4 am rollover."""
    return Settings(data_dir=tmp_path / "data", timezone="UTC")


@pytest.fixture
def services(settings: Settings, clock: FixedClock) -> Iterator[Services]:
    """Services on a fresh, migrated database with the starter deck installed."""
    built = build_services(settings, clock, seed=1)
    yield built
    built.close()


@pytest.fixture
def empty_services(settings: Settings, clock: FixedClock) -> Iterator[Services]:
    """Services on a fresh, migrated database with no deck."""
    built = build_services(settings, clock, seed=1, sync_decks=False)
    yield built
    built.close()


def write_deck(path: Path, cards: str, *, deck_id: str = "t", name: str = "Test") -> Path:
    """Write a small deck file with the given [[cards]] TOML."""
    path.write_text(
        f'schema_version = 1\nid = "{deck_id}"\nname = "{name}"\n\n{cards}', encoding="utf-8"
    )
    return path


@contextmanager
def small_tmpfs(mount: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of ``size`` (e.g. "256k") mounted at ``mount`` for a full-disk test;
    the test is skipped, with the reason, where this process may not mount one."""
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
