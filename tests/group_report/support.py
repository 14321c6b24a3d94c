"""A study group on one machine (SQLite profiles), prepared once per test session and copied
per test: "ana" studies the Scrum deck over the last days, has PSM I booked and one finished
mock; "ben" answered a few cards and booked nothing; "carl"'s database is at schema 0009."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from pmstudy.clock import FixedClock
from pmstudy.domain.model import Rating
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.cli.mock_sitting import sit_mock
from tests.conftest import START

# The report runs on START's day, 11:00 UTC: after ana's mock.
LATER = dt.datetime(2026, 11, 22, 11, 0, tzinfo=dt.UTC)
NOW_TEXT = "2026-11-22T11:00:00+00:00"
ANA_DAYS = {6: 12, 3: 8, 1: 5}
"""Days before START and the cards ana answered then (Good, 6 s each)."""
BEN_ANSWERS = 3
"""Cards ben answered yesterday (10 s each)."""
OLD_REVISION = "0009"


def answer(services: Services, clock: FixedClock, count: int, seconds: int) -> None:
    """Answer ``count`` Scrum cards Good, ``seconds`` each."""
    deck_id = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck_id)
    for _ in range(count):
        card = session.next_card()
        assert card is not None
        clock.advance(seconds=seconds)
        session.answer(Rating.GOOD, duration_ms=seconds * 1000)


def profile_settings(data: Path, name: str) -> Settings:
    """Settings on profile ``name`` of ``data``, in UTC."""
    return Settings(data_dir=data, timezone="UTC", profile=name)


def prepare_group(data: Path) -> Path:
    """Write the three profiles into ``data``."""
    clock = FixedClock(START - dt.timedelta(days=max(ANA_DAYS)))
    with build_services(profile_settings(data, "ana"), clock, seed=1) as ana:
        ana.decks.choose_exams([])
        ana.exams.add("psm-1", "2027-01-10")
        for before, count in sorted(ANA_DAYS.items(), reverse=True):
            clock.set(START - dt.timedelta(days=before))
            answer(ana, clock, count, 6)
        clock.set(START)
        sit_mock(ana, clock, wrong=3, blank=2)
    clock = FixedClock(START - dt.timedelta(days=1))
    with build_services(profile_settings(data, "ben"), clock, seed=2) as ben:
        ben.decks.choose_exams([])
        answer(ben, clock, BEN_ANSWERS, 10)
    _at_revision(profile_settings(data, "carl").sqlite_path, OLD_REVISION)
    return data


def _at_revision(path: Path, revision: str) -> None:
    """A real database migrated up to ``revision`` only (as an older pmstudy left it)."""
    from alembic import command
    from sqlalchemy import create_engine

    from pmstudy.db.migrate import alembic_config

    path.parent.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{path}")
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        (found,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert found == revision
