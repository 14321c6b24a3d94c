"""The read-ahead child (services/opening.py): a real forked process computes a result while
this one goes on; anything but a result in time leaves the app to open the database itself."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.commands.common import read_deck_tree
from pmstudy.domain.deck_tree import today_counts
from pmstudy.domain.model import Rating
from pmstudy.services import opening
from pmstudy.services.container import build_services
from pmstudy.services.opening import ReadAhead
from pmstudy.settings import Settings
from tests.tui.conftest import DECKS

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _a_second_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fork works on one core too; whether to use it is tested on its own below."""
    monkeypatch.setattr(opening, "_second_core", lambda: True)


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped: not ours any more
    return False


def test_the_child_computes_and_the_parent_reads_it_once() -> None:
    parent = os.getpid()
    ahead = ReadAhead.start(lambda: {"pid": os.getpid(), "rows": list(range(100_000))})
    assert ahead is not None
    got = ahead.result()
    assert got is not None
    assert got["pid"] != parent  # computed in another process
    assert got["rows"] == list(range(100_000))  # more than a pipe's buffer, read whole
    assert _gone(ahead._pid)
    assert ahead.result() is None  # once only


def test_a_failing_child_gives_nothing() -> None:
    def fails() -> int:
        raise RuntimeError("the database could not be read")

    ahead = ReadAhead.start(fails)
    assert ahead is not None
    assert ahead.result() is None
    assert _gone(ahead._pid)


def test_a_slow_child_is_stopped_and_gives_nothing() -> None:
    ahead = ReadAhead.start(lambda: time.sleep(30))
    assert ahead is not None
    started = time.monotonic()
    assert ahead.result(timeout=0.3) is None
    assert time.monotonic() - started < 5
    assert _gone(ahead._pid)


def test_a_result_not_taken_is_cancelled() -> None:
    ahead = ReadAhead.start(lambda: time.sleep(30))
    assert ahead is not None
    ahead.cancel()
    assert _gone(ahead._pid)
    assert ahead.result() is None
    ahead.cancel()  # twice is harmless


def test_no_child_once_a_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking a process with threads can copy a lock another thread holds: never then."""
    monkeypatch.undo()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert opening._second_core() is False
        assert ReadAhead.start(lambda: 1) is None
    finally:
        stop.set()
        thread.join()


def test_the_child_reads_the_deck_tree_the_app_would_show(tmp_path: Path) -> None:
    """Read-only and without writing a byte, the same numbers as the open services: learned,
    due and new cards, sub-decks, a learn-ahead setting of the learner's own."""
    settings = Settings(data_dir=tmp_path / "data", timezone="UTC", now=NOW, learn_ahead_minutes=5)
    services = build_services(settings, FixedClock(NOW), seed=1, sync_decks=False)
    for name in ("basics", "choice", "typing"):
        services.decks.import_file(DECKS / f"{name}.toml")
    session = services.study.start(services.study.deck_tree()[0].id)
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD):
        assert session.next_card() is not None
        session.answer(rating, duration_ms=4000)
    expected = services.study.deck_tree()
    services.close()
    day = today_counts(expected)
    assert day.new > 0  # numbers of each kind to agree on
    assert day.learning > 0
    assert len(expected) > 1
    before = settings.sqlite_path.read_bytes()

    ahead = ReadAhead.start(lambda: read_deck_tree(settings))
    assert ahead is not None
    assert ahead.result() == expected
    assert settings.sqlite_path.read_bytes() == before


def test_no_tree_from_a_database_not_made_yet(tmp_path: Path) -> None:
    """The first start: the child makes nothing (the app's own opening makes the database)."""
    settings = Settings(data_dir=tmp_path / "data", timezone="UTC")
    ahead = ReadAhead.start(lambda: read_deck_tree(settings))
    assert ahead is not None
    assert ahead.result() is None
    assert not settings.sqlite_path.exists()


def test_the_child_writes_nothing_on_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    """The terminal is the app's: a warning printed in the child would land on its screen."""

    def noisy() -> int:
        import sys

        print("from the child", flush=True)
        print("a warning", file=sys.stderr, flush=True)
        os.write(1, b"raw bytes\n")
        return 7

    ahead = ReadAhead.start(noisy)
    assert ahead is not None
    assert ahead.result() == 7
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_no_tree_read_ahead_from_a_server(tmp_path: Path) -> None:
    """On PostgreSQL the child reads nothing: the app waits for it before its own opening,
    and a server's round trips would hold that back (no connection is even tried here)."""
    settings = Settings(
        data_dir=tmp_path / "data",
        timezone="UTC",
        database_url="postgresql+psycopg://nobody@/nowhere?host=/nonexistent",
    )
    started = time.monotonic()
    assert read_deck_tree(settings) is None
    assert time.monotonic() - started < 1
