"""Putting a note on an exam's blueprint by its tags: the tag a choice makes, a note's tags for
one exam, a choice written over them, and what a re-import keeps.

A note is placed on an exam by tags under ``exam::<profile>::`` (a domain, a domain and task,
``not-on-exam`` or ``about-the-exam``). Placing it again replaces every tag of that profile and
keeps all others; an import that updates the note keeps the placements the incoming note does
not make itself (a package with its own tags for a profile wins for that profile).
"""

from __future__ import annotations

from collections.abc import Iterable

from pmstudy.domain.exam.blueprint import EXAM_TAG_PREFIX, tag_prefix


def placement_tag(profile_id: str, domain_id: str, task_id: str | None = None) -> str:
    """``exam::<profile>::<domain>[::<task>]`` (the domain may be a reserved name)."""
    tag = f"{tag_prefix(profile_id)}{domain_id}"
    return f"{tag}::{task_id}" if task_id else tag


def exam_tags_of(tags: Iterable[str], profile_id: str) -> tuple[str, ...]:
    """The tags that place a note on ``profile_id``'s exam, in their order."""
    prefix = tag_prefix(profile_id)
    return tuple(t for t in tags if t.startswith(prefix))


def retagged(tags: Iterable[str], profile_id: str, tag: str) -> tuple[str, ...]:
    """``tags`` with every tag of ``profile_id`` replaced by ``tag`` (other tags kept, in order)."""
    prefix = tag_prefix(profile_id)
    if not tag.startswith(prefix):
        raise ValueError(f"{tag!r} is not a tag of the exam {profile_id}")
    return (*(t for t in tags if not t.startswith(prefix)), tag)


def _profile_of(tag: str) -> str | None:
    if not tag.startswith(EXAM_TAG_PREFIX):
        return None
    parts = tag.split("::")
    return parts[1] if len(parts) >= 3 and parts[1] else None


def kept_on_reimport(
    old: Iterable[str], incoming: Iterable[str], owned: Iterable[str] = ()
) -> tuple[str, ...]:
    """The tags of a note updated by an import: the incoming ones, plus the note's exam tags
    for every profile the incoming note has no tag of (the learner's placements survive a
    re-import of a deck that knows nothing of that exam).

    ``owned`` names profiles the import speaks for on every note (a deck file's ``exams``):
    their tags are the incoming ones only, so a card its author took off an exam leaves it.
    """
    new = tuple(incoming)
    brought = {p for t in new if (p := _profile_of(t)) is not None} | set(owned)
    kept = tuple(
        t for t in old if (p := _profile_of(t)) is not None and p not in brought and t not in new
    )
    return (*new, *kept)
