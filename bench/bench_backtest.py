"""Readiness back-test benchmark: ``BacktestService.run`` on the bench collection.

    .venv/bin/python bench/bench_backtest.py [--cards 100000] [--rounds 5]

The collection is bench/collection.py's (``--cards`` cards, 10 answers per studied card), kept
in bench/out/backtest-<cards>/. Its log is written with each card's *latest* answer marked as
the learning one, so no history would replay; here the earliest answer of each card becomes its
learning answer (state before: new) and the others reviews, so every studied card is tested.

Reports wall and CPU time (best and median) of the whole call and of its parts: reading the log,
building the training data, predicting every answer, and the rows and recalibration. The
back-test runs only when asked for (``pmstudy readiness --backtest``, the back-test screen), so
none of this is on a start-up path.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.collection import NOW, make_collection
from pmstudy.clock import FixedClock
from pmstudy.db.tuning import TuningRepository
from pmstudy.domain.exam import backtest, outcomes
from pmstudy.domain.scheduling import build_training_set
from pmstudy.services.backtest import parameters_per_card
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings

OUT = Path(__file__).resolve().parent / "out"
T = TypeVar("T")


def prepare(cards: int) -> Path:
    """The collection, with each card's history starting at its earliest answer."""
    data = OUT / f"backtest-{cards}"
    data.mkdir(parents=True, exist_ok=True)
    db = data / "pmstudy.sqlite3"
    if not db.exists():
        make_collection(db, cards=cards, reviews_per_card=10)
        with sqlite3.connect(db) as connection:
            connection.execute("UPDATE review_log SET state_before = 2, kind = 'review'")
            # SQLite's bare column beside MIN(): the id of each card's earliest answer
            connection.execute(
                "UPDATE review_log SET state_before = 0, kind = 'learn' WHERE id IN "
                "(SELECT id FROM (SELECT id, MIN(answered_at) FROM review_log GROUP BY card_id))"
            )
    return data


def _timed(call: Callable[[], T]) -> tuple[float, float, T]:
    start, start_cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - start, time.process_time() - start_cpu, result


def _summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    walls = [w for w, _ in samples]
    return {
        "best_ms": round(min(walls) * 1000, 1),
        "median_ms": round(statistics.median(walls) * 1000, 1),
        "best_cpu_ms": round(min(c for _, c in samples) * 1000, 1),
    }


def parts(services: Services) -> dict[str, tuple[float, float]]:
    """The service's steps, each timed."""
    found: dict[str, tuple[float, float]] = {}

    def read() -> tuple[object, ...]:
        with services.sessions() as session:
            repo = TuningRepository(session)
            decks = {deck: preset for deck, _, preset in repo.decks()}
            presets = {p.id: p for p in repo.presets() if p.id is not None}
            return decks, presets, repo.log_columns(None)

    wall, cpu, (decks, presets, log) = _timed(read)
    found["read_log"] = (wall, cpu)
    wall, cpu, data = _timed(lambda: build_training_set(log, services.days))  # type: ignore[arg-type]
    found["training_data"] = (wall, cpu)
    matrix = parameters_per_card(data, decks, presets)  # type: ignore[arg-type]
    wall, cpu, tests = _timed(lambda: outcomes(data, matrix))
    found["predict"] = (wall, cpu)
    wall, cpu, _ = _timed(lambda: backtest(tests))
    found["rows_and_recalibration"] = (wall, cpu)
    return found


def main() -> None:
    """Run and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = prepare(args.cards)
    settings = Settings(data_dir=data, timezone="UTC")
    with build_services(settings, FixedClock(NOW), seed=1, sync_decks=False) as services:
        runs = []
        result = None
        for _ in range(args.rounds):
            wall, cpu, result = _timed(services.backtest.run)
            runs.append((wall, cpu))
        steps: dict[str, list[tuple[float, float]]] = {}
        for _ in range(args.rounds):
            for name, sample in parts(services).items():
                steps.setdefault(name, []).append(sample)
    assert result is not None
    print(
        json.dumps(
            {
                "cards": args.cards,
                "answers_tested": result.answers,
                "cards_tested": result.cards,
                "run": _summary(runs),
                "parts": {name: _summary(samples) for name, samples in steps.items()},
                "rows": [(row.horizon_days, row.answers) for row in result.rows],
                "recalibration": result.recalibration.status.value,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
