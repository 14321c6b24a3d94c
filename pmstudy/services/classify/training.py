"""The classifier's training data: an exam's own domain and task statements, the bundled deck
files' tagged cards, and, through the crosswalk (``decks/crosswalk/crosswalk.toml``), other exams'
statements and cards on the same subjects.

Read from the deck files pmstudy ships (as ``pmstudy deck`` finds them), never from the
database: what the learner imported is what is being classified, not what teaches the model.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

from pmstudy.decks.check import load_profiles
from pmstudy.decks.crosswalk import Link, Place, load_crosswalk
from pmstudy.decks.loader import iter_deck_files, load_deck
from pmstudy.decks.to_notes import deck_to_notes
from pmstudy.domain.classify import Example, judged_fields, note_text
from pmstudy.domain.exam import ExamSpec, exam_tag
from pmstudy.resources import crosswalk_file, decks_dir, profiles_dir


@dataclass(frozen=True)
class BundledNote:
    """A note of a bundled deck file: its text as the classifier reads it, and the blueprint
    places its exam tags name."""

    text: str
    places: tuple[Place, ...]


@dataclass(frozen=True)
class BundledDeck:
    """A bundled deck file: its id, the exams it serves, its notes."""

    id: str
    exams: tuple[str, ...]
    notes: tuple[BundledNote, ...]


@cache
def bundled_decks() -> tuple[BundledDeck, ...]:
    """Every deck file pmstudy ships, read once per process."""
    decks = []
    for path in iter_deck_files(decks_dir()):
        deck = load_deck(path)
        notes = tuple(
            BundledNote(
                note_text(judged_fields(spec.fields), spec.deck, spec.tags),
                tuple(Place(*found) for found in map(exam_tag, spec.tags) if found),
            )
            for spec in deck_to_notes(deck)
        )
        decks.append(BundledDeck(deck.id, tuple(deck.exams), notes))
    return tuple(decks)


@cache
def crosswalk() -> tuple[Link, ...]:
    """The crosswalk's links, checked against the exam profiles (read once per process)."""
    return tuple(load_crosswalk(crosswalk_file(), load_profiles(profiles_dir())))


def _onto(exam: str) -> dict[Place, tuple[Place, ...]]:
    """Places of other exams and the places of ``exam`` the crosswalk maps them onto."""
    found: dict[Place, set[Place]] = {}
    for link in crosswalk():
        if link.targets[0].exam == exam:
            found.setdefault(link.source, set()).update(link.targets)
    return {source: tuple(sorted(targets, key=_order)) for source, targets in found.items()}


def _order(place: Place) -> tuple[str, str, str]:
    return place.exam, place.domain, place.task or ""


def _labelled(text: str, places: Iterable[Place], weight: float = 1.0) -> list[Example]:
    """Examples of ``text`` for ``places`` of one exam: per domain, one per task named (their
    weights sharing ``weight``), or one for the domain when no task is named."""
    by_domain: dict[str, set[str | None]] = {}
    for place in places:
        by_domain.setdefault(place.domain, set()).add(place.task)
    examples = []
    for domain, tasks in sorted(by_domain.items()):
        named = sorted(t for t in tasks if t is not None)
        if not named:
            examples.append(Example(text, domain, None, weight))
        examples.extend(Example(text, domain, task, weight / len(named)) for task in named)
    return examples


# A statement counts as much as this many cards: few and exact, it is all some tasks have (on
# PMP, 3 beat 1 and 10 in the leave-one-deck-out evaluation).
STATEMENT_WEIGHT = 3.0


def _statements(spec: ExamSpec) -> list[Example]:
    """The blueprint's own words: each domain's name, each task's statement and, as an example
    of its own, the task's summary (what the task covers, from the profile).

    A summary apart from the statement beat one example joining the two (on PMP 86.4 % / 66.6 %
    against 85.0 % / 63.8 %; docs/classify.md).
    """
    examples = []
    for domain in spec.domains:
        examples.append(Example(domain.name, domain.id, None, STATEMENT_WEIGHT))
        for task in domain.tasks:
            examples.append(Example(task.name, domain.id, task.id, STATEMENT_WEIGHT))
            if task.summary:
                examples.append(Example(task.summary, domain.id, task.id, STATEMENT_WEIGHT))
    return examples


def _crossed_statements(onto: dict[Place, tuple[Place, ...]]) -> list[Example]:
    """Other exams' task statements, for the tasks the crosswalk maps onto this exam."""
    profiles = load_profiles(profiles_dir())
    examples = []
    for source, targets in sorted(onto.items(), key=lambda item: _order(item[0])):
        domain = next(d for d in profiles[source.exam].domains if d.id == source.domain)
        name = next((t.name for t in domain.tasks if t.id == source.task), domain.name)
        examples.extend(_labelled(name, targets, STATEMENT_WEIGHT))
    return examples


def examples_for(spec: ExamSpec, *, exclude_decks: Collection[str] = ()) -> list[Example]:
    """Training examples for ``spec``'s blueprint, leaving out the bundled decks whose id is in
    ``exclude_decks`` (the evaluation leaves out the deck it scores).

    A card tagged for ``spec`` teaches its own domain and task; a card tagged only for other
    exams teaches the places the crosswalk maps its tags onto; an untagged card teaches nothing.
    """
    onto = _onto(spec.id)
    examples = _statements(spec) + _crossed_statements(onto)
    for deck in bundled_decks():
        if deck.id in exclude_decks:
            continue
        for note in deck.notes:
            own = [p for p in note.places if p.exam == spec.id]
            places = own or [t for p in note.places for t in onto.get(p, ())]
            examples.extend(_labelled(note.text, places))
    return examples
