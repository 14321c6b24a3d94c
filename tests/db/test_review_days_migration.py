"""Migration 0003: the answer cache of an existing collection, its trigger, and going back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db import migrate
from pmstudy.db.engine import make_engine
from pmstudy.db.models import ReviewDaysStateRow
from pmstudy.db.stats import answer_store
from pmstudy.domain.model import CardState, NoteKind, Rating
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.browse.support import add_note, assert_consistent, log_review

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def _objects(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE name LIKE 're%'")
        }


def test_an_existing_collection_gets_its_cache(tmp_path: Path) -> None:
    """A collection with history at 0002 is upgraded: the cache starts empty and the first
    statistics call reads the whole log into it."""
    settings = Settings(data_dir=tmp_path / "data", timezone="Europe/Paris")
    services = build_services(settings, FixedClock(NOW), seed=1)
    card = add_note(services, NoteKind.BASIC, {"Front": "x"}, deck="D")[0]
    for n in range(40):
        log_review(
            services,
            card,
            at=NOW - n * 9 * DAY,
            rating=Rating(1 + n % 4),
            state_before=CardState.REVIEW,
            stability_before=5.0 + n,
            last_review_before=NOW - (n * 9 + 5) * DAY,
        )
    database = settings.sqlite_path
    services.close()

    engine = make_engine(f"sqlite:///{database}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    engine.dispose()
    assert "review_days" not in _objects(database)
    assert answer_store.TRIGGER not in _objects(database)

    services = build_services(settings, FixedClock(NOW), seed=1)  # upgrades, with a backup
    try:
        assert services.backup is not None
        expected = {"review_days", "review_days_state", "review_days_stale", "review_days_holes"}
        assert {*expected, answer_store.TRIGGER} <= _objects(database)
        with services.engine.connect() as connection:
            assert connection.execute(select(ReviewDaysStateRow.mark)).scalar_one() == 0
        assert_consistent(services)
        with services.engine.connect() as connection:
            assert connection.execute(select(ReviewDaysStateRow.mark)).scalar_one() > 0
    finally:
        services.close()


def test_a_new_collection_has_the_trigger(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW)
    engine.dispose()
    assert answer_store.TRIGGER in _objects(tmp_path / "db.sqlite3")
