"""readiness history: one readiness figure, with its intervals, per exam per study day

The exams screen plots readiness over time next to the target and the exam date, and the plan
projection is tempered by how much of the planned work was done (adherence). Both read this
table: one row per exam goal and study day, the day's last report with a plan
(pmstudy/db/readiness_history.py). ``level`` is the intervals' coverage (0.8 for 80 %).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _estimate(prefix: str, nullable: bool) -> list[sa.Column[float]]:
    return [
        sa.Column(f"{prefix}_{part}", sa.Float(), nullable=nullable)
        for part in ("value", "low", "high")
    ]


def upgrade() -> None:
    op.create_table(
        "readiness_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("level", sa.Float(), nullable=False),
        *_estimate("today", False),
        *_estimate("plan", True),
        *_estimate("pass", True),
        *_estimate("plan_pass", True),
        sa.Column("answers_planned", sa.Integer(), nullable=False),
        sa.Column("answers_done", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["exam_goals.id"],
            name=op.f("fk_readiness_history_goal_id_exam_goals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_history")),
        sa.UniqueConstraint("goal_id", "day", name=op.f("uq_readiness_history_goal_id")),
    )


def downgrade() -> None:
    op.drop_table("readiness_history")
