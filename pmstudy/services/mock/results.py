"""What a finished mock shows: the score, and every item with the learner's answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pmstudy.db.mock import MockRecord
from pmstudy.domain.cards import Grade
from pmstudy.domain.exam import ExamSpec
from pmstudy.domain.mock import EndReason, ItemOutcome, MockKind, MockScore, score
from pmstudy.services.mock.run import MockItem


@dataclass(frozen=True, slots=True)
class ItemReview:
    """One item after the mock: the answer given, whether it was right, and why."""

    item: MockItem
    response: str
    correct: bool
    grade: Grade | None
    flagged: bool
    time_ms: int


@dataclass(frozen=True, slots=True)
class MockSummary:
    """One finished mock in the history."""

    id: int
    kind: MockKind
    profile_id: str
    title: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    items: int
    right: int
    scored: int
    full_length: bool

    @property
    def percent(self) -> float:
        """Share of scored items right, in percent."""
        return 100.0 * self.right / self.scored if self.scored else 0.0


@dataclass(frozen=True, slots=True)
class MockResult:
    """A finished mock: its score and its items for the review mode."""

    summary: MockSummary
    ended: EndReason | None
    notes: tuple[str, ...]
    score: MockScore
    items: tuple[ItemReview, ...]


def summary_of(record: MockRecord) -> MockSummary:
    """The history line of a stored mock."""
    return MockSummary(
        id=record.id,
        kind=record.kind,
        profile_id=record.profile_id,
        title=record.title,
        started_at=record.started_at,
        finished_at=record.finished_at,
        items=len(record.drawn),
        right=record.right or 0,
        scored=record.scored or 0,
        full_length=record.full_length,
    )


def reviews_of(record: MockRecord, items: list[MockItem]) -> tuple[ItemReview, ...]:
    """Each item graded as it was answered (a deleted card keeps its stored verdict)."""
    out = []
    for item, state in zip(items, record.state.items, strict=True):
        grade = item.grade(state.response) if state.answered else None
        stored = record.correct[item.position] if record.correct else None
        correct = bool(grade.correct) if grade is not None and item.card else bool(stored)
        out.append(ItemReview(item, state.response, correct, grade, state.flagged, state.time_ms))
    return tuple(out)


def result_of(spec: ExamSpec, record: MockRecord, items: list[MockItem]) -> MockResult:
    """The results of a mock from its record and items."""
    reviews = reviews_of(record, items)
    outcomes = [
        ItemOutcome(
            position=r.item.position,
            card_id=r.item.drawn.card_id,
            domain=r.item.drawn.domain,
            task=r.item.drawn.task,
            scored=r.item.drawn.scored,
            answered=bool(r.response.strip()),
            correct=r.correct,
            time_ms=r.time_ms,
            answered_ms=record.state.items[r.item.position].answered_ms,
        )
        for r in reviews
    ]
    return MockResult(
        summary=summary_of(record),
        ended=record.state.ended,
        notes=record.notes,
        score=score(spec, outcomes, record.state.limit_ms),
        items=reviews,
    )
