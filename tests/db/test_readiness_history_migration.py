"""Migration 0005: readiness history added to a collection with an exam, and going back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from pmstudy.clock import FixedClock
from pmstudy.db import migrate
from pmstudy.db.engine import make_engine
from pmstudy.services.container import build_services
from pmstudy.settings import Settings

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
ROW = (
    "INSERT INTO readiness_history (goal_id, day, recorded_at, level, today_value, today_low,"
    " today_high, answers_planned, answers_done)"
    " VALUES (?, ?, '2026-11-22 09:00:00.000000', 0.8, 0.5, 0.4, 0.6, 30, 12)"
)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}


def _to(path: Path, revision: str) -> None:
    engine = make_engine(f"sqlite:///{path}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if revision == "head":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)
    engine.dispose()


def test_an_exam_collection_gets_an_empty_history_and_loses_it_going_back(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", timezone="UTC")
    services = build_services(settings, FixedClock(NOW), seed=1)
    goal = services.exams.add("psm-1", "2027-01-10")
    database = settings.sqlite_path
    services.close()

    _to(database, "0004")
    assert "readiness_history" not in _tables(database)

    services = build_services(settings, FixedClock(NOW), seed=1)  # upgrades, with a backup
    try:
        assert services.backup is not None
        assert [g.id for g in services.exams.goals()] == [goal.id]
        assert services.exams.history(goal.id) == []
        services.exams.record_history(services.exams.report(goal.id))
        [point] = services.exams.history(goal.id)
        assert point.day == dt.date(2026, 11, 22)
    finally:
        services.close()

    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            connection.execute(ROW, (goal.id, "2026-11-22"))
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            connection.execute(ROW, (goal.id + 99, "2026-11-23"))
        connection.execute(ROW, (goal.id, "2026-11-23"))
        connection.commit()
        assert connection.execute("SELECT count(*) FROM readiness_history").fetchone() == (2,)

    _to(database, "0004")
    assert "readiness_history" not in _tables(database)
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT id FROM exam_goals").fetchall() == [(goal.id,)]
    _to(database, "head")
    assert "readiness_history" in _tables(database)


def test_history_rows_go_with_their_exam_goal(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate.upgrade(engine, backup_dir=tmp_path / "b", now=NOW)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO exam_goals (id, profile_id, exam_at, timezone, target, exam_mode,"
            " buffer_days, created_at) VALUES (7, 'psm-1', '2027-01-10 09:00:00', 'UTC', 0.9,"
            " 1, 14, '2026-11-22 09:00:00')"
        )
        connection.exec_driver_sql(ROW.replace("?, ?", "7, '2026-11-22'"))
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM exam_goals WHERE id = 7")
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT count(*) FROM readiness_history").scalar()
    assert rows == 0
    engine.dispose()
