"""The vectorised FSRS formulas give exactly what py-fsrs (through our Scheduler) gives."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from pmstudy.domain.model import Memory, Preset, Rating
from pmstudy.domain.scheduling import CardArrays, Scheduler, VecPresets, fuzz, fuzz_days, review

ORIGIN = dt.datetime(2026, 1, 1, 4, tzinfo=dt.UTC)
PRESETS = (
    Preset(),
    Preset(name="one step", learning_steps=(600,), relearning_steps=(300, 1200)),
    Preset(
        name="no relearning",
        learning_steps=(60, 600, 3600),
        relearning_steps=(60,),
        desired_retention=0.85,
        max_interval_days=120,
    ),
)


def _day(instant: dt.datetime) -> float:
    return (instant - ORIGIN) / dt.timedelta(days=1)


def _histories(seed: int, cards: int, answers: int) -> list[list[tuple[int, float]]]:
    rng = random.Random(seed)
    histories = []
    for _ in range(cards):
        history = []
        for _ in range(answers):
            gap = rng.choice([1 / 1440, 10 / 1440, 0.3, 1.0, 2.0, 5.5, 13.0, 40.0])
            history.append((rng.choice([1, 2, 3, 3, 3, 4]), gap))
        histories.append(history)
    return histories


@pytest.mark.parametrize("preset_index", [0, 1, 2])
def test_answer_by_answer_same_as_py_fsrs(preset_index: int) -> None:
    preset = PRESETS[preset_index]
    scheduler = Scheduler(preset)
    histories = _histories(preset_index, cards=40, answers=12)
    n = len(histories)
    cards = CardArrays(
        state=np.zeros(n, dtype=np.int64),
        step=np.full(n, -1, dtype=np.int64),
        stability=np.full(n, np.nan),
        difficulty=np.full(n, np.nan),
        last=np.full(n, np.nan),
        due=np.zeros(n),
        preset=np.full(n, preset_index, dtype=np.int64),
    )
    presets = VecPresets.of(PRESETS)
    memories = [Memory() for _ in range(n)]
    times = [ORIGIN + dt.timedelta(hours=8)] * n
    for step in range(12):
        ratings = np.array([h[step][0] for h in histories], dtype=np.int64)
        review(cards, np.arange(n), ratings, np.array([_day(t) for t in times]), presets, None)
        for i, history in enumerate(histories):
            memories[i] = scheduler.review(
                memories[i], Rating(history[step][0]), now=times[i], rng=None
            )
            m = memories[i]
            assert cards.state[i] == int(m.state), (i, step)
            assert cards.step[i] == (-1 if m.step is None else m.step), (i, step)
            assert cards.stability[i] == pytest.approx(m.stability, rel=1e-9)
            assert cards.difficulty[i] == pytest.approx(m.difficulty, rel=1e-9)
            assert m.due is not None
            assert cards.due[i] == pytest.approx(_day(m.due), abs=1e-6)
            times[i] = times[i] + dt.timedelta(days=history[step][1])


class _Fixed(random.Random):
    """A generator whose every draw is one given number."""

    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


def test_fuzz_is_the_scalar_fuzz_draw_for_draw() -> None:
    draws = np.linspace(0, 0.999999, 97)
    for interval in (1, 2, 3, 5, 8, 21, 60, 400, 36500):
        for maximum in (36500, 100):
            got = fuzz(np.full(len(draws), float(interval)), np.full(len(draws), maximum), draws)
            want = [fuzz_days(interval, maximum, _Fixed(float(u))) for u in draws]
            assert got.tolist() == [float(w) for w in want], (interval, maximum)
