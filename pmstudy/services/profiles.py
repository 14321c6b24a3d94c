"""Learner profiles on this machine: which exist, and a glance at each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pmstudy.db.profile_peek import peek
from pmstudy.settings import Settings, learner_schema, profile_names


@dataclass(frozen=True, slots=True)
class ProfileSummary:
    """One profile: ``name`` None is the default profile (the data directory's own database)."""

    name: str | None
    cards: int | None
    """None: no database yet (the profile is created on first use)."""
    last_answer: str | None
    """UTC date (YYYY-MM-DD) of the last answer, None when never answered."""
    current: bool


class Place(Protocol):
    """Where the profiles are: the data directory, or the database URL when one is set."""

    @property
    def data_dir(self) -> Path: ...
    @property
    def database_url(self) -> str | None: ...


def learner_names(settings: Place) -> list[str]:
    """The named learner profiles this account can use: folders in the data directory on
    SQLite, learner schemas on PostgreSQL (sorted; the default profile is not among them)."""
    if settings.database_url is None:
        return profile_names(settings.data_dir)
    from pmstudy.db import learners
    from pmstudy.db.engine import make_engine

    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            return learners.profile_names(connection)
    finally:
        engine.dispose()


def list_profiles(settings: Settings) -> list[ProfileSummary]:
    """The default profile, then every named one in the data directory (sorted)."""
    if settings.database_url is not None:
        return _on_server(settings)
    summaries = []
    for name in [None, *profile_names(settings.data_dir)]:
        one = settings.model_copy(update={"profile": name})
        summaries.append(_summary(name, peek(one.sqlite_path), settings))
    return summaries


def _summary(
    name: str | None, glance: tuple[int, str | None] | None, settings: Settings
) -> ProfileSummary:
    return ProfileSummary(
        name=name,
        cards=None if glance is None else glance[0],
        last_answer=None if glance is None else glance[1],
        current=name == settings.profile,
    )


def _on_server(settings: Settings) -> list[ProfileSummary]:
    """The learner schemas this account may use (PostgreSQL); the default (``public``) first."""
    from pmstudy.db import learners
    from pmstudy.db.engine import make_engine

    engine = make_engine(settings.url)
    try:
        with engine.connect() as connection:
            names: list[str | None] = [None, *learners.profile_names(connection)]
            summaries = []
            for name in names:
                glance = learners.peek_schema(
                    connection, "public" if name is None else learner_schema(name)
                )
                if name is None and glance is None and not learners.may_create_default(connection):
                    continue  # a group's learner: the database's own schema is not theirs
                summaries.append(_summary(name, glance, settings))
            return summaries
    finally:
        engine.dispose()
