"""Browser search and statistics benchmark at 100,000 cards and about a million reviews.

    .venv/bin/python bench/bench_search.py [--cards 100000] [--reviews-per-card 14] [--repeat 5]

The collection comes from bench/collection.py, then gets what the generic one lacks for these
queries: exam-domain tags, a few flags and suspended cards, and a review log whose "before"
columns follow each card's own history (so true retention and calibration have data).
It is built once into bench/out/search-<cards>/ and reused.

Targets (DESIGN / issue 6): indexed filters (deck, tag, is:, prop:due) < 100 ms; prop:r and free
text < 500 ms; the statistics screen's data < 1 s. A search is timed end to end as the browser
uses it: parse, compile, every matching id in order, and the first page of 100 rows rendered.
Statistics report wall and CPU time (other work on the machine inflates the wall time): the
first opening of the screen is timed in a new process, after the answer cache is built; the
cache's one-time build is timed apart.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.collection import NOW, make_collection
from pmstudy.clock import FixedClock
from pmstudy.db.stats import AnswerStore
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings

OUT = Path(__file__).resolve().parent / "out"
PAGE = 100

INDEXED = {
    "deck": 'deck:"Bench::Part 07"',
    "deck wildcard": 'deck:"bench::part 1*"',
    "tag": "tag:topic::7",
    "tag hierarchy": "tag:exam::pmp::*",
    "exam + domain": "exam:pmp domain:people",
    "is:due": "is:due",
    "is:new": "is:new",
    "is:suspended": "is:suspended",
    "flag": "flag:3",
    "prop:due": "prop:due<3",
    "combined": 'deck:"Bench::Part 03" is:review -is:suspended',
    "everything": "",
}
SLOW = {
    "prop:r": "prop:r<0.9",
    "prop:r in deck": 'deck:"Bench::Part 05" prop:r<0.95',
    "free text (rare)": "question 12345",
    "free text (common)": "answer",
    "free text wildcard": "quest*99",
    "free text, non-ASCII": "réponse",
    "rated:7": "rated:7",
    "rated:30:1": "rated:30:1",
}


def prepare(cards: int, reviews_per_card: int, spread: float = 1.0) -> Path:
    """Build (once) the benchmark collection; its data directory.

    ``spread`` stretches the history back in time: bench/collection.py puts every answer in
    the last ~9 months (thousands a day); with ``spread=5`` the same answers span ~4 years,
    closer to how a real million-review history accumulates.
    """
    suffix = "" if spread == 1.0 else f"-spread{spread:g}"
    data = OUT / f"search-{cards}-{reviews_per_card}{suffix}"
    made = data / "made.json"
    if made.exists():
        return data
    data.mkdir(parents=True, exist_ok=True)
    path = data / "pmstudy.sqlite3"
    started = time.perf_counter()
    counts = make_collection(path, cards=cards, reviews_per_card=reviews_per_card)
    connection = sqlite3.connect(path)
    with connection:
        domains = "CASE id % 3 WHEN 0 THEN 'people' WHEN 1 THEN 'process' ELSE 'business' END"
        connection.execute(
            "UPDATE notes SET tags = ' bench topic::' || (id % 50) || ' exam::pmp::' || "
            f"{domains} || ' '"
        )
        connection.execute("UPDATE cards SET flag = id % 8 WHERE id % 17 = 0")
        connection.execute("UPDATE cards SET suspended = 1 WHERE id % 29 = 0")
        # Each review's "before" state from the card's previous review.
        connection.execute("CREATE TEMP TABLE prev (id INTEGER PRIMARY KEY, previous TEXT)")
        connection.execute(
            "INSERT INTO prev SELECT id, LAG(answered_at) OVER "
            "(PARTITION BY card_id ORDER BY answered_at) FROM review_log"
        )
        connection.execute(
            "UPDATE review_log SET last_review_before = (SELECT previous FROM prev "
            "WHERE prev.id = review_log.id)"
        )
        connection.execute(
            "UPDATE review_log SET state_before = CASE WHEN last_review_before IS NULL "
            "THEN 0 ELSE 2 END, due_before = CASE WHEN last_review_before IS NULL THEN NULL "
            "ELSE strftime('%Y-%m-%d %H:%M:%f', julianday(last_review_before) + "
            "stability_before) END"
        )
        if spread != 1.0:
            now = NOW.strftime("%Y-%m-%d %H:%M:%S")

            def stretched(column: str) -> str:
                return (
                    f"strftime('%Y-%m-%d %H:%M:%f', julianday('{now}') - "
                    f"(julianday('{now}') - julianday({column})) * {spread})"
                )

            connection.execute(
                f"UPDATE review_log SET answered_at = {stretched('answered_at')}, "
                f"last_review_before = {stretched('last_review_before')}, "
                f"due_before = {stretched('due_before')}"
            )
    connection.execute("ANALYZE")
    connection.close()
    made.write_text(json.dumps({**counts, "seconds": round(time.perf_counter() - started, 1)}))
    return data


def _timed(action: object, repeat: int) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def _timed_cpu(action: object, repeat: int) -> dict[str, float]:
    """Median wall and CPU milliseconds (CPU: this process, all threads)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()  # type: ignore[operator]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {
        "wall": round(statistics.median(walls) * 1000, 1),
        "cpu": round(statistics.median(cpus) * 1000, 1),
    }


def bench_search(services: Services, queries: dict[str, str], repeat: int) -> dict[str, object]:
    """Median milliseconds per query (search + first page of rows) and the match count."""
    browser = services.browser
    found: dict[str, object] = {}
    for label, query in queries.items():

        def run(query: str = query) -> int:
            result = browser.search(query)
            browser.rows(result.page(0, PAGE))
            return len(result)

        ms, matches = _timed(run, repeat)
        found[label] = {"query": query, "ms": round(ms, 1), "matches": matches}
    return found


def bench_sorts(services: Services, repeat: int) -> dict[str, object]:
    """Sorting every card by each column (search '' + first page)."""
    from pmstudy.domain.search import SortKey

    found: dict[str, object] = {}
    for key in SortKey:

        def run(key: SortKey = key) -> int:
            result = services.browser.search("", sort=key)
            services.browser.rows(result.page(0, PAGE))
            return len(result)

        ms, _ = _timed(run, repeat)
        found[key.value] = round(ms, 1)
    return found


def bench_stats(services: Services, data: Path, repeat: int) -> dict[str, object]:
    """The statistics screen's data, and its parts (wall and CPU milliseconds, medians)."""
    stats = services.stats
    store = AnswerStore(services.engine)
    store.refresh()
    found: dict[str, object] = {
        "first open in a fresh process (overview + charts + calibration 30 d)": first_open(
            data, repeat
        )
    }
    for label, action in (
        ("overview (pmstudy stats)", stats.overview),
        ("charts", stats.report),
        ("calibration, 30 days (screen default)", lambda: stats.calibration(days=30)),
        ("calibration, 90 days", lambda: stats.calibration(days=90)),
        ("calibration, 365 days", lambda: stats.calibration(days=365)),
    ):
        action()
        found[label] = _timed_cpu(action, repeat)

    def rebuild() -> None:
        with services.engine.begin() as connection:
            for statement in (
                "DELETE FROM review_days",
                "DELETE FROM review_days_holes",
                "UPDATE review_days_state SET mark = 0",
            ):
                connection.exec_driver_sql(statement)
        store.refresh()

    found["answer cache: built from the whole log (once per database)"] = _timed_cpu(rebuild, 1)
    return found


def first_open(data: Path, repeat: int) -> dict[str, float]:
    """The statistics screen opened in a new process (services open, nothing in memory):
    overview, charts and 30-day calibration one after the other; median of ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--first-open", str(data)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout))
    return {key: round(statistics.median(r[key] for r in runs), 1) for key in ("wall", "cpu")}


def _first_open_here(data: Path) -> None:
    settings = Settings(data_dir=data, timezone="UTC")
    services = build_services(settings, FixedClock(NOW), seed=1, sync_decks=False)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        services.stats.overview()
        services.stats.report()
        services.stats.calibration(days=30)
        spent = {
            "wall": (time.perf_counter() - wall) * 1000,
            "cpu": (time.process_time() - cpu) * 1000,
        }
    finally:
        services.close()
    print(json.dumps(spent))


def main() -> None:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews-per-card", type=int, default=14)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--spread", type=float, default=1.0, help="stretch the history back in time (e.g. 5)"
    )
    parser.add_argument("--only", choices=("search", "stats"), help="run one half only")
    parser.add_argument("--first-open", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_open is not None:
        _first_open_here(args.first_open)
        return
    data = prepare(args.cards, args.reviews_per_card, args.spread)
    settings = Settings(data_dir=data, timezone="UTC")
    services = build_services(settings, FixedClock(NOW), seed=1, sync_decks=False)
    try:
        with services.engine.connect() as connection:
            from sqlalchemy import text

            reviews = connection.execute(text("SELECT count(*) FROM review_log")).scalar()
        report: dict[str, object] = {
            "cards": args.cards,
            "reviews": reviews,
            "spread": args.spread,
        }
        if args.only != "stats":
            report["indexed_ms"] = bench_search(services, INDEXED, args.repeat)
            report["slow_ms"] = bench_search(services, SLOW, args.repeat)
            report["sort_ms"] = bench_sorts(services, max(1, args.repeat // 2))
        if args.only != "search":
            report["stats_ms"] = bench_stats(services, data, max(3, args.repeat // 2))
    finally:
        services.close()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
