"""Start-up as the user sees it: ``pmstudy`` and a bare Textual app in a real terminal.

    .venv/bin/python bench/bench_first_frame.py [--runs 15] [--cards 10000]

Each app runs in its own pseudo-terminal (120x40, Textual's real Linux driver), and the bench
reads what it writes: the first frame is the first output that holds the app's header title,
the deck counts the first output that holds the deck's row ("Bench" then its numbers). The bare
app (a header, a table and a footer, filled in ``on_mount``) has both in its first frame. Times
run from spawning the process, so interpreter start-up and every import count. The two
alternate (pmstudy, bare, pmstudy, ...) after a warm-up run each, so that a machine whose speed
drifts slows both; compare the ratios, pair by pair, not absolute numbers from other runs.
``--before DIR`` adds a third: pmstudy from another checkout (``git worktree add DIR COMMIT``).

The collection is bench_study's (``bench/out/pristine-N``, made on first use), copied once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
SIZE = (40, 120)  # rows, columns
TIMEOUT_S = 20.0

BARE = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App[None]):
    TITLE = "bare"

    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Deck", "New", "Learn", "Due", "Total")
        table.add_row("Bench", "20", "0", "100", "10000")

Bare().run()
"""

# the title in the header; the deck row: its name, then (past styling) a number
PMSTUDY_TITLE = re.compile(rb"pmstudy")
BARE_TITLE = re.compile(rb"bare")
DECK_ROW = re.compile(rb"Bench(?:\x1b\[[0-9;]*m|\s|\xe2\x94\x82)+\d")
# control sequences (CSI) and terminal commands (OSC: a window title is not a frame)
ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def _data_dir(cards: int) -> Path:
    """A copy of bench_study's collection, past the first-run question."""
    from bench.collection import make_collection
    from pmstudy.services.decks import CHOSEN_EXAMS_KEY

    pristine = OUT / f"pristine-{cards}"
    pristine.mkdir(parents=True, exist_ok=True)
    if not (pristine / "made.json").exists():
        made = make_collection(pristine / "pmstudy.sqlite3", cards=cards, reviews_per_card=10)
        (pristine / "made.json").write_text(json.dumps(made))
    directory = OUT / f"first-frame-{cards}"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    shutil.copy(pristine / "pmstudy.sqlite3", directory / "pmstudy.sqlite3")
    with sqlite3.connect(directory / "pmstudy.sqlite3") as connection:
        connection.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            (CHOSEN_EXAMS_KEY, json.dumps([])),
        )
    connection.close()
    return directory


def _spawn(
    command: list[str], title: re.Pattern[bytes], source: Path | None = None
) -> tuple[float, float]:
    """Seconds from spawning ``command`` in a terminal to its first frame and to its deck row;
    then the app is asked to quit (q) and, failing that, killed. ``source``: a checkout whose
    ``pmstudy`` package runs instead of the installed one (another commit, side by side)."""
    env = {**os.environ, "PMSTUDY_TIMEZONE": "UTC", "TERM": "xterm-256color"}
    env.pop("TEXTUAL", None)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    started = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:  # the child: the app, on the terminal's slave side
        os.execve(command[0], command, env)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
    seen = b""
    first = counted = None
    try:
        while counted is None:
            left = TIMEOUT_S - (time.perf_counter() - started)
            if left <= 0 or not select.select([master], [], [], left)[0]:
                raise SystemExit(f"{command[-1]}: no deck row in {TIMEOUT_S} s: {seen[-300:]!r}")
            chunk = os.read(master, 1 << 16)
            now = time.perf_counter()
            seen += chunk
            plain = ANSI.sub(b"", seen)
            if first is None and title.search(plain):
                first = now
            if first is not None and DECK_ROW.search(seen):
                counted = now
    finally:
        _stop(pid, master)
    assert first is not None
    return first - started, counted - started


def _stop(pid: int, master: int) -> None:
    try:
        os.write(master, b"q")
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    finally:
        os.close(master)


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def bench(runs: int, cards: int, before: Path | None = None) -> dict[str, object]:
    """pmstudy and the bare app (and pmstudy from ``before``, another checkout, when given),
    alternating, ``runs`` each after a warm-up each."""
    directory = _data_dir(cards)
    script = Path(sys.executable).with_name("pmstudy")
    pmstudy = [str(script), "--data-dir", str(directory)]
    bare = [sys.executable, "-c", BARE]
    app: list[tuple[float, float]] = []
    floor: list[tuple[float, float]] = []
    earlier: list[tuple[float, float]] = []
    for number in range(runs + 1):
        pm_run = _spawn(pmstudy, PMSTUDY_TITLE, ROOT)
        bare_run = _spawn(bare, BARE_TITLE)
        before_run = _spawn(pmstudy, PMSTUDY_TITLE, before) if before else None
        if number:  # run 0 warms the file cache of each
            app.append(pm_run)
            floor.append(bare_run)
            if before_run:
                earlier.append(before_run)
    report: dict[str, object] = {
        "cards": cards,
        "runs_each": runs,
        "pmstudy_first_frame_s": _spread([a[0] for a in app]),
        "pmstudy_deck_counts_s": _spread([a[1] for a in app]),
        "bare_first_frame_s": _spread([b[0] for b in floor]),
        "ratio_first_frame": _spread([a[0] / b[0] for a, b in zip(app, floor, strict=True)]),
        "ratio_deck_counts": _spread([a[1] / b[0] for a, b in zip(app, floor, strict=True)]),
    }
    if before:
        report["before"] = {
            "source": str(before),
            "first_frame_s": _spread([a[0] for a in earlier]),
            "deck_counts_s": _spread([a[1] for a in earlier]),
            "ratio_first_frame": _spread(
                [a[0] / b[0] for a, b in zip(earlier, floor, strict=True)]
            ),
            "ratio_deck_counts": _spread(
                [a[1] / b[0] for a, b in zip(earlier, floor, strict=True)]
            ),
        }
    return report


def main() -> None:
    """Run and print a JSON report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument(
        "--before",
        type=Path,
        help="also run the pmstudy package of this checkout (a worktree of an older commit)",
    )
    args = parser.parse_args()
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "result": bench(args.runs, args.cards, args.before),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
