"""``pmstudy deck check``: every problem in deck files, as ``file:line: message``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pmstudy.decks.format import DeckFile
from pmstudy.decks.loader import (
    DeckFileError,
    LineIndex,
    Problem,
    load_profile,
    parse_model,
    read_text,
)
from pmstudy.decks.profile_format import ExamProfileFile
from pmstudy.domain.cards import CLOZE
from pmstudy.domain.exam import ABOUT_THE_EXAM, NOT_ON_EXAM, about_exam, exam_tag


def load_profiles(directory: Path) -> dict[str, ExamProfileFile]:
    """All exam profiles in ``directory`` keyed by id (raises DeckFileError on a bad one)."""
    profiles: dict[str, ExamProfileFile] = {}
    for path in sorted(directory.glob("*.toml")):
        profile = load_profile(path)
        profiles[profile.id] = profile
    return profiles


def _check_exam_tag(
    tag: str, profiles: Mapping[str, ExamProfileFile], exams: Sequence[str]
) -> str | None:
    parts = tag.split("::")
    if len(parts) > 2 and parts[2] == ABOUT_THE_EXAM and about_exam(tag) is None:
        return f"exam tag '{tag}' is not exam::<profile>::{ABOUT_THE_EXAM}"
    if len(parts) < 3 or len(parts) > 4:
        return f"exam tag '{tag}' is not exam::<profile>::<domain>[::<task>]"
    profile = profiles.get(parts[1])
    if profile is None:
        return f"exam tag '{tag}' names unknown exam profile '{parts[1]}'"
    if len(parts) == 3 and parts[2] == NOT_ON_EXAM:
        return None
    if about_exam(tag) is not None:
        if profile.id not in exams:
            return f"exam tag '{tag}': the deck's exams do not name {profile.id}"
        return None
    domain = next((d for d in profile.domains if d.id == parts[2]), None)
    if domain is None:
        known = ", ".join(d.id for d in profile.domains)
        return f"exam tag '{tag}': '{parts[2]}' is not a domain of {profile.id} ({known})"
    if len(parts) == 4 and parts[3] not in {t.id for t in domain.tasks}:
        return f"exam tag '{tag}': '{parts[3]}' is not a task of {profile.id}::{domain.id}"
    return None


def _about_problems(tags: Sequence[str]) -> list[str]:
    """A card about an exam itself serves none of that exam's domains: it carries one tag."""
    about = {p for p in map(about_exam, tags) if p is not None}
    problems = []
    for profile in sorted(about):
        mixed = [t for t in tags if (parts := exam_tag(t)) is not None and parts[0] == profile]
        if mixed:
            problems.append(
                f"exam::{profile}::{ABOUT_THE_EXAM} marks a card about the exam itself; "
                f"drop its {profile} domain tags ({', '.join(mixed)})"
            )
    return problems


def check_deck(
    deck: DeckFile, text: str, name: str, profiles: Mapping[str, ExamProfileFile]
) -> list[Problem]:
    """Checks across cards and files (ids, tags against the exam profiles, sources); what a
    single card must hold is its kind's rule, applied when the file is read."""
    index = LineIndex(text)
    problems: list[Problem] = []

    def add(line: int, message: str) -> None:
        problems.append(Problem(name, line, message))

    for exam in deck.exams:
        if exam not in profiles:
            add(index.key_line(1, "exams"), f"unknown exam profile '{exam}'")
    seen: dict[str, int] = {}
    source_keys = {s.key for s in deck.sources}
    for number, card in enumerate(deck.cards):
        line = index.card_line(number)
        where = f"card '{card.id}'"
        if card.id in seen:
            first = seen[card.id]
            add(
                index.key_line(line, "id"), f"duplicate card id '{card.id}' (first at line {first})"
            )
        else:
            seen[card.id] = line
        for field in ("front", "back", "text", "stem", "extra"):
            value = getattr(card, field)
            if value is not None and not value.strip():
                add(index.key_line(line, field), f"{where}: field '{field}' is empty")
        # Authoring slip, not a broken note (Anki keeps such text as typed): say so here only.
        for text_field in (card.front, card.back, card.stem):
            if card.type != "cloze" and text_field and CLOZE.search(text_field):
                add(line, f"{where}: cloze marker in a {card.type} card")
        for tag in card.tags:
            if tag.startswith("exam::"):
                tag_problem = _check_exam_tag(tag, profiles, deck.exams)
                if tag_problem:
                    add(index.key_line(line, "tags"), f"{where}: {tag_problem}")
        for message in _about_problems(card.tags):
            add(index.key_line(line, "tags"), f"{where}: {message}")
        if deck.exams and not any(t.startswith("exam::") for t in card.tags):
            add(
                index.key_line(line, "tags"),
                f"{where}: no exam::<profile>::<domain> or exam::<profile>::{ABOUT_THE_EXAM} tag",
            )
        if card.source is not None and source_keys:
            key = card.source.split()[0] if card.source.split() else ""
            if key not in source_keys:
                add(
                    index.key_line(line, "source"),
                    f"{where}: source '{key}' is not among the deck's [[sources]]",
                )
    return problems


def check_files(paths: Iterable[Path], profiles: Mapping[str, ExamProfileFile]) -> list[Problem]:
    """Check every deck file; return all problems (empty when all are clean)."""
    problems: list[Problem] = []
    for path in paths:
        name = str(path)
        try:
            text = read_text(path)
            deck = parse_model(text, name, DeckFile)
        except DeckFileError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(check_deck(deck, text, name, profiles))
    return problems
