"""repair the indexes of databases created by an earlier release of migration 0001

Migration 0001 was edited twice after release (wider covering indexes on cards and review_log,
and a new ix_cards_state_position). A database created before those edits reached the head
revision without them: the deck tree took 13 ms instead of 5 ms at 20,000 cards. This revision
looks at each index 0001 creates today and creates it when missing, or drops and recreates it
when its columns or uniqueness differ; on an up-to-date database it changes nothing.

Released migrations are never edited again (tests/db/test_schema_history.py holds their hashes).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, index, columns, unique): every index migration 0001 creates as released last.
INDEXES: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("notes", "ix_notes_source", ("source",), False),
    (
        "cards",
        "ix_cards_deck_state_due",
        ("deck_id", "state", "due", "suspended", "buried_until"),
        False,
    ),
    (
        "cards",
        "ix_cards_state_position",
        ("state", "position", "deck_id", "suspended", "buried_until"),
        False,
    ),
    (
        "review_log",
        "ix_review_log_answered",
        ("answered_at", "rating", "state_before", "duration_ms"),
        False,
    ),
    ("review_log", "ix_review_log_card_answered", ("card_id", "answered_at"), False),
)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table, name, columns, unique in INDEXES:
        found = {index["name"]: index for index in inspector.get_indexes(table)}
        index = found.get(name)
        if index is not None:
            if tuple(index["column_names"]) == columns and bool(index["unique"]) == unique:
                continue
            op.drop_index(name, table_name=table)
        op.create_index(name, table, list(columns), unique=unique)


def downgrade() -> None:
    # Nothing to undo: revision 0007 as released today has exactly these indexes.
    pass
