"""Collection statistics: cards by state, reviews, streak, recent retention; charts; calibration.

Answers are read as columns through ``AnswerStore`` (a per-day cache of the review log kept
exact on every call); cards and notes as plain arrays. No review row goes through the ORM.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np

from pmstudy.clock import Clock
from pmstudy.db.browse import load_context
from pmstudy.db.stats import AnswerStore
from pmstudy.db.stats import queries as stats_sql
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.model import CardState, Rating
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, DayClock
from pmstudy.domain.stats import Calibration, answers, calibrate, charts, predicted_recall


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
# The streak is looked for in the last 64 days first, then in longer windows.
STREAK_WINDOWS = (64, 512, MAX_STREAK_DAYS + 1)


class StatsService:
    """Read-only numbers about the collection."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        days: DayClock,
        *,
        answers: AnswerStore | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._days = days
        self._answers = answers if answers is not None else AnswerStore(db.engine)

    def _streak(self, today: dt.date) -> int:
        """Consecutive study days ending today (or yesterday, if today has no answers yet),
        at most ``MAX_STREAK_DAYS``; exact in every time zone (day boundaries come from the
        DayClock)."""
        run = 0
        for window in STREAK_WINDOWS:
            first = today - dt.timedelta(days=window - 1)
            starts = answers.day_starts_us(self._days, first, window)
            found = self._answers.answers(self._days.start_of(first), ())
            flags = answers.studied(found, starts)
            run = answers.streak(flags)
            if run < flags.size - (0 if flags[-1] else 1):  # the run starts inside the window
                break
        return min(run, MAX_STREAK_DAYS)

    def overview(self) -> Overview:
        """Cards by state, today's and all reviews, streak and 30-day retention."""
        now = self._clock.now()
        today = self._days.day_of(now)
        start = self._days.start_of(today)
        month = now - dt.timedelta(days=30)
        with self._db.engine.connect() as connection:
            cards = stats_sql.card_totals(connection, now)
        recent = self._answers.answers(min(start, month), ("duration_ms", "state", "rating"))
        today_answers = recent.since(answers.micros(start))
        last_month = recent.since(answers.micros(month))
        in_review = last_month.state == int(CardState.REVIEW)
        graded = int(in_review.sum())
        passed = graded - int((in_review & (last_month.rating == int(Rating.AGAIN))).sum())
        return Overview(
            cards_total=cards.total,
            cards_new=cards.by_state.get(0, 0),
            cards_learning=cards.by_state.get(1, 0),
            cards_review=cards.by_state.get(2, 0),
            cards_relearning=cards.by_state.get(3, 0),
            cards_suspended=cards.suspended,
            cards_buried=cards.buried,
            reviews_today=len(today_answers),
            reviews_total=self._answers.total(),
            streak_days=self._streak(today),
            retention_30d=round(passed / graded, 4) if graded else None,
            retention_30d_reviews=graded,
            seconds_today=int(today_answers.duration_ms.sum()) / 1000,
        )

    # --- charts (the statistics screen and `pmstudy stats --json`) ---------------------

    def report(self) -> charts.StatsReport:
        """Forecast, answers per day, heatmap, card counts, distributions, true retention and
        hours, from the answer columns and the cards' numbers."""
        now = self._clock.now()
        today = self._days.day_of(now)
        year_first = today - dt.timedelta(days=charts.HEATMAP_DAYS - 1)
        past = answers.day_starts_us(self._days, year_first, charts.HEATMAP_DAYS)
        ahead = answers.day_starts(self._days, today, charts.FORECAST_DAYS)
        year = self._answers.answers(
            self._days.start_of(year_first), ("duration_ms", "state", "rating", "mature")
        )
        with self._db.engine.connect() as connection:
            table = stats_sql.card_arrays(connection, now)
            decays = load_context(connection, now, self._days).decay_by_deck
        reviews = answers.review_days(year, past, year_first)
        heatmap = charts.Heatmap(year_first, reviews.totals)
        now_days = answers.epoch_days(now)
        interval = table.due - table.last_review
        in_review = (table.state == int(CardState.REVIEW)) | (
            table.state == int(CardState.RELEARNING)
        )
        counts = answers.card_counts(
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
            retention=answers.retention_table(year, past, charts.HEATMAP_DAYS - 1),
            hours=answers.hour_rows(year, self._days.tz),
        )

    @staticmethod
    def _forecast(
        table: stats_sql.CardArrays, starts: charts.FloatArray, today: dt.date
    ) -> charts.Forecast:
        active = ~table.suspended & ~np.isnan(table.due)
        index = answers.day_index(table.due[active], starts)
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
        today = self._days.day_of(now)
        first = today - dt.timedelta(days=max(days, 1) - 1)
        found = self._answers.answers(
            self._days.start_of(first),
            ("rating", "card_id", "note_id", "elapsed_days", "stability"),
        )
        # Review-state answers with a known memory (the others have no stability here) whose
        # card still exists.
        chosen = ~np.isnan(found.stability) & (found.note_id >= 0)
        card = found.card_id[chosen]
        note = found.note_id[chosen]
        with self._db.engine.connect() as connection:
            decays = load_context(connection, now, self._days).decay_by_deck
            if len(set(decays.values())) > 1:
                ids, decks = stats_sql.card_decks(connection)
                position = np.minimum(np.searchsorted(ids, card), max(ids.size - 1, 0))
                deck = decks[position] if ids.size else card
                decay = _decay_of(deck, decays)
            else:  # one preset's decay for every deck: no need to look cards up
                decay = np.asarray(next(iter(decays.values()), DEFAULT_PARAMETERS[20]))
            domains = stats_sql.domain_notes(connection)
        predicted = predicted_recall(found.elapsed_days[chosen], found.stability[chosen], decay)
        groups = []
        top = int(note.max()) + 1 if note.size else 0
        for name, note_ids in domains.items():
            member = np.zeros(max(top, int(note_ids.max(initial=0)) + 1), dtype=np.bool_)
            member[note_ids] = True
            index = np.flatnonzero(member[note])
            if index.size:
                groups.append((name, index.astype(np.int64)))
        ratings = found.rating[chosen].astype(np.int64)
        return calibrate(predicted, ratings, groups, since=first)


def _decay_of(deck_ids: charts.IntArray, decays: dict[int, float]) -> charts.FloatArray:
    """Each entry's FSRS decay (w20) from its deck's preset."""
    unique, position = np.unique(deck_ids, return_inverse=True)
    values = np.array(
        [decays.get(int(d), DEFAULT_PARAMETERS[20]) for d in unique], dtype=np.float64
    )
    return np.asarray(values[position], dtype=np.float64)
