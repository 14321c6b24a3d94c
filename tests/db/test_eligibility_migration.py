"""Migration 0010: the eligibility log added to a populated collection keeps every row, starts
empty, refuses malformed entries, and going back drops only it."""

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
COUNTED = ("decks", "presets", "cards", "notes", "review_log", "exam_goals", "calendar_days")


def test_a_studied_collection_gets_an_empty_eligibility_log_and_loses_nothing(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", timezone="UTC")
    services = build_services(settings, FixedClock(NOW), seed=1)
    services.decks.install(["capm"])
    goal = services.exams.add("capm", "2027-03-10")
    services.calendar.set_days([dt.date(2027, 3, 9)], 0)
    database = settings.sqlite_path
    services.close()
    _to(database, "0009")
    log_answers(database)
    before = row_counts(database, COUNTED)
    assert before["cards"] > 0
    assert (before["review_log"], before["exam_goals"], before["calendar_days"]) == (5, 1, 1)
    assert "eligibility_entries" not in _tables(database)

    services = build_services(settings, FixedClock(NOW), seed=1)  # upgrades, with a backup
    try:
        assert services.backup is not None
        assert [g.id for g in services.exams.goals()] == [goal.id]
        report = services.eligibility.report()
        assert report.entries == []
        assert report.status is not None
        assert report.status.requirement.exam_id == "capm"
        assert (report.status.hours, report.status.months) == (0, None)
    finally:
        services.close()
    assert row_counts(database, COUNTED) == before
    with sqlite3.connect(database) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            connection.execute(  # training has hours and no end date
                "INSERT INTO eligibility_entries (kind, title, provider, start_date, created_at)"
                " VALUES ('training', 'PM basics', 'ACME', '2026-01-01', '2026-12-07 09:00:00')"
            )
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            connection.execute(  # experience ends on or after it starts
                "INSERT INTO eligibility_entries"
                " (kind, title, provider, start_date, end_date, created_at) VALUES"
                " ('experience', 'ERP', 'ACME', '2026-01-01', '2025-01-01', '2026-12-07 09:00:00')"
            )
        connection.execute(
            "INSERT INTO eligibility_entries (kind, title, provider, start_date, hours, created_at)"
            " VALUES ('training', 'PM basics', 'ACME', '2026-01-01', 35, '2026-12-07 09:00:00')"
        )

    _to(database, "0009")
    assert "eligibility_entries" not in _tables(database)
    assert row_counts(database, COUNTED) == before
    _to(database, "head")
    assert "eligibility_entries" in _tables(database)
