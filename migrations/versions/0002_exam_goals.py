"""exam goals: the exams a learner has booked and the decks each one covers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exam_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.String(length=120), nullable=False),
        sa.Column("exam_at", sa.DateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("exam_mode", sa.Boolean(), nullable=False),
        sa.Column("buffer_days", sa.Integer(), nullable=False),
        sa.Column("minutes_per_day", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("buffer_days >= 0", name=op.f("ck_exam_goals_buffer_days_positive")),
        sa.CheckConstraint("target > 0 AND target < 1", name=op.f("ck_exam_goals_target_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_goals")),
    )
    op.create_table(
        "exam_goal_decks",
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deck_id"],
            ["decks.id"],
            name=op.f("fk_exam_goal_decks_deck_id_decks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["exam_goals.id"],
            name=op.f("fk_exam_goal_decks_goal_id_exam_goals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("goal_id", "deck_id", name=op.f("pk_exam_goal_decks")),
    )
    with op.batch_alter_table("exam_goal_decks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_goal_decks_deck_id"), ["deck_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exam_goal_decks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_goal_decks_deck_id"))

    op.drop_table("exam_goal_decks")
    op.drop_table("exam_goals")
