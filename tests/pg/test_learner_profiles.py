"""Learner profiles on a real PostgreSQL: a schema per learner, roles that keep them apart.

The group's owner (the test server's superuser) adds two learners and a trainer through the
CLI; each learner then studies through their own login role. Ana's connection cannot read or
change Ben's rows, the trainer reads both and changes neither (docs/profiles.md).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from pmstudy.clock import FixedClock
from pmstudy.domain.model import Rating
from pmstudy.services.container import build_services
from pmstudy.settings import Settings

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


def as_user(url: str, user: str) -> str:
    """The same database, connecting as ``user``."""
    return make_url(url).set(username=user).render_as_string(hide_password=False)


def pmstudy(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PMSTUDY_DATABASE_URL": url, "PMSTUDY_NOW": NOW.isoformat(), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "pmstudy", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def answer_some(url: str, data_dir: Path, profile: str, count: int) -> None:
    settings = Settings(data_dir=data_dir, database_url=url, profile=profile, timezone="UTC")
    clock = FixedClock(NOW)
    with build_services(settings, clock, seed=1) as services:
        scrum = next(n for n in services.study.deck_tree() if n.name == "Scrum")
        session = services.study.start(scrum.id)
        for _ in range(count):
            assert session.next_card() is not None
            session.answer(Rating.GOOD, duration_ms=3000)
            clock.advance(seconds=5)


def reviews(url: str, schema: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(text(f'SELECT count(*) FROM "{schema}".review_log')).one()[0]
            )
    finally:
        engine.dispose()


def test_profiles_on_one_account_are_separate_schemas(pg_url: str, tmp_path: Path) -> None:
    answer_some(pg_url, tmp_path, "ana", 3)
    answer_some(pg_url, tmp_path, "ben", 5)
    assert reviews(pg_url, "learner_ana") == 3
    assert reviews(pg_url, "learner_ben") == 5
    # the default profile is the database's own schema, untouched by either
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        public = connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        ).one()[0]
    engine.dispose()
    assert public == 0
    listed = pmstudy(pg_url, tmp_path, "group", "learners", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == ["ana", "ben"]
    profiles = pmstudy(pg_url, tmp_path, "--profile", "ben", "profiles", "--json")
    assert profiles.returncode == 0, profiles.stderr
    glance = [(p["name"], p["current"], p["last_answer"]) for p in json.loads(profiles.stdout)]
    assert glance == [
        (None, False, None),
        ("ana", False, "2026-11-22"),
        ("ben", True, "2026-11-22"),
    ]


def test_roles_keep_learners_apart_and_trainers_read_only(pg_url: str, tmp_path: Path) -> None:
    for command in (
        ("group", "add-learner", "ana"),
        ("group", "add-learner", "ben"),
        ("group", "add-trainer", "tina"),
    ):
        done = pmstudy(pg_url, tmp_path, *command)
        assert done.returncode == 0, done.stderr
    ana_url, ben_url = as_user(pg_url, "pmstudy_ana"), as_user(pg_url, "pmstudy_ben")
    answer_some(ana_url, tmp_path / "a", "ana", 4)
    answer_some(ben_url, tmp_path / "b", "ben", 2)

    # ana's own pmstudy cannot open the default profile (public), nor ben's, nor name ben's
    # tables in SQL
    default = pmstudy(ana_url, tmp_path / "a", "decks")
    assert default.returncode == 1
    assert default.stderr.startswith("pmstudy: error: this account may not create or change")
    assert "pmstudy --profile NAME" in default.stderr
    assert len(default.stderr.strip().splitlines()) == 1
    mine = pmstudy(ana_url, tmp_path / "a", "--profile", "ana", "profiles", "--json")
    assert mine.returncode == 0, mine.stderr
    assert [p["name"] for p in json.loads(mine.stdout)] == ["ana"]  # no default, no ben
    refused = pmstudy(ana_url, tmp_path / "a", "--profile", "ben", "decks")
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        "pmstudy: error: learner profile 'ben' is another learner's: the account pmstudy_ana "
    )
    assert len(refused.stderr.strip().splitlines()) == 1
    engine = create_engine(ana_url)
    with engine.connect() as connection:
        for statement in (
            "SELECT count(*) FROM learner_ben.review_log",
            "DELETE FROM learner_ben.review_log",
            "CREATE TABLE learner_ben.sneaky (x int)",
            "CREATE TABLE public.sneaky (x int)",
        ):
            with pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text(statement))
            connection.rollback()
        visible = connection.execute(
            text(
                "SELECT count(*) FROM pg_namespace WHERE has_schema_privilege(oid, 'USAGE') "
                "AND nspname LIKE 'learner%'"
            )
        ).one()[0]
    engine.dispose()
    assert visible == 1
    assert reviews(pg_url, "learner_ben") == 2

    # the trainer reads both learners and changes neither
    trainer = create_engine(as_user(pg_url, "tina"))
    with trainer.connect() as connection:
        for schema, count in (("learner_ana", 4), ("learner_ben", 2)):
            got = connection.execute(text(f"SELECT count(*) FROM {schema}.review_log")).one()[0]
            assert got == count
            with pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text(f"DELETE FROM {schema}.review_log"))
            connection.rollback()
    trainer.dispose()
    listed = pmstudy(as_user(pg_url, "tina"), tmp_path / "t", "group", "learners", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == ["ana", "ben"]


def test_a_learner_without_the_right_to_create_gets_one_line(pg_url: str, tmp_path: Path) -> None:
    done = pmstudy(pg_url, tmp_path, "group", "add-learner", "ana")
    assert done.returncode == 0, done.stderr
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        name = make_url(pg_url).database
        connection.execute(text(f'REVOKE CREATE ON DATABASE "{name}" FROM PUBLIC'))
    engine.dispose()
    refused = pmstudy(as_user(pg_url, "pmstudy_ana"), tmp_path, "--profile", "zoe", "decks")
    assert refused.returncode == 1
    assert refused.stderr.startswith("pmstudy: error: learner profile 'zoe' does not exist")
    assert "pmstudy group add-learner zoe" in refused.stderr


def test_group_upgrade_brings_every_learner_up_with_rows_kept(pg_url: str, tmp_path: Path) -> None:
    for name in ("ana", "ben"):
        assert pmstudy(pg_url, tmp_path, "group", "add-learner", name).returncode == 0
    answer_some(as_user(pg_url, "pmstudy_ana"), tmp_path, "ana", 3)
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        # put ben one schema back, as an older pmstudy left it
        connection.execute(text("UPDATE learner_ben.alembic_version SET version_num = '0009'"))
        connection.execute(text("DROP TABLE learner_ben.eligibility_entries"))
    engine.dispose()
    done = pmstudy(pg_url, tmp_path, "group", "upgrade")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["ana: at 0010", "ben: at 0010"]
    assert reviews(pg_url, "learner_ana") == 3
    # the table the upgrade re-created belongs to ben, and the trainer may read it
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        owner = connection.execute(
            text(
                "SELECT tableowner FROM pg_tables WHERE schemaname = 'learner_ben' "
                "AND tablename = 'eligibility_entries'"
            )
        ).one()[0]
        readable = connection.execute(
            text(
                "SELECT has_table_privilege('pmstudy_trainers', "
                "'learner_ben.eligibility_entries', 'SELECT')"
            )
        ).one()[0]
    engine.dispose()
    assert owner == "pmstudy_ben"
    assert readable is True


def test_each_learner_keeps_an_own_eligibility_log(pg_url: str, tmp_path: Path) -> None:
    for name in ("ana", "ben"):
        assert pmstudy(pg_url, tmp_path, "group", "add-learner", name).returncode == 0
    ana, ben = as_user(pg_url, "pmstudy_ana"), as_user(pg_url, "pmstudy_ben")
    added = pmstudy(
        ana,
        tmp_path,
        "--profile",
        "ana",
        "eligibility",
        "add",
        "training",
        "--hours",
        "35",
        "--date",
        "2026-10-01",
        "--provider",
        "ACME Training",
        "--title",
        "PMP boot camp",
    )
    assert added.returncode == 0, added.stderr
    added = pmstudy(
        ana,
        tmp_path,
        "--profile",
        "ana",
        "eligibility",
        "add",
        "experience",
        "--from",
        "2021-01-01",
        "--to",
        "2025-12-31",
        "--organisation",
        "ACME",
        "--title",
        "ERP rollout",
    )
    assert added.returncode == 0, added.stderr
    mine = pmstudy(
        ana,
        tmp_path,
        "--profile",
        "ana",
        "eligibility",
        "list",
        "--exam",
        "pmp-2026",
        "--education",
        "bachelor",
        "--json",
    )
    assert mine.returncode == 0, mine.stderr
    listed = json.loads(mine.stdout)
    assert len(listed["entries"]) == 2
    assert listed["status"]["training_hours"] == 35
    theirs = pmstudy(
        ben, tmp_path, "--profile", "ben", "eligibility", "list", "--exam", "pmp-2026", "--json"
    )
    assert theirs.returncode == 0, theirs.stderr
    assert json.loads(theirs.stdout)["entries"] == []
    out = tmp_path / "audit.csv"
    exported = pmstudy(ana, tmp_path, "--profile", "ana", "eligibility", "export", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3
    assert "PMP boot camp" in rows[1] + rows[2]
