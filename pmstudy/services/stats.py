"""Collection statistics: cards by state, reviews, streak, recent retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db.models import CardRow, ReviewLogRow
from pmstudy.domain.days import DayClock
from pmstudy.domain.model import CardState, Rating
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


class StatsService:
    """Read-only numbers about the collection."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, days: DayClock) -> None:
        self._sessions = sessions
        self._clock = clock
        self._days = days

    def _studied_on(self, session: Session, day: dt.date) -> bool:
        start = self._days.start_of(day)
        end = self._days.start_of(day + dt.timedelta(days=1))
        found = session.scalar(
            select(ReviewLogRow.id)
            .where(ReviewLogRow.answered_at >= start, ReviewLogRow.answered_at < end)
            .where(ReviewLogRow.rating > 0)
            .limit(1)
        )
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
