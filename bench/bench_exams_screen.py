"""Exams screen benchmark: how long the screen takes to fill, and how long the UI stalls meanwhile.

    .venv/bin/python bench/bench_exams_screen.py [--cards 20000] [--runs 7]

A collection of ``--cards`` cards (bench/collection.py) tagged over the PMP 2026 blueprint, with
one exam goal (120 days ahead, exam mode on) linked to its deck, is opened in the real app
(Textual's ``run_test`` pilot, 120x40, a fixed clock). Each run is a new process on a fresh copy
of the collection and of the card snapshot an earlier run saved (what the next start finds).
Two ways in:

- ``dashboard``: the app starts, the dashboard settles (its readiness panel computed the same
  exam), then ``x`` opens the exams screen: what a learner does;
- ``direct``: the exams screen is the first screen (nothing computed before it).

From the key press (``direct``: from the push) it reports the milliseconds until

- ``list``: the exam list and its countdown are on screen;
- ``readiness``: the readiness table is on screen (today's figures);
- ``filled``: the readiness with the plan and the plan chart are on screen;

and ``max_stall_ms``, the longest the event loop was kept from a 5 ms timer meanwhile (a key
press waits that long). Medians and spread (min–max) over ``--runs`` processes.

``--against REV`` alternates each run with the same benchmark run on a git worktree of ``REV``
(``PYTHONPATH`` pointing there), on the same machine at the same time: before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Appended, not prepended: PYTHONPATH (a worktree of another revision) decides which pmstudy
# is measured; this checkout's ``bench`` package is found either way.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.collection import NOW, make_collection

OUT = Path(__file__).resolve().parent / "out"
SIZE = (120, 40)
TICK = 0.005
TIMEOUT = 30.0
MILESTONES = ("list", "readiness", "filled")


def prepare(cards: int) -> Path:
    """The data folder of the benchmark collection (built once; the goal added each time)."""
    data = OUT / f"exams-screen-{cards}"
    db = data / "pmstudy.sqlite3"
    if not db.exists():
        data.mkdir(parents=True, exist_ok=True)
        make_collection(db, cards=cards, reviews_per_card=10)
        with sqlite3.connect(db) as connection:
            connection.execute(
                "UPDATE notes SET tags = ' exam::pmp-2026::' || "
                "CASE id % 3 WHEN 0 THEN 'people::t' || (id % 8 + 1) "
                "WHEN 1 THEN 'process::t' || (id % 10 + 1) "
                "ELSE 'business-environment::t' || (id % 8 + 1) END || ' '"
            )
    return data


def _services(data: Path) -> Any:
    from pmstudy.clock import FixedClock
    from pmstudy.services.container import build_services
    from pmstudy.settings import Settings

    settings = Settings(data_dir=data, timezone="UTC")
    return build_services(settings, FixedClock(NOW), seed=1, sync_decks=False)


def setup(data: Path) -> None:
    """One goal on the collection, past the first-run question, the card snapshot saved."""
    with _services(data) as services:
        for goal in services.exams.goals():
            services.exams.remove(goal.id)
        services.decks.choose_exams([])
        day = (NOW + dt.timedelta(days=120)).date().isoformat()
        goal = services.exams.add("pmp-2026", day, "10:00", decks=["Bench"], exam_mode=True)
        services.exams.report(goal.id, with_plan=False)  # saves the snapshot a start finds


def _state(app: Any) -> dict[str, bool]:
    """Which milestones the exams screen on top has reached (widget state, any revision)."""
    from textual.css.query import NoMatches
    from textual.widgets import OptionList

    from pmstudy.tui.screens.exams import ExamsScreen
    from pmstudy.tui.widgets.plan_chart import PlanChart
    from pmstudy.tui.widgets.readiness import ExamReadiness

    screen = app.screen
    if not isinstance(screen, ExamsScreen):
        return {}
    try:
        listing = screen.query_one(OptionList)
        panel = screen.query_one(ExamReadiness)
        chart = screen.query_one(PlanChart)
    except NoMatches:  # not composed yet
        return {}
    return {
        "list": listing.display and listing.option_count > 0,
        "readiness": getattr(panel, "_shown", None) is not None,
        "filled": panel.report is not None and chart.plan is not None,
    }


async def _watch(app: Any, pilot: Any, start: float) -> dict[str, float]:
    """Milliseconds from ``start`` to each milestone, and the longest event-loop stall."""
    found: dict[str, float] = {}
    stall = 0.0
    deadline = start + TIMEOUT
    while len(found) < len(MILESTONES) and time.perf_counter() < deadline:
        before = time.perf_counter()
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        stall = max(stall, now - before - TICK)
        for name, reached in _state(app).items():
            if reached and name not in found:
                found[name] = (now - start) * 1000
    await pilot.pause()  # what was reached is painted before the run ends
    found["max_stall_ms"] = stall * 1000
    return found


async def _settle(pilot: Any) -> None:
    app = pilot.app
    for _ in range(5):
        await app.workers.wait_for_complete()
        await pilot.pause()


def run_once(data: Path, way: str) -> dict[str, float]:
    """One run in this process: open the screen ``way`` and time it."""
    from textual.app import App

    from pmstudy.tui import app as tui_app
    from pmstudy.tui.app import PmStudyApp
    from pmstudy.tui.screens.exams import ExamsScreen

    services = _services(data)
    found: dict[str, float] = {}

    if way == "direct":

        class Host(App[None]):
            CSS_PATH = str(Path(tui_app.__file__).parent / "app.tcss")

            def on_mount(self) -> None:
                self.push_screen(ExamsScreen(services))

        async def direct() -> None:
            app = Host()
            start = time.perf_counter()
            async with app.run_test(size=SIZE) as pilot:
                found.update(await _watch(app, pilot, start))

        asyncio.run(direct())
    else:

        async def from_dashboard() -> None:
            app = PmStudyApp(services=services)
            async with app.run_test(size=SIZE) as pilot:
                await _settle(pilot)
                start = time.perf_counter()
                # not awaited here: the press waits for the app to be idle, which is what the
                # watch measures (a blocked event loop shows as a stall)
                press = asyncio.create_task(pilot.press("x"))
                found.update(await _watch(app, pilot, start))
                await press

        asyncio.run(from_dashboard())
    services.close()
    return found


def _child(python_path: str | None, data: Path, way: str) -> dict[str, float]:
    """One run in a new process on a fresh copy of ``data``."""
    with tempfile.TemporaryDirectory(prefix="bench-exams-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data, copy)
        env = dict(os.environ)
        if python_path:
            env["PYTHONPATH"] = python_path
        else:
            env.pop("PYTHONPATH", None)
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(copy), "--way", way],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def _figures(runs: list[dict[str, float]]) -> dict[str, object]:
    shown: dict[str, object] = {}
    for name in (*MILESTONES, "max_stall_ms"):
        values = [r[name] for r in runs if name in r]
        if len(values) < len(runs):
            shown[name] = f"not reached in {len(runs) - len(values)} of {len(runs)} runs"
            continue
        shown[name] = {
            "median_ms": round(statistics.median(values)),
            "min_ms": round(min(values)),
            "max_ms": round(max(values)),
        }
    return shown


def main() -> None:
    """Prepare once, then alternate the builds run by run; print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--way", choices=("dashboard", "direct", "both"), default="both")
    parser.add_argument("--against", help="a worktree of the revision to compare with")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_once(args.child, args.way)))
        return
    data = prepare(args.cards)
    template = Path(tempfile.mkdtemp(prefix="bench-exams-template-"))
    try:
        shutil.copy(data / "pmstudy.sqlite3", template / "pmstudy.sqlite3")
        setup(template)
        builds: dict[str, str | None] = {"this": None}
        if args.against:
            builds = {"against": args.against, "this": None}
        ways = ("dashboard", "direct") if args.way == "both" else (args.way,)
        results: dict[str, dict[str, list[dict[str, float]]]] = {
            b: {w: [] for w in ways} for b in builds
        }
        for _ in range(args.runs):
            for way in ways:
                for build, path in builds.items():
                    results[build][way].append(_child(path, template, way))
    finally:
        shutil.rmtree(template, ignore_errors=True)
    summary = {
        "cards": args.cards,
        "runs": args.runs,
        "load_average": os.getloadavg(),
        **{b: {w: _figures(r) for w, r in per.items()} for b, per in results.items()},
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
