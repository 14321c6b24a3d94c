"""review days: the review log's answers packed per UTC day, a cache for the statistics

The cache starts empty (mark 0): the first statistics call reads the whole log into it, later
calls only the rows added since. Deletions from review_log are tracked by a trigger (SQLite);
inserts are not, so answering a card and importing history cost nothing extra.

A later migration that rebuilds review_log (a batch operation copies the table) drops the
trigger with the old table: it must create the trigger again and reset the cache (mark 0, no
days, no stale days, no holes). Without the trigger the statistics read review_log directly.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGER = "review_log_deleted_review_days"

# Frozen copy: pmstudy/db/answer_store.py relies on exactly this behaviour.
# 1. an answer already in review_days marks its day stale (the day is read again; a table
#    of its own, so that no blob row is rewritten);
# 2. an answer deleted below the mark is remembered as a hole, in case undo puts it back;
# 3. every deletion bumps the generation (a refresh planned before it is not written), and
#    deleting the row at the mark lowers the mark to the row before it (so an id SQLite
#    hands out again, as it does after undoing the last answer, counts as new).
# The day of a row is the UTC date of its timestamp text, as days since 1970-01-01.
TRIGGER_SQL = f"""
CREATE TRIGGER {TRIGGER} AFTER DELETE ON review_log
BEGIN
    INSERT OR IGNORE INTO review_days_stale (day)
    SELECT CAST(strftime('%s', substr(OLD.answered_at, 1, 10)) AS INTEGER) / 86400
     WHERE OLD.rating > 0
       AND OLD.id <= (SELECT mark FROM review_days_state WHERE id = 1);
    INSERT OR IGNORE INTO review_days_holes (id)
    SELECT OLD.id
     WHERE OLD.rating > 0
       AND OLD.id <> (SELECT mark FROM review_days_state WHERE id = 1);
    UPDATE review_days_state
       SET generation = generation + 1,
           mark = CASE WHEN mark = OLD.id
                       THEN coalesce((SELECT max(id) FROM review_log WHERE id < OLD.id), 0)
                       ELSE mark END
     WHERE id = 1;
END
"""


def upgrade() -> None:
    op.create_table(
        "review_days",
        sa.Column("day", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("answered_us", sa.LargeBinary(), nullable=False),
        sa.Column("duration_ms", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.Column("rating", sa.LargeBinary(), nullable=False),
        sa.Column("mature", sa.LargeBinary(), nullable=False),
        sa.Column("card_id", sa.LargeBinary(), nullable=False),
        sa.Column("note_id", sa.LargeBinary(), nullable=False),
        sa.Column("elapsed_days", sa.LargeBinary(), nullable=False),
        sa.Column("stability", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_review_days")),
    )
    op.create_table(
        "review_days_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("mark", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_days_state")),
    )
    op.create_table(
        "review_days_stale",
        sa.Column("day", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_review_days_stale")),
    )
    op.create_table(
        "review_days_holes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_days_holes")),
    )
    op.execute("INSERT INTO review_days_state (id, mark, generation) VALUES (1, 0, 0)")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(TRIGGER_SQL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    op.drop_table("review_days_holes")
    op.drop_table("review_days_stale")
    op.drop_table("review_days_state")
    op.drop_table("review_days")
