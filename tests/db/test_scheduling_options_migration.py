"""Migration 0009: scheduling options added to a populated collection keep every row, default to
"as before", and going back drops only them."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.db.populated import log_answers, row_counts
from tests.db.test_readiness_history_migration import _tables, _to

NOW = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
COUNTED = ("decks", "presets", "cards", "notes", "review_log", "exam_goals", "exam_goal_decks")


def test_a_studied_collection_with_an_exam_keeps_every_row_and_gets_neutral_options(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", timezone="UTC")
    services = build_services(settings, FixedClock(NOW), seed=1)
    services.decks.install(["scrum"])
    goal = services.exams.add("psm-1", "2027-01-10")
    database = settings.sqlite_path
    services.close()
    _to(database, "0008")
    log_answers(database)
    before = row_counts(database, COUNTED)
    assert before["cards"] > 0
    assert (before["review_log"], before["exam_goals"]) == (5, 1)
    assert "calendar_days" not in _tables(database)

    services = build_services(settings, FixedClock(NOW), seed=1)  # upgrades, with a backup
    try:
        assert services.backup is not None
        assert [g.id for g in services.exams.goals()] == [goal.id]
    finally:
        services.close()
    assert row_counts(database, COUNTED) == before
    with sqlite3.connect(database) as connection:
        assert connection.execute(
            "SELECT final_pass_days, plan_sets_new FROM exam_goals"
        ).fetchall() == [(None, 1)]
        assert connection.execute(
            "SELECT count(*) FROM decks WHERE desired_retention IS NOT NULL"
            " OR new_limit_today IS NOT NULL OR new_limit_today_day IS NOT NULL"
        ).fetchone() == (0,)
        assert connection.execute(
            "SELECT count(*) FROM presets WHERE easy_days IS NOT NULL"
        ).fetchone() == (0,)
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            connection.execute("INSERT INTO calendar_days (day, load) VALUES ('2027-01-09', 1.5)")
        connection.execute("INSERT INTO calendar_days (day, load) VALUES ('2027-01-09', 0)")

    _to(database, "0008")
    assert "calendar_days" not in _tables(database)
    assert row_counts(database, COUNTED) == before
    _to(database, "head")
    assert "calendar_days" in _tables(database)
