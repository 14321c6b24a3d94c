"""The one-pass SQLite read of the linked cards gives, bit for bit, what the row-by-row read
gives, and steps aside (row by row) whenever a value could not travel exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select, text

import pmstudy.db.exams.exam_cards as exam_cards
from pmstudy.clock import FixedClock
from pmstudy.db.cardcache import read_columns
from pmstudy.db.exams import ExamCards
from pmstudy.db.models import ReviewLogRow
from pmstudy.domain.model import Rating
from pmstudy.domain.scheduling import learner_from_counts, learner_from_log
from pmstudy.services.container import Services
from pmstudy.services.exams.reads import card_memory
from tests.conftest import write_deck
from tests.exams.tables import assert_same


def _study(services: Services, clock: FixedClock) -> None:
    """Answer cards over a few days: new, learning, relearning and review cards."""
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    ratings = [Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD]
    for day in range(3):
        session = services.study.start(deck)
        for number in range(25):
            if session.next_card() is None:
                break
            session.answer(ratings[(number + day) % 4], duration_ms=4000)
        clock.advance(days=1, minutes=7, seconds=3.123456)


def _execute(services: Services, sql: str) -> None:
    with services.engine.begin() as connection:
        connection.execute(text(sql))


def _tables(services: Services, deck_ids: list[int]) -> tuple[Any, Any]:
    """(one-pass, row-by-row) card tables of the decks."""
    with services.sessions() as session:
        fast = ExamCards(session).card_table(deck_ids)
    original = exam_cards.read_columns
    exam_cards.read_columns = lambda *_args: None  # type: ignore[assignment]
    try:
        with services.sessions() as session:
            slow = ExamCards(session).card_table(deck_ids)
    finally:
        exam_cards.read_columns = original
    return fast, slow


def _deck_ids(services: Services) -> list[int]:
    return [n.id for n in services.study.deck_tree()]


def _odd_values(services: Services) -> None:
    """Values at the edges of what travels exactly, NULLs, steps, suspension."""
    _execute(
        services,
        "UPDATE cards SET stability = CASE id % 7"
        " WHEN 0 THEN 0.001 WHEN 1 THEN 2047.9999999999998 WHEN 2 THEN 36500.123456789"
        " WHEN 3 THEN 4611686018427387904.5 WHEN 4 THEN 1.0 / 3.0 WHEN 5 THEN -5.5"
        " ELSE stability END,"
        " difficulty = CASE id % 5 WHEN 0 THEN 1.0 WHEN 1 THEN 9.999999999999998"
        " WHEN 2 THEN 2047.5 ELSE difficulty END"
        " WHERE stability IS NOT NULL",
    )
    _execute(services, "UPDATE cards SET suspended = 1, step = 3 WHERE id % 11 = 0")
    _execute(services, "UPDATE cards SET difficulty = NULL WHERE id % 13 = 0")
    # Half a millisecond and just under: julianday() rounds these to the millisecond.
    _execute(
        services,
        "UPDATE cards SET last_review = '2026-11-22 10:00:00.999500',"
        " due = '2026-11-23 04:59:59.999499' WHERE id % 17 = 0",
    )
    _execute(
        services,
        "UPDATE cards SET due = CASE id % 3 WHEN 0 THEN '2026-11-23 04:59:59.999499'"
        " WHEN 1 THEN '2026-11-23 04:59:59.999500' ELSE due END"
        " WHERE state = 2 AND NOT suspended",
    )


def test_one_pass_read_equals_row_by_row(services: Services, clock: FixedClock) -> None:
    _study(services, clock)
    _odd_values(services)
    decks = _deck_ids(services)
    with services.sessions() as session:
        raw = read_columns(session.connection(), decks, True, False)
    assert raw is not None  # the fast path did run
    fast, slow = _tables(services, decks)
    assert len(fast[0]) > 100
    assert np.count_nonzero(np.isfinite(fast[0].stability)) > 20
    assert np.count_nonzero(fast[0].suspended) > 0
    assert_same(fast, slow)


def _second_preset(services: Services) -> None:
    """A second preset (other FSRS weights) for the Scrum deck's sub-decks or half the decks."""
    with services.engine.begin() as connection:
        columns = [r[1] for r in connection.exec_driver_sql("PRAGMA table_info(presets)")]
        copied = ", ".join("'Other'" if c == "name" else c for c in columns if c != "id")
        names = ", ".join(c for c in columns if c != "id")
        connection.exec_driver_sql(f"INSERT INTO presets ({names}) SELECT {copied} FROM presets")
        connection.exec_driver_sql(
            "UPDATE decks SET preset_id = (SELECT max(id) FROM presets) WHERE id % 2 = 0"
        )


def test_several_presets(services: Services, clock: FixedClock, tmp_path: Path) -> None:
    for name in ("A", "B", "C"):
        extra = "".join(
            f'[[cards]]\nid = "{name.lower()}{i}"\nfront = "q{i}"\nback = "a"\n' for i in range(30)
        )
        services.decks.import_file(
            write_deck(tmp_path / f"{name}.toml", extra, deck_id=name.lower(), name=name)
        )
    _study(services, clock)
    _second_preset(services)
    decks = _deck_ids(services)
    fast, slow = _tables(services, decks)
    assert len(set(fast[0].preset.tolist())) == 2
    assert_same(fast, slow)


def test_decks_read_through_the_index_keep_the_row_order(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    services.decks.import_file(
        write_deck(
            tmp_path / "x.toml",
            "".join(
                f'[[cards]]\nid = "x{i}"\nfront = "q{i}"\nback = "a"\ntags = ["exam::psm-1::x"]\n'
                for i in range(OTHERS)
            ),
        )
    )
    _study(services, clock)
    scrum = [n.id for n in services.study.deck_tree() if n.name.startswith("Scrum")]
    with services.sessions() as session:
        assert not ExamCards(session)._scan(scrum)  # the deck index path
    fast, slow = _tables(services, scrum)
    assert 0 < len(fast[0]) < OTHERS  # Scrum is under half of the collection
    assert_same(fast, slow)


OTHERS = 2000  # cards of another deck, more than the bundled Scrum deck holds


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cards SET stability = 0.0001 WHERE stability IS NOT NULL AND id % 3 = 0",
        "UPDATE cards SET stability = 0.0 WHERE stability IS NOT NULL AND id % 3 = 0",
        "UPDATE cards SET stability = 1e19 WHERE stability IS NOT NULL AND id % 3 = 0",
        "UPDATE cards SET difficulty = 0.5 WHERE difficulty IS NOT NULL AND id % 3 = 0",
        "UPDATE cards SET difficulty = 4096.0 WHERE difficulty IS NOT NULL AND id % 3 = 0",
        "UPDATE notes SET tags = ' a' || char(31) || 'b exam::psm-1::framework ' WHERE id % 2 = 0",
    ],
)
def test_values_that_cannot_travel_exactly_go_row_by_row(
    services: Services, clock: FixedClock, sql: str
) -> None:
    _study(services, clock)
    _execute(services, sql)
    decks = _deck_ids(services)
    with services.sessions() as session:
        assert read_columns(session.connection(), decks, True, False) is None
    fast, slow = _tables(services, decks)
    assert_same(fast, slow)


def test_readiness_counts_agree_between_the_reads(services: Services, clock: FixedClock) -> None:
    _study(services, clock)
    _odd_values(services)
    decks = _deck_ids(services)
    fast, slow = _tables(services, decks)
    edge = dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC)
    found = []
    for end in (clock.now(), clock.now() + dt.timedelta(days=30), edge):
        light = card_memory(*fast, end)
        full = card_memory(*slow, end)
        assert (light.new_active, light.reviews_due) == (full.new_active, full.reviews_due)
        found.append(full.reviews_due)
    # Due half a millisecond before the edge counts, a hair later does not (julianday()
    # rounds to the millisecond in both reads).
    table = slow[0]
    reviews = int(np.count_nonzero((table.state == 2) & ~table.suspended))
    assert 0 < found[2] < reviews
    assert found[1] == reviews
    assert full.new_active > 0


def test_learner_counts_equal_the_answer_by_answer_profile(
    services: Services, clock: FixedClock
) -> None:
    _study(services, clock)
    _execute(services, "UPDATE review_log SET duration_ms = 0 WHERE id % 5 = 0")
    log = ReviewLogRow
    for limit in (5000, 7):
        with services.sessions() as session:
            rows = session.execute(
                select(log.state_before, log.rating, log.duration_ms)
                .where(log.rating > 0)
                .order_by(log.id.desc())
                .limit(limit)
            ).all()
            counts = ExamCards(session).answer_counts(limit)
        assert len(rows) == min(limit, 75)
        assert learner_from_counts(counts) == learner_from_log([tuple(r) for r in rows])
