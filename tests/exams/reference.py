"""A slow, obviously-correct simulated learner on the real scheduler (py-fsrs) and exam rule.

It follows the same day as the vectorised simulation (pmstudy.domain.exam.simulation): due reviews
(recalled with probability R), then the day's new cards, then learning steps until they
graduate, each answer through ``Scheduler.review`` with fuzz and, with exam mode, through
``apply_exam_mode``. The tests use it to check the fast simulation and to compare exam mode
with plain FSRS.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from pmstudy.domain.exam import ExamModeRule, apply_exam_mode
from pmstudy.domain.model import CardState, Memory, Preset, Rating
from pmstudy.domain.scheduling import DayClock, LearnerProfile, Scheduler, retrievability

START = dt.datetime(2026, 1, 5, 4, tzinfo=dt.UTC)  # a study day's start (UTC, 4 am rollover)
DAYS = DayClock(dt.UTC, 4)
DEFAULT_LEARNER = LearnerProfile()


@dataclass(frozen=True)
class Outcome:
    """Mean exam-day recall and answers given."""

    recall: float
    answers: int
    moved: int


def _pick(rng: random.Random, mix: tuple[float, ...], first: int) -> Rating:
    return Rating(rng.choices(range(first, first + len(mix)), weights=mix)[0])


def run(
    *,
    cards: int,
    new_per_day: list[int],
    exam_day: int,
    preset: Preset,
    seed: int,
    exam_rule: ExamModeRule | None = None,
    learner: LearnerProfile = DEFAULT_LEARNER,
    review_hour: float = 8.0,
) -> Outcome:
    """Simulate ``cards`` new cards introduced per ``new_per_day`` up to ``exam_day``."""
    scheduler = Scheduler(preset)
    rng = random.Random(seed)
    memories = [Memory() for _ in range(cards)]
    exam_at = START + dt.timedelta(days=exam_day, hours=5)
    intro: list[int] = []
    for day, count in enumerate(new_per_day):
        intro.extend([day] * count)
    load: Counter[int] = Counter()
    answers = moved = 0
    for day in range(exam_day):
        now = START + dt.timedelta(days=day, hours=review_hour)
        end = DAYS.next_day_start(now)
        todo = []
        for i, m in enumerate(memories):
            if m.state == CardState.REVIEW and m.due is not None and m.due < end:
                todo.append(i)
        for i in todo:
            m = memories[i]
            recalled = rng.random() < retrievability(m, now, scheduler.parameters)
            rating = _pick(rng, learner.pass_mix, 2) if recalled else Rating.AGAIN
            memories[i], did_move = _answer(scheduler, m, rating, now, rng, exam_rule, load)
            moved += did_move
            answers += 1
        for i in range(cards):
            if i < len(intro) and intro[i] == day:
                rating = _pick(rng, learner.first_mix, 1)
                memories[i], did_move = _answer(
                    scheduler, memories[i], rating, now, rng, exam_rule, load
                )
                moved += did_move
                answers += 1
        for _ in range(20):
            waiting = [
                i
                for i, m in enumerate(memories)
                if m.state in (CardState.LEARNING, CardState.RELEARNING)
                and m.due is not None
                and m.due < end
            ]
            if not waiting:
                break
            for i in waiting:
                m = memories[i]
                assert m.due is not None
                at = max(m.due, now)
                rating = _pick(rng, learner.step_mix, 1)
                memories[i], did_move = _answer(scheduler, m, rating, at, rng, exam_rule, load)
                moved += did_move
                answers += 1
    recall = sum(retrievability(m, exam_at, scheduler.parameters) for m in memories) / cards
    return Outcome(recall, answers, moved)


def _answer(
    scheduler: Scheduler,
    memory: Memory,
    rating: Rating,
    now: dt.datetime,
    rng: random.Random,
    rule: ExamModeRule | None,
    load: Counter[int],
) -> tuple[Memory, int]:
    after = scheduler.review(memory, rating, now=now, rng=random.Random(rng.random()))
    if rule is None:
        return after, 0
    # The load counts only moved reviews: the tests give a capacity no day reaches.
    moved, day = apply_exam_mode(
        after, now=now, rule=rule, days=DAYS, parameters=scheduler.parameters, load=load
    )
    if day is None:
        return after, 0
    load[day] += 1
    return moved, 1
