"""Optimiser benchmark: fit FSRS parameters to a deterministic 200,000-review history.

    .venv/bin/python bench/bench_optimize.py [--cards 25000] [--days 500] [--repeat 3]

The history is the synthetic learner of tests/tuning/synthetic.py (seeded, known true
parameters). Two measurements:

* engine: training data -> fitted parameters, in memory (what Anki's "Optimize" does);
* service: ``pmstudy optimize`` end to end on a SQLite collection (read the log, build the
  training data, fit, evaluate old and new, save). The collection is built once into
  bench/out/ and reused.

Against Anki itself (its scheduler's history, its fit, its evaluator): bench_optimize_anki.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from pmstudy.clock import FixedClock
from pmstudy.domain.scheduling import (
    DEFAULT_PARAMETERS,
    DayClock,
    LogColumns,
    build_training_set,
    evaluate,
)
from pmstudy.services.container import build_services
from pmstudy.services.tuning import fsrs_engine
from pmstudy.settings import Settings
from tests.tuning.support import write_history
from tests.tuning.synthetic import START, TRUE_PARAMETERS, generate, log_columns

OUT = Path(__file__).resolve().parent / "out"


def _log(cards: int, days: int) -> tuple[LogColumns, int]:
    history = generate(cards, days, seed=2026)
    return log_columns(history), len(history)


def bench_engine(cards: int, days: int, repeat: int) -> dict[str, object]:
    """In-memory: training data, engine items, fit (best and median of ``repeat``)."""
    log, reviews = _log(cards, days)
    started = time.perf_counter()
    data = build_training_set(log, DayClock())
    build = time.perf_counter() - started
    started = time.perf_counter()
    fsrs_engine.items_of(data)
    items = time.perf_counter() - started
    fits = []
    fitted: tuple[float, ...] = ()
    for _ in range(repeat):
        started = time.perf_counter()
        fitted = fsrs_engine.fit(data)
        fits.append(time.perf_counter() - started)
    started = time.perf_counter()
    old = evaluate(data, DEFAULT_PARAMETERS)
    new = evaluate(data, fitted)
    truth = evaluate(data, TRUE_PARAMETERS)
    evaluation = time.perf_counter() - started
    return {
        "reviews": reviews,
        "answers_used": data.answer_count,
        "training_items": data.item_count,
        "build_training_set_s": round(build, 3),
        "engine_items_s": round(items, 3),
        "fit_s_best": round(min(fits), 3),
        "fit_s_median": round(statistics.median(fits), 3),
        "evaluate_3x_s": round(evaluation, 3),
        "log_loss_defaults": round(old.log_loss, 5),
        "log_loss_fitted": round(new.log_loss, 5),
        "log_loss_true": round(truth.log_loss, 5),
    }


def bench_service(cards: int, days: int, repeat: int) -> dict[str, object]:
    """``OptimizeService.optimize`` on a SQLite collection, forced so every run saves."""
    now = START + dt.timedelta(days=days, hours=10)
    template = OUT / f"optimize-{cards}-{days}"
    if not (template / "pmstudy.sqlite3").exists():
        shutil.rmtree(template, ignore_errors=True)
        services = build_services(
            Settings(data_dir=template, timezone="UTC"), FixedClock(now), seed=1, sync_decks=False
        )
        write_history(services, generate(cards, days, seed=2026))
        services.close()
    services = build_services(
        Settings(data_dir=template, timezone="UTC"), FixedClock(now), seed=1, sync_decks=False
    )
    try:
        runs = []
        result = None
        for _ in range(repeat):
            started = time.perf_counter()
            [result] = services.optimizer.optimize(force=True)
            runs.append(time.perf_counter() - started)
    finally:
        services.close()
    assert result is not None
    return {
        "reviews_in_log": result.answers_read,
        "training_items": result.items,
        "optimize_s_best": round(min(runs), 3),
        "optimize_s_median": round(statistics.median(runs), 3),
        "of_which_fit_s": round(result.seconds, 3),
        "status": result.status,
    }


def main() -> None:
    """Run and print JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=25_000)
    parser.add_argument("--days", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-service", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    report: dict[str, object] = {"engine": bench_engine(args.cards, args.days, args.repeat)}
    if not args.skip_service:
        report["service"] = bench_service(args.cards, args.days, args.repeat)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
