"""Exam profiles as the planner sees them (loaded once), and the exam date and time a learner
types."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pmstudy.domain.exam import ExamDomain, ExamSpec, ExamTask, PassKind, PassRule, Sitting
from pmstudy.errors import NotFoundError, PmStudyError

if TYPE_CHECKING:
    from pmstudy.decks.profile_format import ExamProfileFile

DEFAULT_EXAM_TIME = dt.time(9, 0)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}$")


def spec_from_profile(profile: ExamProfileFile) -> ExamSpec:
    """The domain view of a profile file."""
    mark = profile.pass_mark
    return ExamSpec(
        id=profile.id,
        name=profile.name,
        provider=profile.provider,
        version=profile.version,
        status=profile.status,
        items_total=profile.items_total,
        items_scored=profile.items_scored,
        minutes=profile.minutes,
        options_per_item=profile.options_per_item,
        pass_rule=PassRule(
            kind=PassKind(mark.kind),
            value=mark.value,
            out_of=mark.out_of,
            bands=tuple(mark.bands),
            note=mark.note,
            scale=None
            if mark.scale_min is None or mark.scale_max is None
            else (mark.scale_min, mark.scale_max),
        ),
        domains=tuple(
            ExamDomain(
                d.id, d.name, d.weight, tuple(ExamTask(t.id, t.name, t.summary) for t in d.tasks)
            )
            for d in profile.domains
        ),
        weights_basis=profile.weights_basis,
        effective_from=profile.effective_from,
        effective_to=profile.effective_to,
        sitting=None
        if profile.sitting is None
        else Sitting(
            sections=tuple(profile.sitting.sections),
            break_minutes=tuple(profile.sitting.break_minutes),
            lock=profile.sitting.lock,
            pause=profile.sitting.pause,
            pretest=profile.sitting.pretest,
            note=profile.sitting.note,
            confidence=profile.sitting.confidence,
        ),
    )


def parse_exam_instant(
    date_text: str, time_text: str | None, zone_name: str
) -> tuple[dt.datetime, str]:
    """The exam instant in UTC from a local date and time in ``zone_name``."""
    if not _DATE.match(date_text):
        raise PmStudyError(f"exam date '{date_text}' is not YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(date_text)
    except ValueError as exc:
        raise PmStudyError(f"exam date '{date_text}' is not a real date") from exc
    at = DEFAULT_EXAM_TIME
    if time_text is not None:
        if not _TIME.match(time_text):
            raise PmStudyError(f"exam time '{time_text}' is not HH:MM")
        hours, minutes = (int(x) for x in time_text.split(":"))
        if hours > 23 or minutes > 59:
            raise PmStudyError(f"exam time '{time_text}' is not a time of day")
        at = dt.time(hours, minutes)
    try:
        zone: dt.tzinfo = ZoneInfo(zone_name) if zone_name != "UTC" else dt.UTC
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PmStudyError(f"unknown time zone '{zone_name}'") from exc
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC), zone_name


def load_specs(directory: Path) -> list[ExamSpec]:
    """Every exam profile in ``directory``, by id."""
    # pydantic models are imported on first use, not at start-up
    from pmstudy.decks.check import load_profiles
    from pmstudy.decks.loader import DeckFileError

    try:
        files = load_profiles(directory)
    except DeckFileError as exc:
        raise PmStudyError(f"an exam profile is broken: {exc}") from exc
    return [spec_from_profile(files[k]) for k in sorted(files)]


_PROFILE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def load_spec(directory: Path, profile_id: str) -> ExamSpec | None:
    """The profile ``<profile_id>.toml`` of ``directory`` when it holds that id, else None
    (a report needs one profile; parsing all of them costs more than the readiness maths)."""
    from pmstudy.decks.loader import DeckFileError, load_profile

    path = directory / f"{profile_id}.toml"
    if not _PROFILE_ID.match(profile_id) or not path.is_file():
        return None
    try:
        profile = load_profile(path)
    except DeckFileError as exc:
        raise PmStudyError(f"an exam profile is broken: {exc}") from exc
    return spec_from_profile(profile) if profile.id == profile_id else None


class Profiles:
    """The profiles pmstudy ships, parsed on first use (one alone when only one is asked for)."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._specs: dict[str, ExamSpec] | None = None
        self._single: dict[str, ExamSpec] = {}

    def all(self) -> list[ExamSpec]:
        """Every exam profile pmstudy ships, by id."""
        if self._specs is None:
            self._specs = {s.id: s for s in load_specs(self._directory)}
        return list(self._specs.values())

    def get(self, profile_id: str) -> ExamSpec:
        """One profile by id."""
        if self._specs is None:
            found = self._single.get(profile_id) or load_spec(self._directory, profile_id)
            if found is not None:
                self._single[profile_id] = found
                return found
        specs = {s.id: s for s in self.all()}
        spec = specs.get(profile_id)
        if spec is None:
            raise NotFoundError(
                f"no exam profile '{profile_id}'; known: {', '.join(sorted(specs))}"
            )
        return spec
