"""A process that studies one deck for a while: the concurrent-study tests start two."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from pmstudy.domain.model import Rating
from pmstudy.services.container import build_services
from pmstudy.settings import Settings

START = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


class FastClock:
    """Wall time since a shared origin, ``speed`` times faster, from START: learning cards
    come back within a short run, and both processes agree on the time."""

    def __init__(self, origin: float, speed: float) -> None:
        self._origin = origin
        self._speed = speed

    def now(self) -> dt.datetime:
        """The sped-up instant."""
        return START + dt.timedelta(seconds=max(0.0, time.time() - self._origin) * self._speed)


def study(
    data_dir: Path,
    deck: str,
    origin: float,
    speed: float,
    seconds: float,
    who: int,
    database_url: str | None = None,
    profile: str | None = None,
    tally: Path | None = None,
) -> None:
    """From ``origin`` on, answer the deck's cards (seeded mixed ratings) for ``seconds``,
    starting a new session whenever one runs dry (on the data directory's SQLite file, or at
    ``database_url``; the learner ``profile``'s).

    Each answer takes ``1000 + who`` ms, so that the log tells whose answer a row is; with a
    ``tally``, the process writes there how many answers it made and how many of them were
    recomputed from a memory the other process stored (``answers recomputed``).
    """
    clock = FastClock(origin, speed)
    settings = Settings(
        data_dir=data_dir, timezone="UTC", database_url=database_url, profile=profile
    )
    services = build_services(settings, clock, seed=1)
    answers = recomputed = 0
    try:
        deck_id = next(n.id for n in services.study.deck_tree() if n.name == deck)
        rng = random.Random(who)
        while time.time() < origin:
            time.sleep(0.001)
        session = services.study.start(deck_id)
        while time.time() < origin + seconds:
            if session.next_card() is None:
                session = services.study.start(deck_id)
                if session.next_card() is None:
                    time.sleep(0.02)
                    continue
            rating = rng.choices(list(Rating)[1:], weights=(2, 1, 6, 1))[0]
            result = session.answer(rating, duration_ms=1000 + who)
            answers += 1
            recomputed += result.recomputed
            time.sleep(rng.uniform(0.0, 0.005))
    finally:
        services.close()
    if tally is not None:
        tally.write_text(f"{answers} {recomputed}")
