"""scheduling options: per-deck desired retention and today's new-card limit, easy days per
weekday, specific easy days and breaks, and the exam goal's final pass and plan-driven day

- ``decks.desired_retention``: a deck's own desired retention, over its preset's (Anki 25.09);
  null = the preset's.
- ``decks.new_limit_today`` / ``decks.new_limit_today_day``: the learner's "today only" new-card
  limit for the deck and the study day it was set on (it lapses on any other day).
- ``presets.easy_days``: seven review-load factors, Monday first, each 0..1 (1 = a normal day);
  null = every day normal.
- ``calendar_days``: specific dates with their review load (0 = a break, no reviews; 0 < load < 1
  an easy day), e.g. the day before the exam.
- ``exam_goals.final_pass_days``: every card of the exam's decks seen at least once in the last N
  days before the exam; null = off.
- ``exam_goals.plan_sets_new``: while the goal's plan is active, the plan's number is today's
  new-card limit of its decks (true for existing goals too).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("decks") as batch:
        batch.add_column(sa.Column("desired_retention", sa.Float(), nullable=True))
        batch.add_column(sa.Column("new_limit_today", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("new_limit_today_day", sa.Date(), nullable=True))
    with op.batch_alter_table("presets") as batch:
        batch.add_column(sa.Column("easy_days", sa.JSON(), nullable=True))
    with op.batch_alter_table("exam_goals") as batch:
        batch.add_column(sa.Column("final_pass_days", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column(
                "plan_sets_new", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("load", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "load >= 0 AND load <= 1", name=op.f("ck_calendar_days_load_range")
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")),
    )


def downgrade() -> None:
    op.drop_table("calendar_days")
    with op.batch_alter_table("exam_goals") as batch:
        batch.drop_column("plan_sets_new")
        batch.drop_column("final_pass_days")
    with op.batch_alter_table("presets") as batch:
        batch.drop_column("easy_days")
    with op.batch_alter_table("decks") as batch:
        batch.drop_column("new_limit_today_day")
        batch.drop_column("new_limit_today")
        batch.drop_column("desired_retention")
