"""The trainer's report on a real PostgreSQL: two learners study through their own roles, one
learner's schema is behind, and the trainer (SELECT only) reports on all of them while nothing
in any learner's schema changes. A learner running the report sees only themself."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from pmstudy.clock import FixedClock
from pmstudy.db import migrate
from pmstudy.db.engine import make_engine
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.cli.mock_sitting import sit_mock
from tests.group_report.support import answer
from tests.pg.test_learner_profiles import as_user

START = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
LATER = START + dt.timedelta(hours=2)


def _pmstudy(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PMSTUDY_DATABASE_URL": url,
        "PMSTUDY_NOW": LATER.isoformat(),
        "PMSTUDY_TIMEZONE": "UTC",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-m", "pmstudy", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _learner(url: str, data_dir: Path, name: str) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=as_user(url, f"pmstudy_{name}"),
        profile=name,
        timezone="UTC",
    )


def _fingerprint(url: str) -> dict[str, str]:
    """Every table of every learner schema and a digest of its rows (as the superuser)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                text(
                    "SELECT schemaname, tablename FROM pg_tables "
                    "WHERE schemaname LIKE 'learner%' ORDER BY 1, 2"
                )
            ).all()
            return {
                f"{schema}.{table}": str(
                    connection.execute(
                        text(
                            f"SELECT count(*) || md5(coalesce(string_agg(t::text, ',' "
                            f'ORDER BY t::text), \'\')) FROM "{schema}"."{table}" t'
                        )
                    ).scalar_one()
                )
                for schema, table in tables
            }
    finally:
        engine.dispose()


def test_the_trainer_reports_every_learner_and_writes_nothing(pg_url: str, tmp_path: Path) -> None:
    for step in (
        ("group", "add-learner", "ana"),
        ("group", "add-learner", "ben"),
        ("group", "add-learner", "carl"),
        ("group", "add-trainer", "tina"),
    ):
        done = _pmstudy(pg_url, tmp_path, *step)
        assert done.returncode == 0, done.stderr
    clock = FixedClock(START)
    with build_services(_learner(pg_url, tmp_path / "a", "ana"), clock, seed=1) as ana:
        ana.exams.add("psm-1", "2027-01-10")
        answer(ana, clock, 6, 5)
        sit_mock(ana, clock, wrong=3, blank=2)
    clock = FixedClock(START - dt.timedelta(days=1))
    with build_services(_learner(pg_url, tmp_path / "b", "ben"), clock, seed=2) as ben:
        ben.exams.add("psm-1", "2027-02-01")
        answer(ben, clock, 4, 10)
    # carl's schema as an older pmstudy left it
    engine = make_engine(as_user(pg_url, "pmstudy_carl"), schema="learner_carl")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    engine.dispose()

    before = _fingerprint(pg_url)
    trainer = as_user(pg_url, "tina")
    done = _pmstudy(trainer, tmp_path / "t", "group", "report", "--json")
    assert done.returncode == 0, done.stderr
    assert _fingerprint(pg_url) == before
    report = json.loads(done.stdout)
    learners = {x["name"]: x for x in report["learners"]}
    assert [(x["name"], x["status"], x["schema"]) for x in report["learners"]] == [
        ("ana", "ok", None),
        ("ben", "ok", None),
        ("carl", "schema_behind", "0009"),
    ]
    ana, ben = learners["ana"], learners["ben"]
    assert [d["answers"] for d in ana["activity"]["days"]] == [0] * 6 + [6]
    assert ana["activity"]["minutes"] == 0.5
    assert [d["answers"] for d in ben["activity"]["days"]] == [0] * 5 + [4, 0]
    (ana_exam,) = ana["exams"]
    assert (ana_exam["exam"], ana_exam["days_left"]) == ("psm-1", 49)
    assert ana_exam["last_mock"]["date"] == "2026-11-22"
    assert ana_exam["last_mock"]["right"] == ana_exam["last_mock"]["scored"] - 5
    readiness = ana_exam["readiness"]
    assert readiness["pass_probability_today"] is None
    assert readiness["missing"]
    assert all(d["recall_today_interval"] is not None for d in readiness["domains"])
    (ben_exam,) = ben["exams"]
    assert (ben_exam["date"], ben_exam["last_mock"]) == ("2027-02-01", None)
    (psm,) = report["cohort"]
    assert (psm["exam"], psm["learners"]) == ("psm-1", 2)
    assert psm["weakest_tasks"]
    assert all(t["learners"] == 2 for t in psm["weakest_tasks"])

    text_report = _pmstudy(trainer, tmp_path / "t", "group", "report")
    assert text_report.returncode == 0, text_report.stderr
    assert "\ncarl: schema 0009, run pmstudy group upgrade\n" in text_report.stdout
    assert "Traceback" not in text_report.stderr

    # a learner's own role sees only themself; their write rights are not used either
    own = _pmstudy(as_user(pg_url, "pmstudy_ana"), tmp_path / "a", "group", "report", "--json")
    assert own.returncode == 0, own.stderr
    assert [x["name"] for x in json.loads(own.stdout)["learners"]] == ["ana"]
    assert _fingerprint(pg_url) == before


def test_a_learner_the_trainer_may_not_read_is_one_line(pg_url: str, tmp_path: Path) -> None:
    for step in (("group", "add-learner", "dora"), ("group", "add-trainer", "tina")):
        done = _pmstudy(pg_url, tmp_path, *step)
        assert done.returncode == 0, done.stderr
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("REVOKE SELECT ON learner_dora.review_log FROM pmstudy_trainers"))
    engine.dispose()
    trainer = as_user(pg_url, "tina")
    done = _pmstudy(trainer, tmp_path / "t", "group", "report", "--json")
    assert done.returncode == 0, done.stderr
    (dora,) = json.loads(done.stdout)["learners"]
    assert (dora["name"], dora["status"]) == ("dora", "unavailable")
    assert dora["problem"].startswith("cannot be read (permission denied for table review_log")
    shown = _pmstudy(trainer, tmp_path / "t", "group", "report")
    assert shown.returncode == 0, shown.stderr
    assert "\ndora: cannot be read (permission denied for table review_log" in shown.stdout
    assert shown.stderr == ""
