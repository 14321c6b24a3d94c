"""Publishing a deck to a study group: one file imported into every learner's collection.

The file is what a learner could import themselves (a deck file, an Anki package, a CSV) or a
bundled deck's id, and it goes through the same import (``ImportService``): notes are matched
by their guid or the deck file's stable card id, so a learner receives the trainer's changes
in place and keeps every card's scheduling and review history. What that means for notes the
trainer removed and for a learner's own edits is in docs/group.md ("Publishing a deck").

Three choices that keep the learners' progress theirs:

- The import is content only (``history=False``): a package exported from the trainer's own
  collection carries the trainer's answers, which must not become the learners'.
- The file is checked once, by a dry run into a scratch collection, before any learner is
  touched: a bad file is one error naming the file and line, and no learner changes.
- A learner whose collection would lose cards (a note that now makes fewer cards: the import
  removes the card with its answers, as an edit does) is left alone unless the trainer accepts
  it (``remove_cards``): the import itself rolls back then (``ImportOptions.keep_cards``).

Each learner is then one transaction of its own, on a database this pmstudy does not upgrade
(a learner whose schema is behind is reported and skipped, with the command that upgrades it).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pmstudy.clock import Clock
from pmstudy.db import learners, migrate
from pmstudy.db.engine import make_engine, make_session_factory
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.cards import ImportOptions, ImportSummary
from pmstudy.domain.scheduling import DayClock
from pmstudy.errors import CardsWouldGoError, PmStudyError
from pmstudy.io.file_kind import not_a_file
from pmstudy.services.decks import read_header
from pmstudy.services.imports import ImportService
from pmstudy.settings import Settings, learner_schema


def _upgrade_first(learner: Settings) -> str:
    """What brings a learner's database to this pmstudy's schema (then publish again)."""
    if learner.database_url is None:
        return f"run 'pmstudy --profile {learner.profile} db upgrade' first"
    return "run 'pmstudy group upgrade' first"


@dataclass(frozen=True, slots=True)
class Publication:
    """What one learner received (or, in a dry run, would receive)."""

    learner: str
    summary: ImportSummary | None
    """None when the learner did not get the deck: ``problem`` says why."""
    problem: str | None = None


class NotWritableError(PmStudyError):
    """The account may read the learners' collections but change none (a trainer)."""


class GroupPublisher:
    """Imports one file into learner profiles, each in its own transaction."""

    def __init__(self, settings: Settings, clock: Clock, decks_dir: Path) -> None:
        self._settings = settings
        self._clock = clock
        self._decks_dir = decks_dir
        self._days = DayClock.named(settings.zone_name, settings.day_rollover_hour)

    def source_path(self, source: str) -> Path:
        """The file ``source`` names: a path, else a bundled deck's id."""
        path = Path(source)
        problem = not_a_file(path)
        if problem is None:
            return path
        ids = []
        for bundled in sorted(self._decks_dir.glob("*.toml")):
            header = read_header(bundled.read_bytes())
            if header is not None and header.id == source:
                return bundled
            if header is not None:
                ids.append(header.id)
        raise PmStudyError(
            f"{source}: {problem}, nor a bundled deck's id (bundled: {', '.join(sorted(ids))})"
        )

    def check(self, path: Path) -> ImportSummary:
        """Import ``path`` into an empty scratch collection, as a dry run: the file's first
        problem raises (one line naming the file and line) before any learner is touched."""
        with tempfile.TemporaryDirectory(prefix="pmstudy-publish-") as scratch:
            folder = Path(scratch)
            engine = make_engine(f"sqlite:///{folder / 'check.sqlite3'}")
            try:
                migrate.upgrade(engine, backup_dir=folder, now=self._clock.now())
                importer = ImportService(
                    Database(make_session_factory(engine)), self._clock, self._days, folder
                )
                return importer.import_file(path, _options(dry_run=True))
            finally:
                engine.dispose()

    def publish(
        self, path: Path, names: list[str], *, dry_run: bool, remove_cards: bool = False
    ) -> list[Publication]:
        """Import ``path`` into each learner's collection (``dry_run``: write nothing).

        A learner whose collection would lose cards (a note of the file now makes fewer cards:
        the card goes with its answers) is left as it is unless ``remove_cards``.

        Raises the file's problem, or NotWritableError when this account may change none of
        the learners' collections, before any learner is touched.
        """
        self.check(path)
        if self._settings.database_url is not None and names:
            self._require_writable(names)
        return [
            self._publish_one(path, name, dry_run=dry_run, remove_cards=remove_cards)
            for name in names
        ]

    def _publish_one(
        self, path: Path, name: str, *, dry_run: bool, remove_cards: bool
    ) -> Publication:
        learner = self._settings.model_copy(update={"profile": name})
        if learner.database_url is None and not learner.sqlite_path.is_file():
            return Publication(name, None, f"no collection yet; {_upgrade_first(learner)}")
        engine = make_engine(learner.url, schema=learner.pg_schema)
        try:
            state = migrate.status(engine)
            if state.empty:
                return Publication(name, None, f"no pmstudy tables yet; {_upgrade_first(learner)}")
            if not state.up_to_date:
                return Publication(
                    name,
                    None,
                    f"schema {state.current} is older than this pmstudy's {state.head}; "
                    + _upgrade_first(learner),
                )
            schema = learner.pg_schema
            if schema is not None:
                with engine.connect() as connection:
                    if not learners.may_change(connection, schema):
                        return Publication(name, None, "this account may not change it")
            importer = ImportService(
                Database(make_session_factory(engine)), self._clock, self._days, learner.media_dir
            )
            try:
                summary = importer.import_file(
                    path, _options(dry_run=dry_run, keep_cards=not remove_cards)
                )
            except CardsWouldGoError as exc:
                return Publication(name, None, f"{exc}: --remove-cards accepts that")
            if schema is not None and not dry_run:
                # the rows were written by the owner's account: the learner's role keeps the
                # schema and everything in it, the trainers keep reading it
                with engine.begin() as connection:
                    learners.secure_schema(connection, name)
        except PmStudyError as exc:
            return Publication(name, None, str(exc))
        finally:
            engine.dispose()
        return Publication(name, summary)

    def _require_writable(self, names: list[str]) -> None:
        engine = make_engine(self._settings.url)
        try:
            with engine.connect() as connection:
                if any(learners.may_change(connection, learner_schema(n)) for n in names):
                    return
                role = learners.current_role(connection)
        finally:
            engine.dispose()
        raise NotWritableError(
            f"role {role} may read the learners' collections but change none (trainers read "
            "only); nothing was published: publish as the group's owner"
        )


def _options(*, dry_run: bool, keep_cards: bool = False) -> ImportOptions:
    # content only: a package's review history is its author's, never the learner's
    return ImportOptions(dry_run=dry_run, history=False, keep_cards=keep_cards)
