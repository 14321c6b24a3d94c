"""Real processes: a killed app loses no answer; two processes share one database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pmstudy.clock import SystemClock
from pmstudy.db.engine import make_engine, make_session_factory
from pmstudy.db.models import ReviewLogRow
from pmstudy.services.container import build_services
from pmstudy.settings import Settings

WORKER = Path(__file__).with_name("answer_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def _start(data_dir: Path, count: int, pause: float) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data_dir), str(count), str(pause)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _reviews(data_dir: Path) -> list[int]:
    engine = make_engine(f"sqlite:///{data_dir / 'pmstudy.sqlite3'}")
    try:
        with make_session_factory(engine)() as session:
            return list(session.scalars(select(ReviewLogRow.card_id).order_by(ReviewLogRow.id)))
    finally:
        engine.dispose()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A collection with the starter deck, created before the workers start.

    The deck offers 200 new cards a day: with the default 20, a worker that starts after the
    other has answered a few finds the day's new cards used up and stops early.
    """
    directory = tmp_path / "data"
    services = build_services(Settings(data_dir=directory, timezone="UTC"), SystemClock(), seed=1)
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    services.presets.save(replace(services.presets.of_deck(deck), new_per_day=200))
    services.close()
    return directory


@pytest.mark.slow
def test_sigkill_loses_no_answered_review(data_dir: Path) -> None:
    worker = _start(data_dir, count=1000, pause=0.02)
    assert worker.stdout is not None
    answered: list[int] = []
    for line in worker.stdout:
        answered.append(int(line.split()[1]))
        if len(answered) == 12:
            worker.send_signal(signal.SIGKILL)
            break
    worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    stored = _reviews(data_dir)
    # every answer the process reported as done is in the database
    assert stored[: len(answered)] == answered
    assert len(stored) >= 12


@pytest.mark.slow
def test_two_processes_answer_on_one_database(data_dir: Path) -> None:
    first = _start(data_dir, count=15, pause=0.005)
    second = _start(data_dir, count=15, pause=0.005)
    out_a, err_a = first.communicate(timeout=120)
    out_b, err_b = second.communicate(timeout=120)
    assert first.returncode == 0, err_a
    assert second.returncode == 0, err_b
    assert out_a.count("answered") == 15
    assert out_b.count("answered") == 15
    assert len(_reviews(data_dir)) == 30
    engine = make_engine(f"sqlite:///{data_dir / 'pmstudy.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        count = connection.execute(select(func.count()).select_from(ReviewLogRow)).scalar()
        assert count == 30
    engine.dispose()


MOCK_WORKER = Path(__file__).with_name("mock_worker.py")


@pytest.mark.slow
def test_a_killed_mock_resumes_with_every_answer_flag_and_its_time(data_dir: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    worker = subprocess.Popen(
        [sys.executable, str(MOCK_WORKER), str(data_dir), "0.3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert worker.stdout is not None
    mock_id = int(worker.stdout.readline().split()[1])
    answered: list[tuple[int, bool, int]] = []
    for line in worker.stdout:
        _, position, _, flagged, elapsed = line.split()
        answered.append((int(position), flagged == "1", int(elapsed)))
        if len(answered) == 9:
            worker.send_signal(signal.SIGKILL)
            break
    worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    services = build_services(Settings(data_dir=data_dir, timezone="UTC"), SystemClock(), seed=1)
    try:
        waiting = services.mocks.unfinished()
        assert waiting is not None
        assert waiting.id == mock_id
        run = services.mocks.resume(mock_id)
        for position, flagged, _ in answered:
            assert run.state.items[position].response == "A"
            assert run.state.items[position].flagged == flagged
        # the time used is what the process last wrote: never less than at the last answer,
        # and at most a few seconds more (a tick writes every two seconds)
        last_elapsed = answered[-1][2]
        assert last_elapsed <= run.state.elapsed_ms <= last_elapsed + 3_000
        run.submit()
        result = services.mocks.result(mock_id)
        assert result.score.scored == run.state.total
        assert run.state.total - result.score.unanswered >= len(answered)
    finally:
        services.close()
