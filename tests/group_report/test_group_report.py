"""``pmstudy group report`` on SQLite: the learners are the profiles in the data directory, each
opened read-only; the numbers are the learner's own readiness, last mock and activity."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from pmstudy.clock import FixedClock
from pmstudy.db.migrate import HEAD_REVISION
from pmstudy.errors import PmStudyError
from pmstudy.services.container import build_services
from pmstudy.services.group_report import group_report, report_json
from pmstudy.settings import Settings
from tests.conftest import run_cli
from tests.group_report.support import ANA_DAYS, BEN_ANSWERS, LATER, NOW_TEXT, profile_settings

TOP_KEYS = ["generated_at", "today", "learners", "cohort"]
LEARNER_KEYS = ["name", "status", "problem", "schema", "activity", "exams"]
EXAM_KEYS = ["exam_id", "exam", "name", "date", "days_left", "past", "target"]
EXAM_KEYS += ["readiness", "last_mock"]
READINESS_KEYS = ["cards", "counted", "overall_today", "readiness_today", "pass_mark"]
READINESS_KEYS += ["pass_probability_today", "pass_today", "verdict_today"]
READINESS_KEYS += ["readiness_plan", "pass_plan", "verdict_plan", "plan_missing"]
READINESS_KEYS += ["pass_note", "missing", "domains"]
TASK_KEYS = ["domain", "task", "name", "learners", "below_target", "mean_recall", "lowest_recall"]


def _files(data: Path) -> dict[str, str]:
    """Every file under ``data`` with its digest; SQLite's own -wal/-shm files left out (a
    reader may create them, empty of changes)."""
    return {
        str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


def _report(data: Path) -> dict[str, object]:
    report = group_report(Settings(data_dir=data, timezone="UTC"), FixedClock(LATER))
    return report_json(report)


def _env(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMSTUDY_DATA_DIR", str(data))
    monkeypatch.setenv("PMSTUDY_NOW", NOW_TEXT)
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    monkeypatch.delenv("PMSTUDY_DATABASE_URL", raising=False)
    monkeypatch.delenv("PMSTUDY_PROFILE", raising=False)


def _anas_own_readiness(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """Ana's own ``pmstudy readiness --json``; run before the report, as her own pmstudy
    chooses the seed the intervals and the simulation are drawn with."""
    _env(data, monkeypatch)
    code, out, _ = run_cli(capsys, "--profile", "ana", "readiness", "--json")
    assert code == 0
    own = json.loads(out)
    assert isinstance(own, dict)
    return own


def test_every_profile_is_reported_and_nothing_is_written(group_data: Path) -> None:
    before = _files(group_data)
    data = _report(group_data)
    assert _files(group_data) == before
    for wal in group_data.rglob("*-wal"):
        assert wal.stat().st_size == 0, wal
    assert list(data) == TOP_KEYS
    learners = data["learners"]
    assert isinstance(learners, list)
    # the named profiles; the data directory's own database is the account's, not a learner's
    assert [(x["name"], x["status"]) for x in learners] == [
        ("ana", "ok"),
        ("ben", "ok"),
        ("carl", "schema_behind"),
    ]
    for learner in learners:
        assert list(learner) == LEARNER_KEYS


def test_activity_counts_study_answers_per_day_with_their_minutes(group_data: Path) -> None:
    ana, ben, carl = _report(group_data)["learners"]  # type: ignore[misc]
    days = ana["activity"]["days"]
    assert [d["date"] for d in days] == [f"2026-11-{n}" for n in range(16, 23)]
    by_day = {22 - before: count for before, count in ANA_DAYS.items()}
    assert [d["answers"] for d in days] == [by_day.get(n, 0) for n in range(16, 23)]
    # the mock's answers this morning are not study: today shows none
    assert days[-1]["answers"] == 0
    assert ana["activity"]["answers"] == sum(ANA_DAYS.values())
    assert ana["activity"]["minutes"] == round(sum(ANA_DAYS.values()) * 6 / 60, 1)
    assert [d["answers"] for d in ben["activity"]["days"]] == [0] * 5 + [BEN_ANSWERS, 0]
    assert ben["activity"]["minutes"] == round(BEN_ANSWERS * 10 / 60, 1)
    assert ben["exams"] == []
    assert carl["activity"] is None
    assert carl["exams"] == []


def test_the_readiness_is_the_learners_own(
    group_data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    own = _anas_own_readiness(group_data, capsys, monkeypatch)
    ana = _report(group_data)["learners"][0]  # type: ignore[index]
    (exam,) = ana["exams"]
    assert list(exam) == EXAM_KEYS
    assert (exam["exam"], exam["date"], exam["days_left"], exam["past"]) == (
        "psm-1",
        "2027-01-10",
        49,
        False,
    )
    readiness = exam["readiness"]
    assert list(readiness) == READINESS_KEYS
    assert readiness["overall_today"] == own["overall_today"]
    assert readiness["readiness_today"] == own["readiness_today"]
    assert readiness["pass_today"] == own["pass_today"] is None
    assert readiness["pass_mark"] == own["pass_mark"]
    assert readiness["pass_probability_today"] == own["pass_probability_today"] is None
    # too little evidence: the same things missing, in the same words, and no number
    assert [m["sentence"] for m in readiness["missing"]] == [m["sentence"] for m in own["missing"]]
    assert readiness["missing"]
    assert [
        (d["id"], d["recall_today"], d["recall_today_interval"]) for d in readiness["domains"]
    ] == [(d["id"], d["recall_today"], d["recall_today_interval"]) for d in own["domains"]]
    mock = exam["last_mock"]
    assert mock is not None
    assert {k: mock[k] for k in ("id", "date", "right", "scored", "passed", "full_length")} == {
        k: own["last_mock"][k] for k in ("id", "date", "right", "scored", "passed", "full_length")
    }
    assert mock["score"] == own["last_mock"]["score"]


def test_with_the_plan_the_figures_are_the_learners_own(
    group_data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--with-plan``: the learner's own projection (the same simulation, seed and plan)."""
    own = _anas_own_readiness(group_data, capsys, monkeypatch)
    assert own["readiness_plan"] is not None
    report = group_report(
        Settings(data_dir=group_data, timezone="UTC"), FixedClock(LATER), with_plan=True
    )
    (exam,) = report_json(report)["learners"][0]["exams"]  # type: ignore[index]
    readiness = exam["readiness"]
    assert readiness["readiness_plan"] == own["readiness_plan"]
    assert readiness["pass_plan"] == own["pass_plan"]
    assert [m["sentence"] for m in readiness["plan_missing"]] == [
        m["sentence"] for m in own["plan_missing"]
    ]
    # without it, no projection: null, as the JSON says
    (plain,) = _report(group_data)["learners"][0]["exams"]  # type: ignore[index]
    assert plain["readiness"]["readiness_plan"] is None
    code, out, _ = run_cli(capsys, "group", "report", "--with-plan")
    assert code == 0
    assert "With the plan    " in out
    assert "Pass, plan" in out
    code, out, _ = run_cli(capsys, "group", "report")
    assert "With the plan" not in out


def test_with_the_plan_nothing_is_written(group_data: Path) -> None:
    """A report with the plan keeps a readiness point of the day in the learner's own
    database; the trainer's, a day after the learner's last, writes nothing."""
    before = _files(group_data)
    report = group_report(
        Settings(data_dir=group_data, timezone="UTC"),
        FixedClock(LATER + dt.timedelta(days=1)),
        with_plan=True,
    )
    assert _files(group_data) == before
    for wal in group_data.rglob("*-wal"):
        assert wal.stat().st_size == 0, wal
    (exam,) = report.learners[0].exams
    assert exam.report is not None
    assert exam.report.readiness.plan is not None


def test_the_cohort_names_the_weakest_tasks_per_exam(group_data: Path) -> None:
    data = _report(group_data)
    (psm,) = data["cohort"]  # type: ignore[misc]
    assert (psm["exam"], psm["learners"]) == ("psm-1", 1)
    tasks = psm["weakest_tasks"]
    assert tasks
    assert list(tasks[0]) == TASK_KEYS
    means = [t["mean_recall"] for t in tasks]
    assert means == sorted(means)
    domains = data["learners"][0]["exams"][0]["readiness"]["domains"]  # type: ignore[index]
    recall = {d["id"]: d["recall_today"] for d in domains}
    for task in tasks:
        # the Scrum exam's domains have no tasks: a domain's recall is its "task"'s
        assert task["mean_recall"] == recall[task["domain"]]
        assert (task["learners"], task["below_target"]) == (1, 1)


def test_the_cli_prints_each_learner_and_the_one_behind_as_one_line(
    group_data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _env(group_data, monkeypatch)
    (group_data / "profiles" / "dora").mkdir()
    code, out, err = run_cli(capsys, "group", "report")
    assert (code, err) == (0, "")
    assert out.startswith("Group report, 2026-11-22: 4 learners\n")
    assert (
        "\nana\n  Professional Scrum Master I (PSM I) (psm-1), exam 2027-01-10, 49 days left" in out
    )
    assert "    Last mock        2026-11-22: 94% (75/80 right, pass)" in out
    assert "    Pass today       no number yet: review about" in out
    assert "  Last 7 days: 25 answers, 2 min (Mon 12 · Tue 0 · Wed 0 · Thu 8" in out
    assert "\nben\n  no exam booked\n  Last 7 days: 3 answers, 0 min" in out
    assert "\ncarl: schema 0009, run pmstudy group upgrade\n" in out
    assert "\ndora: no database yet at " in out
    assert not (group_data / "profiles" / "dora" / "pmstudy.sqlite3").exists()
    assert "Weakest tasks across the group" in out
    code, out, _ = run_cli(capsys, "group", "report", "--json")
    assert code == 0
    assert [x["name"] for x in json.loads(out)["learners"]] == ["ana", "ben", "carl", "dora"]


def test_no_profiles_is_one_line(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "group", "report") == (
        0,
        "no learner profiles visible to this account\n",
        "",
    )


def test_a_profile_opened_read_only_refuses_writes(group_data: Path) -> None:
    settings = profile_settings(group_data, "ana")
    before = _files(group_data)
    with build_services(settings, FixedClock(LATER), read_only=True) as services:
        assert services.exams.goals()
        with pytest.raises(PmStudyError):
            services.exams.add("psm-1", "2027-02-10")
    assert _files(group_data) == before


def test_an_exam_that_is_over_has_no_readiness_and_leaves_the_cohort(group_data: Path) -> None:
    after = FixedClock(LATER.replace(year=2027, month=1, day=11))
    report = report_json(group_report(Settings(data_dir=group_data, timezone="UTC"), after))
    (exam,) = report["learners"][0]["exams"]
    assert (exam["past"], exam["days_left"], exam["readiness"]) == (True, 0, None)
    assert exam["last_mock"]["date"] == "2026-11-22"
    assert report["cohort"] == []


def test_a_database_of_a_newer_pmstudy_is_one_line_and_untouched(group_data: Path) -> None:
    path = profile_settings(group_data, "ben").sqlite_path
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
        connection.commit()
    before = _files(group_data)
    ben = _report(group_data)["learners"][1]  # type: ignore[index]
    assert _files(group_data) == before
    assert (ben["status"], ben["schema"], ben["activity"]) == ("unavailable", None, None)
    assert ben["problem"] == (
        "written by a newer pmstudy (schema 0099); this pmstudy knows schemas up to "
        f"{HEAD_REVISION}"
    )
