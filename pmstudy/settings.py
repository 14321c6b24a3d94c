"""Machine settings: environment (``PMSTUDY_*``), a TOML config file, then defaults."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pmstudy.errors import PmStudyError
from pmstudy.locations import default_data_dir, local_zone_name

ENV_PREFIX = "PMSTUDY_"

PROFILES_FOLDER = "profiles"
"""A named learner profile lives in ``DATA_DIR/profiles/NAME/`` (its own database file,
backups and card cache); the default profile is the data directory itself, as before profiles."""

_PROFILE_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")

LEARNER_SCHEMA_PREFIX = "learner_"
"""On PostgreSQL a named profile is the schema ``learner_NAME`` (docs/profiles.md)."""


def profile_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a profile (it becomes a folder name), or None when it can."""
    if _PROFILE_NAME.fullmatch(name):
        return None
    return f"profile name {name!r} must be 1-40 letters, digits, '-' or '_'"


def learner_schema(profile: str) -> str:
    """The PostgreSQL schema holding the profile ``profile``."""
    return f"{LEARNER_SCHEMA_PREFIX}{profile}"


class Settings(BaseModel):
    """Settings read at start-up; every field can be set as PMSTUDY_<NAME> (see load_settings).

    A plain pydantic model: constructing one reads nothing from the environment, which keeps
    tests hermetic; ``load_settings`` layers arguments, environment and the config file.
    """

    model_config = ConfigDict(extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    """Where the database, backups and media live."""

    database_url: str | None = None
    """SQLAlchemy URL; default: a SQLite file ``pmstudy.sqlite3`` in the profile's folder."""

    profile: str | None = None
    """The learner profile: its own database in ``DATA_DIR/profiles/NAME/`` (default: none, the
    data directory's own database)."""

    now: dt.datetime | None = None
    """Treat this ISO 8601 instant as 'now' at start-up (time keeps running from there)."""

    timezone: str | None = None
    """IANA time zone for 'today' (default: the machine's)."""

    day_rollover_hour: int = Field(default=4, ge=0, le=23)
    """Hour at which a new study day starts (Anki's default is 4 am)."""

    learn_ahead_minutes: int = Field(default=20, ge=0, le=24 * 60)
    """When nothing else is left, show learning cards due within this many minutes (Anki: 20)."""

    backups_kept: int = Field(default=5, ge=1, le=1000)
    """How many database backups to keep in the backups folder (the newest; older ones go)."""

    images: Literal["inline", "external", "off"] = "inline"
    """How a card's images show: ``inline`` in the terminal (half-block cells, and ``o`` still
    opens the system viewer), ``external`` only through ``o``, ``off`` not at all."""

    config_file: Path | None = None
    """A TOML file with any of these settings (default: config.toml in the data directory)."""

    @field_validator("now")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("PMSTUDY_NOW needs a time zone, e.g. 2026-11-22T09:00:00+00:00")
        return value

    @field_validator("profile")
    @classmethod
    def _profile(cls, value: str | None) -> str | None:
        if value is not None and (problem := profile_name_problem(value)):
            raise ValueError(problem)
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def profile_dir(self) -> Path:
        """The profile's own folder: the data directory itself for the default profile."""
        if self.profile is None:
            return self.data_dir
        return self.data_dir / PROFILES_FOLDER / self.profile

    @property
    def pg_schema(self) -> str | None:
        """The profile's PostgreSQL schema; None on SQLite and for the default profile (the
        database's own ``public`` schema, as before profiles)."""
        if self.database_url is None or self.profile is None:
            return None
        return learner_schema(self.profile)

    @property
    def sqlite_path(self) -> Path:
        """The profile's database file."""
        return self.profile_dir / "pmstudy.sqlite3"

    @property
    def url(self) -> str:
        """The database URL in force."""
        return self.database_url or f"sqlite:///{self.sqlite_path}"

    @property
    def backup_dir(self) -> Path:
        """Where the profile's database backups go."""
        return self.profile_dir / "backups"

    @property
    def media_dir(self) -> Path:
        """Where imported media files go."""
        return self.data_dir / "media"

    @property
    def zone_name(self) -> str | None:
        """The time zone in force."""
        return self.timezone or local_zone_name()


def environment_values(environ: Mapping[str, str]) -> dict[str, str]:
    """The ``PMSTUDY_<NAME>`` variables that name a setting (case-insensitive), by field."""
    fields = Settings.model_fields
    values = {}
    for key, value in environ.items():
        if key.upper().startswith(ENV_PREFIX):
            name = key[len(ENV_PREFIX) :].lower()
            if name in fields:
                values[name] = value
    return values


def load_settings(
    overrides: Mapping[str, object] | None = None, *, environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from arguments, then environment, then the TOML config file, then defaults.

    Raises pydantic's ValidationError for a bad value and PmStudyError for an unreadable
    config file (both become one line at the command line).
    """
    given = {
        **environment_values(os.environ if environ is None else environ),
        **(overrides or {}),
    }
    first = Settings.model_validate(given)
    path = first.config_file or first.data_dir / "config.toml"
    if not path.is_file():
        return first
    try:
        from_file = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PmStudyError(f"{path}: not a readable TOML config file: {exc}") from exc
    return Settings.model_validate({**from_file, **given})


THEME_FILE = "theme.txt"


def saved_theme(data_dir: Path) -> str | None:
    """The theme last chosen in the app (kept in ``theme.txt`` in the data directory)."""
    try:
        name = (data_dir / THEME_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


def save_theme(data_dir: Path, name: str) -> None:
    """Keep ``name`` as the theme for the next start (an unwritable folder keeps nothing)."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / THEME_FILE).write_text(name + "\n", encoding="utf-8")
    except OSError:
        return


def profile_names(data_dir: Path) -> list[str]:
    """The named profiles kept in ``data_dir`` (folders under ``profiles/`` with a valid name),
    sorted; the default profile is not among them."""
    try:
        folders = list((data_dir / PROFILES_FOLDER).iterdir())
    except OSError:
        return []
    return sorted(f.name for f in folders if f.is_dir() and profile_name_problem(f.name) is None)
