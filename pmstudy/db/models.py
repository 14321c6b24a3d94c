"""SQLAlchemy 2 typed ORM models. Rows never leave ``pmstudy.db``: repositories convert them."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes stored as naive UTC; naive input is refused."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} cannot be stored")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with named constraints (so migrations can name what they alter)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """The Core ``Table`` behind an ORM class, for queries written as SQL expressions.

    SQLAlchemy types ``__table__`` as any ``FromClause``; a declarative class always has a
    ``Table``, and naming it so lets its columns be read as ``table.c.name``.
    """
    return cast(Table, model.__table__)


class PresetRow(Base):
    """Deck options preset."""

    __tablename__ = "presets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    new_per_day: Mapped[int] = mapped_column(Integer, default=20)
    max_reviews_per_day: Mapped[int] = mapped_column(Integer, default=200)
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)
    learning_steps: Mapped[list[int]] = mapped_column(JSON, default=lambda: [60, 600])
    relearning_steps: Mapped[list[int]] = mapped_column(JSON, default=lambda: [600])
    max_interval_days: Mapped[int] = mapped_column(Integer, default=36500)
    leech_threshold: Mapped[int] = mapped_column(Integer, default=8)
    leech_action: Mapped[str] = mapped_column(String(16), default="suspend")
    bury_siblings: Mapped[bool] = mapped_column(Boolean, default=True)
    fsrs_params: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    # Seven review-load factors, Monday first, each 0..1 (1 = normal); None = every day normal.
    easy_days: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)


class DeckRow(Base):
    """A deck; ``name`` is the full path ``A::B::C``."""

    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500), unique=True)
    preset_id: Mapped[int] = mapped_column(ForeignKey("presets.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(String(200), nullable=True)
    source_version: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # The deck's own desired retention over its preset's (Anki 25.09); None = the preset's.
    desired_retention: Mapped[float | None] = mapped_column(Float, nullable=True)
    # A "today only" new-card limit and the study day it was set on (lapses on other days).
    new_limit_today: Mapped[int | None] = mapped_column(Integer, nullable=True)
    new_limit_today_day: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class NoteTypeRow(Base):
    """A note type: how fields become cards."""

    __tablename__ = "note_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    fields: Mapped[list[str]] = mapped_column(JSON)
    templates: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    html: Mapped[bool] = mapped_column(Boolean, default=False)


class NoteRow(Base):
    """A note: one set of fields; its cards hold the scheduling."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guid: Mapped[str] = mapped_column(String(200), unique=True)
    note_type_id: Mapped[int] = mapped_column(ForeignKey("note_types.id"))
    fields: Mapped[dict[str, str]] = mapped_column(JSON)
    # Space-separated with a leading and trailing space, so ``LIKE '% tag %'`` matches whole tags.
    tags: Mapped[str] = mapped_column(Text, default=" ")
    source: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    source_ref: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    modified_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class CardRow(Base):
    """A card: one template or cloze ordinal of a note, with its FSRS state."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("note_id", "ord", name="uq_cards_note_id_ord"),
        # Covering indexes: the daily counts and the new-card queue never touch the table.
        Index("ix_cards_deck_state_due", "deck_id", "state", "due", "suspended", "buried_until"),
        Index(
            "ix_cards_state_position", "state", "position", "deck_id", "suspended", "buried_until"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"))
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id"))
    ord: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[int] = mapped_column(Integer, default=0)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_review: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    flag: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ReviewLogRow(Base):
    """Append-only answer history; replaying it gives each card's state."""

    __tablename__ = "review_log"
    __table_args__ = (
        Index("ix_review_log_card_answered", "card_id", "answered_at"),
        # Covering: today's counts, streak probes, retention and the charts read only the index.
        Index("ix_review_log_answered", "answered_at", "rating", "state_before", "duration_ms"),
        # Only mock-exam rows: readiness reads the latest of them after every commit. The
        # same WHERE holds on PostgreSQL (migration 0006); it is not repeated here because a
        # ``postgresql_where`` loads SQLAlchemy's PostgreSQL dialect (20 ms) on every start.
        Index("ix_review_log_mock_exam", "id", sqlite_where=text("kind = 'mock-exam'")),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    rating: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    state_before: Mapped[int] = mapped_column(Integer)
    step_before: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability_before: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty_before: Mapped[float | None] = mapped_column(Float, nullable=True)
    due_before: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_review_before: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    state_after: Mapped[int] = mapped_column(Integer)
    step_after: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability_after: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty_after: Mapped[float | None] = mapped_column(Float, nullable=True)
    due_after: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SettingRow(Base):
    """App settings kept in the database (the collection's own, not the machine's)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class ExamGoalRow(Base):
    """An exam the learner has booked: profile, instant (UTC) and time zone, target, options."""

    __tablename__ = "exam_goals"
    __table_args__ = (
        CheckConstraint("target > 0 AND target < 1", name="target_range"),
        CheckConstraint("buffer_days >= 0", name="buffer_days_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[str] = mapped_column(String(120))
    exam_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    target: Mapped[float] = mapped_column(Float, default=0.9)
    exam_mode: Mapped[bool] = mapped_column(Boolean, default=True)
    buffer_days: Mapped[int] = mapped_column(Integer, default=14)
    minutes_per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # Every card of the exam's decks seen in the last N days before the exam; None = off.
    final_pass_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # While the plan is active its number is today's new-card limit of the goal's decks.
    plan_sets_new: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class CalendarDayRow(Base):
    """A specific date's review load: 0 = a break (no reviews), below 1 an easy day."""

    __tablename__ = "calendar_days"
    __table_args__ = (CheckConstraint("load >= 0 AND load <= 1", name="load_range"),)

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    load: Mapped[float] = mapped_column(Float)


class ExamGoalDeckRow(Base):
    """Which decks (with their sub-decks) an exam goal covers."""

    __tablename__ = "exam_goal_decks"

    goal_id: Mapped[int] = mapped_column(
        ForeignKey("exam_goals.id", ondelete="CASCADE"), primary_key=True
    )
    deck_id: Mapped[int] = mapped_column(
        ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ReviewDayRow(Base):
    """The answers (rating > 0) of one UTC day of the review log, as packed columns.

    A cache for the statistics, never the source of truth: ``pmstudy.db.stats.answer_store`` fills
    it from ``review_log`` and keeps it exact (see ``ReviewDaysStateRow``). Each column is a
    little-endian array, one entry per answer, in answer-time order.
    """

    __tablename__ = "review_days"

    day: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    answers: Mapped[int] = mapped_column(Integer)
    answered_us: Mapped[bytes] = mapped_column(LargeBinary)
    duration_ms: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    rating: Mapped[bytes] = mapped_column(LargeBinary)
    mature: Mapped[bytes] = mapped_column(LargeBinary)
    card_id: Mapped[bytes] = mapped_column(LargeBinary)
    note_id: Mapped[bytes] = mapped_column(LargeBinary)
    elapsed_days: Mapped[bytes] = mapped_column(LargeBinary)
    stability: Mapped[bytes] = mapped_column(LargeBinary)


class ReviewDaysStateRow(Base):
    """How far ``review_days`` has read the log (one row).

    ``mark``: every review_log row with ``id <= mark`` is in ``review_days`` (days marked
    stale excepted); newer rows are added on the next statistics call. ``generation``: bumped
    by the delete trigger, so a refresh computed before a deletion is not written after it.
    """

    __tablename__ = "review_days_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    mark: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    generation: Mapped[int] = mapped_column(Integer, default=0)


class ReviewDaysStaleRow(Base):
    """Days of ``review_days`` to read from review_log again: one of their answers was deleted
    (set by the delete trigger; a table apart, so that marking a day rewrites no blobs)."""

    __tablename__ = "review_days_stale"

    day: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class ReviewDaysHoleRow(Base):
    """Review-log ids deleted below the mark: if one comes back (undo of a deletion puts the
    very rows back), its day is read again."""

    __tablename__ = "review_days_holes"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )


class CardChangeRow(Base):
    """A card whose exam-relevant columns changed (appended by SQLite triggers, migration
    0004): readers of every card's columns re-read only the cards logged since their last
    read (``pmstudy.db.cardcache.changelog``)."""

    __tablename__ = "card_changes"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    card_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))


class EligibilityEntryRow(Base):
    """One eligibility log entry (migration 0010): a training course (``start_date``, contact
    ``hours``) or a span of project experience (``start_date`` .. ``end_date``)."""

    __tablename__ = "eligibility_entries"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'training' AND hours IS NOT NULL AND hours > 0 AND end_date IS NULL)"
            " OR (kind = 'experience' AND hours IS NULL AND end_date IS NOT NULL"
            " AND end_date >= start_date)",
            name="kind_fields",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(Text)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    reference: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ReadinessHistoryRow(Base):
    """One exam's readiness on one study day (the day's last report with a plan): the figures
    with their intervals, and the answers planned and done that day (migration 0005)."""

    __tablename__ = "readiness_history"
    __table_args__ = (UniqueConstraint("goal_id", "day", name="uq_readiness_history_goal_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("exam_goals.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    level: Mapped[float] = mapped_column(Float)
    today_value: Mapped[float] = mapped_column(Float)
    today_low: Mapped[float] = mapped_column(Float)
    today_high: Mapped[float] = mapped_column(Float)
    plan_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    plan_low: Mapped[float | None] = mapped_column(Float, nullable=True)
    plan_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    pass_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    pass_low: Mapped[float | None] = mapped_column(Float, nullable=True)
    pass_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    plan_pass_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    plan_pass_low: Mapped[float | None] = mapped_column(Float, nullable=True)
    plan_pass_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    answers_planned: Mapped[int] = mapped_column(Integer)
    answers_done: Mapped[int] = mapped_column(Integer)


class MockRow(Base):
    """A mock exam or practice set: its format and where the learner stands in it, saved on
    every change so that a killed process resumes it (migration 0007)."""

    __tablename__ = "mocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    profile_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    seed: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # the format, as drawn: items per section and the break after each ("60,60,60")
    sections: Mapped[str] = mapped_column(String(200))
    break_s: Mapped[str] = mapped_column(String(200), default="")
    lock: Mapped[bool] = mapped_column(Boolean, default=False)
    pause: Mapped[bool] = mapped_column(Boolean, default=False)
    limit_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    full_length: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # where the learner stands
    phase: Mapped[str] = mapped_column(String(16))
    ended: Mapped[str | None] = mapped_column(String(16), nullable=True)
    section: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_ms: Mapped[int] = mapped_column(Integer, default=0)
    break_ms: Mapped[int] = mapped_column(Integer, default=0)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # the score, once finished (the history lists it without re-scoring)
    right: Mapped[int | None] = mapped_column(Integer, nullable=True)
    scored: Mapped[int | None] = mapped_column(Integer, nullable=True)


class MockItemRow(Base):
    """One item of a mock: the card asked, its blueprint place, and the learner's answer,
    flag and time (saved as they change); ``correct`` is set when the mock is scored."""

    __tablename__ = "mock_items"
    __table_args__ = (Index("ix_mock_items_card_id", "card_id"),)

    mock_id: Mapped[int] = mapped_column(
        ForeignKey("mocks.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int | None] = mapped_column(
        ForeignKey("cards.id", ondelete="SET NULL"), nullable=True
    )
    domain: Mapped[str] = mapped_column(String(120))
    task: Mapped[str | None] = mapped_column(String(120), nullable=True)
    scored: Mapped[bool] = mapped_column(Boolean, default=True)
    response: Mapped[str] = mapped_column(Text, default="")
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    time_ms: Mapped[int] = mapped_column(Integer, default=0)
    answered_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
