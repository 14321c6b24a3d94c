"""Row conversions that the answer path uses without the ORM."""

from __future__ import annotations

import datetime as dt

from pmstudy.db.convert import entry_to_row, entry_values
from pmstudy.db.models import ReviewLogRow
from pmstudy.domain.model import CardState, Memory, Rating, ReviewEntry, ReviewKind

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


def test_entry_values_fill_every_review_log_column() -> None:
    entry = ReviewEntry(
        card_id=7,
        rating=Rating.HARD,
        answered_at=NOW,
        duration_ms=4200,
        kind=ReviewKind.REVIEW,
        answer="typed",
        before=Memory(
            state=CardState.REVIEW,
            stability=3.5,
            difficulty=5.0,
            due=NOW,
            last_review=NOW - dt.timedelta(days=3),
        ),
        after=Memory(state=CardState.REVIEW, stability=4.0, difficulty=5.5, due=NOW),
    )
    values = entry_values(entry)
    columns = {c.key for c in ReviewLogRow.__table__.columns} - {"id"}
    assert set(values) == columns
    row = entry_to_row(entry)
    assert {key: getattr(row, key) for key in columns} == values
    assert values["rating"] == 2
    assert values["state_before"] == int(CardState.REVIEW)
