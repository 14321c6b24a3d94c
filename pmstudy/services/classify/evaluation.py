"""Leave-one-deck-out evaluation of the classifier: for each bundled deck and each exam it
serves, train without that deck, predict its tagged notes, and count what came out right.

The deck being scored is never in the training data (``examples_for(..., exclude_decks=...)``),
and the crosswalk holds task ids, not card text, so no scored text reaches the model. Figures
are published in docs/classify.md (``bench/classify_eval.py`` prints them).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from pmstudy.decks.crosswalk import Place
from pmstudy.domain.classify import DEFAULT_MIN_CONFIDENCE, Prediction, train
from pmstudy.domain.exam import ExamSpec
from pmstudy.services.classify.training import BundledDeck, bundled_decks, examples_for


@dataclass(frozen=True)
class Tally:
    """How many of ``total`` were right."""

    right: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        """right / total, or None when there is nothing to count."""
        return self.right / self.total if self.total else None

    def add(self, right: bool) -> Tally:
        """This tally with one more case."""
        return Tally(self.right + right, self.total + 1)


@dataclass(frozen=True)
class DomainRow:
    """The notes of one domain (a note's first tagged domain): in the right domain, and (those
    tagged with a task) in the right task."""

    domain: str
    in_domain: Tally
    in_task: Tally


@dataclass(frozen=True)
class TaskRow:
    """The notes of one task (a note's first tagged task): how many got that task."""

    domain: str
    task: str
    in_task: Tally


@dataclass(frozen=True)
class DeckScore:
    """One bundled deck scored on one exam it serves, by a model trained without that deck.

    ``in_domain`` counts the notes tagged with a domain of the exam, ``in_task`` those tagged
    with a task. ``unsure`` counts notes whose domain confidence is below ``min_confidence``;
    ``sure_domain`` and ``sure_task`` are the accuracies of the others.
    """

    deck: str
    exam: str
    examples: int
    in_domain: Tally
    in_task: Tally
    min_confidence: float
    unsure: int
    sure_domain: Tally
    sure_task: Tally
    domains: tuple[DomainRow, ...]
    tasks: tuple[TaskRow, ...]
    fit_seconds: float
    predict_seconds: float


Judged = tuple[str, list[Place]]


def _first(places: Sequence[Place]) -> Place:
    return next((p for p in places if p.task is not None), places[0])


class _Counts:
    """The tallies of one deck and exam, filled one note at a time."""

    def __init__(self, min_confidence: float) -> None:
        self.min_confidence = min_confidence
        self.in_domain = Tally()
        self.in_task = Tally()
        self.unsure = 0
        self.sure_domain = Tally()
        self.sure_task = Tally()
        self.domains: dict[str, tuple[Tally, Tally]] = {}
        self.tasks: dict[tuple[str, str], Tally] = {}

    def add(self, places: Sequence[Place], prediction: Prediction) -> None:
        domain_right = any(p.domain == prediction.domain for p in places)
        tasks = [p for p in places if p.task is not None]
        task_right = any(p.domain == prediction.domain and p.task == prediction.task for p in tasks)
        sure = prediction.domain_confidence >= self.min_confidence
        self.in_domain = self.in_domain.add(domain_right)
        self.unsure += not sure
        if sure:
            self.sure_domain = self.sure_domain.add(domain_right)
        first = _first(places)
        in_domain, in_task = self.domains.get(first.domain, (Tally(), Tally()))
        in_domain = in_domain.add(domain_right)
        if tasks:
            self.in_task = self.in_task.add(task_right)
            if sure:
                self.sure_task = self.sure_task.add(task_right)
            in_task = in_task.add(task_right)
            key = (first.domain, first.task or "")
            self.tasks[key] = self.tasks.get(key, Tally()).add(task_right)
        self.domains[first.domain] = (in_domain, in_task)


def score_deck(
    deck: BundledDeck,
    spec: ExamSpec,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    clock: Callable[[], float] = time.perf_counter,
) -> DeckScore | None:
    """``deck``'s notes tagged with a domain of ``spec``, predicted by a model trained without
    the deck; None when the deck has no such note."""
    judged: list[Judged] = [
        (note.text, places)
        for note in deck.notes
        if (places := [p for p in note.places if p.exam == spec.id])
    ]
    if not judged:
        return None
    examples = examples_for(spec, exclude_decks={deck.id})
    start = clock()
    classifier = train(spec, examples)
    fitted = clock()
    predictions = classifier.predict([text for text, _ in judged])
    predicted = clock()
    counts = _Counts(min_confidence)
    for (_, places), prediction in zip(judged, predictions, strict=True):
        counts.add(places, prediction)
    order = {d.id: i for i, d in enumerate(spec.domains)}
    task_order = {(d.id, t.id): i for d in spec.domains for i, t in enumerate(d.tasks)}
    return DeckScore(
        deck=deck.id,
        exam=spec.id,
        examples=len(examples),
        in_domain=counts.in_domain,
        in_task=counts.in_task,
        min_confidence=min_confidence,
        unsure=counts.unsure,
        sure_domain=counts.sure_domain,
        sure_task=counts.sure_task,
        domains=tuple(
            DomainRow(domain, *tallies)
            for domain, tallies in sorted(counts.domains.items(), key=lambda i: order[i[0]])
        ),
        tasks=tuple(
            TaskRow(domain, task, tally)
            for (domain, task), tally in sorted(
                counts.tasks.items(), key=lambda i: (order[i[0][0]], task_order[i[0]])
            )
        ),
        fit_seconds=fitted - start,
        predict_seconds=predicted - fitted,
    )


def evaluate(
    specs: Sequence[ExamSpec],
    *,
    decks: Collection[str] = (),
    exams: Collection[str] = (),
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    clock: Callable[[], float] = time.perf_counter,
) -> list[DeckScore]:
    """Every bundled deck (or those in ``decks``) on every exam it serves (or those of them in
    ``exams``) among ``specs``, each trained without the deck it scores."""
    by_id = {spec.id: spec for spec in specs}
    scores = []
    for deck in bundled_decks():
        if decks and deck.id not in decks:
            continue
        for exam in deck.exams:
            if exam not in by_id or (exams and exam not in exams):
                continue
            score = score_deck(deck, by_id[exam], min_confidence=min_confidence, clock=clock)
            if score is not None:
                scores.append(score)
    return scores
