"""Collection statistics: cards by state, reviews, streak, recent retention; charts; calibration."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

import numpy as np
from sqlalchemy import Connection, Engine, bindparam, func, select
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db import stats_sql
from pmstudy.db.models import CardRow, ReviewLogRow
from pmstudy.db.search_sql import load_context
from pmstudy.domain import answer_buckets, charts
from pmstudy.domain.answer_buckets import AnswerBuckets
from pmstudy.domain.calibration import Calibration, calibrate, predicted_recall
from pmstudy.domain.days import DayClock
from pmstudy.domain.model import CardState, Rating
from pmstudy.domain.scheduler import DEFAULT_PARAMETERS
from pmstudy.services.clock import Clock


@dataclass(frozen=True)
class Overview:
    """The numbers `pmstudy stats` prints."""

    cards_total: int
    cards_new: int
    cards_learning: int
    cards_review: int
    cards_relearning: int
    cards_suspended: int
    cards_buried: int
    reviews_today: int
    reviews_total: int
    streak_days: int
    retention_30d: float | None
    retention_30d_reviews: int
    seconds_today: float

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


MAX_STREAK_DAYS = 3650
_STUDIED = (
    select(ReviewLogRow.id)
    .where(
        ReviewLogRow.answered_at >= bindparam("start"),
        ReviewLogRow.answered_at < bindparam("end"),
        ReviewLogRow.rating > 0,
    )
    .limit(1)
)
# When the charted year holds at least this many answers and this share of the whole log,
# a sequential scan (in parallel id slices) beats walking the time index: the index visits
# rows in random order, about three times slower per row (measured on 1M rows).
SCAN_ROWS = 50_000
SCAN_SHARE = 0.2
SCAN_THREADS = 4
# Calibration periods up to this many days read the log through its time index.
CALIBRATION_INDEX_DAYS = 90


class StatsService:
    """Read-only numbers about the collection."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, days: DayClock) -> None:
        self._sessions = sessions
        self._clock = clock
        self._days = days
        self._answer_cache: tuple[object, AnswerBuckets] | None = None

    def _studied_on(self, session: Session, day: dt.date) -> bool:
        start = self._days.start_of(day)
        end = self._days.start_of(day + dt.timedelta(days=1))
        # Core, not ORM: a year-long streak makes hundreds of these probes.
        found = session.connection().execute(_STUDIED, {"start": start, "end": end}).first()
        return found is not None

    def _streak(self, session: Session, today: dt.date) -> int:
        """Consecutive study days ending today (or yesterday, if today has no answers yet).

        One indexed probe per day: cheap for any realistic streak, and exact in every time
        zone (day boundaries come from the DayClock, not from SQL date functions).
        """
        day = today if self._studied_on(session, today) else today - dt.timedelta(days=1)
        count = 0
        while count < MAX_STREAK_DAYS and self._studied_on(session, day):
            count += 1
            day -= dt.timedelta(days=1)
        return count

    def overview(self) -> Overview:
        """Cards by state, today's and all reviews, streak and 30-day retention."""
        now = self._clock.now()
        today = self._days.day_of(now)
        start = self._days.start_of(today)
        with self._sessions() as session:
            by_state = dict(
                session.execute(
                    select(CardRow.state, func.count())
                    .where(CardRow.suspended.is_(False))
                    .group_by(CardRow.state)
                ).all()
            )
            total = session.scalar(select(func.count()).select_from(CardRow)) or 0
            suspended = session.scalar(select(func.count()).where(CardRow.suspended.is_(True))) or 0
            buried = session.scalar(select(func.count()).where(CardRow.buried_until > now)) or 0
            answers = ReviewLogRow.rating > 0
            today_rows = session.execute(
                select(func.count(), func.coalesce(func.sum(ReviewLogRow.duration_ms), 0)).where(
                    answers, ReviewLogRow.answered_at >= start
                )
            ).one()
            reviews_total = session.scalar(select(func.count()).where(answers)) or 0
            studied = self._streak(session, today)
            month = now - dt.timedelta(days=30)
            recall = session.execute(
                select(ReviewLogRow.rating, func.count())
                .where(
                    ReviewLogRow.answered_at >= month,
                    ReviewLogRow.state_before == int(CardState.REVIEW),
                    answers,
                )
                .group_by(ReviewLogRow.rating)
            ).all()
        recall_counts = dict(recall)
        graded = sum(recall_counts.values())
        passed = graded - recall_counts.get(int(Rating.AGAIN), 0)
        return Overview(
            cards_total=total,
            cards_new=by_state.get(0, 0),
            cards_learning=by_state.get(1, 0),
            cards_review=by_state.get(2, 0),
            cards_relearning=by_state.get(3, 0),
            cards_suspended=suspended,
            cards_buried=buried,
            reviews_today=int(today_rows[0]),
            reviews_total=reviews_total,
            streak_days=studied,
            retention_30d=round(passed / graded, 4) if graded else None,
            retention_30d_reviews=graded,
            seconds_today=int(today_rows[1]) / 1000,
        )

    # --- charts (the statistics screen and `pmstudy stats --json`) ---------------------

    def _engine(self) -> Engine:
        engine = self._sessions.kw.get("bind")
        assert isinstance(engine, Engine)
        return engine

    def report(self) -> charts.StatsReport:
        """Forecast, answers per day, heatmap, card counts, distributions, true retention and
        hours, from a few aggregate queries (no review row is loaded)."""
        now = self._clock.now()
        today = self._days.day_of(now)
        year_first = today - dt.timedelta(days=charts.HEATMAP_DAYS - 1)
        past = answer_buckets.day_starts(self._days, year_first, charts.HEATMAP_DAYS)
        ahead = answer_buckets.day_starts(self._days, today, charts.FORECAST_DAYS)
        minutes = answer_buckets.bucket_minutes(self._days, year_first, charts.HEATMAP_DAYS)
        buckets = self._answers(year_first, today, minutes)
        with self._engine().connect() as connection:
            table = stats_sql.card_arrays(connection, now)
            decays = load_context(connection, now, self._days).decay_by_deck
        reviews = answer_buckets.review_days(buckets, past, year_first)
        heatmap = charts.Heatmap(year_first, reviews.totals)
        now_days = answer_buckets.epoch_days(now)
        interval = table.due - table.last_review
        in_review = (table.state == int(CardState.REVIEW)) | (
            table.state == int(CardState.RELEARNING)
        )
        counts = answer_buckets.card_counts(
            table.state, table.suspended, table.buried, interval, table.new_free
        )
        counts = charts.CardCounts(
            new=counts.new,
            learning=counts.learning,
            relearning=counts.relearning,
            young=counts.young,
            mature=counts.mature,
            suspended=counts.suspended + table.new_suspended,
            buried=counts.buried + table.new_buried,
        )
        return charts.StatsReport(
            today=today,
            counts=counts,
            forecast=self._forecast(table, ahead, today),
            reviews=reviews,
            heatmap=heatmap,
            intervals=charts.histogram(
                np.where(in_review, interval, np.nan), charts.INTERVAL_EDGES
            ),
            stability=charts.histogram(table.stability, charts.INTERVAL_EDGES),
            difficulty=charts.histogram(table.difficulty, charts.DIFFICULTY_EDGES),
            retrievability=charts.histogram(
                self._recall_now(table, now_days, decays), charts.RECALL_EDGES
            ),
            retention=answer_buckets.retention_table(buckets, past, charts.HEATMAP_DAYS - 1),
            hours=answer_buckets.hour_rows(buckets, self._days),
        )

    def _answers(self, first: dt.date, today: dt.date, minutes: int) -> AnswerBuckets:
        """Answer buckets from ``first`` on: finished days cached, today's always fresh.

        Finished days change only when the log does (an import of old history, a deletion);
        the cache is keyed by the period's row count, read from the time index.
        """
        since = self._days.start_of(first)
        today_start = self._days.start_of(today)
        with self._engine().connect() as connection:
            window = stats_sql.window_rows(connection, since, today_start)
            fresh = stats_sql.answer_buckets(connection, today_start, minutes)
        key = (since, today_start, minutes, window)
        if self._answer_cache is None or self._answer_cache[0] != key:
            scanned = self._scan_answers(since, today_start, minutes, window)
            self._answer_cache = (key, scanned)
        return answer_buckets.concat_buckets([self._answer_cache[1], fresh])

    def _scan_answers(
        self,
        since: dt.datetime,
        until: dt.datetime,
        minutes: int,
        count: int,
    ) -> AnswerBuckets:
        engine = self._engine()
        with engine.connect() as connection:
            low, high = stats_sql.id_span(connection)
            if count < SCAN_ROWS or count < SCAN_SHARE * (high + 1 - low):
                return stats_sql.answer_buckets(connection, since, minutes, until=until)
        # Most of a large log: scan it in id order, in parallel slices (SQLite releases the
        # GIL while it steps, so each slice runs on its own core).
        parts = max(1, min(SCAN_THREADS, os.cpu_count() or 1))
        step = (high + 1 - low) // parts + 1

        def slice_of(number: int) -> AnswerBuckets:
            start = low + number * step
            with engine.connect() as connection:
                return stats_sql.answer_buckets(
                    connection, since, minutes, until=until, id_range=(start, start + step)
                )

        with ThreadPoolExecutor(max_workers=parts) as pool:
            return answer_buckets.concat_buckets(list(pool.map(slice_of, range(parts))))

    @staticmethod
    def _forecast(
        table: stats_sql.CardArrays, starts: charts.FloatArray, today: dt.date
    ) -> charts.Forecast:
        active = ~table.suspended & ~np.isnan(table.due)
        index = answer_buckets.day_index(table.due[active], starts)
        days = len(starts) - 1
        inside = (index >= 0) & (index < days)
        due = np.bincount(index[inside], minlength=days)
        return charts.Forecast(today, tuple(int(c) for c in due), int((index < 0).sum()))

    @staticmethod
    def _recall_now(
        table: stats_sql.CardArrays, now_days: float, decays: dict[int, float]
    ) -> charts.FloatArray:
        known = ~np.isnan(table.stability) & ~np.isnan(table.last_review) & (table.stability > 0)
        decay = _decay_of(table.deck, decays)
        recall = np.full(table.state.shape, np.nan)
        recall[known] = predicted_recall(
            now_days - table.last_review[known], table.stability[known], decay[known]
        )
        return recall

    def calibration(self, *, days: int = 30) -> Calibration:
        """Predicted recall at answer time against the answers of the last ``days`` days."""
        now = self._clock.now()
        with self._engine().connect() as connection:
            decays = load_context(connection, now, self._days).decay_by_deck
            return self._calibration(connection, days, decays)

    def _calibration(
        self, connection: Connection, days: int, decays: dict[int, float]
    ) -> Calibration:
        today = self._days.day_of(self._clock.now())
        first = today - dt.timedelta(days=max(days, 1) - 1)
        # A long period is most of the log: read it sequentially (no counting first, which
        # would cost as much as the choice saves for a month).
        scan = days > CALIBRATION_INDEX_DAYS
        sample = stats_sql.review_sample(connection, self._days.start_of(first), scan=scan)
        predicted = predicted_recall(
            sample.elapsed, sample.stability, _decay_of(sample.deck, decays)
        )
        groups = []
        top = int(sample.note.max()) + 1 if sample.note.size else 0
        for name, note_ids in stats_sql.domain_notes(connection).items():
            member = np.zeros(max(top, int(note_ids.max(initial=0)) + 1), dtype=np.bool_)
            member[note_ids] = True
            index = np.flatnonzero(member[sample.note])
            if index.size:
                groups.append((name, index.astype(np.int64)))
        return calibrate(predicted, sample.rating, groups, since=first)


def _decay_of(deck_ids: charts.IntArray, decays: dict[int, float]) -> charts.FloatArray:
    """Each entry's FSRS decay (w20) from its deck's preset."""
    unique, position = np.unique(deck_ids, return_inverse=True)
    values = np.array(
        [decays.get(int(d), DEFAULT_PARAMETERS[20]) for d in unique], dtype=np.float64
    )
    return np.asarray(values[position], dtype=np.float64)
