"""Import benchmark: an Anki package of 20,000 notes and ~200,000 reviews.

    .venv/bin/python bench/bench_import.py [--notes 20000] [--reviews 200000] [--runs 3]
    .venv/bin/python bench/bench_import.py --whole --anki-python /tmp/ankivenv/bin/python

With ``--whole`` it times whole processes instead, pmstudy's import against Anki's own on the
same packages, both ways (see ``bench/import_whole.py``; Anki's interpreter comes from
``--anki-python`` or ``ANKI_PYTHON``, and the report says so when there is none).

The package is generated deterministically (seeded RNG, fixed clock) the way Anki exports a
collection with FSRS on: schema-11 SQLite, every reviewed card with its FSRS memory state in
``cards.data``, and a review log whose rows agree with the cards.  It is written twice, as
``collection.anki21`` (legacy layout) and as zstd-compressed ``collection.anki21b``, into
bench/out/ and reused.  Each run imports into a fresh, migrated collection; the report gives
the fastest and median wall time (and the fastest CPU time, which counts the worker thread
that converts the review log too) per layout, with the fastest run's time per progress stage,
plus two reference points measured on the same machine in the same run: reading the revlog
rows with sqlite3, and inserting as many rows with a bare ``executemany``; and the load
average, since a busy machine (other test suites) slows every number down.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_whole import ANKI_PYTHON_ENV, whole
from pmstudy.clock import FixedClock
from pmstudy.io.anki_schema11 import CONF, DDL, dconf_json, deck_json, model_json
from pmstudy.services.container import build_services
from pmstudy.settings import Settings

OUT = Path(__file__).resolve().parent / "out"
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
CRT = 1_700_017_200  # 2023-11-15 04:00 UTC
DAY = 86_400
MODEL = 1_700_000_000_001
DECKS = [1_700_000_000_100 + i for i in range(8)]


def _collection(path: Path, *, notes: int, reviews: int, seed: int) -> dict[str, int]:
    """Write the schema-11 collection; returns what it holds."""
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    connection.executescript(DDL)
    model = model_json(
        MODEL,
        "Basic",
        cloze=False,
        fields=["Front", "Back"],
        templates=[("{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}")],
        mod=CRT,
        stock_kind=1,
    )
    decks = {"1": deck_json(1, "Default", 1, "", CRT)}
    for index, deck_id in enumerate(DECKS):
        decks[str(deck_id)] = deck_json(deck_id, f"Bench::Part {index + 1}", 1, "", CRT)
    dconf = {
        "1": dconf_json(
            1,
            "Bench",
            new_per_day=20,
            reviews_per_day=200,
            learn_minutes=[1.0, 10.0],
            relearn_minutes=[10.0],
            max_interval=36500,
            leech_fails=8,
            leech_tag_only=True,
            bury=False,
            retention=0.9,
            params=[],
            mod=CRT,
        )
    }
    connection.execute(
        "INSERT INTO col VALUES (1, ?, 0, 0, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
        (
            CRT,
            json.dumps(CONF),
            json.dumps({str(MODEL): model}),
            json.dumps(decks),
            json.dumps(dconf),
        ),
    )
    reviewed = int(notes * 0.85)
    per_card = reviews / reviewed
    note_rows, card_rows, revlog_rows = [], [], []
    today = (int(NOW.timestamp()) - CRT) // DAY
    for index in range(notes):
        note_id = 1_600_000_000_000 + index
        card_id = 1_650_000_000_000 + index
        front = f"Question {index}: what does term {rng.randrange(10**6)} mean in <b>context</b>?"
        back = f"Answer {index} &mdash; " + " ".join(
            rng.choice(("scope", "risk", "value", "team", "sprint")) for _ in range(12)
        )
        note_rows.append(
            (note_id, f"g{index:07d}", MODEL, CRT, -1, f" bench tag{index % 50} ",
             f"{front}\x1f{back}", front, 0, 0, "")
        )  # fmt: skip
        deck = DECKS[index % len(DECKS)]
        if index >= reviewed:
            card_rows.append(
                (card_id, note_id, deck, 0, CRT, -1, 0, 0, index, 0, 0, 0, 0, 0, 0, 0, 0, "{}")
            )
            continue
        count = min(max(1, round(rng.gauss(per_card, per_card / 3))), today - 2)
        days = sorted(rng.sample(range(1, today), count))
        lapses = 0
        previous = 0
        kind = 0
        for number, day in enumerate(days):
            ease = rng.choices((1, 2, 3, 4), (8, 10, 70, 12))[0]
            following = days[number + 1] if number + 1 < len(days) else day + max(1, previous)
            interval = max(1, following - day)
            lapses += ease == 1 and kind == 1
            stamp = (CRT + day * DAY) * 1000 + rng.randrange(36_000_000)
            revlog_rows.append(
                (stamp, card_id, -1, ease, interval, previous, 2500,
                 rng.randrange(2000, 30000), kind)
            )  # fmt: skip
            kind = 2 if ease == 1 and kind else 1
            previous = interval
        last = CRT + days[-1] * DAY + 36_000
        day = days[-1] + previous
        data = json.dumps(
            {
                "pos": index,
                "s": round(rng.uniform(0.5, 300.0), 4),
                "d": round(rng.uniform(1.0, 10.0), 3),
                "dr": 0.9,
                "decay": 0.1542,
                "lrt": last,
            },
            separators=(",", ":"),
        )
        due = min(day, today + 3650)
        card_rows.append(
            (card_id, note_id, deck, 0, CRT, -1, 2, 2, due, previous, 2500, count, lapses, 0,
             0, 0, 0, data)
        )  # fmt: skip
    revlog_rows.sort()
    unique: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for row in revlog_rows:
        stamp = row[0]
        while stamp in seen:
            stamp += 1
        seen.add(stamp)
        unique.append((stamp, *row[1:]))
    connection.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
    connection.executemany(
        "INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows
    )
    connection.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", unique)
    connection.commit()
    connection.execute("VACUUM")
    connection.close()
    return {"notes": len(note_rows), "cards": len(card_rows), "reviews": len(unique)}


def make_packages(notes: int, reviews: int, seed: int = 11) -> tuple[Path, Path, dict[str, int]]:
    """The two packages (legacy and zstd layout), generated once into bench/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    stem = OUT / f"anki-{notes}-{reviews}-{seed}"
    legacy, modern, marker = (
        stem.with_suffix(".legacy.apkg"),
        stem.with_suffix(".modern.apkg"),
        stem.with_suffix(".json"),
    )
    if not (legacy.exists() and modern.exists() and marker.exists()):
        with tempfile.TemporaryDirectory() as scratch:
            database = Path(scratch) / "collection.anki21"
            made = _collection(database, notes=notes, reviews=reviews, seed=seed)
            with zipfile.ZipFile(legacy, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("meta", b"\x08\x02")
                archive.write(database, "collection.anki21")
                archive.writestr("media", "{}")
            compressed = zstandard.ZstdCompressor(write_content_size=False).compress(
                database.read_bytes()
            )
            with zipfile.ZipFile(modern, "w", zipfile.ZIP_STORED) as archive:
                archive.writestr("meta", b"\x08\x03")
                archive.writestr("collection.anki21b", compressed)
                archive.writestr("media", zstandard.ZstdCompressor().compress(b""))
            made["collection_bytes"] = database.stat().st_size
        marker.write_text(json.dumps(made))
    return legacy, modern, json.loads(marker.read_text())


class Stages:
    """A progress callback noting when each stage starts (seconds since the import began)."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.starts: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.starts.setdefault(stage, time.perf_counter() - self.started)

    def durations(self, total: float) -> dict[str, float]:
        """Seconds from each stage's start to the next one's (the last one: to the end)."""
        ordered = sorted(self.starts.items(), key=lambda item: item[1])
        ends = [start for _, start in ordered[1:]] + [total]
        return {
            name: round(end - start, 3) for (name, start), end in zip(ordered, ends, strict=True)
        }


def time_import(package: Path, runs: int) -> dict[str, object]:
    """Import into a fresh collection ``runs`` times; wall times in seconds.

    ``stages_s`` (of the fastest run) follows the progress stages: "reading" covers unpacking
    and the first notes, "writing reviews" the copy of the log (staged meanwhile in a worker
    thread), "done" the commit.
    """
    times: list[float] = []
    cpu: list[float] = []
    stages: list[dict[str, float]] = []
    summary: dict[str, object] = {}
    for run in range(runs):
        data_dir = OUT / f"import-run-{run}"
        shutil.rmtree(data_dir, ignore_errors=True)
        services = build_services(
            Settings(data_dir=data_dir, timezone="UTC"), FixedClock(NOW), seed=1, sync_decks=False
        )
        started, started_cpu = time.perf_counter(), time.process_time()
        progress = Stages()
        result = services.imports.import_file(package, progress=progress)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        stages.append(progress.durations(times[-1]))
        services.close()
        shutil.rmtree(data_dir, ignore_errors=True)
        summary = {
            "notes": result.notes_added,
            "cards": result.cards_added,
            "reviews": result.reviews_added,
        }
    return {
        "fastest_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
        "runs": [round(t, 3) for t in times],
        "cpu_fastest_s": round(min(cpu), 3),
        "stages_s": stages[times.index(min(times))],
        **summary,
    }


def reference_points(package: Path, reviews: int) -> dict[str, float]:
    """What the machine does in the same run: read the revlog, executemany that many rows."""
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "c.db"
        with zipfile.ZipFile(package) as archive:
            database.write_bytes(archive.read("collection.anki21"))
        connection = sqlite3.connect(database)
        started = time.perf_counter()
        rows = connection.execute("SELECT * FROM revlog ORDER BY cid, id").fetchall()
        read = time.perf_counter() - started
        connection.close()
        target = sqlite3.connect(Path(scratch) / "t.db")
        target.execute(
            "CREATE TABLE r (id INTEGER PRIMARY KEY, card_id, answered_at, rating, duration_ms,"
            " kind, state_before, state_after, due_after)"
        )
        values = [
            (
                r[1],
                "2025-01-01 00:00:00.000000",
                r[3],
                r[7],
                "review",
                2,
                2,
                "2025-01-02 00:00:00.000000",
            )
            for r in rows[:reviews]
        ]
        started = time.perf_counter()
        with target:
            target.executemany(
                "INSERT INTO r (card_id, answered_at, rating, duration_ms, kind, state_before,"
                " state_after, due_after) VALUES (?,?,?,?,?,?,?,?)",
                values,
            )
        insert = time.perf_counter() - started
        target.close()
    return {"sqlite3_read_revlog_s": round(read, 3), "sqlite3_executemany_s": round(insert, 3)}


def main() -> None:
    """Generate (once), time, print a JSON report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--reviews", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--whole", action="store_true", help="whole processes: pmstudy import vs Anki's importer"
    )
    parser.add_argument(
        "--anki-python",
        default=os.environ.get(ANKI_PYTHON_ENV),
        help=f"an interpreter with the anki package (default: env {ANKI_PYTHON_ENV})",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    legacy, modern, made = make_packages(args.notes, args.reviews)
    generated = time.perf_counter() - started
    if args.whole:
        expected = {k: made[k] for k in ("notes", "cards", "reviews")}
        report = whole(
            {"legacy": legacy, "modern": modern},
            args.anki_python,
            max(args.runs, 5),
            expected,
            OUT,
        )
        print(json.dumps({"load_average_1m": round(os.getloadavg()[0], 2), **report}, indent=2))
        return
    report = {
        "load_average_1m": round(os.getloadavg()[0], 2),
        "package": made,
        "generate_s": round(generated, 2),
        "reference": reference_points(legacy, made["reviews"]),
        "import_anki21b_zstd": time_import(modern, args.runs),
        "import_anki21_legacy": time_import(legacy, args.runs),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
