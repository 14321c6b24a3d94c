"""Anki packages (.apkg / .colpkg): pick the collection, read the media list, parse.

Layouts, newest first (the first present wins, as in Anki):
- ``collection.anki21b``: zstd-compressed SQLite (schema 18); ``media`` is zstd-compressed
  protobuf ``MediaEntries`` and each media file is zstd-compressed; ``meta`` says version 3.
- ``collection.anki21``: plain SQLite (schema 11); ``media`` is JSON ``{"0": "name"}``.
- ``collection.anki2``: the same, written by Anki before 2.1.50 (or by genanki).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pmstudy import processes
from pmstudy.domain.cards import ImportOptions, MediaItem, ParsedImport
from pmstudy.io.anki_collection import CollectionReader, check_collection_file, open_collection
from pmstudy.io.anki_revlog import create_staging, stage_reviews
from pmstudy.io.archive import Archive, unzstd
from pmstudy.io.errors import ImportFileError
from pmstudy.io.limits import Limits
from pmstudy.io.media import traversal_reason
from pmstudy.io.protobuf import Message, ProtobufError

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
LATEST = 3  # PackageMetadata.Version: 1 legacy anki2, 2 legacy anki21, 3 latest
SCRATCH = "pmstudy-import-"
"""Prefix of the temporary folders collections are unpacked into: ``<SCRATCH><pid>-<random>``."""
UNOWNED_AGE_S = 86_400
"""A scratch folder without a process id in its name (older versions) is stale after a day."""


def scratch_folder() -> tempfile.TemporaryDirectory[str]:
    """A new scratch folder named after this process, stale ones removed first."""
    remove_stale_scratch(Path(tempfile.gettempdir()))
    return tempfile.TemporaryDirectory(prefix=f"{SCRATCH}{os.getpid()}-")


def remove_stale_scratch(root: Path, prefix: str = SCRATCH) -> list[Path]:
    """Remove the folders ``<prefix><pid>-…`` in ``root`` whose import was killed; the ones
    removed.

    A killed import cannot clean up after itself (they held 25-41 MB each): its folder is
    stale once its process is gone.
    """
    removed: list[Path] = []
    try:
        found = [p for p in root.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    for folder in found:
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not folder.is_dir() or folder.is_symlink() or info.st_uid != _uid():
            continue
        head, dash, _ = folder.name.removeprefix(prefix).partition("-")
        if dash and head.isdigit():
            stale = processes.alive(int(head)) is False  # unknown (Windows): keep it
        else:
            stale = time.time() - info.st_mtime > UNOWNED_AGE_S
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


class AnkiPackage:
    """An opened package: parse it, then read its media files (keep it open until done)."""

    def __init__(self, path: Path, limits: Limits, *, label: str | None = None) -> None:
        self.path = path
        self.limits = limits
        self.archive = Archive(path, limits, label=label)
        self.label = self.archive.label
        self.version = self._version()
        self.member = next((c for c in COLLECTIONS if self.archive.has(c)), None)
        if self.member is None:
            self.archive.close()
            raise ImportFileError(
                self.label,
                "the archive holds no Anki collection (collection.anki21b, collection.anki21 "
                "or collection.anki2)",
            )
        self._media_total = 0
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self.collection_path: Path | None = None
        """The collection, unpacked by :meth:`unpack` (removed by :meth:`close`)."""
        self.staged_reviews: Path | None = None
        """The file :meth:`prepare_staging` made for the review rows."""

    def close(self) -> None:
        """Release the archive and remove the unpacked collection."""
        self.archive.close()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
            self.collection_path = self.staged_reviews = None

    def __enter__(self) -> AnkiPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _version(self) -> int:
        if not self.archive.has("meta"):
            return 0
        raw = self.archive.read("meta", self.limits.max_small_member_bytes)
        try:
            version = Message(raw).uint(1)
        except ProtobufError as exc:
            raise ImportFileError(self.label, f"unreadable ({exc})", where="entry 'meta'") from exc
        if version > LATEST:
            raise ImportFileError(
                self.label,
                f"was written by a newer Anki (package version {version}); export it with "
                "'Support older Anki versions' ticked",
            )
        return version

    def parse(
        self,
        source: str,
        options: ImportOptions,
        progress: Callable[[str, int, int], None] | None = None,
        *,
        reviews_in_sql: bool = False,
    ) -> ParsedImport:
        """The package's contents as domain objects.

        With ``reviews_in_sql`` the review list holds only the history of cards whose memory
        is replayed: :meth:`stage_reviews` converts the whole log for the writer.
        """
        path = self.unpack()
        assert self.member is not None
        connection = open_collection(path, self.label, self.member, self.limits)
        try:
            reader = CollectionReader(
                connection,
                label=self.label,
                source=source,
                limits=self.limits,
                history=options.history,
                progress=progress,
                reviews_in_sql=reviews_in_sql,
            )
            parsed = reader.read()
        finally:
            connection.close()
        parsed.media = self._media_list(parsed)
        parsed.detected["collection"] = self.member
        return parsed

    def prepare_staging(self) -> Path:
        """Unpack the collection and create the empty file :meth:`stage_reviews` fills."""
        staged = self.unpack().with_name("reviews.db")
        create_staging(staged)
        self.staged_reviews = staged
        return staged

    def stage_reviews(self, timestamp: Callable[[str], str]) -> None:
        """Fill :attr:`staged_reviews` with the review log, checked and converted.

        See :func:`pmstudy.io.anki_revlog.stage_reviews` (``timestamp`` renders instants).
        Meant for a worker thread, after :meth:`prepare_staging`.
        """
        if self.collection_path is None or self.staged_reviews is None:
            raise RuntimeError("prepare_staging() first")
        stage_reviews(self.collection_path, self.staged_reviews, self.label, timestamp, self.limits)

    def unpack(self) -> Path:
        """The collection member, decompressed (capped) into a file of its own, checked."""
        if self.collection_path is not None:
            return self.collection_path
        assert self.member is not None
        cap = self.limits.max_collection_bytes
        if self._scratch is None:
            self._scratch = scratch_folder()
        path = Path(self._scratch.name) / "collection.db"
        try:
            with path.open("wb") as handle:
                if self.member.endswith("b"):
                    self.archive.extract_zstd(self.member, cap, handle)
                else:
                    self.archive.extract(self.member, cap, handle)
        except OSError as exc:
            raise ImportFileError(
                self.label, f"cannot unpack the collection ({exc.strerror or exc})"
            ) from exc
        check_collection_file(path, self.label, self.member)
        # the schema is checked before anything (the review-log worker too) reads the file
        open_collection(path, self.label, self.member, self.limits).close()
        self.collection_path = path
        return path

    def _media_list(self, parsed: ParsedImport) -> list[MediaItem]:
        if not self.archive.has("media"):
            return []
        raw = self.archive.read("media", self.limits.max_small_member_bytes)
        where = "entry 'media'"
        entries: list[tuple[str, str]] = []
        compressed = self.version >= LATEST or raw.startswith(b"\x28\xb5\x2f\xfd")
        if compressed:
            data = unzstd(
                raw,
                self.limits.max_small_member_bytes,
                label=self.label,
                where=where,
                limits=self.limits,
            )
            try:
                for index, entry in enumerate(Message(data).messages(1)):
                    legacy = entry.uint(255, -1) if entry.has(255) else -1
                    entries.append((entry.string(1), str(legacy if legacy >= 0 else index)))
            except ProtobufError as exc:
                raise ImportFileError(self.label, f"unreadable ({exc})", where=where) from exc
        else:
            try:
                mapping = json.loads(raw.decode("utf-8") or "{}")
            except (UnicodeDecodeError, ValueError) as exc:
                raise ImportFileError(self.label, "is not valid JSON", where=where) from exc
            except RecursionError as exc:
                raise ImportFileError(
                    self.label, "is JSON nested too deeply (a list of names is flat)", where=where
                ) from exc
            if not isinstance(mapping, dict):
                raise ImportFileError(self.label, "is not a JSON object", where=where)
            entries = [(str(name), str(member)) for member, name in mapping.items()]
        items: list[MediaItem] = []
        seen: set[str] = set()
        for name, member in entries:
            reason = traversal_reason(name)
            if reason is not None:
                raise ImportFileError(self.label, f"{reason}; refusing the package", where=where)
            if name in seen:
                continue
            seen.add(name)
            if not self.archive.has(member):
                parsed.skipped.append(f"media {name!r}: missing from the package")
                continue
            items.append(MediaItem(name=name, member=member, compressed=compressed))
        return items

    def media_bytes(self, item: MediaItem) -> bytes:
        """One media file's content (capped, and counted against the package's total)."""
        cap = self.limits.max_media_bytes
        if item.compressed:
            data = self.archive.read_zstd(item.member, cap)
        else:
            data = self.archive.read(item.member, cap)
        self._media_total += len(data)
        if self._media_total > self.limits.max_total_media_bytes:
            raise ImportFileError(
                self.label,
                f"its media files exceed {self.limits.max_total_media_bytes // (1024 * 1024)} "
                "MiB in total",
            )
        return data
