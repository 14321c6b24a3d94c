"""Bulk writes for imports, continued: the review history.

Two ways in.  :meth:`ImportWriter.reviews` inserts rows the reader made in Python (any
database).  :meth:`ImportWriter.copy_reviews` (SQLite) runs one ``INSERT ... SELECT`` from a
table of an attached file whose rows are ready to store (instants rendered with
:func:`sql_datetime`): 200,000 rows then cost no Python object each (~0.5 s, where reading,
converting and inserting them in Python took ~2.5 s).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine, select

from pmstudy.db.sqlfuncs import chunks
from pmstudy.db.transfer.bulk import REVIEWS, BulkWriter
from pmstudy.db.transfer.bulk_cards import CardWriter
from pmstudy.domain.cards import ImportedReview

REVIEW_COLUMNS = (
    "card_id",
    "answered_at",
    "rating",
    "duration_ms",
    "kind",
    "state_before",
    "state_after",
    "due_after",
)
CARD_MAP = "temp.import_card_map"
CARD_INDEX = "ix_review_log_card_answered"
"""The review log's index by card: rows arrive in time order, so each one lands at a random
place in it (a third of the copy's time): :meth:`ImportWriter.copy_reviews` builds it anew
after a large copy instead, in one sorted pass."""
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MS = dt.timedelta(milliseconds=1)


def copies_in_sql(engine: Engine) -> bool:
    """Whether an import into ``engine`` can copy review rows from an attached SQLite file."""
    return engine.dialect.name == "sqlite" and not BulkWriter.core_only


def sql_datetime(ms: str) -> str:
    """SQLite SQL giving :func:`~pmstudy.db.transfer.bulk.sqlite_datetime` of the instant ``ms``.

    ``ms`` is an SQL expression of epoch milliseconds, 0 or more (NULL gives NULL).
    """
    return f"(datetime({ms} / 1000, 'unixepoch') || printf('.%03d000', {ms} % 1000))"


class ImportWriter(CardWriter):
    """A :class:`CardWriter` that also writes the review history: the one an import uses."""

    def reviews(
        self, reviews: Sequence[ImportedReview], card_ids: dict[int, int], matched: set[int]
    ) -> None:
        """Append review-log rows; rows a matched card already has (same instant) are skipped."""
        present: set[tuple[int, dt.datetime]] = set()
        old_ids = sorted({card_ids[r] for r in matched})
        for chunk in chunks(old_ids):
            for card_id, answered in self.connection.execute(
                select(REVIEWS.c.card_id, REVIEWS.c.answered_at).where(REVIEWS.c.card_id.in_(chunk))
            ):
                # an Anki package keeps milliseconds: a row answered here (to the microsecond)
                # and exported is the same row when it comes back
                present.add(
                    (card_id, answered.replace(microsecond=answered.microsecond // 1000 * 1000))
                )
        rows, skipped = _review_rows(reviews, card_ids, present, self._dt)
        self._insert(REVIEWS, REVIEW_COLUMNS, rows, "writing reviews")
        self.summary.reviews_added += len(rows)
        self.summary.reviews_present += skipped

    def copy_reviews(self, table: str, card_ids: dict[int, int], matched: set[int]) -> None:
        """:meth:`reviews`, for the rows of an SQLite ``table`` (on SQLite only).

        ``table`` (in an attached database) has columns ``card_ref``, ``answered_at``,
        ``rating``, ``duration_ms``, ``kind``, ``state_before``, ``state_after`` and
        ``due_after``, instants already in the stored form (see :func:`sql_datetime`).  Card
        references become card ids through a temporary table; rows go in in the table's
        order, which should be time order, as :meth:`reviews` inserts them.
        """
        if not self.sqlite:
            raise RuntimeError("copy_reviews needs SQLite")
        self.session.flush()
        cursor = self.connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(f"DROP TABLE IF EXISTS {CARD_MAP}")
            cursor.execute(
                f"CREATE TABLE {CARD_MAP} (ref INTEGER PRIMARY KEY, card_id INTEGER NOT NULL, "
                "matched INTEGER NOT NULL)"
            )
            cursor.executemany(
                f"INSERT INTO {CARD_MAP} VALUES (?, ?, ?)",
                [(ref, card_id, ref in matched) for ref, card_id in card_ids.items()],
            )
        finally:
            cursor.close()
        self.progress("writing reviews", 0, 1)
        rebuilt = None if matched else self._drop_card_index(table)
        # Only a card that was already here can have a row at the same instant (checking
        # makes SQLite stage the rows first, as the SELECT then reads the table it fills).
        skip = (
            " WHERE m.matched = 0 OR NOT EXISTS (SELECT 1 FROM main.review_log x "
            "WHERE x.card_id = m.card_id "
            # to the millisecond (an Anki package's precision); a row answered here and
            # exported is the same row when it comes back (the text form sorts as time)
            "AND x.answered_at >= s.answered_at AND substr(x.answered_at, 1, 23) = "
            "substr(s.answered_at, 1, 23))"
            if matched
            else ""
        )
        added = self.connection.exec_driver_sql(
            f"INSERT INTO main.review_log ({', '.join(REVIEW_COLUMNS)}) "
            "SELECT m.card_id, s.answered_at, s.rating, s.duration_ms, s.kind, s.state_before, "
            f"s.state_after, s.due_after FROM {table} AS s "
            f"CROSS JOIN {CARD_MAP} AS m ON m.ref = s.card_ref{skip} ORDER BY s.rowid"
        ).rowcount
        if matched:
            offered = self.connection.exec_driver_sql(
                f"SELECT count(*) FROM {table} AS s JOIN {CARD_MAP} AS m ON m.ref = s.card_ref"
            ).scalar_one()
            self.summary.reviews_present += int(offered) - added
        self.summary.reviews_added += added
        self.connection.exec_driver_sql(f"DROP TABLE {CARD_MAP}")
        if rebuilt is not None:
            self.connection.exec_driver_sql(rebuilt)
        self.progress("writing reviews", 1, 1)

    def _drop_card_index(self, table: str) -> str | None:
        """Drop :data:`CARD_INDEX` when the copy brings more rows than the log holds (building
        it afterwards is then faster than keeping it); the statement that makes it again.

        Inside the import's transaction: a failed import rolls the drop back too.  Only for
        a copy without matched cards, whose duplicate check looks rows up in that index.
        """
        found = self.connection.exec_driver_sql(
            "SELECT sql FROM main.sqlite_master WHERE type = 'index' AND name = ? "
            "AND tbl_name = 'review_log'",
            (CARD_INDEX,),
        ).first()
        if found is None or not found[0]:
            return None
        incoming = self.connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
        present = self.connection.exec_driver_sql(
            "SELECT count(*) FROM main.review_log"
        ).scalar_one()
        if int(incoming) <= int(present):
            return None
        self.connection.exec_driver_sql(f"DROP INDEX main.{CARD_INDEX}")
        return str(found[0])


def _review_rows(
    reviews: Sequence[ImportedReview],
    card_ids: dict[int, int],
    present: set[tuple[int, dt.datetime]],
    stored: Callable[[dt.datetime | None], Any],
) -> tuple[list[tuple[Any, ...]], int]:
    """Review-log rows, instants as ``stored`` makes them; and how many were present."""
    rows: list[tuple[Any, ...]] = []
    skipped = 0
    for card_ref, answered_ms, rating, kind, duration, before, after, due_ms in reviews:
        card_id = card_ids.get(card_ref)
        if card_id is None:
            continue
        answered = _EPOCH + answered_ms * _MS
        if (card_id, answered) in present:
            skipped += 1
            continue
        due = None if due_ms is None else _EPOCH + due_ms * _MS
        rows.append((card_id, stored(answered), rating, duration, kind, before, after, stored(due)))
    return rows, skipped
