"""The composition root's product: every service, built once from settings."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pmstudy.db import migrate
from pmstudy.db.engine import make_engine, make_session_factory
from pmstudy.db.repo import Repository
from pmstudy.domain.days import DayClock
from pmstudy.resources import decks_dir, profiles_dir
from pmstudy.services.browser import BrowserService
from pmstudy.services.clock import Clock
from pmstudy.services.decks import DeckService
from pmstudy.services.editor import EditorService
from pmstudy.services.exams import ExamService
from pmstudy.services.imports import ImportService
from pmstudy.services.library import LibraryService
from pmstudy.services.stats import StatsService
from pmstudy.services.study import StudyService
from pmstudy.services.tuning import TuningService
from pmstudy.settings import Settings

SEED_KEY = "scheduler_seed"


@dataclass
class Services:
    """Everything the TUI and CLI use."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    days: DayClock
    study: StudyService
    decks: DeckService
    library: LibraryService
    stats: StatsService
    exams: ExamService
    imports: ImportService
    browser: BrowserService
    editor: EditorService
    tuning: TuningService
    backup: Path | None = None

    def close(self) -> None:
        """Release the database."""
        self.engine.dispose()


def open_database(settings: Settings, clock: Clock) -> tuple[Engine, Path | None]:
    """An engine on an up-to-date schema (backed up first when it had to be upgraded)."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.url)
    try:
        made = migrate.upgrade(engine, backup_dir=settings.backup_dir, now=clock.now())
    except Exception:
        engine.dispose()
        raise
    return engine, made


def build_services(
    settings: Settings, clock: Clock, *, seed: int | None = None, sync_decks: bool = True
) -> Services:
    """Open (and if needed upgrade) the database and build the services."""
    engine, made = open_database(settings, clock)
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        repo = Repository(session)
        stored = repo.get_setting(SEED_KEY)
        if seed is None:
            if isinstance(stored, int):
                seed = stored
            else:
                # The collection's fuzz seed: chosen once, so intervals replay exactly.
                seed = secrets.randbits(31)
                repo.set_setting(SEED_KEY, seed)
    days = DayClock.named(settings.zone_name, settings.day_rollover_hour)
    decks = DeckService(sessions, clock, decks_dir())
    exams = ExamService(
        sessions,
        clock,
        days,
        seed,
        profiles_dir(),
        settings.zone_name,
        bundled_decks=lambda: [(b.id, b.exams) for b in decks.bundled()],
    )
    services = Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        clock=clock,
        days=days,
        study=StudyService(sessions, clock, days, seed, due_policy=exams.due_policy),
        decks=decks,
        library=LibraryService(sessions, clock),
        stats=StatsService(sessions, clock, days),
        imports=ImportService(sessions, clock, days, settings.media_dir),
        exams=exams,
        browser=BrowserService(sessions, clock, days, seed),
        editor=EditorService(sessions, clock),
        tuning=TuningService(sessions, clock, days, seed),
        backup=made,
    )
    if sync_decks:
        services.decks.sync()
    return services
