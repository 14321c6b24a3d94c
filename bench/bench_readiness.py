"""Readiness and plan benchmark: closed-form readiness and the 'follow the plan' simulation.

    .venv/bin/python bench/bench_readiness.py [--cards 100000] [--days 120] [--no-service]

Reports, for ``--cards`` cards tagged over the PMP 2026 blueprint (3 domains, 26 tasks):

- ``readiness_ms``: exam-day recall of every card, per-domain and per-task means, overall and
  the pass-probability step (the pure computation the budget of 100 ms is about);
- ``simulation_ms``: the seeded simulation of following the plan for ``--days`` days (new
  cards, every due review, learning steps, exam mode), one run at this size;
- with the service (default): the same through ``ExamService.report`` on a SQLite collection
  of that size built by bench/collection.py, loading included: the first report after the
  services open (with and without the card snapshot a previous process saved), a repeated
  one, one after another connection changed 20 cards, and the report with the plan. Wall and
  CPU times (CPU is steadier on a busy machine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.collection import NOW, make_collection
from pmstudy.clock import FixedClock
from pmstudy.domain.exam import (
    DRAWS,
    CardInputs,
    CardTable,
    CardTags,
    ExamModeSim,
    Groups,
    SimulationSetup,
    UncertaintyInputs,
    card_decay,
    exam_day_ratio,
    exam_day_recall,
    link_draws,
    membership,
    new_schedule,
    simulate,
    summarise,
)
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling import LearnerProfile
from pmstudy.resources import profiles_dir
from pmstudy.services.container import Services, build_services
from pmstudy.services.exams import load_specs
from pmstudy.settings import Settings

OUT = Path(__file__).resolve().parent / "out"
T = TypeVar("T")
DAY = 86_400.0


def synthetic(cards: int, seed: int = 11) -> tuple[CardTable, list[tuple[str, ...]]]:
    """A collection in mid-preparation: 30% new, the rest reviewed with spread stabilities."""
    rng = np.random.default_rng(seed)
    now = NOW.timestamp()
    new = rng.random(cards) < 0.3
    stability = np.where(new, np.nan, rng.lognormal(2.0, 1.0, cards))
    last = np.where(new, np.nan, now - rng.uniform(0, 1.2, cards) * np.nan_to_num(stability) * DAY)
    due = np.where(new, np.nan, last + np.nan_to_num(stability) * DAY)
    table = CardTable(
        ids=np.arange(1, cards + 1, dtype=np.int64),
        state=np.where(new, 0, 2).astype(np.int64),
        step=np.full(cards, -1, dtype=np.int64),
        stability=stability,
        difficulty=np.where(new, np.nan, rng.uniform(2, 9, cards)),
        last_review=last,
        due=due,
        suspended=np.zeros(cards, dtype=np.bool_),
        position=np.arange(cards, dtype=np.int64),
        preset=np.zeros(cards, dtype=np.int64),
        presets=(Preset(),),
    )
    tasks = [("people", 8), ("process", 10), ("business-environment", 8)]
    tags = []
    for number in range(cards):
        domain, count = tasks[number % 3]
        tags.append((f"exam::pmp-2026::{domain}::t{number % count + 1}", f"topic::{number % 50}"))
    return table, tags


def _best(samples: list[float], cpu: list[float] | None = None) -> dict[str, float]:
    """Wall-clock best and median; CPU time too (steadier on a busy machine)."""
    found = {
        "best_ms": round(min(samples) * 1000, 2),
        "median_ms": round(statistics.median(samples) * 1000, 2),
    }
    if cpu:
        found["best_cpu_ms"] = round(min(cpu) * 1000, 2)
    return found


def bench_pure(cards: int, days: int) -> dict[str, object]:
    """Readiness and simulation on arrays (no database)."""
    spec = next(s for s in load_specs(profiles_dir()) if s.id == "pmp-2026")
    groups = Groups.of(spec)
    table, tags = synthetic(cards)
    exam_ts = (NOW + dt.timedelta(days=days, hours=1)).timestamp()
    start = time.perf_counter()
    member = membership(CardTags.of(tags), spec.id, groups)
    membership_s = time.perf_counter() - start
    seen = np.isfinite(table.last_review)
    samples, cpu = [], []
    for _ in range(7):
        start, start_cpu = time.perf_counter(), time.process_time()
        rng = np.random.default_rng(1)
        recall = exam_day_recall(table, exam_ts)
        inputs = UncertaintyInputs(500, 0.0, 0.1, link_draws(4, [], [], rng, DRAWS))
        cards_in = CardInputs(recall, exam_day_ratio(table, exam_ts), card_decay(table), seen)
        result = summarise(spec, groups, member, cards_in, inputs, rng)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    today = NOW.date()
    remaining = int(np.count_nonzero(table.state == 0))
    schedule = new_schedule(remaining, 0, today, today + dt.timedelta(days=days), 14)
    setup = SimulationSetup(
        origin_ts=(NOW - dt.timedelta(hours=5)).timestamp(),
        now_ts=NOW.timestamp(),
        exam_ts=exam_ts,
        exam_day=days,
        new_per_day=schedule.days,
        learner=LearnerProfile(),
        exam_mode=ExamModeSim(0.9, 14, 10_000),
    )
    weights = [d.weight for d in spec.domains]
    sim_samples, sim_cpu = [], []
    outcome = None
    for seed in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        outcome = simulate(table, groups, member, weights, setup, np.random.default_rng(seed))
        sim_samples.append(time.perf_counter() - start)
        sim_cpu.append(time.process_time() - start_cpu)
    assert outcome is not None
    return {
        "cards": cards,
        "days": days,
        "membership_ms": round(membership_s * 1000, 2),
        "readiness": _best(samples, cpu),
        "simulation": _best(sim_samples, sim_cpu),
        "overall_today": round(result.overall_today, 4),
        "overall_plan": round(outcome.overall, 4),
        "runs": outcome.runs,
        "stderr_points": round(outcome.stderr * 100, 3),
        "answers_total": round(outcome.answers_total),
    }


def _timed(call: Callable[[], T]) -> tuple[float, float, T]:
    start, start_cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - start, time.process_time() - start_cpu, result


def _summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    return _best([w for w, _ in samples], [c for _, c in samples])


def bench_service(cards: int, days: int, rounds: int = 7) -> dict[str, object]:
    """The same through the service on a SQLite collection (loading included).

    - ``first_no_saved_snapshot``: the first report of freshly opened services with no
      snapshot saved on disk (every card is read);
    - ``first``: the same with the snapshot the previous process saved (loaded, then only the
      changed cards are read: what a new CLI call or the next start pays);
    - ``repeat``: asking again with the collection unchanged (the dashboard refreshing);
    - ``after_a_commit``: asking again after another connection changed 20 cards (only they
      are read again);
    - ``first_in_process`` also pays one-off imports (the profile parser) and no snapshot.
    """
    OUT.mkdir(exist_ok=True)
    data = OUT / f"readiness-{cards}"
    data.mkdir(exist_ok=True)
    db = data / "pmstudy.sqlite3"
    if not db.exists():
        make_collection(db, cards=cards, reviews_per_card=10)
        with sqlite3.connect(db) as connection:
            connection.execute(
                "UPDATE notes SET tags = ' exam::pmp-2026::' || "
                "CASE id % 3 WHEN 0 THEN 'people::t' || (id % 8 + 1) "
                "WHEN 1 THEN 'process::t' || (id % 10 + 1) "
                "ELSE 'business-environment::t' || (id % 8 + 1) END || ' '"
            )
            connection.execute("DELETE FROM exam_goals")

    def open_services() -> Services:
        settings = Settings(data_dir=data, timezone="UTC")
        return build_services(settings, FixedClock(NOW), seed=1, sync_decks=False)

    services = open_services()
    exam_day = (NOW + dt.timedelta(days=days)).date().isoformat()
    goal = services.exams.add("pmp-2026", exam_day, "10:00", decks=["Bench"], exam_mode=False)
    services.close()
    first: list[tuple[float, float]] = []
    cold: list[tuple[float, float]] = []
    repeat: list[tuple[float, float]] = []
    changed: list[tuple[float, float]] = []
    plan_first: list[tuple[float, float]] = []
    plan_repeat: list[tuple[float, float]] = []
    try:
        for round_ in range(rounds):
            if round_ % 2 == 0:  # no snapshot saved by an earlier run: every card is read
                shutil.rmtree(data / "cache", ignore_errors=True)
            with open_services() as services:
                wall, cpu, _ = _timed(lambda: services.exams.report(goal.id, with_plan=False))
                if round_ == 0:
                    in_process = (wall, cpu)
                else:
                    (cold if round_ % 2 == 0 else first).append((wall, cpu))
                for _ in range(5):
                    call = _timed(lambda: services.exams.report(goal.id, with_plan=False))
                    repeat.append(call[:2])
                # A commit elsewhere changing what readiness reads of 20 cards (a short
                # session's answers, as another process would write them): only those
                # cards are read again (the change log, migration 0004).
                answer = (
                    "UPDATE cards SET stability = stability * ?, last_review = ?"
                    " WHERE id IN (SELECT id FROM cards WHERE stability IS NOT NULL"
                    " ORDER BY id LIMIT 20 OFFSET ?)"
                )
                stamp = (NOW - dt.timedelta(hours=round_)).isoformat(" ").replace("+00:00", "")
                with sqlite3.connect(db) as other:
                    saved = other.execute(
                        "SELECT stability, last_review, id FROM cards"
                        " WHERE stability IS NOT NULL ORDER BY id LIMIT 20 OFFSET ?",
                        (20 * round_,),
                    ).fetchall()
                    other.execute(answer, (1.5, stamp, 20 * round_))
                call = _timed(lambda: services.exams.report(goal.id, with_plan=False))
                changed.append(call[:2])
                with sqlite3.connect(db) as other:  # back as it was
                    other.executemany(
                        "UPDATE cards SET stability = ?, last_review = ? WHERE id = ?", saved
                    )
        for _ in range(2):
            with open_services() as services:
                wall, cpu, report = _timed(lambda: services.exams.report(goal.id))
                plan_first.append((wall, cpu))
                plan_repeat.append(_timed(lambda: services.exams.report(goal.id))[:2])
    finally:
        with open_services() as services:
            services.exams.remove(goal.id)
    return {
        "report_without_plan": {
            "first_in_process": _summary([in_process]),
            "first_no_saved_snapshot": _summary(cold),
            "first": _summary(first),
            "repeat": _summary(repeat),
            "after_a_commit": _summary(changed),
        },
        "report_with_plan": {"first": _summary(plan_first), "repeat": _summary(plan_repeat)},
        "overall_today": round(report.readiness.overall_today, 4),
        "overall_plan": round(report.readiness.overall_plan or 0, 4),
    }


def main() -> None:
    """Run and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--no-service", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {"pure": bench_pure(args.cards, args.days)}
    if not args.no_service:
        results["service"] = bench_service(args.cards, args.days)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
