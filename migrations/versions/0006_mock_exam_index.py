"""mock-exam answers: a partial index, so that readiness finds them without scanning the log

Readiness reads the latest mock-exam answers (the recall-to-item link) after every commit.
Without an index that is a scan of the whole review log: 86 ms warm, 1.6 s cold at 700,000
answers. The index holds only mock-exam rows, so ordinary answers do not pay for it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOCK = sa.text("kind = 'mock-exam'")


def upgrade() -> None:
    op.create_index(
        "ix_review_log_mock_exam",
        "review_log",
        ["id"],
        sqlite_where=MOCK,
        postgresql_where=MOCK,
    )


def downgrade() -> None:
    op.drop_index("ix_review_log_mock_exam", table_name="review_log")
