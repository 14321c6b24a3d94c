"""The crosswalk between exam blueprints (``decks/crosswalk/crosswalk.toml``): which task of one
exam covers the same subject as a task of another, so that cards tagged for one exam can teach the
classifier another exam's blueprint (docs/classify.md).

Each entry maps a task (or, for an exam whose domains have no tasks, a domain) of exam Y to
one or more tasks of exam X, as ``<profile>::<domain>[::<task>]``; it is read from Y to X only
(a task of Y may be part of a broader task of X, not the other way round). With several targets
a card of Y teaches X's domain when they share one, not a task. It holds ids, never card text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pmstudy.decks.loader import DeckFileError, LineIndex, Problem, parse_model, read_text
from pmstudy.decks.profile_format import ExamProfileFile

Ref = Annotated[
    str,
    StringConstraints(
        pattern=r"^[a-z0-9][a-z0-9._-]*::[a-z0-9][a-z0-9._-]*(::[a-z0-9][a-z0-9._-]*)?$"
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CrosswalkEntry(_Strict):
    """One task of exam Y and the task(s) of exam X that cover the same subject."""

    source: Ref = Field(alias="from", description="<profile>::<domain>[::<task>] of exam Y.")
    to: list[Ref] = Field(min_length=1, description="<profile>::<domain>[::<task>] of exam X.")
    note: str = Field(default="", description="Why the subjects are the same, when not obvious.")


class CrosswalkFile(_Strict):
    """The whole crosswalk file."""

    schema_version: Literal[1]
    entries: list[CrosswalkEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class Place:
    """A domain, or a task of it, of one exam's blueprint."""

    exam: str
    domain: str
    task: str | None

    @classmethod
    def parse(cls, ref: str) -> Place:
        """``<profile>::<domain>[::<task>]`` as a place (the shape is checked by the model)."""
        parts = ref.split("::")
        return cls(parts[0], parts[1], parts[2] if len(parts) > 2 else None)


@dataclass(frozen=True)
class Link:
    """A checked entry: cards (and statements) of ``source`` can stand for ``targets``."""

    source: Place
    targets: tuple[Place, ...]


def _unknown(ref: str, profiles: Mapping[str, ExamProfileFile]) -> str | None:
    place = Place.parse(ref)
    profile = profiles.get(place.exam)
    if profile is None:
        return f"'{ref}' names unknown exam profile '{place.exam}'"
    domain = next((d for d in profile.domains if d.id == place.domain), None)
    if domain is None:
        known = ", ".join(d.id for d in profile.domains)
        return f"'{ref}': '{place.domain}' is not a domain of {place.exam} ({known})"
    if place.task is None and domain.tasks:
        return f"'{ref}' names a domain that has tasks: name one of its tasks"
    if place.task is not None and place.task not in {t.id for t in domain.tasks}:
        return f"'{ref}': '{place.task}' is not a task of {place.exam}::{place.domain}"
    return None


def load_crosswalk(path: Path, profiles: Mapping[str, ExamProfileFile]) -> list[Link]:
    """The crosswalk's entries, each checked against the exam profiles.

    Raises DeckFileError naming the file, the entry's line and what is wrong: an unknown exam,
    domain or task, an entry mapping an exam onto itself, or a source mapped twice.
    """
    text = read_text(path)
    name = str(path)
    parsed = parse_model(text, name, CrosswalkFile)
    lines = LineIndex(text)
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, entry in enumerate(parsed.entries):
        line = lines.entries.get(("entries", index), (1, 1))[0]
        where = f"entries[{index}]"
        for ref in (entry.source, *entry.to):
            message = _unknown(ref, profiles)
            if message:
                problems.append(Problem(name, line, f"{where}: {message}"))
        source = Place.parse(entry.source)
        if any(Place.parse(ref).exam == source.exam for ref in entry.to):
            problems.append(Problem(name, line, f"{where}: maps {source.exam} onto itself"))
        if len({Place.parse(ref).exam for ref in entry.to}) > 1:
            problems.append(Problem(name, line, f"{where}: 'to' names more than one exam"))
        key = f"{entry.source}->{Place.parse(entry.to[0]).exam}"
        if key in seen:
            problems.append(
                Problem(
                    name,
                    line,
                    f"{where}: '{entry.source}' is already mapped onto "
                    f"{Place.parse(entry.to[0]).exam}",
                )
            )
        seen.add(key)
    if problems:
        raise DeckFileError(problems)
    return [
        Link(Place.parse(e.source), tuple(Place.parse(ref) for ref in e.to)) for e in parsed.entries
    ]
