"""Study-loop benchmark: start-up, deck tree, queue build, answer->next latency, peak RSS.

    .venv/bin/python bench/bench_study.py [--sizes 10000 100000] [--answers 300]

Collections are generated deterministically (bench/collection.py) into bench/out/ and reused.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
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

# The real start (`pmstudy --data-dir D`: parser, settings, services, app) with App.run
# swapped for a headless run that records when the first frame and the deck counts are
# painted. Times are CLOCK_MONOTONIC (time.perf_counter), shared by every process, so the
# parent subtracts the moment it spawned the process: interpreter start-up counts too.
TUI_PROBE = """
import asyncio, resource, sys, time
import textual.app

def run(self, *args, **kwargs):
    async def main():
        loop = asyncio.get_running_loop()
        async with self.run_test(size=(120, 40)):
            painted = loop.create_future()
            self.screen.call_after_refresh(lambda: painted.set_result(time.perf_counter()))
            first = await painted
            from pmstudy.tui.widgets.deck_table import DeckTable

            # the database opens behind the first frame: then the first-run question (no deck
            # counts), or the deck counts
            def shown():
                if type(self.screen).__name__ == "FirstRunScreen":
                    return True
                tables = self.screen.query(DeckTable)
                return bool(tables) and tables.first().row_count > 0

            while not shown():
                await asyncio.sleep(0.002)
            counted = loop.create_future()
            self.screen.call_after_refresh(lambda: counted.set_result(time.perf_counter()))
            cpu = resource.getrusage(resource.RUSAGE_SELF)
            print(f"{first} {await counted} {cpu.ru_utime + cpu.ru_stime}")
    asyncio.run(main())

textual.app.App.run = run
from pmstudy.cli import main
main(["--data-dir", sys.argv[1]])
"""

# A bare Textual app with a header, a table and a footer: the floor pmstudy is measured against.
BARE_PROBE = """
import asyncio, resource, time
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Deck", "New", "Learn", "Due", "Total")
        table.add_row("Bench", "20", "0", "100", "10000")

async def main():
    app = Bare()
    loop = asyncio.get_running_loop()
    async with app.run_test(size=(120, 40)):
        painted = loop.create_future()
        app.screen.call_after_refresh(lambda: painted.set_result(time.perf_counter()))
        first = await painted
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        print(f"{first} {first} {cpu.ru_utime + cpu.ru_stime}")

asyncio.run(main())
"""
TUI_RUNS = 7


def _spawn(probe: str, *args: str) -> tuple[float, float, float]:
    """Seconds from spawning a process to its first frame and to its deck counts, and the
    CPU seconds it used by the first frame (steadier than the clock on a busy machine)."""
    spawned = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PMSTUDY_TIMEZONE": "UTC"},
    )
    first, counted, cpu = (float(v) for v in result.stdout.split()[-3:])
    return first - spawned, counted - spawned, cpu


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def _tui_start(directory: Path) -> dict[str, object] | None:
    """pmstudy's dashboard and a bare Textual app, alternating in fresh processes, TUI_RUNS
    each: medians and spread of the first frame, of the deck counts, and their ratio."""
    app: list[tuple[float, float, float]] = []
    bare: list[tuple[float, float, float]] = []
    try:
        for _ in range(TUI_RUNS):
            app.append(_spawn(TUI_PROBE, str(directory)))
            bare.append(_spawn(BARE_PROBE))
    except (subprocess.CalledProcessError, ValueError) as exc:
        print(f"TUI start not measured: {exc}", file=sys.stderr)
        return None
    return {
        "first_frame_s": _spread([a[0] for a in app]),
        "deck_counts_s": _spread([a[1] for a in app]),
        "bare_textual_s": _spread([b[0] for b in bare]),
        "ratio": _spread([a[0] / b[0] for a, b in zip(app, bare, strict=True)]),
        "first_frame_cpu_s": _spread([a[2] for a in app]),
        "bare_textual_cpu_s": _spread([b[2] for b in bare]),
        "cpu_ratio": _spread([a[2] / b[2] for a, b in zip(app, bare, strict=True)]),
    }


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
