"""The per-day answer cache (review_days) against the review log read directly.

Every statistic computed through the cache must equal the same statistic computed from
review_log itself, after answers, undo, a history import, deleting notes (and undoing that),
manual log rows, a deletion racing a refresh, and in any time zone or rollover hour.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import delete, func, insert, select

from pmstudy.clock import FixedClock
from pmstudy.db.models import ReviewDayRow, ReviewDaysHoleRow, ReviewDaysStateRow, ReviewLogRow
from pmstudy.db.stats import AnswerStore, answer_store
from pmstudy.domain.model import CardState, NoteKind, Rating
from pmstudy.domain.scheduling import DayClock
from pmstudy.domain.stats import answers
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.browse.support import add_note, assert_consistent, log_review

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = build_services(
        Settings(data_dir=tmp_path / "data", timezone="UTC"), FixedClock(NOW), seed=1
    )
    yield built
    built.close()


def _cards(services: Services, count: int, *, tags: tuple[str, ...] = ()) -> list[int]:
    return [
        add_note(
            services, NoteKind.BASIC, {"Front": f"card {n}"}, deck="D", tags=tags or (f"t{n}",)
        )[0]
        for n in range(count)
    ]


def _history(services: Services, cards: list[int], *, start: int = 0) -> list[int]:
    """Answers spread over the last 400 days, at all hours, in every state and rating."""
    ids = []
    for n in range(60):
        at = NOW - (start + n * 7) * DAY + (n * 5 % 24) * HOUR + n * dt.timedelta(minutes=7)
        state = (CardState.NEW, CardState.LEARNING, CardState.REVIEW, CardState.RELEARNING)[n % 4]
        ivl = (3, 30, 0.5, 21)[n % 4]
        ids.append(
            log_review(
                services,
                cards[n % len(cards)],
                at=at,
                rating=Rating(1 + n % 4),
                state_before=state,
                stability_before=ivl if n % 5 else None,
                last_review_before=at - ivl * DAY if n % 3 else None,
                due_before=at if n % 2 else None,
                duration_ms=1000 + n,
            )
        )
    return ids


def test_answers_and_undo_of_the_last_answer(services: Services) -> None:
    cards = _cards(services, 4)
    _history(services, cards)
    assert_consistent(services)
    deck_id = next(n.id for n in services.study.deck_tree() if n.name == "D")
    session = services.study.start(deck_id)
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY):
        assert session.next_card() is not None
        session.answer(rating, duration_ms=4000)
    assert_consistent(services)
    # undo deletes the newest row; SQLite then hands its id out again to the next answer
    session.undo()
    assert_consistent(services)
    assert session.next_card() is not None
    session.answer(Rating.HARD, duration_ms=2500)
    assert_consistent(services)
    # undo and answer again before any statistics call
    session.undo()
    assert session.next_card() is not None
    session.answer(Rating.GOOD, duration_ms=1500)
    assert_consistent(services)


def test_history_import_deleting_notes_and_undo(services: Services) -> None:
    cards = _cards(services, 6)
    _history(services, cards[:3])
    assert_consistent(services)
    # an import adds old history in one transaction: new ids, old days
    rows = [
        {
            "card_id": cards[3 + n % 3],
            "answered_at": NOW - (n % 300) * DAY - n * dt.timedelta(minutes=13),
            "rating": 1 + n % 4,
            "duration_ms": 700,
            "kind": "review",
            "state_before": 2,
            "stability_before": 4.0 + n % 40,
            "last_review_before": NOW - (n % 300 + 5) * DAY,
            "due_before": NOW - (n % 300) * DAY,
            "state_after": 2,
        }
        for n in range(500)
    ]
    with services.engine.begin() as connection:
        connection.execute(insert(ReviewLogRow), rows)
    assert_consistent(services)
    # deleting notes removes their history (rows in the middle of the log)
    services.browser.delete([cards[0], cards[4]])
    assert_consistent(services)
    # undo puts the very rows back, ids included, below the mark
    services.browser.undo()
    assert_consistent(services)
    # delete and undo with no statistics call in between
    services.browser.delete([cards[1]])
    services.browser.undo()
    assert_consistent(services)
    # delete everything: no holes remain above the last row
    services.browser.delete(cards)
    assert_consistent(services)
    with services.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(ReviewDayRow)).scalar() == 0
    services.browser.undo()
    assert_consistent(services)


def test_the_log_is_read_in_slices(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """A backlog goes into the cache a few rows per write; deletions between slices."""
    monkeypatch.setattr(answer_store, "SLICE_ROWS", 7)
    cards = _cards(services, 4)
    _history(services, cards)
    assert_consistent(services)
    _history(services, cards, start=2)
    services.browser.delete([cards[1]])
    assert_consistent(services)
    services.browser.undo()
    _history(services, cards, start=4)
    assert_consistent(services)


def test_manual_rows_reset_and_set_due(services: Services) -> None:
    cards = _cards(services, 3)
    _history(services, cards)
    assert_consistent(services)
    services.browser.set_due(cards, "3")
    services.browser.reset(cards[:1])
    assert_consistent(services)
    services.browser.undo()
    services.browser.undo()
    assert_consistent(services)


@pytest.mark.parametrize(
    ("zone", "rollover"),
    [
        ("UTC", 4),
        ("UTC", 0),
        ("America/New_York", 4),
        ("Asia/Kolkata", 4),
        ("Asia/Kathmandu", 3),
        ("Australia/Lord_Howe", 23),
        ("Pacific/Chatham", 4),
    ],
)
def test_any_time_zone_and_rollover(services: Services, zone: str, rollover: int) -> None:
    cards = _cards(services, 5, tags=("exam::pmp::people",))
    _history(services, cards)
    _history(services, cards, start=3)
    days = DayClock.named(zone, rollover)
    assert_consistent(services, days)
    # the cache does not depend on the zone: changing it needs no rebuild
    with services.engine.connect() as connection:
        mark = connection.execute(select(ReviewDaysStateRow.mark)).scalar_one()
    assert_consistent(services, DayClock.named("Europe/Paris", 6))
    with services.engine.connect() as connection:
        assert connection.execute(select(ReviewDaysStateRow.mark)).scalar_one() == mark


def test_a_deletion_during_a_refresh_is_not_lost(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = _cards(services, 3)
    ids = _history(services, cards)
    assert_consistent(services)
    log_review(services, cards[0], at=NOW - HOUR, rating=Rating.GOOD)
    planned = answer_store._plan
    # three deletions: three refreshes planned in vain, then one planned under the write lock
    victims = [ids[10], ids[20], ids[30]]

    def plan_then_delete(connection: object) -> answer_store._Plan:
        plan = planned(connection)  # type: ignore[arg-type]
        if victims:
            with services.engine.begin() as other:
                other.execute(delete(ReviewLogRow).where(ReviewLogRow.id == victims.pop()))
        return plan

    monkeypatch.setattr(answer_store, "_plan", plan_then_delete)
    assert_consistent(services)
    assert not victims


def test_a_missing_trigger_reads_the_log(services: Services) -> None:
    cards = _cards(services, 2)
    _history(services, cards)
    with services.engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TRIGGER {answer_store.TRIGGER}")
    store = AnswerStore(services.engine)
    assert not store.cached
    found = store.answers(NOW - 500 * DAY, ("rating",))
    assert len(found) == 60
    with services.engine.connect() as connection:
        assert connection.execute(select(ReviewDaysStateRow.mark)).scalar_one() == 0


def test_holes_are_forgotten_above_the_last_row(services: Services) -> None:
    cards = _cards(services, 2)
    ids = _history(services, cards)
    store = AnswerStore(services.engine)
    store.refresh()
    with services.engine.begin() as connection:
        connection.execute(delete(ReviewLogRow).where(ReviewLogRow.id.in_(ids[-5:-1])))
        holes = connection.execute(select(ReviewDaysHoleRow.id)).scalars().all()
    assert sorted(holes) == sorted(ids[-5:-1])  # the newest row was at the mark: no hole
    with services.engine.begin() as connection:
        connection.execute(delete(ReviewLogRow).where(ReviewLogRow.id == ids[-1]))
    store.refresh()
    with services.engine.connect() as connection:
        assert connection.execute(select(ReviewDaysHoleRow.id)).scalars().all() == []
        assert connection.execute(select(ReviewDaysStateRow.mark)).scalar_one() == ids[-6]
    assert_consistent(services)


def test_utc_offsets_match_the_zone_database() -> None:
    rng = np.random.default_rng(7)
    start = answers.micros(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    span = 3 * 365 * answers.MICROS_PER_DAY
    instants = np.sort(start + rng.integers(0, span, 5000))
    for name in ("America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Europe/Dublin"):
        zone = zoneinfo.ZoneInfo(name)
        offsets = answers.utc_offsets(zone, instants)
        hours = answers.local_hours(zone, instants)
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        for at, offset, hour in zip(instants[::37], offsets[::37], hours[::37], strict=True):
            local = (epoch + dt.timedelta(microseconds=int(at))).astimezone(zone)
            assert local.utcoffset() == dt.timedelta(seconds=int(offset))
            assert local.hour == hour
    # right at a change: 2026-03-08 07:00 UTC, New York springs forward
    change = answers.micros(dt.datetime(2026, 3, 8, 7, tzinfo=dt.UTC))
    around = np.array([change - 1, change], dtype=np.int64)
    offsets = answers.utc_offsets(zoneinfo.ZoneInfo("America/New_York"), around)
    assert list(offsets) == [-5 * 3600, -4 * 3600]


def test_streak_helper() -> None:
    flags = np.array([True, False, True, True, True])
    assert answers.streak(flags) == 3
    assert answers.streak(np.array([True, True, False])) == 2  # today not studied yet
    assert answers.streak(np.array([False, False])) == 0
    assert answers.streak(np.array([True, True])) == 2
