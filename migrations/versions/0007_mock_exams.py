"""mock exams: a mock's format and progress, and its items with the learner's answers

Every answer, flag and the exam time used are written as they change, so a mock survives a
killed process: the next start offers to resume it (pmstudy/db/mock.py). Finished mocks keep
their score for the history; their answers also go to the review log as ``mock-exam`` rows.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("profile_id", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("sections", sa.String(length=200), nullable=False),
        sa.Column("break_s", sa.String(length=200), nullable=False),
        sa.Column("lock", sa.Boolean(), nullable=False),
        sa.Column("pause", sa.Boolean(), nullable=False),
        sa.Column("limit_ms", sa.Integer(), nullable=True),
        sa.Column("full_length", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("ended", sa.String(length=16), nullable=True),
        sa.Column("section", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("elapsed_ms", sa.Integer(), nullable=False),
        sa.Column("break_ms", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("right", sa.Integer(), nullable=True),
        sa.Column("scored", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mocks")),
    )
    op.create_table(
        "mock_items",
        sa.Column("mock_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("domain", sa.String(length=120), nullable=False),
        sa.Column("task", sa.String(length=120), nullable=True),
        sa.Column("scored", sa.Boolean(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("time_ms", sa.Integer(), nullable=False),
        sa.Column("answered_ms", sa.Integer(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mock_id"],
            ["mocks.id"],
            name=op.f("fk_mock_items_mock_id_mocks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
            name=op.f("fk_mock_items_card_id_cards"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("mock_id", "position", name=op.f("pk_mock_items")),
    )
    op.create_index("ix_mock_items_card_id", "mock_items", ["card_id"])


def downgrade() -> None:
    op.drop_index("ix_mock_items_card_id", table_name="mock_items")
    op.drop_table("mock_items")
    op.drop_table("mocks")
