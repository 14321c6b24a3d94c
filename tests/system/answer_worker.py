"""A separate process that answers cards: used by the kill -9 and two-process tests.

Usage: python answer_worker.py DATA_DIR COUNT PAUSE_SECONDS
Prints 'answered <card id> <review count>' after each committed answer.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pmstudy.clock import SystemClock
from pmstudy.domain.model import Rating
from pmstudy.services.container import build_services
from pmstudy.settings import Settings


def main() -> None:
    data_dir, count, pause = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    services = build_services(Settings(data_dir=data_dir, timezone="UTC"), SystemClock(), seed=1)
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck)
    done = 0
    while done < count:
        card = session.next_card()
        if card is None:
            session = services.study.start(deck)
            card = session.next_card()
            if card is None:
                break
        session.answer(Rating.GOOD, duration_ms=1500)
        done += 1
        print(f"answered {card.id} {done}", flush=True)
        time.sleep(pause)
    services.close()


if __name__ == "__main__":
    main()
