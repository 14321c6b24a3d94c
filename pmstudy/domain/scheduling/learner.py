"""How this learner answers: rating mix and time per answer, from their own review log.

Used by the plan simulation. Until the log has enough answers of a kind, the defaults stand in:
the first-answer and pass mixes are the defaults of the FSRS simulator (fsrs-rs
``SimulatorConfig``: first answer Again/Hard/Good/Easy 0.24/0.094/0.495/0.171; a passed review
Hard/Good/Easy 0.224/0.631/0.145); the learning-step mix and the 8 seconds per answer are
pmstudy's assumptions (docs/readiness.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pmstudy.domain.model import CardState, Rating

DEFAULT_FIRST_MIX = (0.24, 0.094, 0.495, 0.171)
DEFAULT_PASS_MIX = (0.224, 0.631, 0.145)
DEFAULT_STEP_MIX = (0.05, 0.05, 0.85, 0.05)
DEFAULT_SECONDS = 8.0
# Below this many answers of a kind, the learner's own mix is too noisy to use.
MIN_ANSWERS = 30


def _normalised(counts: Iterable[float]) -> tuple[float, ...]:
    values = tuple(float(c) for c in counts)
    total = sum(values)
    return tuple(v / total for v in values)


@dataclass(frozen=True, slots=True)
class LearnerProfile:
    """Rating mixes (probabilities summing to 1) and seconds per answer."""

    first_mix: tuple[float, ...] = DEFAULT_FIRST_MIX
    pass_mix: tuple[float, ...] = DEFAULT_PASS_MIX
    step_mix: tuple[float, ...] = DEFAULT_STEP_MIX
    seconds_per_answer: float = DEFAULT_SECONDS
    answers: int = 0
    reviews: int = 0
    own_first: bool = False
    own_pass: bool = False
    own_step: bool = False
    own_seconds: bool = False

    def __post_init__(self) -> None:
        for name, mix, size in (
            ("first_mix", self.first_mix, 4),
            ("pass_mix", self.pass_mix, 3),
            ("step_mix", self.step_mix, 4),
        ):
            if len(mix) != size or abs(sum(mix) - 1.0) > 1e-6 or min(mix) < 0:
                raise ValueError(f"{name} needs {size} probabilities that add up to 1")
        if self.seconds_per_answer <= 0:
            raise ValueError("seconds per answer must be positive")


def learner_from_log(rows: Iterable[tuple[int, int, int]]) -> LearnerProfile:
    """A profile from (state before, rating, duration ms) of recent answers."""
    groups: dict[tuple[int, int], list[int]] = {}
    for state_before, rating, duration_ms in rows:
        group = groups.setdefault((state_before, rating), [0, 0, 0])
        group[0] += 1
        if duration_ms > 0:
            group[1] += 1
            group[2] += duration_ms
    return learner_from_counts((s, r, n, timed, ms) for (s, r), (n, timed, ms) in groups.items())


def learner_from_counts(groups: Iterable[tuple[int, int, int, int, int]]) -> LearnerProfile:
    """A profile from recent answers counted per (state before, rating).

    Each group is (state before, rating, answers, answers with a duration, their total ms);
    the database counts them (``learner_from_log`` does the same from single answers).
    """
    first = [0, 0, 0, 0]
    passed = [0, 0, 0]
    steps = [0, 0, 0, 0]
    timed = 0
    total_ms = 0
    answers = 0
    reviews = 0
    for state_before, rating, count, timed_count, ms in groups:
        if not int(Rating.AGAIN) <= rating <= int(Rating.EASY):
            continue
        answers += count
        timed += timed_count
        total_ms += ms
        if state_before == int(CardState.NEW):
            first[rating - 1] += count
        elif state_before == int(CardState.REVIEW):
            reviews += count
            if rating >= int(Rating.HARD):
                passed[rating - 2] += count
        else:
            steps[rating - 1] += count
    own_first = sum(first) >= MIN_ANSWERS
    own_pass = sum(passed) >= MIN_ANSWERS
    own_step = sum(steps) >= MIN_ANSWERS
    own_seconds = timed >= MIN_ANSWERS
    return LearnerProfile(
        first_mix=_normalised(first) if own_first else DEFAULT_FIRST_MIX,
        pass_mix=_normalised(passed) if own_pass else DEFAULT_PASS_MIX,
        step_mix=_normalised(steps) if own_step else DEFAULT_STEP_MIX,
        seconds_per_answer=total_ms / timed / 1000 if own_seconds else DEFAULT_SECONDS,
        answers=answers,
        reviews=reviews,
        own_first=own_first,
        own_pass=own_pass,
        own_step=own_step,
        own_seconds=own_seconds,
    )
