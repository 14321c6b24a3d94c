"""Study-loop benchmark: start-up, deck tree, queue build, answer->next latency, peak RSS.

    .venv/bin/python bench/bench_study.py [--sizes 10000 100000] [--answers 300]

Collections are generated deterministically (bench/collection.py) into bench/out/ and reused.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.collection import NOW, make_collection
from pmstudy.clock import FixedClock
from pmstudy.domain.model import Rating
from pmstudy.services.container import build_services
from pmstudy.services.decks import CHOSEN_EXAMS_KEY
from pmstudy.settings import Settings

OUT = Path(__file__).resolve().parent / "out"

TUI_PROBE = """
import asyncio, sys, time
started = time.perf_counter()
import datetime as dt
from pathlib import Path
from pmstudy.clock import FixedClock
from pmstudy.services.container import build_services
from pmstudy.services.decks import CHOSEN_EXAMS_KEY
from pmstudy.settings import Settings
from pmstudy.tui.app import PmStudyApp

async def main() -> None:
    services = build_services(Settings(data_dir=Path(sys.argv[1]), timezone="UTC"),
                              FixedClock(dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)), seed=1)
    app = PmStudyApp(services=services)
    painted = asyncio.get_running_loop().create_future()
    async with app.run_test(size=(120, 40)):
        # the first frame of the first screen is on the terminal: keys work from here on
        app.screen.call_after_refresh(lambda: painted.set_result(time.perf_counter()))
        print(f"{await painted - started:.3f}")
    services.close()

asyncio.run(main())
"""
TUI_RUNS = 5


def _tui_start(directory: Path) -> float | None:
    """Median over TUI_RUNS fresh processes: process start to the first painted frame."""
    times = []
    for _ in range(TUI_RUNS):
        try:
            result = subprocess.run(
                [sys.executable, "-c", TUI_PROBE, str(directory)],
                capture_output=True,
                text=True,
                check=True,
                cwd=Path(__file__).resolve().parent.parent,
            )
            times.append(float(result.stdout.strip().splitlines()[-1]))
        except (subprocess.CalledProcessError, ValueError) as exc:
            print(f"TUI start not measured: {exc}", file=sys.stderr)
            return None
    return round(statistics.median(times), 3)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def bench(size: int, answers: int) -> dict[str, object]:
    """Measure one collection size."""
    pristine = OUT / f"pristine-{size}"
    pristine.mkdir(parents=True, exist_ok=True)
    marker = pristine / "made.json"
    if not marker.exists():
        started = time.perf_counter()
        made = make_collection(pristine / "pmstudy.sqlite3", cards=size, reviews_per_card=10)
        made["seconds"] = round(time.perf_counter() - started, 2)
        marker.write_text(json.dumps(made))
    made = json.loads(marker.read_text())
    # bring the pristine collection to the current schema once, so no run measures a migration
    build_services(Settings(data_dir=pristine, timezone="UTC"), FixedClock(NOW), seed=1).close()
    shutil.rmtree(pristine / "backups", ignore_errors=True)
    # every run starts from the same untouched collection
    directory = OUT / f"study-{size}"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    shutil.copy(pristine / "pmstudy.sqlite3", directory / "pmstudy.sqlite3")

    clock = FixedClock(NOW)
    settings = Settings(data_dir=directory, timezone="UTC")
    started = time.perf_counter()
    services = build_services(settings, clock, seed=1)
    startup = time.perf_counter() - started

    started = time.perf_counter()
    tree = services.study.deck_tree()
    tree_time = time.perf_counter() - started
    root = next(n for n in tree if n.name == "Bench")

    # the exam service (and NumPy) load on first use; the TUI does it behind the first frame
    started = time.perf_counter()
    services.exams.due_policy()
    exams_first_use = time.perf_counter() - started

    started = time.perf_counter()
    session = services.study.start(root.id)
    queue_time = time.perf_counter() - started

    latencies = []
    card = session.next_card()
    ratings = [Rating.GOOD, Rating.GOOD, Rating.HARD, Rating.AGAIN, Rating.EASY]
    for index in range(answers):
        if card is None:
            break
        session.rendered()
        session.intervals()
        clock.advance(seconds=7)
        started = time.perf_counter()
        session.answer(ratings[index % len(ratings)], duration_ms=7000)
        card = session.next_card()
        if card is not None:
            session.rendered()
            session.intervals()
        latencies.append(time.perf_counter() - started)
    services.close()

    # first start: the first-run screen asks which exams to prepare for
    tui_first_run = _tui_start(directory)
    # every later start: the dashboard
    with sqlite3.connect(directory / "pmstudy.sqlite3") as connection:
        connection.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            (CHOSEN_EXAMS_KEY, json.dumps([])),
        )
    connection.close()
    tui = _tui_start(directory)

    latencies.sort()
    return {
        "cards": made["cards"],
        "reviews": made["reviews"],
        "generate_s": made["seconds"],
        "services_start_ms": _ms(startup),
        "tui_first_run_screen_s": tui_first_run,
        "tui_dashboard_s": tui,
        "deck_tree_ms": _ms(tree_time),
        "exam_service_first_use_ms": _ms(exams_first_use),
        "queue_build_ms": _ms(queue_time),
        "answers": len(latencies),
        "answer_next_p50_ms": _ms(statistics.median(latencies)),
        "answer_next_p99_ms": _ms(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    """Run and print a JSON report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--answers", type=int, default=300)
    args = parser.parse_args()
    report = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "results": []}
    for size in args.sizes:
        report["results"].append(bench(size, args.answers))  # type: ignore[union-attr]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    main()
