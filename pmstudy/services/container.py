"""The composition root's product: every service, built once from settings."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.clock import Clock
from pmstudy.db import migrate
from pmstudy.db.cardcache import changelog
from pmstudy.db.checkpoint import WalCheckpointer
from pmstudy.db.engine import make_engine, make_session_factory
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.scheduling import DayClock
from pmstudy.resources import decks_dir, profiles_dir
from pmstudy.services.decks import DeckService
from pmstudy.services.library import LibraryService
from pmstudy.services.session import DuePolicy
from pmstudy.services.study import StudyService
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.services.backtest import BacktestService
    from pmstudy.services.browser import BrowserService
    from pmstudy.services.calendar import CalendarService
    from pmstudy.services.classify import ClassifyService
    from pmstudy.services.custom_study import CustomStudyService
    from pmstudy.services.deck_edits import DeckEdits, DeckRemoval
    from pmstudy.services.editor import EditorService
    from pmstudy.services.eligibility import EligibilityService
    from pmstudy.services.exams import ExamService
    from pmstudy.services.group_report import GroupReports
    from pmstudy.services.history import HistoryService
    from pmstudy.services.imports import ImportService
    from pmstudy.services.mock import MockService
    from pmstudy.services.source_titles import SourceTitles
    from pmstudy.services.stats import StatsService
    from pmstudy.services.tuning import (
        OptimizeService,
        PostponeService,
        PresetService,
        RescheduleService,
        WorkloadService,
    )

SEED_KEY = "scheduler_seed"


class DeckEditsOnFirstUse:
    """The deck edits, built on the first edit: the dashboard asks on every refresh whether a
    removal can be undone, and the answer before any edit is no. Building them imports the
    deck store (and NumPy with it), a fifth of a second the first frame does not need."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._edits: DeckEdits | None = None

    @property
    def _service(self) -> DeckEdits:
        if self._edits is None:
            from pmstudy.services.deck_edits import DeckEdits

            self._edits = DeckEdits(self._db, self._clock)
        return self._edits

    @property
    def undoable(self) -> DeckRemoval | None:
        """The removal ``undo_remove`` would take back (None: nothing to undo)."""
        return None if self._edits is None else self._edits.undoable

    def removal(self, name: str) -> DeckRemoval:
        """What ``remove(name)`` would delete; nothing is changed."""
        return self._service.removal(name)

    def remove(self, name: str) -> DeckRemoval:
        """Delete a deck and its sub-decks (``undo_remove`` puts it all back)."""
        return self._service.remove(name)

    def undo_remove(self) -> DeckRemoval | None:
        """Put the last removed deck back (None: nothing to undo)."""
        return None if self._edits is None else self._edits.undo_remove()

    def rename(self, old: str, new: str) -> int:
        """Rename a deck and its sub-decks; the number of decks renamed."""
        return self._service.rename(old, new)

    def parents(self, name: str) -> list[str]:
        """The decks ``name`` can be moved under."""
        return self._service.parents(name)

    def move(self, name: str, parent: str | None) -> tuple[str, int]:
        """Move a deck under ``parent`` (None: to the top); its new name and decks moved."""
        return self._service.move(name, parent)


@dataclass
class Services:
    """Everything the TUI and CLI use."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    db: Database
    clock: Clock
    days: DayClock
    study: StudyService
    decks: DeckService
    library: LibraryService
    seed: int
    backup: Path | None = None
    checkpointer: WalCheckpointer | None = None

    # Services that start-up does not need are built on first use: their modules (NumPy, the
    # import stack, the search compiler, the optimiser) cost a few hundred ms to import, and
    # the dashboard's first frame needs none of them.

    @cached_property
    def exams(self) -> ExamService:
        """Exam goals, readiness, the study plan and the exam-mode policy."""
        from pmstudy.services.exams import ExamService

        return ExamService(
            self.db,
            self.clock,
            self.days,
            self.seed,
            profiles_dir(),
            self.settings.zone_name,
            backtest=lambda: self.backtest.run(),  # noqa: PLW0108 - the service built when first used
            bundled_decks=lambda: [(b.id, b.exams) for b in self.decks.bundled()],
            last_mock=lambda profile_id: self.mocks.last(profile_id),  # noqa: PLW0108 - as above
        )

    @cached_property
    def mocks(self) -> MockService:
        """Mock exams and practice sets."""
        from pmstudy.services.mock import MockService

        # the exam service (NumPy, the profiles) only once a profile is asked for: the start-up
        # check for an unfinished mock needs neither
        return MockService(
            self.db,
            self.clock,
            self.seed,
            lambda profile_id: self.exams.profile(profile_id),  # noqa: PLW0108
        )

    @cached_property
    def stats(self) -> StatsService:
        """Counts, charts and calibration."""
        from pmstudy.services.stats import StatsService

        return StatsService(self.db, self.clock, self.days)

    @cached_property
    def imports(self) -> ImportService:
        """Importing and exporting files."""
        from pmstudy.services.imports import ImportService

        return ImportService(self.db, self.clock, self.days, self.settings.media_dir)

    @cached_property
    def history(self) -> HistoryService:
        """The learner's history carried between two machines: export and merge."""
        from pmstudy.services.history import HistoryService

        return HistoryService(self.db, self.clock, self.days, self.settings.profile)

    @cached_property
    def browser(self) -> BrowserService:
        """Search and bulk actions."""
        from pmstudy.services.browser import BrowserService

        return BrowserService(self.db, self.clock, self.days, self.seed)

    @cached_property
    def custom_study(self) -> CustomStudyService:
        """Study a search, an exam's domain or weakest tasks, or the flagged cards now."""
        from pmstudy.services.custom_study import CustomStudyService

        return CustomStudyService(
            self.db,
            self.clock,
            self.days,
            self.seed,
            search=lambda query: self.browser.search(query).ids,
            exams=lambda: self.exams,
            due_policy=lambda: self.exams.due_policy(),  # noqa: PLW0108 - built when used
            learn_ahead=dt.timedelta(minutes=self.settings.learn_ahead_minutes),
        )

    @cached_property
    def deck_edits(self) -> DeckEditsOnFirstUse:
        """Renaming, moving and removing decks (with undo of a removal)."""
        return DeckEditsOnFirstUse(self.db, self.clock)

    @cached_property
    def classify(self) -> ClassifyService:
        """Suggest exam domains and tasks for a deck's notes; tag them (undoable)."""
        from pmstudy.services.classify import ClassifyService

        return ClassifyService(
            self.db,
            self.clock,
            lambda profile_id: self.exams.profile(profile_id),  # noqa: PLW0108 - built when used
            lambda: self.exams.profiles(),  # noqa: PLW0108 - as above
        )

    @cached_property
    def editor(self) -> EditorService:
        """Adding and editing notes."""
        from pmstudy.services.editor import EditorService

        return EditorService(self.db, self.clock)

    @cached_property
    def calendar(self) -> CalendarService:
        """The study calendar: breaks and easy days, weekday loads, the load balancer."""
        from pmstudy.services.calendar import CalendarService

        return CalendarService(self.db, self.clock, self.days)

    @cached_property
    def eligibility(self) -> EligibilityService:
        """The eligibility log (training hours, months of experience) against an exam."""
        from pmstudy.services.eligibility import EligibilityService

        return EligibilityService(
            self.db,
            self.clock,
            self.days,
            lambda: self.exams.goals(),  # noqa: PLW0108 - lazy
        )

    @cached_property
    def presets(self) -> PresetService:
        """Deck-option presets, and the scopes the tuning tools work on."""
        from pmstudy.services.tuning import PresetService

        return PresetService(self.db)

    @cached_property
    def optimizer(self) -> OptimizeService:
        """Fit FSRS parameters; evaluate the current ones."""
        from pmstudy.services.tuning import OptimizeService

        return OptimizeService(self.db, self.days)

    @cached_property
    def rescheduler(self) -> RescheduleService:
        """Move cards to the current options' intervals (undoable)."""
        from pmstudy.services.tuning import RescheduleService

        return RescheduleService(self.db, self.clock, self.days, self.seed)

    @cached_property
    def postponer(self) -> PostponeService:
        """Postpone, advance, schedule a break (each one undoable step)."""
        from pmstudy.services.tuning import PostponeService

        return PostponeService(self.db, self.clock, self.days, self.seed)

    @cached_property
    def workload(self) -> WorkloadService:
        """Project the daily workload; advise a desired retention."""
        from pmstudy.services.tuning import WorkloadService

        return WorkloadService(self.db, self.clock, self.days)

    @cached_property
    def source_titles(self) -> SourceTitles:
        """The titles of the sources bundled decks cite (the review shows them by the codes)."""
        from pmstudy.services.source_titles import SourceTitles

        return SourceTitles(decks_dir())

    @cached_property
    def backtest(self) -> BacktestService:
        """Recall predictions against what happened (the readiness back-test)."""
        from pmstudy.services.backtest import BacktestService

        return BacktestService(self.db, self.days)

    @cached_property
    def group_report(self) -> GroupReports:
        """The trainer's report over every learner this account can see (docs/group.md)."""
        from pmstudy.services.group_report import GroupReports

        return GroupReports(self.settings, self.clock)

    def close(self) -> None:
        """Release the database."""
        if self.checkpointer is not None:
            self.checkpointer.close()
        self.engine.dispose()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_database(
    settings: Settings, clock: Clock, checkpointer: WalCheckpointer | None = None
) -> tuple[Engine, Path | None]:
    """An engine on an up-to-date schema (backed up first when it had to be upgraded)."""
    if settings.database_url is None:
        settings.profile_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.url, checkpointer=checkpointer, schema=settings.pg_schema)
    try:
        if settings.pg_schema is not None and settings.profile is not None:
            from pmstudy.db.learners import ensure_profile_schema

            # a search path naming a schema not made yet is allowed: queries then see none
            ensure_profile_schema(engine, settings.profile)
        made = migrate.upgrade(
            engine, backup_dir=settings.backup_dir, now=clock.now(), keep=settings.backups_kept
        )
    except Exception:
        engine.dispose()
        raise
    return engine, made


def build_services(
    settings: Settings,
    clock: Clock,
    *,
    seed: int | None = None,
    sync_decks: bool = True,
    read_only: bool = False,
) -> Services:
    """Open (and if needed upgrade) the database and build the services.

    ``read_only``: open a profile only to read it (a trainer's report, db/read_only.py): no
    folder or schema made, no migration (a schema behind this pmstudy's raises
    ``SchemaBehindError``), no seed written, no log pruned, no deck synced; the database
    refuses any write.
    """
    if read_only:
        return _read_only_services(settings, clock)
    checkpointer = WalCheckpointer(settings.sqlite_path) if settings.database_url is None else None
    try:
        engine, made = open_database(settings, clock, checkpointer)
    except Exception:
        if checkpointer is not None:
            checkpointer.close()
        raise
    db = Database(make_session_factory(engine))
    with db.write() as uow:
        stored = uow.repo.get_setting(SEED_KEY)
        if seed is None:
            if isinstance(stored, int):
                seed = stored
            else:
                # The collection's fuzz seed: chosen once, so intervals replay exactly.
                seed = secrets.randbits(31)
                uow.repo.set_setting(SEED_KEY, seed)
        changelog.prune(uow.connection, changelog.KEEP)  # when the log is long
    days = DayClock.named(settings.zone_name, settings.day_rollover_hour)

    def exam_policy() -> DuePolicy | None:
        # the exam service (and NumPy) load when the first session starts, not at start-up
        return services.exams.due_policy()

    services = Services(
        settings=settings,
        engine=engine,
        sessions=db.sessions,
        db=db,
        clock=clock,
        days=days,
        study=StudyService(
            db,
            clock,
            days,
            seed,
            due_policy=exam_policy,
            learn_ahead=dt.timedelta(minutes=settings.learn_ahead_minutes),
        ),
        decks=DeckService(db, clock, decks_dir()),
        library=LibraryService(db),
        seed=seed,
        backup=made,
        checkpointer=checkpointer,
    )
    if sync_decks:
        services.decks.sync()
    return services


def _read_only_services(settings: Settings, clock: Clock) -> Services:
    from pmstudy.db.read_only import check_revision, read_only_engine

    engine = read_only_engine(
        settings.url,
        sqlite_path=settings.sqlite_path if settings.database_url is None else None,
        schema=settings.pg_schema,
    )
    try:
        check_revision(engine)
        db = Database(make_session_factory(engine), read_only=True)
        with db.read() as uow:
            stored = uow.repo.get_setting(SEED_KEY)
    except Exception:
        engine.dispose()
        raise
    # a profile never opened for work has no seed yet: any fixed one draws the same figures
    seed = stored if isinstance(stored, int) else 0
    days = DayClock.named(settings.zone_name, settings.day_rollover_hour)
    return Services(
        settings=settings,
        engine=engine,
        sessions=db.sessions,
        db=db,
        clock=clock,
        days=days,
        study=StudyService(
            db, clock, days, seed, learn_ahead=dt.timedelta(minutes=settings.learn_ahead_minutes)
        ),
        decks=DeckService(db, clock, decks_dir()),
        library=LibraryService(db),
        seed=seed,
    )
