"""Learner profiles on this machine: which exist, and a glance at each."""

from __future__ import annotations

from dataclasses import dataclass

from pmstudy.db.profile_peek import peek
from pmstudy.settings import Settings, profile_names


@dataclass(frozen=True, slots=True)
class ProfileSummary:
    """One profile: ``name`` None is the default profile (the data directory's own database)."""

    name: str | None
    cards: int | None
    """None: no database yet (the profile is created on first use)."""
    last_answer: str | None
    """UTC date (YYYY-MM-DD) of the last answer, None when never answered."""
    current: bool


def list_profiles(settings: Settings) -> list[ProfileSummary]:
    """The default profile, then every named one in the data directory (sorted)."""
    if settings.database_url is not None:
        return []
    summaries = []
    for name in [None, *profile_names(settings.data_dir)]:
        one = settings.model_copy(update={"profile": name})
        glance = peek(one.sqlite_path)
        summaries.append(
            ProfileSummary(
                name=name,
                cards=None if glance is None else glance[0],
                last_answer=None if glance is None else glance[1],
                current=name == settings.profile,
            )
        )
    return summaries
