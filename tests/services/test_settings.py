"""Settings: arguments over environment over the config file over defaults."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from pmstudy.clock import FixedClock
from pmstudy.domain.model import Rating
from pmstudy.errors import PmStudyError
from pmstudy.services.container import build_services
from pmstudy.settings import Settings, load_settings


def test_arguments_win_over_environment_which_wins_over_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Berlin"\nday_rollover_hour = 6\ndatabase_url = "sqlite:///x.db"\n'
    )
    environ = {"PMSTUDY_DATA_DIR": str(tmp_path), "pmstudy_day_rollover_hour": "5", "HOME": "/"}
    settings = load_settings(environ=environ)
    assert settings.data_dir == tmp_path
    assert settings.timezone == "Europe/Berlin"  # from the file only
    assert settings.day_rollover_hour == 5  # the environment beats the file
    assert settings.database_url == "sqlite:///x.db"
    settings = load_settings({"day_rollover_hour": 3}, environ=environ)
    assert settings.day_rollover_hour == 3  # an argument beats both


def test_defaults_apply_without_environment_or_file(tmp_path: Path) -> None:
    settings = load_settings({"data_dir": tmp_path}, environ={})
    assert settings.day_rollover_hour == 4
    assert settings.database_url is None
    assert settings.url == f"sqlite:///{tmp_path / 'pmstudy.sqlite3'}"


def test_an_explicit_config_file_is_read(tmp_path: Path) -> None:
    config = tmp_path / "elsewhere.toml"
    config.write_text("day_rollover_hour = 0\n")
    settings = load_settings(
        environ={"PMSTUDY_DATA_DIR": str(tmp_path), "PMSTUDY_CONFIG_FILE": str(config)}
    )
    assert settings.day_rollover_hour == 0


def test_bad_values_and_bad_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="day_rollover_hour"):
        load_settings(
            environ={"PMSTUDY_DATA_DIR": str(tmp_path), "PMSTUDY_DAY_ROLLOVER_HOUR": "25"}
        )
    with pytest.raises(ValidationError, match="unknown time zone"):
        load_settings(environ={"PMSTUDY_DATA_DIR": str(tmp_path), "PMSTUDY_TIMEZONE": "Mars/Base"})
    (tmp_path / "config.toml").write_text("timezone = \n")
    with pytest.raises(PmStudyError, match=r"config\.toml: not a readable TOML config file"):
        load_settings(environ={"PMSTUDY_DATA_DIR": str(tmp_path)})


def test_constructing_settings_reads_no_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMSTUDY_DAY_ROLLOVER_HOUR", "7")
    assert Settings(data_dir=tmp_path).day_rollover_hour == 4


@pytest.mark.parametrize(("minutes", "shown"), [("0", False), ("20", True)])
def test_learn_ahead_reaches_the_study_service(tmp_path: Path, minutes: str, shown: bool) -> None:
    settings = load_settings(
        {"data_dir": tmp_path}, environ={"PMSTUDY_LEARN_AHEAD_MINUTES": minutes}
    )
    clock = FixedClock(dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC))
    with build_services(settings, clock, seed=1) as services:
        deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
        session = services.study.start(deck)
        assert session.next_card() is not None
        session.answer(Rating.AGAIN, duration_ms=1000)  # back in a minute
        while session.next_card() is not None and session.counts().new:
            session.answer(Rating.EASY, duration_ms=1000)
        # only the failed card is left, due in a minute: shown ahead of time only with a window
        assert (session.next_card() is not None) is shown


def test_a_negative_learn_ahead_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="learn_ahead_minutes"):
        load_settings({"data_dir": tmp_path}, environ={"PMSTUDY_LEARN_AHEAD_MINUTES": "-1"})
