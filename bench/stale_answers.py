"""Two processes study one SQLite collection at once: how many answers used stale memory?

    .venv/bin/python bench/stale_answers.py [--seconds 30] [--speed 60]

Both processes (tests/system/study_worker.py, as the concurrent-study tests use it) start a
session on the starter deck at the same moment and answer (seeded mixed ratings) until the time
is up, starting a new session whenever one runs dry. Their clock runs ``--speed`` times faster
than real time from a shared origin, so learning cards come back within the run. An answer is
*stale* when the memory its review-log row says it started from is not the memory the card's
previous row left (what was stored when it was answered); the script also counts cards whose
stored memory is not their last row's result (lost updates).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.engine import make_engine
from pmstudy.db.models import CardRow, ReviewLogRow
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.system.study_worker import START, study

DECK = "Scrum"


def _settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, timezone="UTC")


_CHAIN = ("state", "step", "stability", "difficulty", "due")


def count(data_dir: Path) -> dict[str, int]:
    """Answers, repeat answers, stale answers and the cards involved; lost card states."""
    engine = make_engine(f"sqlite:///{data_dir / 'pmstudy.sqlite3'}")
    with engine.connect() as connection:
        rows = connection.execute(select(ReviewLogRow.__table__).order_by(ReviewLogRow.id)).all()
        cards = {r.id: r for r in connection.execute(select(CardRow.__table__))}
    engine.dispose()
    last: dict[int, object] = {}
    answers = repeats = stale = 0
    stale_cards: set[int] = set()
    touched: set[int] = set()
    for row in rows:
        answers += 1
        touched.add(row.card_id)
        before = tuple(getattr(row, f"{name}_before") for name in _CHAIN)
        previous = last.get(row.card_id)
        if previous is not None:
            repeats += 1
            if previous != before:
                stale += 1
                stale_cards.add(row.card_id)
        last[row.card_id] = tuple(getattr(row, f"{name}_after") for name in _CHAIN)
    lost = sum(
        1
        for card_id, after in last.items()
        if tuple(getattr(cards[card_id], name) for name in _CHAIN) != after
    )
    return {
        "answers": answers,
        "repeat_answers": repeats,
        "stale_answers": stale,
        "cards_answered": len(touched),
        "cards_with_stale_answers": len(stale_cards),
        "cards_whose_state_is_not_their_last_answer": lost,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--speed", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        services = build_services(_settings(data_dir), FixedClock(START), seed=1)
        deck = next(n.id for n in services.study.deck_tree() if n.name == DECK)
        services.presets.save(replace(services.presets.of_deck(deck), new_per_day=200))
        services.close()
        origin = time.time() + 2.0
        context = multiprocessing.get_context("spawn")
        workers = [
            context.Process(
                target=study, args=(data_dir, DECK, origin, args.speed, args.seconds, who)
            )
            for who in (1, 2)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        result = {"seconds": args.seconds, "speed": args.speed, **count(data_dir)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
