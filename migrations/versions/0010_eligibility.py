"""eligibility log: the learner's training courses (contact hours) and spans of project
experience, toward an exam's eligibility requirement (PMP, CAPM, PMI-ACP)

- ``eligibility_entries``: one row per course (``kind`` 'training': ``start_date`` is its date,
  ``hours`` its contact hours) or per span of experience (``kind`` 'experience': ``start_date`` ..
  ``end_date``, both days included); ``provider`` is the training provider or the organisation,
  ``reference`` e.g. a certificate id.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "eligibility_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'training' AND hours IS NOT NULL AND hours > 0 AND end_date IS NULL)"
            " OR (kind = 'experience' AND hours IS NULL AND end_date IS NOT NULL"
            " AND end_date >= start_date)",
            name=op.f("ck_eligibility_entries_kind_fields"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_entries")),
    )


def downgrade() -> None:
    op.drop_table("eligibility_entries")
