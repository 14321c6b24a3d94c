"""Mock-exam benchmark: a full-length PMP mock on a large collection.

    .venv/bin/python bench/bench_mock.py [--cards 100000] [--bank 2000]

A synthetic collection of ``--cards`` cards (bench/collection.py) gets a generated bank of
``--bank`` four-option PMP items tagged across the 2026 blueprint's domains and tasks. Measured:
the offer (the start screen's bank count), starting a 180-item mock (draw, store, load and
render every item), showing an item (``go``: move, commit, and the rendered item ready),
answering (commit), the 2-second tick, submitting (score and log 180 answers) and the results.
The TUI's own item paint is measured by tests/tui (item render in the mock screen).
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

from bench.collection import NOW, make_collection
from pmstudy.clock import FixedClock
from pmstudy.services.container import build_services
from pmstudy.settings import Settings

OUT = Path(__file__).resolve().parent / "out"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def bank_deck(path: Path, count: int, tasks: list[tuple[str, str]]) -> Path:
    """A deck file of ``count`` four-option items spread over ``tasks``."""
    lines = ["schema_version = 1", 'id = "bench-pmp-bank"', 'name = "Bench PMP bank"', ""]
    for number in range(count):
        domain, task = tasks[number % len(tasks)]
        lines += [
            "[[cards]]",
            f'id = "item-{number}"',
            'type = "multiple_choice"',
            f'stem = "Scenario {number}: the project manager learns of a risk. What first?"',
            f'tags = ["exam::pmp-2026::{domain}::{task}"]',
        ]
        for option in range(4):
            lines += [
                "[[cards.options]]",
                f'text = "Option {option} for scenario {number}"',
                f"correct = {'true' if option == number % 4 else 'false'}",
                f'why = "Because of reason {option}."',
            ]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def bench(cards: int, bank: int) -> dict[str, object]:
    """Measure one collection."""
    pristine = OUT / f"pristine-{cards}"
    pristine.mkdir(parents=True, exist_ok=True)
    if not (pristine / "made.json").exists():
        made = make_collection(pristine / "pmstudy.sqlite3", cards=cards, reviews_per_card=10)
        (pristine / "made.json").write_text(json.dumps(made))
    directory = OUT / f"mock-{cards}"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    shutil.copy(pristine / "pmstudy.sqlite3", directory / "pmstudy.sqlite3")
    clock = FixedClock(NOW)
    services = build_services(Settings(data_dir=directory, timezone="UTC"), clock, seed=1)
    spec = services.exams.profile("pmp-2026")
    tasks = [(d.id, t.id) for d in spec.domains for t in d.tasks]
    services.decks.import_file(bank_deck(directory / "bank.toml", bank, tasks))

    started = time.perf_counter()
    offer = services.mocks.offer("pmp-2026")
    offer_time = time.perf_counter() - started
    assert offer.format is not None
    assert offer.format.full_length

    started = time.perf_counter()
    run = services.mocks.start_exam("pmp-2026")
    start_time = time.perf_counter() - started

    shows, answers, ticks = [], [], []
    for position in range(run.state.total):
        if position and position % 60 == 0:
            run.end_section()
            run.end_break()
        clock.advance(seconds=50)
        started = time.perf_counter()
        run.go(position)
        assert run.current.rendered is not None
        shows.append(time.perf_counter() - started)
        started = time.perf_counter()
        run.answer("A")
        answers.append(time.perf_counter() - started)
        clock.advance(seconds=2)
        started = time.perf_counter()
        run.tick()
        ticks.append(time.perf_counter() - started)
    started = time.perf_counter()
    run.submit()
    submit_time = time.perf_counter() - started
    started = time.perf_counter()
    result = services.mocks.result(run.id)
    result_time = time.perf_counter() - started
    services.close()

    def p(values: list[float], q: float) -> float:
        values = sorted(values)
        return _ms(values[min(len(values) - 1, int(len(values) * q))])

    return {
        "cards": cards,
        "bank": bank,
        "mock_items": run.state.total,
        "offer_ms": _ms(offer_time),
        "start_ms": _ms(start_time),
        "show_item_p50_ms": _ms(statistics.median(shows)),
        "show_item_p99_ms": p(shows, 0.99),
        "answer_p50_ms": _ms(statistics.median(answers)),
        "answer_p99_ms": p(answers, 0.99),
        "tick_p50_ms": _ms(statistics.median(ticks)),
        "submit_ms": _ms(submit_time),
        "results_ms": _ms(result_time),
        "score": f"{result.score.right}/{result.score.scored}",
    }


def main() -> None:
    """Run and print a JSON report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--bank", type=int, default=2000)
    args = parser.parse_args()
    report = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "results": []}
    for cards in args.cards:
        report["results"].append(bench(cards, args.bank))  # type: ignore[union-attr]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
