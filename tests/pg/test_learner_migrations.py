"""A learner's schema left at any earlier revision is upgraded with every row kept.

Each case builds ana's schema at the head through her own role (bundled deck, answers, an exam
goal), takes it back to an earlier revision as an older pmstudy left it, and upgrades it the
two ways a group does: the owner's ``pmstudy group upgrade`` (then the tables go back to ana,
readable by the trainers) and, for the newest revisions, ana's own start-up.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from pmstudy.clock import FixedClock
from pmstudy.db import migrate
from pmstudy.db.engine import make_engine
from pmstudy.domain.model import Rating
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.pg.test_learner_profiles import as_user

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
EARLIER = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
COUNTED = ("decks", "notes", "cards", "review_log", "exam_goals", "mock_exams")


def _group(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PMSTUDY_DATABASE_URL": url, "PMSTUDY_NOW": NOW.isoformat(), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "pmstudy", "--data-dir", str(data_dir), "group", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names(schema="learner_ana"))
            return {
                t: int(connection.execute(text(f"SELECT count(*) FROM learner_ana.{t}")).one()[0])
                for t in COUNTED
                if t in present
            }
    finally:
        engine.dispose()


def _to(url: str, revision: str) -> None:
    engine = make_engine(url, schema="learner_ana")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    engine.dispose()


@pytest.mark.parametrize("revision", EARLIER)
def test_a_learner_schema_at_an_earlier_revision_keeps_every_row(
    pg_url: str, tmp_path: Path, revision: str
) -> None:
    assert _group(pg_url, tmp_path, "add-learner", "ana").returncode == 0
    ana = as_user(pg_url, "pmstudy_ana")
    settings = Settings(data_dir=tmp_path, database_url=ana, profile="ana", timezone="UTC")
    clock = FixedClock(NOW)
    with build_services(settings, clock, seed=1) as services:
        services.exams.add("psm-1", "2027-02-01")
        scrum = next(n for n in services.study.deck_tree() if n.name == "Scrum")
        session = services.study.start(scrum.id)
        for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.GOOD):
            assert session.next_card() is not None
            session.answer(rating, duration_ms=3000)
            clock.advance(seconds=5)
    _to(ana, revision)
    before = _counts(pg_url)
    assert before["review_log"] == 4
    assert before["cards"] > 0

    if revision >= "0008":
        # ana's own pmstudy upgrades her schema at start
        with build_services(settings, FixedClock(NOW), seed=1) as services:
            assert services.study.deck_tree()
    else:
        done = _group(pg_url, tmp_path, "upgrade")
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"ana: at {migrate.HEAD_REVISION}"
    after = _counts(pg_url)
    assert {t: after[t] for t in before} == before
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM learner_ana.alembic_version"))
        assert version.one()[0] == migrate.HEAD_REVISION
        owners = connection.execute(
            text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'learner_ana'")
        ).all()
        assert owners == [("pmstudy_ana",)]
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'learner_ana'")
        ).scalars()
        unreadable = [
            t
            for t in list(tables)
            if not connection.execute(
                text("SELECT has_table_privilege('pmstudy_trainers', :t, 'SELECT')"),
                {"t": f"learner_ana.{t}"},
            ).scalar()
        ]
        assert unreadable == []
    engine.dispose()
