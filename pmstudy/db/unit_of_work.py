"""The unit of work services receive: one database transaction and the repositories over it.

Services do not build data access themselves (no session factories, no ORM selects, no
``sessions.kw["bind"]``): they hold a ``Database`` and open a unit of work per use case::

    with self.db.read() as uow:          # reads; nothing is committed
        preset = uow.tuning.preset(1)
    with self.db.write() as uow:         # commits at the end, rolls back on any error
        uow.tuning.save_preset(preset)

Repositories are made on first use within the unit. The measured fast paths (the study store,
readiness columns, stats arrays) keep working on ``uow.session`` / ``uow.connection`` or,
outside any transaction, on ``db.engine``; a bulk import runs in ``db.bulk_write()``, a unit on
a connection set up for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db.repo import Repository
from pmstudy.db.transfer import import_connection

if TYPE_CHECKING:
    from pmstudy.db.calendar import CalendarRepository
    from pmstudy.db.eligibility import EligibilityRepository
    from pmstudy.db.exams import ExamCards, ExamRepository, ReadinessHistory
    from pmstudy.db.mock import MockStore
    from pmstudy.db.tuning import TuningRepository


class WriteError(Exception):
    """The database refused a bulk write; ``reason`` is the driver's message on one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnitOfWork:
    """One transaction's repositories (made when first asked for; the NumPy-backed ones are
    imported then too, so that start-up, which needs only ``repo``, does not load NumPy)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def connection(self) -> Connection:
        """The transaction's connection, for Core statements on the fast paths."""
        return self.session.connection()

    @cached_property
    def repo(self) -> Repository:
        """Decks, cards, notes, the review log and settings."""
        return Repository(self.session)

    @cached_property
    def tuning(self) -> TuningRepository:
        """Presets, training data and reschedule records."""
        from pmstudy.db.tuning import TuningRepository

        return TuningRepository(self.session)

    @cached_property
    def calendar(self) -> CalendarRepository:
        """Specific dates' review loads (breaks, easy days) and the load balancer switch."""
        from pmstudy.db.calendar import CalendarRepository

        return CalendarRepository(self.session)

    @cached_property
    def eligibility(self) -> EligibilityRepository:
        """The eligibility log: training courses and spans of experience."""
        from pmstudy.db.eligibility import EligibilityRepository

        return EligibilityRepository(self.session)

    @cached_property
    def exams(self) -> ExamRepository:
        """Exam goals and their decks."""
        from pmstudy.db.exams import ExamRepository

        return ExamRepository(self.session)

    @cached_property
    def mocks(self) -> MockStore:
        """Mock exams and the items they can ask."""
        from pmstudy.db.mock import MockStore

        return MockStore(self.session)

    @cached_property
    def exam_cards(self) -> ExamCards:
        """The columns readiness and the plan read for an exam's cards."""
        from pmstudy.db.exams import ExamCards

        return ExamCards(self.session)

    @cached_property
    def history(self) -> ReadinessHistory:
        """Readiness points by exam and day."""
        from pmstudy.db.exams import ReadinessHistory

        return ReadinessHistory(self.session)


class Database:
    """Where units of work come from: the engine and its session factory, held once."""

    def __init__(self, sessions: sessionmaker[Session], *, read_only: bool = False) -> None:
        """``read_only``: a database opened only to read (db/read_only.py), which refuses any
        write: what would only keep a figure for later (a readiness point) is not kept."""
        self._sessions = sessions
        bind = sessions.kw.get("bind")
        if not isinstance(bind, Engine):
            raise TypeError("the session factory must be bound to an engine")
        self.engine: Engine = bind
        self.read_only = read_only

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A unit for reading: closed at the end, nothing committed."""
        with self._sessions() as session:
            yield UnitOfWork(session)

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """A unit for changing: committed at the end, rolled back if anything raises."""
        with self._sessions.begin() as session:
            yield UnitOfWork(session)

    @contextmanager
    def bulk_write(self, *, attach: Path | None = None) -> Iterator[UnitOfWork]:
        """A unit for one large import, on a connection set up for it (``import_connection``:
        ``attach`` is the SQLite file it may copy from): committed at the end, rolled back if
        anything raises. A database error, here or in the body, becomes a ``WriteError``."""
        try:
            with (
                import_connection(self.engine, attach=attach) as connection,
                Session(bind=connection, expire_on_commit=False) as session,
                session.begin(),
            ):
                yield UnitOfWork(session)
        except SQLAlchemyError as exc:
            reason = " ".join(str(getattr(exc, "orig", None) or type(exc).__name__).split())
            raise WriteError(reason) from exc

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The session factory itself: the container hands it on as ``Services.sessions`` for
        tests that inspect rows directly; no service uses it."""
        return self._sessions
