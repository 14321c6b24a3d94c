"""Import and export: Anki packages, CSV/TSV/TXT, deck files; one transaction per import.

A parse step in ``pmstudy.io`` turns the file into domain objects; this service writes them in
one transaction (``--dry-run`` rolls it back) and moves media files into place only after the
commit, so a failure at any point leaves the database, and the media folder, as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from pmstudy.clock import Clock
from pmstudy.db.columns import gc_paused
from pmstudy.db.transfer import (
    SOURCE,
    ImportWriter,
    card_note,
    copies_in_sql,
    read_slice,
    sql_datetime,
)
from pmstudy.db.unit_of_work import Database, UnitOfWork, WriteError
from pmstudy.domain.cards import (
    ExportSummary,
    ImportOptions,
    ImportSummary,
    MediaFile,
    ParsedImport,
    Progress,
    TextPreview,
    deck_name,
    no_progress,
)
from pmstudy.domain.scheduling import DayClock
from pmstudy.errors import CardsWouldGoError, NotFoundError, PmStudyError
from pmstudy.io import media as media_names
from pmstudy.io.anki_revlog import STAGED
from pmstudy.io.apkg import AnkiPackage, remove_stale_scratch
from pmstudy.io.errors import ExportError, ImportFileError
from pmstudy.io.file_kind import file_kind
from pmstudy.io.limits import DEFAULT_LIMITS, Limits, check_parsed, summarise

# The readers and writers of one format each (deck files, CSV, export) are imported where
# they are used: ``pmstudy import x.apkg`` starts as a new process and needs none of them.

FORMATS = ("apkg", "csv", "deck")  # what an export can write
STAGING = ".staging-"
"""Prefix of the folders in the media folder that hold an import's media until its commit."""


class _RollbackError(Exception):
    """Raised inside the transaction to undo a dry run."""


def _source(prefix: str, path: Path) -> str:
    return f"{prefix}:{path.stem}"[:200]


class ImportService:
    """Imports (apkg, text, deck file), exports, and the media files imported notes show."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        days: DayClock,
        media_dir: Path,
        *,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self._db = db
        self._clock = clock
        self._days = days
        self._media_dir = media_dir
        self.limits = limits

    # --- reading -------------------------------------------------------------------------

    def preview(
        self, path: Path, *, encoding: str | None = None, delimiter: str | None = None
    ) -> TextPreview:
        """How a CSV/TSV/TXT file reads: encoding, delimiter, header, first rows, mapping."""
        from pmstudy.io.text_import import preview, read_text_file

        _require_file(path)
        options = ImportOptions(encoding=encoding, delimiter=delimiter)
        return preview(read_text_file(path, options, self.limits))

    def import_file(
        self,
        path: Path,
        options: ImportOptions | None = None,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """Import ``path`` in one transaction and say what happened (or would, in a dry run)."""
        options = options or ImportOptions()
        _require_file(path)
        # an import makes a few objects per note, card and review, none in a reference cycle
        with gc_paused():
            return self._import(path, options, progress or no_progress)

    def _import(self, path: Path, options: ImportOptions, report: Progress) -> ImportSummary:
        kind = file_kind(path)
        report("reading", 0, 1)
        if kind == "apkg":
            with (
                AnkiPackage(path, self.limits) as package,
                self._staged_reviews(package, options) as reviews,
            ):
                parsed = package.parse(
                    _source("apkg", path), options, report, reviews_in_sql=reviews is not None
                )
                if options.deck:
                    parsed = _nest(parsed, options.deck)
                return self._write(parsed, options, report, package, reviews)
        from pmstudy.io.text_import import read_text_file, to_notes

        if kind == "deck":
            from pmstudy.io.deckfile import parse_deck_file

            parsed = parse_deck_file(path, self.limits)
            if options.deck:
                parsed = _retarget(parsed, options.deck)
        else:
            text = read_text_file(path, options, self.limits)
            parsed = to_notes(
                text,
                options,
                self.limits,
                source=_source("csv", path),
                default_deck=options.deck or path.stem,
            )
        return self._write(parsed, options, report, None)

    @contextmanager
    def _staged_reviews(
        self, package: AnkiPackage, options: ImportOptions
    ) -> Iterator[Future[None] | None]:
        """On SQLite, the package's review log converted in a worker thread meanwhile.

        The conversion is SQLite work from start to end, which runs without the GIL: it
        overlaps with reading and writing the notes and cards, which is Python work.  The
        writer waits for it only to copy its rows, with one ``INSERT ... SELECT``.
        """
        if not (options.history and copies_in_sql(self._db.engine)):
            yield None
            return
        package.prepare_staging()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pmstudy-import") as pool:
            yield pool.submit(package.stage_reviews, sql_datetime)

    # --- writing -------------------------------------------------------------------------

    def _write(
        self,
        parsed: ParsedImport,
        options: ImportOptions,
        report: Progress,
        package: AnkiPackage | None,
        reviews: Future[None] | None = None,
    ) -> ImportSummary:
        if options.strict and parsed.skipped:
            raise ImportFileError(
                parsed.label, f"{parsed.skipped[0]} (--strict refuses the whole file)"
            )
        check_parsed(parsed, self.limits)
        summary = ImportSummary(source=parsed.label, dry_run=options.dry_run)
        summary.detected = dict(parsed.detected)
        summary.skipped = summarise(parsed.skipped, self.limits.max_alike_messages)
        summary.notes_skipped = parsed.notes_skipped
        now = self._clock.now()
        staged: list[tuple[Path, Path]] = []
        remove_stale_scratch(self._media_dir, STAGING)
        staging = self._media_dir / f"{STAGING}{os.getpid()}-{uuid.uuid4().hex}"
        attach = package.staged_reviews if package is not None and reviews else None
        committed = False
        try:
            try:
                with self._db.bulk_write(attach=attach) as uow:
                    staged = self._write_rows(
                        uow,
                        parsed,
                        now,
                        summary,
                        report,
                        (package, reviews),
                        staging,
                        options.dry_run,
                    )
                    if options.dry_run:
                        raise _RollbackError
                    if options.keep_cards and summary.cards_removed:
                        raise CardsWouldGoError(summary.cards_removed)  # rolls back
                    report("saving", 0, 1)
                committed = True
            except _RollbackError:
                pass
            except WriteError as exc:
                raise ImportFileError(
                    parsed.label, f"could not be written ({exc.reason})"
                ) from exc.__cause__
            except OSError as exc:
                raise ImportFileError(parsed.label, f"media could not be stored ({exc})") from exc
        finally:
            if not committed:
                shutil.rmtree(staging, ignore_errors=True)
        if committed and staged:
            self._publish(staged, staging)
        report("done", 1, 1)
        return summary

    def _write_rows(
        self,
        uow: UnitOfWork,
        parsed: ParsedImport,
        now: dt.datetime,
        summary: ImportSummary,
        report: Progress,
        source: tuple[AnkiPackage | None, Future[None] | None],
        staging: Path,
        dry_run: bool,
    ) -> list[tuple[Path, Path]]:
        """Every row of one import, inside the caller's transaction; returns staged media.

        ``source`` is the package read, if any, and the conversion of its review log to wait
        for, if it runs in a worker thread.
        """
        package, reviews = source
        writer = ImportWriter(uow.session, now=now, summary=summary, progress=report)
        writer.lock()
        preset_ids = writer.presets(parsed.presets)
        names = {n.deck for n in parsed.notes} | {c.deck for c in parsed.cards}
        deck_ids = writer.decks(parsed.decks, names, preset_ids)
        type_ids = writer.note_types(parsed.note_types)
        seen_before = writer.has_notes_from(parsed.source)
        note_ids, _ = writer.notes(parsed.notes, type_ids, source=parsed.source)
        if parsed.explicit_cards:
            from pmstudy.services.replay import replay_memories

            history = (
                [(r[0], r[1], r[2], r[6]) for r in parsed.reviews]
                if any(c.replay for c in parsed.cards)
                else []
            )
            cards = replay_memories(
                parsed.cards, history, writer.deck_presets(deck_ids), days=self._days
            )
            card_ids, matched = writer.explicit_cards(
                cards, note_ids, deck_ids, buried_until=self._days.next_day_start(now)
            )
            if reviews is not None:
                report("writing reviews", 0, 1)
                reviews.result()  # the worker's errors surface here, inside the transaction
                writer.copy_reviews(f"{SOURCE}.{STAGED}", card_ids, matched)
            else:
                writer.reviews(parsed.reviews, card_ids, matched)
        else:
            writer.derived_cards(parsed.notes, note_ids, deck_ids, type_ids)
        if seen_before:
            summary.removed_upstream = writer.removed_upstream(
                parsed.source, {n.guid for n in parsed.notes}
            )
        if package is not None and parsed.media:
            return self._stage_media(package, parsed, staging, summary, report, write=not dry_run)
        return []

    def _stage_media(
        self,
        package: AnkiPackage,
        parsed: ParsedImport,
        staging: Path,
        summary: ImportSummary,
        report: Progress,
        *,
        write: bool,
    ) -> list[tuple[Path, Path]]:
        """Media files read (capped) into a staging folder; (staged, final) pairs.

        A dry run reads them too (so that the size limits apply) but writes nothing.
        """
        folder = self._media_dir / media_names.folder_for(parsed.source)
        staged: list[tuple[Path, Path]] = []
        total = len(parsed.media)
        for number, item in enumerate(parsed.media, start=1):
            data = package.media_bytes(item)
            final = folder / media_names.stored_name(item.name)
            if final.is_file() and final.stat().st_size == len(data) and final.read_bytes() == data:
                continue
            summary.media_added += 1
            report("media", number, total)
            if not write:
                continue
            staging.mkdir(parents=True, exist_ok=True)
            temporary = staging / f"{number}.part"
            temporary.write_bytes(data)
            staged.append((temporary, final))
        if staged:
            marker = staging / "names.part"
            marker.write_bytes(b"")
            staged.append((marker, folder / media_names.NAMES_MARKER))
        return staged

    @staticmethod
    def _publish(staged: list[tuple[Path, Path]], staging: Path) -> None:
        try:
            for temporary, final in staged:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temporary, final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # --- media ---------------------------------------------------------------------------

    def media_for_card(self, card_id: int) -> list[MediaFile]:
        """The media files a card's note shows (images, sounds), with where each is stored."""
        with self._db.read() as uow:
            found = card_note(uow.session, card_id)
        if found is None:
            raise NotFoundError(f"no card with id {card_id}")
        fields, source = found
        return [
            MediaFile(name, self._locate(name, source))
            for name in media_names.referenced(fields.values())
        ]

    def _locate(self, name: str, source: str | None) -> Path | None:
        return media_names.locate(self._media_dir, source, name)

    # --- export --------------------------------------------------------------------------

    def export(
        self,
        deck: str,
        fmt: str,
        path: Path,
        *,
        history: bool = True,
        raw: bool = False,
        progress: Progress | None = None,
    ) -> ExportSummary:
        """Write deck ``deck`` (and its sub-decks) as ``apkg``, ``csv`` or ``deck`` file
        (``raw``: CSV cells that start like a formula are not quoted)."""
        from pmstudy.io.atomic import atomic_file
        from pmstudy.io.export_apkg import write_apkg
        from pmstudy.io.export_csv import write_csv
        from pmstudy.io.export_deck import write_deck_file

        if fmt not in FORMATS:
            raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        report = progress or no_progress
        report("reading", 0, 1)
        with self._db.read() as uow:
            collection = read_slice(uow.session, deck, history=history and fmt == "apkg")
        if collection is None:
            raise NotFoundError(f"no deck named {deck!r}")
        summary = ExportSummary(path=str(path), format=fmt)
        with atomic_file(path) as temporary:
            if fmt == "apkg":
                media: dict[str, Path] = {}
                for note in collection.notes:
                    for name in media_names.referenced(note.fields.values()):
                        found = self._locate(name, note.source)
                        if found is not None:
                            media.setdefault(name, found)
                write_apkg(
                    collection, temporary, media=media, summary=summary, now=self._clock.now()
                )
            elif fmt == "csv":
                write_csv(collection, temporary, summary=summary, raw=raw)
            else:
                write_deck_file(collection, temporary, summary=summary)
        report("done", 1, 1)
        return summary


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise PmStudyError(f"{path}: no such file")


def _nest(parsed: ParsedImport, deck: str) -> ParsedImport:
    """A package's decks as sub-decks of ``deck`` (its cards without a deck, Anki's
    "Default", go to ``deck`` itself)."""
    target = deck_name(deck)

    def under(name: str) -> str:
        return target if name == "Default" else f"{target}::{name}"

    parsed.notes = [replace(n, deck=under(n.deck)) for n in parsed.notes]
    parsed.cards = [replace(c, deck=under(c.deck)) for c in parsed.cards]
    parsed.decks = [replace(d, name=under(d.name)) for d in parsed.decks]
    return parsed


def _retarget(parsed: ParsedImport, deck: str) -> ParsedImport:
    parsed.notes = [replace(n, deck=deck) for n in parsed.notes]
    parsed.decks = [replace(d, name=deck) for d in parsed.decks]
    return parsed
