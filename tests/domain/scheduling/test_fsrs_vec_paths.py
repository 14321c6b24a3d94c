"""Every rating path of the vectorised FSRS against py-fsrs 6.3.2 itself, same-day answers included.

Each case is a short history that brings a card to one place - new, each learning step, review
(answered on a later day or again the same day), each relearning step, a learning card left
until a later day - and then answers it with each of Again, Hard, Good and Easy. The case's
answers are replayed three ways: by ``fsrs_vec.review`` (all cases' k-th answers in one call,
mixing states and presets), by py-fsrs's own ``fsrs.Scheduler`` (fuzz off), and by pmstudy's
``Scheduler`` (py-fsrs with pmstudy's fuzz). State, step, stability, difficulty and due must
agree after every answer, without fuzz and with the same fuzz draw. Answers fall at 08:00 plus
whole days or minutes, so py-fsrs's 24-hour days and the study-day rule count the same days.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import fsrs
import numpy as np
import pytest

from pmstudy.domain.model import CardState, Memory, Preset, Rating
from pmstudy.domain.scheduling import CardArrays, Scheduler, VecPresets, review
from pmstudy.domain.scheduling.fsrs_vec import fuzz_bounds

ORIGIN = dt.datetime(2026, 1, 1, 4, tzinfo=dt.UTC)  # a study-day start (rollover 04:00 UTC)
START = ORIGIN + dt.timedelta(hours=4)
# Fitted-looking parameters far from the defaults: a same-day Hard then shrinks the
# short-term increase below 1 (the case py-fsrs 6.3.2 clamps, and 6.3.0/6.3.1 did not).
OTHER_PARAMETERS = (
    0.6, 2.4, 5.0, 14.0, 5.6, 0.6, 2.4, 0.02, 1.55, 0.12, 1.0, 1.9, 0.09, 0.32, 1.9,
    0.45, 2.3, 0.5425, 0.0912, 0.0658, 0.35,
)  # fmt: skip
PRESETS = (
    Preset(),
    Preset(name="one step", learning_steps=(600,), relearning_steps=(300, 1200)),
    Preset(
        name="three steps",
        learning_steps=(60, 600, 3600),
        relearning_steps=(60,),
        desired_retention=0.85,
        max_interval_days=120,
        fsrs_params=OTHER_PARAMETERS,
    ),
    Preset(name="no steps", learning_steps=(), relearning_steps=(), fsrs_params=OTHER_PARAMETERS),
)
MINUTE = 1 / 1440
# (name, answers before the tested one as (rating, days after the previous answer)); the tested
# answer comes ``gap`` days after the last of them.
PLACES: tuple[tuple[str, tuple[tuple[int, float], ...], float], ...] = (
    ("new", (), 0.0),
    ("learning step 0, same day", ((1, 0.0),), MINUTE),
    ("learning step 0 after Hard, same day", ((2, 0.0),), 6 * MINUTE),
    ("learning step 1, same day", ((3, 0.0),), 10 * MINUTE),
    ("learning step 2, same day", ((3, 0.0), (3, MINUTE)), 10 * MINUTE),
    ("learning, next day", ((1, 0.0),), 1.0),
    ("learning, days later", ((3, 0.0),), 4.0),
    ("review, due", ((4, 0.0),), 8.0),
    ("review, early", ((4, 0.0),), 2.0),
    ("review, overdue", ((4, 0.0),), 90.0),
    ("review, same day", ((4, 0.0),), 30 * MINUTE),
    ("review, same day twice", ((4, 0.0), (3, 5 * MINUTE)), 5 * MINUTE),
    ("relearning step 0, same day", ((4, 0.0), (1, 9.0)), 10 * MINUTE),
    ("relearning step 1, same day", ((4, 0.0), (1, 9.0), (3, 5 * MINUTE)), 20 * MINUTE),
    ("relearning, next day", ((4, 0.0), (1, 9.0)), 1.0),
    ("relearning after Hard, same day", ((4, 0.0), (1, 9.0), (2, 5 * MINUTE)), 8 * MINUTE),
)
_STATE = {
    fsrs.State.Learning: CardState.LEARNING,
    fsrs.State.Review: CardState.REVIEW,
    fsrs.State.Relearning: CardState.RELEARNING,
}


@dataclass(frozen=True)
class Case:
    """One card: its preset and its answers as (rating, instant)."""

    name: str
    preset: int
    answers: tuple[tuple[int, dt.datetime], ...]


def _cases() -> list[Case]:
    cases = []
    for preset in range(len(PRESETS)):
        for name, before, gap in PLACES:
            for rating in (1, 2, 3, 4):
                at = START
                answers = []
                for previous, days in before:
                    at = at + dt.timedelta(days=days)
                    answers.append((previous, at))
                at = at + dt.timedelta(days=gap)
                answers.append((rating, at))
                label = f"{PRESETS[preset].name}: {name}, then {Rating(rating).name}"
                cases.append(Case(label, preset, tuple(answers)))
    return cases


CASES = _cases()


def _day(instant: dt.datetime) -> float:
    return (instant - ORIGIN) / dt.timedelta(days=1)


def _py_fsrs(preset: Preset) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        parameters=preset.fsrs_params or fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=preset.desired_retention,
        learning_steps=tuple(dt.timedelta(seconds=s) for s in preset.learning_steps),
        relearning_steps=tuple(dt.timedelta(seconds=s) for s in preset.relearning_steps),
        maximum_interval=preset.max_interval_days,
        enable_fuzzing=False,
    )


def _vec_run(draws: list[list[float]] | None) -> list[list[tuple[int, int, float, float, float]]]:
    """Every case answered by ``fsrs_vec.review``: (state, step, S, D, due day) per answer.

    The k-th answers of all cases go in one call; ``draws[i][k]`` is case i's fuzz draw.
    """
    n = len(CASES)
    cards = CardArrays(
        state=np.zeros(n, dtype=np.int64),
        step=np.full(n, -1, dtype=np.int64),
        stability=np.full(n, np.nan),
        difficulty=np.full(n, np.nan),
        last=np.full(n, np.nan),
        due=np.zeros(n),
        preset=np.asarray([c.preset for c in CASES], dtype=np.int64),
    )
    presets = VecPresets.of(PRESETS)
    out: list[list[tuple[int, int, float, float, float]]] = [[] for _ in range(n)]
    for k in range(max(len(c.answers) for c in CASES)):
        rows = np.asarray([i for i, c in enumerate(CASES) if len(c.answers) > k], dtype=np.int64)
        rating = np.asarray([CASES[i].answers[k][0] for i in rows], dtype=np.int64)
        now = np.asarray([_day(CASES[i].answers[k][1]) for i in rows])
        uniform = None if draws is None else np.asarray([draws[i][k] for i in rows])
        review(cards, rows, rating, now, presets, uniform)
        for i in rows.tolist():
            out[i].append(
                (
                    int(cards.state[i]),
                    int(cards.step[i]),
                    float(cards.stability[i]),
                    float(cards.difficulty[i]),
                    float(cards.due[i]),
                )
            )
    return out


def test_the_cases_reach_every_state_and_rating() -> None:
    """The places really are what their names say (else the comparison proves less)."""
    seen = set()
    for case in CASES:
        card = fsrs.Card()
        scheduler = _py_fsrs(PRESETS[case.preset])
        for rating, at in case.answers[:-1]:
            card, _ = scheduler.review_card(card, fsrs.Rating(rating), at)
        before = "new" if card.stability is None else card.state.name
        last = case.answers[-1][1]
        same_day = card.last_review is not None and (last - card.last_review).days < 1
        seen.add((before, same_day, case.answers[-1][0]))
    for state in ("Learning", "Review", "Relearning"):
        for same_day in (True, False):
            for rating in (1, 2, 3, 4):
                assert (state, same_day, rating) in seen
    assert {("new", False, r) for r in (1, 2, 3, 4)} <= seen


def test_without_fuzz_every_answer_is_py_fsrs_own() -> None:
    got = _vec_run(None)
    for case, vec in zip(CASES, got, strict=True):
        scheduler = _py_fsrs(PRESETS[case.preset])
        card = fsrs.Card()
        for k, (rating, at) in enumerate(case.answers):
            card, _ = scheduler.review_card(card, fsrs.Rating(rating), at)
            state, step, stability, difficulty, due = vec[k]
            where = f"{case.name}, answer {k + 1}"
            assert state == int(_STATE[card.state]), where
            assert step == (-1 if card.step is None else card.step), where
            assert stability == pytest.approx(card.stability, rel=1e-12), where
            assert difficulty == pytest.approx(card.difficulty, rel=1e-12), where
            assert due == pytest.approx(_day(card.due), abs=1e-9), where


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_with_fuzz_every_answer_is_the_schedulers_with_the_same_draw(seed: int) -> None:
    """pmstudy's Scheduler (py-fsrs, its fuzz from a seeded generator) and the vector code
    given that generator's draws agree, intervals included."""
    rng = random.Random(seed)
    draws = [[rng.random() for _ in case.answers] for case in CASES]
    got = _vec_run(draws)
    fuzzed = 0
    for i, (case, vec) in enumerate(zip(CASES, got, strict=True)):
        scheduler = Scheduler(PRESETS[case.preset])
        memory = Memory()
        for k, (rating, at) in enumerate(case.answers):
            plain = scheduler.review(memory, Rating(rating), now=at, rng=None)
            memory = scheduler.review(memory, Rating(rating), now=at, rng=_Draw(draws[i][k]))
            state, step, stability, difficulty, due = vec[k]
            where = f"{case.name}, answer {k + 1}"
            assert state == int(memory.state), where
            assert step == (-1 if memory.step is None else memory.step), where
            assert stability == pytest.approx(memory.stability, rel=1e-12), where
            assert difficulty == pytest.approx(memory.difficulty, rel=1e-12), where
            assert memory.due is not None
            assert plain.due is not None
            assert due == pytest.approx(_day(memory.due), abs=1e-9), where
            fuzzed += memory.due != plain.due
    assert fuzzed > 50  # the fuzz did move intervals


class _Draw(random.Random):
    """A generator whose every draw is one given number."""

    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


@pytest.mark.parametrize("interval", [3, 5, 8, 13, 21, 45, 100, 365, 3000])
def test_fuzz_range_is_py_fsrs_range(interval: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """py-fsrs's own fuzz, at draws 0 and just under the top of each whole day, lands on
    exactly the days of our range (py-fsrs rounds, so its top draw can overshoot by a day:
    pmstudy keeps to the range)."""
    bounds = fuzz_bounds(np.asarray([float(interval)]), np.asarray([36500]))
    low, high = (int(v[0]) for v in bounds)
    width = high - low + 1
    scheduler = fsrs.Scheduler(enable_fuzzing=True)
    days = set()
    for j in range(width):
        value = (j + 0.49) / width
        monkeypatch.setattr(fsrs.scheduler, "random", lambda v=value: v)
        fuzzed = scheduler._get_fuzzed_interval(interval=dt.timedelta(days=interval))
        days.add(fuzzed.days)
    assert days == set(range(low, high + 1))
