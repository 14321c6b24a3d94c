"""The report with the plan is kept like the rest (issue 21: the exams screen took 0.7–1.9 s to
fill at 20k cards, simulating the same plan up to four times): asked again, or by two threads
at once, the plan is simulated once; any commit, a new minute or another exam setting start
anew."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

import pmstudy.services.exams.report as report_module
from pmstudy.clock import FixedClock
from pmstudy.domain.model import Rating
from pmstudy.services.container import Services
from pmstudy.services.exams.cache import VersionCache


@pytest.fixture
def simulations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per plan simulated (the real simulation runs)."""
    made: list[int] = []
    real = report_module.simulate

    def counted(*args: object, **kwargs: object) -> object:
        made.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(report_module, "simulate", counted)
    return made


def test_the_plan_is_simulated_once_until_something_changes(
    services: Services, clock: FixedClock, simulations: list[int]
) -> None:
    goal = services.exams.add("psm-1", "2027-01-10", exam_mode=True)
    services.exams.report(goal.id, backtest=True)  # writes the day's readiness point
    first = services.exams.report(goal.id, backtest=True)
    assert len(simulations) == 2  # the point's commit emptied the cache once
    assert services.exams.report(goal.id, backtest=True) is first
    assert services.exams.report(goal.id).plan is not None  # without the back-test: its own
    assert len(simulations) == 3
    clock.advance(minutes=1)
    services.exams.report(goal.id, backtest=True)
    assert len(simulations) == 4
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck)
    assert session.next_card() is not None
    session.answer(Rating.GOOD, duration_ms=5000)
    after = services.exams.report(goal.id, backtest=True)
    assert len(simulations) == 5
    assert after.progress.new_done == first.progress.new_done + 1


def test_two_threads_asking_for_the_same_plan_simulate_it_once(
    services: Services, simulations: list[int]
) -> None:
    goal = services.exams.add("psm-1", "2027-01-10", exam_mode=True)
    services.exams.report(goal.id)  # the day's point written: the next plan is kept
    del simulations[:]
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: services.exams.report(goal.id), range(4)))
    assert len(simulations) == 1
    assert all(f is found[0] for f in found)


def test_a_key_being_loaded_is_waited_for_not_loaded_again() -> None:
    cache = VersionCache(lambda: 1)
    started, release = threading.Event(), threading.Event()
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        started.set()
        release.wait(5)
        return 42

    def ask(load: Callable[[], int]) -> int:
        return cache.get("key", load)

    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(ask, load)
        assert started.wait(5)
        others = [pool.submit(ask, load) for _ in range(2)]
        release.set()
        assert [first.result(5), *(o.result(5) for o in others)] == [42, 42, 42]
    assert loads == [1]


def test_a_failed_load_is_tried_again_by_the_one_waiting() -> None:
    cache = VersionCache(lambda: 1)
    started, release = threading.Event(), threading.Event()

    def failing() -> int:
        started.set()
        release.wait(5)
        raise ValueError("broken")

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.get, "key", failing)
        assert started.wait(5)
        second = pool.submit(cache.get, "key", lambda: 7)
        release.set()
        with pytest.raises(ValueError, match="broken"):
            first.result(5)
        assert second.result(5) == 7
    assert cache.get("key", lambda: 8) == 7
