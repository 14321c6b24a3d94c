"""A session's end-of-session numbers: answers, time, ratings, right answers per exam domain and
the graded cards' accuracy (multiple choice, type-in, matching, ordering, numeric)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pmstudy.domain.exam import exam_tag
from pmstudy.domain.model import Rating


@dataclass(frozen=True)
class Tally:
    """Answers and how many were right."""

    answers: int = 0
    right: int = 0

    @property
    def share(self) -> float:
        """Share right (0 with no answer)."""
        return self.right / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class SummaryAnswer:
    """One answer as the summary counts it."""

    rating: Rating
    duration_ms: int
    domains: tuple[tuple[str, str], ...]  # (profile, domain) of the card's exam tags
    correct: bool | None  # None: the learner judged (then right means not Again)

    @property
    def right(self) -> bool:
        """Graded right, or (self-judged) not Again."""
        return self.correct if self.correct is not None else self.rating != Rating.AGAIN


def domains_of(tags: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The (profile, domain) pairs a card's ``exam::<profile>::<domain>`` tags name, once each."""
    found: dict[tuple[str, str], None] = {}
    for tag in tags:
        parsed = exam_tag(tag)
        if parsed is not None:
            found[(parsed[0], parsed[1])] = None
    return tuple(found)


@dataclass
class SessionSummary:
    """The end-of-session numbers, all read from the answers given (undone ones taken out)."""

    answers: list[SummaryAnswer] = field(default_factory=list)

    def count(self, answer: SummaryAnswer) -> None:
        """Add an answer to the numbers."""
        self.answers.append(answer)

    def forget(self) -> None:
        """Take an undone answer (always the last one counted) out of the numbers."""
        if self.answers:
            self.answers.pop()

    @property
    def answered(self) -> int:
        """Answers given."""
        return len(self.answers)

    @property
    def again(self) -> int:
        """Answers rated Again."""
        return sum(a.rating == Rating.AGAIN for a in self.answers)

    @property
    def seconds(self) -> float:
        """Time spent answering."""
        return sum(a.duration_ms for a in self.answers) / 1000

    @property
    def by_rating(self) -> dict[int, int]:
        """Answers per rating."""
        counts: dict[int, int] = {}
        for answer in self.answers:
            counts[int(answer.rating)] = counts.get(int(answer.rating), 0) + 1
        return counts

    @property
    def again_rate(self) -> float:
        """Share of answers that were Again."""
        return self.again / self.answered if self.answered else 0.0

    @property
    def graded(self) -> Tally:
        """Answers the card kind graded (a pick, a typed or ordered answer), and those right."""
        graded = [a for a in self.answers if a.correct is not None]
        return Tally(len(graded), sum(a.right for a in graded))

    @property
    def by_domain(self) -> dict[tuple[str, str], Tally]:
        """Answers and right answers per exam domain, (profile, domain) in first-seen order."""
        tallies: dict[tuple[str, str], Tally] = {}
        for answer in self.answers:
            for key in answer.domains:
                was = tallies.get(key, Tally())
                tallies[key] = Tally(was.answers + 1, was.right + answer.right)
        return tallies
