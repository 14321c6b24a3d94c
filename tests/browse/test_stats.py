"""Statistics on hand-computable histories: forecast, days, heatmap, counts, retention, hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from pmstudy.clock import FixedClock
from pmstudy.db.stats import AnswerStore
from pmstudy.domain.model import CardState, Memory, NoteKind, Rating
from pmstudy.domain.scheduling import DayClock
from pmstudy.domain.stats import answers, charts
from pmstudy.services import stats as stats_module
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.browse.support import add_note, log_review, set_card, set_memory

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


def memory(
    state: CardState, stability: float, difficulty: float, last: dt.timedelta, due: dt.timedelta
) -> Memory:
    return Memory(
        state=state,
        stability=stability,
        difficulty=difficulty,
        due=NOW + due,
        last_review=NOW - last,
        reps=3,
    )


@dataclass
class History:
    services: Services
    cards: dict[str, int]


def build(tmp_path: Path, timezone: str = "UTC") -> Services:
    settings = Settings(data_dir=tmp_path / "data", timezone=timezone)
    return build_services(settings, FixedClock(NOW), seed=1, sync_decks=False)


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    """Eight cards in known states and nine answers at known times (UTC)."""
    services = build(tmp_path)
    names = [
        "mature",
        "young",
        "relearning",
        "learning",
        "suspended_new",
        "new",
        "buried",
        "suspended_review",
    ]
    cards = {
        name: add_note(
            services,
            NoteKind.BASIC,
            {"Front": name},
            deck="D",
            tags=(f"exam::pmp::{'people' if i % 2 else 'process'}",),
        )[0]
        for i, name in enumerate(names)
    }
    set_memory(services, cards["mature"], memory(CardState.REVIEW, 40, 3, 5 * DAY, 25 * DAY))
    set_memory(services, cards["young"], memory(CardState.REVIEW, 5, 7, 2 * DAY, 3 * DAY))
    set_memory(
        services,
        cards["relearning"],
        memory(CardState.RELEARNING, 1, 9, HOUR, dt.timedelta(minutes=10)),
    )
    set_memory(
        services,
        cards["learning"],
        memory(CardState.LEARNING, 0.5, 5.5, dt.timedelta(minutes=2), dt.timedelta(minutes=1)),
    )
    set_card(services, cards["suspended_new"], suspended=True)
    set_memory(services, cards["buried"], memory(CardState.REVIEW, 8, 4, 10 * DAY, -3 * DAY))
    set_card(services, cards["buried"], buried_until=NOW + 10 * HOUR)
    set_memory(services, cards["suspended_review"], memory(CardState.REVIEW, 100, 2, 10 * DAY, DAY))
    set_card(services, cards["suspended_review"], suspended=True)

    def answer(
        card: str, at: dt.datetime, rating: Rating, state: CardState, ivl: float, ms: int
    ) -> None:
        log_review(
            services,
            cards[card],
            at=at,
            rating=rating,
            state_before=state,
            stability_before=ivl,
            last_review_before=at - ivl * DAY,
            due_before=at,
            duration_ms=ms,
        )

    today = NOW.replace(hour=8)
    answer("mature", today, Rating.GOOD, CardState.REVIEW, 30, 1000)
    answer("young", today, Rating.AGAIN, CardState.REVIEW, 5, 2000)
    answer("learning", today, Rating.GOOD, CardState.NEW, 0.01, 3000)
    answer("mature", today - DAY + 2 * HOUR, Rating.HARD, CardState.REVIEW, 30, 4000)
    answer("young", today - DAY + 2 * HOUR, Rating.GOOD, CardState.REVIEW, 5, 5000)
    answer("young", today - 5 * DAY, Rating.GOOD, CardState.RELEARNING, 0.01, 6000)
    answer("mature", today - 20 * DAY, Rating.AGAIN, CardState.REVIEW, 25, 7000)
    answer("young", today - 100 * DAY, Rating.GOOD, CardState.REVIEW, 4, 8000)
    answer("young", today - 400 * DAY, Rating.GOOD, CardState.REVIEW, 3, 9000)
    # a manual entry (rating 0) is not an answer
    log_review(services, cards["young"], at=today, rating=Rating.MANUAL, duration_ms=60_000)
    yield History(services, cards)
    services.close()


def test_card_counts(history: History) -> None:
    counts = history.services.stats.report().counts
    assert counts == charts.CardCounts(
        new=1, learning=1, relearning=1, young=1, mature=1, suspended=2, buried=1
    )
    assert counts.total == 8


def test_forecast(history: History) -> None:
    forecast = history.services.stats.report().forecast
    assert forecast.start == dt.date(2026, 11, 22)
    assert len(forecast.due) == 90
    assert forecast.overdue == 1  # the buried card, due three days ago
    due = {day: count for day, count in enumerate(forecast.due) if count}
    assert due == {0: 2, 3: 1, 25: 1}  # relearning + learning today; young; mature
    assert forecast.total(30) == 5
    assert forecast.as_json()["total_90"] == 5


def test_reviews_per_day_and_heatmap(history: History) -> None:
    report = history.services.stats.report()
    days = report.reviews
    assert days.start == dt.date(2026, 11, 22) - 364 * DAY
    assert len(days.learn) == 365
    assert (days.learn[-1], days.review[-1], days.relearn[-1]) == (1, 2, 0)
    assert days.seconds[-1] == 6.0
    assert (days.review[-2], days.seconds[-2]) == (2, 9.0)
    assert days.relearn[-6] == 1
    assert days.review[-21] == 1
    assert days.review[-101] == 1
    assert sum(days.totals) == 8  # the answer 400 days ago is outside the year
    assert days.last(7).totals == (0, 1, 0, 0, 0, 2, 3)
    heatmap = report.heatmap
    assert heatmap.end == dt.date(2026, 11, 22)
    assert heatmap.days_studied == 5
    weeks = heatmap.weeks()
    assert all(len(week) == 7 for week in weeks)
    assert weeks[-1][heatmap.end.weekday()] == 3


def test_true_retention(history: History) -> None:
    table = history.services.stats.report().retention
    assert table.periods == ("today", "week", "month", "year")
    young = [(c.passed, c.failed) for c in table.young]
    mature = [(c.passed, c.failed) for c in table.mature]
    assert young == [(0, 1), (1, 1), (1, 1), (2, 1)]
    assert mature == [(1, 0), (2, 0), (2, 1), (2, 1)]
    assert [c.rate for c in table.total] == [0.5, 0.75, 0.6, pytest.approx(4 / 6)]
    data = table.as_json()
    assert data["month"] == {
        "young": {"passed": 1, "failed": 1, "retention": 0.5},
        "mature": {"passed": 2, "failed": 1, "retention": 0.6667},
        "total": {"passed": 3, "failed": 2, "retention": 0.6},
    }


def test_hours(history: History) -> None:
    hours = {h.hour: (h.reviews, h.passed) for h in history.services.stats.report().hours}
    assert hours[8] == (6, 4)  # today x3, 5, 20 and 100 days ago
    assert hours[10] == (2, 2)
    assert sum(r for r, _ in hours.values()) == 8


def test_distributions(history: History) -> None:
    report = history.services.stats.report()
    intervals = dict(zip(report.intervals.labels("d"), report.intervals.counts, strict=True))
    # review and relearning cards: mature 30 d, young 5 d, relearning ~0.05 d, buried 7 d,
    # suspended 11 d
    assert intervals["30-60d"] == 1
    assert intervals["5-7d"] == 1
    assert intervals["0-1d"] == 1
    assert intervals["7-10d"] == 1
    assert intervals["10-14d"] == 1
    assert sum(report.intervals.counts) == 5
    stability = dict(zip(report.stability.labels(), report.stability.counts, strict=True))
    assert stability == {
        **dict.fromkeys(report.stability.labels(), 0),
        "0-1": 1,
        "1-2": 1,
        "5-7": 1,
        "7-10": 1,
        "30-60": 1,
        "90-180": 1,
    }
    assert report.difficulty.counts == (0, 1, 1, 1, 1, 0, 1, 0, 1)
    assert report.difficulty.mean == pytest.approx((3 + 7 + 9 + 5.5 + 4 + 2) / 6)
    assert sum(report.retrievability.counts) == 6
    data = report.as_json()
    assert data["intervals"]["edges"][-1] is None  # the open-ended last bar


def test_stats_cache_follows_the_log(history: History, monkeypatch: pytest.MonkeyPatch) -> None:
    stats = history.services.stats
    assert sum(stats.report().reviews.totals) == 8
    # a history import adds old answers: the finished days are counted again
    log_review(history.services, history.cards["new"], at=NOW - 30 * DAY, rating=Rating.GOOD)
    assert sum(stats.report().reviews.totals) == 9
    # today's answers are always fresh
    log_review(history.services, history.cards["new"], at=NOW, rating=Rating.GOOD)
    assert sum(stats.report().reviews.totals) == 10


def test_cache_and_log_give_the_same_numbers(history: History) -> None:
    """The per-day cache against the review log read directly (no trigger: no cache)."""
    stats = history.services.stats
    cached = (stats.overview(), stats.report(), stats.calibration(days=365))
    direct = stats_module.StatsService(
        history.services.db,
        history.services.clock,
        history.services.days,
        answers=AnswerStore(history.services.engine, cache=False),
    )
    assert (direct.overview(), direct.report(), direct.calibration(days=365)) == cached
    assert cached[2].count == 6


def test_an_empty_collection(empty_services: Services) -> None:
    report = empty_services.stats.report()
    assert report.counts.total == 0
    assert sum(report.reviews.totals) == 0
    assert report.forecast.total(90) == 0
    assert report.retention.total[3].rate is None
    assert report.difficulty.mean is None
    calibration = empty_services.stats.calibration()
    assert calibration.count == 0
    assert calibration.log_loss is None


def test_days_follow_the_time_zone_across_daylight_saving(tmp_path: Path) -> None:
    services = build(tmp_path, "America/New_York")
    try:
        card = add_note(services, NoteKind.BASIC, {"Front": "x"}, deck="D")[0]
        # US clocks fall back on 2026-11-01 at 06:00 UTC; the day rolls over at 04:00 local
        log_review(
            services, card, at=dt.datetime(2026, 11, 1, 7, 30, tzinfo=dt.UTC), rating=Rating.GOOD
        )  # 02:30 EST: still 31 October's study day
        log_review(
            services, card, at=dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC), rating=Rating.GOOD
        )  # 04:30 EST: 1 November
        log_review(
            services, card, at=dt.datetime(2026, 10, 31, 7, 30, tzinfo=dt.UTC), rating=Rating.GOOD
        )  # 03:30 EDT: 30 October's study day
        report = services.stats.report()
        by_day = {report.reviews.day(i): n for i, n in enumerate(report.reviews.totals) if n}
        assert by_day == {
            dt.date(2026, 10, 30): 1,
            dt.date(2026, 10, 31): 1,
            dt.date(2026, 11, 1): 1,
        }
        hours = {h.hour: h.reviews for h in report.hours if h.reviews}
        assert hours == {2: 1, 3: 1, 4: 1}
    finally:
        services.close()


def test_half_hour_zones(tmp_path: Path) -> None:
    services = build(tmp_path, "Asia/Kolkata")
    try:
        card = add_note(services, NoteKind.BASIC, {"Front": "x"}, deck="D")[0]
        # 04:00 IST is 22:30 UTC: these two answers fall on different study days
        log_review(
            services, card, at=dt.datetime(2026, 11, 20, 22, 20, tzinfo=dt.UTC), rating=Rating.GOOD
        )
        log_review(
            services, card, at=dt.datetime(2026, 11, 20, 22, 40, tzinfo=dt.UTC), rating=Rating.GOOD
        )
        report = services.stats.report()
        assert report.reviews.totals[-3:] == (1, 1, 0)
    finally:
        services.close()


def test_histogram_and_day_helpers() -> None:
    values = np.array([0.5, 1.0, 1.5, 400.0, np.nan])
    histogram = charts.histogram(values, (0.0, 1.0, 2.0, float("inf")))
    assert histogram.counts == (1, 2, 1)
    assert histogram.labels("d") == ["0-1d", "1-2d", "2+d"]
    assert histogram.mean == pytest.approx(100.75)
    starts = answers.day_starts(DayClock(), dt.date(2026, 1, 1), 2)
    assert list(answers.day_index(starts + 0.5, starts)) == [0, 1, 2]
    assert list(answers.day_index(starts - 0.1, starts)) == [-1, 0, 1]
    exact = answers.day_starts_us(DayClock(), dt.date(2026, 1, 1), 2)
    assert exact[0] == answers.micros(dt.datetime(2026, 1, 1, 4, tzinfo=dt.UTC))
    assert list(answers.day_index(exact, exact)) == [0, 1, 2]
    assert list(answers.day_index(exact - 1, exact)) == [-1, 0, 1]
