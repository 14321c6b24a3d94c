"""Learner profiles on SQLite: each profile its own database file, chosen by --profile or
PMSTUDY_PROFILE; the default profile is the data directory's own file, as before profiles."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.domain.model import Rating
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.conftest import START, run_cli

SEED_KEY = "scheduler_seed"


def _rows(path: Path, sql: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        (count,) = connection.execute(sql).fetchone()
    return int(count)


def _study_one(data: Path, profile: str | None) -> int:
    """Answer one Scrum card in ``profile``, book PSM I and set a day limit; the card's id."""
    settings = Settings(data_dir=data, timezone="UTC", profile=profile)
    with build_services(settings, FixedClock(START), seed=1) as services:
        deck_id = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
        session = services.study.start(deck_id)
        card = session.next_card()
        assert card is not None
        session.answer(Rating.GOOD, duration_ms=1000)
        services.exams.add("psm-1", "2027-01-10")
        services.study.set_new_limit_today("Scrum", 3)
        return card.id


def _state(data: Path, profile: str | None) -> tuple[int, int, int, int]:
    """(answers, exam goals, cards not new, settings rows) read from the profile's file."""
    path = Settings(data_dir=data, profile=profile).sqlite_path
    return (
        _rows(path, "SELECT count(*) FROM review_log"),
        _rows(path, "SELECT count(*) FROM exam_goals"),
        _rows(path, "SELECT count(*) FROM cards WHERE state != 0"),
        _rows(path, "SELECT count(*) FROM settings"),
    )


def test_two_profiles_keep_separate_cards_reviews_exams_and_settings(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("ana", "ben"):
        assert run_cli(capsys, "--profile", name, "decks")[0] == 0
    before_ben = _state(env, "ben")
    assert before_ben[:3] == (0, 0, 0)

    _study_one(env, "ana")

    assert _state(env, "ana")[:3] == (1, 1, 1)
    assert _state(env, "ben") == before_ben  # ben's file did not change
    assert not (env / "pmstudy.sqlite3").exists()  # nor was a default one made
    code, out, _ = run_cli(capsys, "exam", "list", "--json", "--profile", "ben")
    assert code == 0
    assert json.loads(out) == []
    code, out, _ = run_cli(capsys, "exam", "list", "--json", "--profile", "ana")
    assert code == 0
    assert [g["profile"] for g in json.loads(out)] == ["psm-1"]
    limits = {}
    for name in ("ana", "ben"):
        code, out, _ = run_cli(capsys, "decks", "--json", "--profile", name)
        limits[name] = {d["name"]: (d["new_limit"], d["new_from"]) for d in json.loads(out)}
    assert limits["ana"]["Scrum"] == (3, "today")  # ana's setting ...
    assert limits["ben"]["Scrum"][1] != "today"  # ... is not ben's


def test_each_profile_has_its_own_folder_with_backups(env: Path) -> None:
    settings = Settings(data_dir=env, profile="ana")
    assert settings.profile_dir == env / "profiles" / "ana"
    assert settings.sqlite_path == env / "profiles" / "ana" / "pmstudy.sqlite3"
    assert settings.backup_dir == env / "profiles" / "ana" / "backups"


def test_no_profile_keeps_the_data_directory_file(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(data_dir=env)
    assert settings.sqlite_path == env / "pmstudy.sqlite3"
    assert settings.backup_dir == env / "backups"
    assert run_cli(capsys, "decks")[0] == 0
    assert (env / "pmstudy.sqlite3").is_file()
    assert not (env / "profiles").exists()


def test_a_new_profile_starts_with_the_bundled_decks(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "decks", "--json", "--profile", "new-one_2")
    assert code == 0
    assert "Scrum" in [d["name"] for d in json.loads(out)]
    assert (env / "profiles" / "new-one_2" / "pmstudy.sqlite3").is_file()


@pytest.mark.parametrize("name", ["", "a b", "../x", "ana/ben", "x" * 41, "émile", "."])
def test_a_bad_profile_name_is_one_line_and_creates_nothing(
    name: str, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "--profile", name, "decks")
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("pmstudy: error: --profile: profile name")  # the option it came from
    assert "Traceback" not in err
    assert not env.exists()


def test_a_bad_profile_name_in_the_environment_is_refused_too(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMSTUDY_PROFILE", "no way")
    code, _, err = run_cli(capsys, "decks")
    assert code != 0
    assert "PMSTUDY_PROFILE" in err
    assert err.count("\n") == 1
    assert not env.exists()


def test_profile_from_the_environment_and_after_the_subcommand(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli(capsys, "stats", "--profile", "after")[0] == 0
    monkeypatch.setenv("PMSTUDY_PROFILE", "fromenv")
    assert run_cli(capsys, "stats")[0] == 0
    assert run_cli(capsys, "stats", "--profile", "given")[0] == 0  # the option wins
    assert sorted(p.name for p in (env / "profiles").iterdir()) == ["after", "fromenv", "given"]
    assert not (env / "pmstudy.sqlite3").exists()


@pytest.mark.parametrize(
    "command",
    [
        ("decks", "--profile", "ana"),
        ("profiles",),
        ("group", "learners"),
        ("group", "report"),
        ("group", "add-learner", "ana"),
        ("group", "upgrade"),
    ],
)
def test_an_unreachable_postgresql_is_one_line(
    env: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
) -> None:
    # profiles on PostgreSQL are schemas (tests/pg); a server that is not there is one line
    monkeypatch.setenv("PMSTUDY_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    code, out, err = run_cli(capsys, *command)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("pmstudy: error: cannot use the database postgresql+psycopg://")
    assert "internal error" not in err
    assert not (env / "crash.log").exists()


def test_profiles_lists_default_and_named_with_cards_and_last_answer(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "decks")[0] == 0
    _study_one(env, "ana")
    (env / "profiles" / "empty").mkdir()  # made but never opened
    code, out, _ = run_cli(capsys, "profiles", "--json", "--profile", "ana")
    assert code == 0
    listed = json.loads(out)
    assert [p["name"] for p in listed] == [None, "ana", "empty"]
    default, ana, empty = listed
    assert default["default"]
    assert not default["current"]
    assert default["last_answer"] is None
    assert ana["current"]
    assert ana["last_answer"] == "2026-11-22"
    assert ana["cards"] == default["cards"] > 0
    assert empty["cards"] is None
    code, out, _ = run_cli(capsys, "profiles")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("* (default)")
    assert lines[2].split() == ["ana", str(ana["cards"]), "2026-11-22"]
    assert not (env / "profiles" / "empty" / "pmstudy.sqlite3").exists()  # listing made nothing


def test_exam_add_profile_is_the_exam_not_the_learner(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 'exam add PROFILE' names an exam profile: --profile must not overwrite it, nor it --profile
    argv = ["exam", "add", "capm", "--date", "2027-02-01", "--profile", "ana"]
    assert run_cli(capsys, *argv)[0] == 0
    code, out, _ = run_cli(capsys, "exam", "list", "--json", "--profile", "ana")
    assert code == 0
    assert [g["profile"] for g in json.loads(out)] == ["capm"]
    assert not (env / "pmstudy.sqlite3").exists()
    assert not (env / "profiles" / "capm").exists()


def test_group_upgrade_on_sqlite_upgrades_every_profile(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _study_one(env, "ana")
    _study_one(env, "ben")
    ben = Settings(data_dir=env, profile="ben").sqlite_path
    with closing(sqlite3.connect(ben)) as connection:  # as an older pmstudy left it
        connection.execute("UPDATE alembic_version SET version_num = '0009'")
        connection.execute("DROP TABLE eligibility_entries")
        connection.commit()
    code, out, err = run_cli(capsys, "group", "upgrade")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "ana: at 0010"
    assert lines[1].startswith("ben: at 0010 (backup ")
    assert _rows(ben, "SELECT count(*) FROM eligibility_entries") == 0
    assert _state(env, "ben")[0] == 1
