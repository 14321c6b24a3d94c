"""card changes: a log of the cards whose exam-relevant columns changed, kept by triggers

Readiness reads 100,000 cards' columns; after an answer only one of them changed. Triggers on
``cards`` (insert, delete, an update of a column readiness or the plan reads) and on
``notes`` (a change of tags) append the card's id to ``card_changes``; a reader that kept the
columns up to ``seq`` N re-reads only the cards logged after N (pmstudy/db/card_changes.py).
Columns nobody reads there (flag, buried_until, reps, lapses) are not logged.

``seq`` only grows: rows are deleted from the oldest end only, and the newest row is always
kept, so SQLite never hands out a seq again. A reader whose N is older than the oldest row
reads everything again.

A later migration that rebuilds ``cards`` or ``notes`` (a batch operation copies the table)
drops their triggers: it must create them again. Without all four triggers the readers read
every card each time (slower, never stale).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy: pmstudy/db/card_changes.py checks for exactly these names.
_WATCHED = (
    "note_id",
    "deck_id",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "position",
    "suspended",
)
_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in ("id", *_WATCHED))
TRIGGERS = {
    "card_changes_insert": """
CREATE TRIGGER card_changes_insert AFTER INSERT ON cards
BEGIN
    INSERT INTO card_changes (card_id) VALUES (NEW.id);
END
""",
    "card_changes_delete": """
CREATE TRIGGER card_changes_delete AFTER DELETE ON cards
BEGIN
    INSERT INTO card_changes (card_id) VALUES (OLD.id);
END
""",
    "card_changes_update": f"""
CREATE TRIGGER card_changes_update AFTER UPDATE OF id, {", ".join(_WATCHED)} ON cards
WHEN {_CHANGED}
BEGIN
    INSERT INTO card_changes (card_id) SELECT OLD.id WHERE OLD.id IS NOT NEW.id;
    INSERT INTO card_changes (card_id) VALUES (NEW.id);
END
""",
    "card_changes_tags": """
CREATE TRIGGER card_changes_tags AFTER UPDATE OF tags ON notes
WHEN OLD.tags IS NOT NEW.tags
BEGIN
    INSERT INTO card_changes (card_id) SELECT id FROM cards WHERE note_id = NEW.id;
END
""",
}


def upgrade() -> None:
    op.create_table(
        "card_changes",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("card_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_card_changes")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for sql in TRIGGERS.values():
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("card_changes")
