"""Classifying a deck onto an exam's blueprint, applying the learner's choices as tags, and
taking the last apply back.

The model learns from the exam's task statements and the bundled decks
(``training.examples_for``) and from the learner's own notes already placed on that exam in
other decks; it is trained once per exam and set of learner examples and kept for the
process, so that a second classification (another threshold, after an apply) costs
only the prediction.

An apply is one transaction and one undo step. The step is kept in the database (the
``settings`` table, the last few), so that ``pmstudy classify --undo`` in a later process takes
it back too; undo refuses, naming the notes, when any of them has other tags than the apply
left (edited, re-imported or classified again since), and then changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pmstudy.clock import Clock
from pmstudy.db import placement
from pmstudy.db.convert import tags_from_text, tags_to_text
from pmstudy.db.study_store import load_cards
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.classify import Classifier, Example, judged_fields, note_text, train
from pmstudy.domain.exam import (
    ExamSpec,
    exam_tag,
    exam_tags_of,
    is_not_on_exam,
    placement_tag,
    retagged,
)
from pmstudy.domain.model import StudyCard
from pmstudy.domain.search import front_line
from pmstudy.errors import NotFoundError, PmStudyError

UNDO_KEY = "classify_undo"
UNDO_STEPS = 5  # applies kept for undo, newest last
MODELS_KEPT = 2
# Trained models by exam and learner examples, for the process: training takes seconds, and a
# second classification (another threshold, after an apply, the screen opened again) does not
# need it again.
_models: dict[tuple[str, tuple[Example, ...]], tuple[Classifier, int]] = {}


@dataclass(frozen=True, slots=True)
class NoteSuggestion:
    """One note of the deck: its front, the model's domain and task with their confidences
    (``task_confidence`` is for domain and task together), and the note's tags for the exam
    now (empty: not mapped)."""

    note_id: int
    front: str
    deck: str
    domain: str
    domain_confidence: float
    task: str | None
    task_confidence: float
    current: tuple[str, ...]

    @property
    def mapped(self) -> bool:
        """Whether the note already carries a tag of the exam."""
        return bool(self.current)

    def sure(self, threshold: float) -> bool:
        """Whether the domain is suggested at ``threshold`` (else the note is "unsure")."""
        return self.domain_confidence >= threshold

    def suggested_tag(self, profile_id: str, threshold: float) -> str | None:
        """The tag the suggestion makes at ``threshold``: domain and task, the domain alone when
        the task is below it, None when the domain is."""
        if not self.sure(threshold):
            return None
        task = self.task if self.task is not None and self.task_confidence >= threshold else None
        return placement_tag(profile_id, self.domain, task)


@dataclass(frozen=True, slots=True)
class ClassifyCounts:
    """How the notes fall at a threshold: already mapped, else suggested or unsure."""

    suggested: int
    unsure: int
    mapped: int


@dataclass(frozen=True)
class Classification:
    """A deck's notes classified onto an exam, in note order."""

    spec: ExamSpec
    deck: str
    notes: tuple[NoteSuggestion, ...]
    examples: int  # training examples in all
    learner_examples: int  # of them, the learner's notes placed on the exam in other decks

    def counts(self, threshold: float) -> ClassifyCounts:
        """Mapped notes, and of the others those suggested and those unsure at ``threshold``."""
        mapped = sum(1 for n in self.notes if n.mapped)
        suggested = sum(1 for n in self.notes if not n.mapped and n.sure(threshold))
        return ClassifyCounts(suggested, len(self.notes) - mapped - suggested, mapped)

    def to_apply(self, threshold: float, *, overwrite: bool = False) -> dict[int, str]:
        """Note id -> suggested tag for the notes sure at ``threshold``: the unmapped ones, or
        with ``overwrite`` also those mapped otherwise (a not-on-exam mark included)."""
        chosen: dict[int, str] = {}
        for note in self.notes:
            tag = note.suggested_tag(self.spec.id, threshold)
            if tag is None or (note.mapped and not overwrite) or note.current == (tag,):
                continue
            chosen[note.note_id] = tag
        return chosen


@dataclass(frozen=True, slots=True)
class Applied:
    """What an apply wrote: notes whose tags changed, and chosen notes that no longer exist."""

    profile_id: str
    changed: int
    missing: int = 0


@dataclass(frozen=True, slots=True)
class UndoStep:
    """The apply an undo would take back."""

    profile_id: str
    deck: str
    notes: int
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class UndoOutcome:
    """An undo: the step, the notes restored, or (nothing restored) the notes changed since."""

    step: UndoStep | None
    restored: int = 0
    changed: tuple[int, ...] = ()


class ClassifyService:
    """Suggest domains and tasks for a deck's notes; write the chosen tags with undo."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        profile: Callable[[str], ExamSpec],
        profiles: Callable[[], list[ExamSpec]],
    ) -> None:
        self._db = db
        self._clock = clock
        self._profile = profile
        self._profiles = profiles

    # --- choices -----------------------------------------------------------------------

    def profiles(self) -> list[ExamSpec]:
        """Every exam profile, by id."""
        return self._profiles()

    def profile(self, profile_id: str) -> ExamSpec:
        """One exam profile (NotFoundError naming the known ones)."""
        return self._profile(profile_id)

    def deck_names(self) -> list[str]:
        """Every deck's full name, sorted."""
        with self._db.read() as uow:
            return uow.repo.deck_names()

    # --- classifying -------------------------------------------------------------------

    def classify(self, deck: str, profile_id: str) -> Classification:
        """The notes of ``deck`` (and its sub-decks) with their suggestions for the exam.

        Raises NotFoundError for an unknown deck or exam, ClassifierUnavailable when
        scikit-learn is not installed.
        """
        spec = self._profile(profile_id)
        with self._db.read() as uow:
            if uow.repo.deck_by_name(deck) is None:
                raise NotFoundError(f"no deck named {deck!r} (see 'pmstudy decks')")
            deck_ids = uow.repo.deck_ids_in(deck)
            connection = uow.connection
            cards = _in_order(load_cards(connection, placement.first_cards(connection, deck_ids)))
            mapped = load_cards(connection, placement.mapped_cards(connection, spec.id, deck_ids))
        tasks = {d.id: frozenset(t.id for t in d.tasks) for d in spec.domains}
        learner = tuple(
            dict.fromkeys(e for c in mapped.values() for e in _examples(spec.id, tasks, c))
        )
        model, examples = self._model(spec, learner)
        predictions = model.predict([_text(card) for card in cards])
        notes = tuple(
            NoteSuggestion(
                note_id=card.note.id or 0,
                front=front_line(card),
                deck=card.deck_name,
                domain=p.domain,
                domain_confidence=p.domain_confidence,
                task=p.task,
                task_confidence=p.task_confidence,
                current=exam_tags_of(card.note.tags, spec.id),
            )
            for card, p in zip(cards, predictions, strict=True)
        )
        return Classification(spec, deck, notes, examples, len(learner))

    def _model(self, spec: ExamSpec, learner: tuple[Example, ...]) -> tuple[Classifier, int]:
        """The model of ``spec`` with the learner's examples (trained on first use)."""
        key = (spec.id, learner)
        found = _models.get(key)
        if found is None:
            from pmstudy.services.classify.training import examples_for

            examples = list(dict.fromkeys([*examples_for(spec), *learner]))
            try:
                found = train(spec, examples), len(examples)
            except ValueError as exc:
                raise PmStudyError(f"cannot classify onto {spec.id}: {exc}") from exc
            while len(_models) >= MODELS_KEPT:
                del _models[next(iter(_models))]
            _models[key] = found
        return found

    # --- applying and undo -------------------------------------------------------------

    def apply(self, profile_id: str, deck: str, tags: Mapping[int, str]) -> Applied:
        """Write ``tags`` (note id -> a tag of the exam: a domain, a domain and task, or
        not-on-exam), each replacing the note's other tags of that exam; one transaction and
        one undo step. Raises PmStudyError, writing nothing, for a tag not of the exam."""
        spec = self._profile(profile_id)
        for tag in dict.fromkeys(tags.values()):
            _check_tag(spec, tag)
        now = self._clock.now()
        with self._db.write() as uow:
            connection = uow.connection
            before = placement.capture_notes(connection, sorted(tags))
            changed: dict[int, str] = {}
            for row in before:
                have = tags_from_text(row["tags"])
                wanted = tags_to_text(retagged(have, spec.id, tags[row["id"]]))
                if wanted != row["tags"]:
                    changed[row["id"]] = wanted
            placement.set_note_tags(connection, changed, now)
            if changed:
                step = {
                    "profile": spec.id,
                    "deck": deck,
                    "at": now.isoformat(),
                    "notes": [
                        [r["id"], r["tags"], r["modified_at"].isoformat(), changed[r["id"]]]
                        for r in before
                        if r["id"] in changed
                    ],
                }
                steps = _steps(uow.repo.get_setting(UNDO_KEY))
                uow.repo.set_setting(UNDO_KEY, [*steps, step][-UNDO_STEPS:])
        return Applied(spec.id, len(changed), len(tags) - len(before))

    def undo_step(self) -> UndoStep | None:
        """The apply undo would take back, if any."""
        with self._db.read() as uow:
            steps = _steps(uow.repo.get_setting(UNDO_KEY))
        return _step(steps[-1]) if steps else None

    def undo(self) -> UndoOutcome:
        """Take back the last apply, only if none of its notes changed since."""
        with self._db.write() as uow:
            steps = _steps(uow.repo.get_setting(UNDO_KEY))
            if not steps:
                return UndoOutcome(None)
            last = steps[-1]
            step = _step(last)
            notes: list[list[Any]] = last["notes"]
            now = placement.note_tags(uow.connection, [n[0] for n in notes])
            changed = tuple(n[0] for n in notes if now.get(n[0]) != n[3])
            if changed:
                return UndoOutcome(step, changed=changed)
            placement.restore_notes(
                uow.connection,
                [
                    {"id": n[0], "tags": n[1], "modified_at": dt.datetime.fromisoformat(n[2])}
                    for n in notes
                ],
            )
            uow.repo.set_setting(UNDO_KEY, steps[:-1])
        return UndoOutcome(step, restored=len(notes))


def _in_order(cards: dict[int, StudyCard]) -> list[StudyCard]:
    return sorted(cards.values(), key=lambda c: c.note.id or 0)


def _text(card: StudyCard) -> str:
    return note_text(judged_fields(card.note.fields), card.deck_name, card.note.tags)


def _examples(
    profile_id: str, tasks: Mapping[str, frozenset[str]], card: StudyCard
) -> list[Example]:
    """What a note placed on the exam teaches: its domain (and task) per tag of the exam
    (``tasks``: the blueprint's task ids per domain id)."""
    found = []
    for tag in card.note.tags:
        parts = exam_tag(tag)
        if parts is None or parts[0] != profile_id or parts[1] not in tasks:
            continue
        task = parts[2] if parts[2] in tasks[parts[1]] else None
        found.append(Example(_text(card), parts[1], task))
    return found


def _check_tag(spec: ExamSpec, tag: str) -> None:
    if is_not_on_exam(tag, spec.id):
        return
    parts = exam_tag(tag)
    domain = spec.domain(parts[1]) if parts is not None and parts[0] == spec.id else None
    if parts is None or domain is None:
        raise PmStudyError(f"'{tag}' is not a domain of {spec.name}")
    if parts[2] is not None and parts[2] not in {t.id for t in domain.tasks}:
        raise PmStudyError(f"'{tag}' is not a task of {spec.name}")


def _steps(stored: object) -> list[dict[str, Any]]:
    """The kept undo steps (anything else stored under the key counts as none)."""
    if not isinstance(stored, list):
        return []
    return [s for s in stored if isinstance(s, dict) and isinstance(s.get("notes"), list)]


def _step(stored: dict[str, Any]) -> UndoStep:
    return UndoStep(
        profile_id=str(stored.get("profile", "")),
        deck=str(stored.get("deck", "")),
        notes=len(stored["notes"]),
        at=dt.datetime.fromisoformat(str(stored.get("at"))),
    )
