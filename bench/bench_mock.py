"""Mock-exam benchmark: a full-length PMP mock on a large collection.

    .venv/bin/python bench/bench_mock.py [--cards 100000] [--bank 2000]

A synthetic collection of ``--cards`` cards (bench/collection.py) gets a generated bank of
``--bank`` four-option PMP items tagged across the 2026 blueprint's domains and tasks. Measured:
the offer (the start screen's bank count), starting a 180-item mock (draw, store, load and
render every item), showing an item (``go``: move, commit, and the rendered item ready),
answering (commit), the 2-second tick, submitting (score and log 180 answers) and the results.
In the TUI (Textual's headless driver, 120×40): a new full mock from the call to its first
item on screen, and ``n`` to the next item painted (the screen idle again).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.collection import NOW, make_collection
from pmstudy.clock import FixedClock
from pmstudy.services.container import Services, build_services
from pmstudy.services.decks import CHOSEN_EXAMS_KEY
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from textual.screen import Screen

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


async def _tui_item_times(services: Services, items: int) -> tuple[float, list[float]]:
    """Open a new full mock in the TUI: time to its first item painted, then from the next-item
    action to the next item painted (``call_after_refresh``: the frame is on the terminal),
    for ``items`` items. Pilot key presses are not timed: they add fixed waits of their own."""
    from pmstudy.tui.app import PmStudyApp
    from pmstudy.tui.screens.mock import MockScreen

    app = PmStudyApp(services=services)
    loop = asyncio.get_running_loop()

    async def painted(screen: Screen[Any]) -> float:
        done: asyncio.Future[float] = loop.create_future()
        screen.call_after_refresh(lambda: done.set_result(time.perf_counter()))
        return await done

    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        run = services.mocks.start_exam("pmp-2026")
        screen = MockScreen(services, run)
        await app.push_screen(screen)
        opened = await painted(screen) - started
        for _ in range(items - 1):
            await pilot.pause()
            started = time.perf_counter()
            screen.action_next()
            times.append(await painted(screen) - started)
        run.submit()
    return opened, times


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
    with services.db.write() as uow:
        uow.repo.set_setting(CHOSEN_EXAMS_KEY, [])
    tui_open, tui_items = asyncio.run(_tui_item_times(services, 60))
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
        "tui_start_to_first_item_ms": _ms(tui_open),
        "tui_next_item_p50_ms": _ms(statistics.median(tui_items)),
        "tui_next_item_p99_ms": p(tui_items, 0.99),
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
