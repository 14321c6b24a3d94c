"""Machine settings: environment (``PMSTUDY_*``), a TOML config file, then defaults."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from pmstudy.locations import default_data_dir, local_zone_name


class Settings(BaseSettings):
    """Settings read at start-up; every field can be set as PMSTUDY_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="PMSTUDY_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    """Where the database, backups and media live."""

    database_url: str | None = None
    """SQLAlchemy URL; default: a SQLite file ``pmstudy.sqlite3`` in the data directory."""

    now: dt.datetime | None = None
    """Treat this ISO 8601 instant as 'now' at start-up (time keeps running from there)."""

    timezone: str | None = None
    """IANA time zone for 'today' (default: the machine's)."""

    day_rollover_hour: int = Field(default=4, ge=0, le=23)
    """Hour at which a new study day starts (Anki's default is 4 am)."""

    config_file: Path | None = None
    """A TOML file with any of these settings (default: config.toml in the data directory)."""

    @field_validator("now")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("PMSTUDY_NOW needs a time zone, e.g. 2026-11-22T09:00:00+00:00")
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

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then environment, then the TOML config file."""
        return (init_settings, env_settings)

    @property
    def sqlite_path(self) -> Path:
        """The default database file."""
        return self.data_dir / "pmstudy.sqlite3"

    @property
    def url(self) -> str:
        """The database URL in force."""
        return self.database_url or f"sqlite:///{self.sqlite_path}"

    @property
    def backup_dir(self) -> Path:
        """Where database backups go."""
        return self.data_dir / "backups"

    @property
    def media_dir(self) -> Path:
        """Where imported media files go."""
        return self.data_dir / "media"

    @property
    def zone_name(self) -> str | None:
        """The time zone in force."""
        return self.timezone or local_zone_name()


def load_settings(**overrides: object) -> Settings:
    """Settings from arguments and environment, completed from the TOML config file."""
    first = Settings(**overrides)  # type: ignore[arg-type]
    path = first.config_file or first.data_dir / "config.toml"
    if not path.is_file():
        return first

    class FromFile(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, path))

    return Settings.model_validate(FromFile(**overrides).model_dump())  # type: ignore[arg-type]
