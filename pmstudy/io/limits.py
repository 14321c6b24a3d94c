"""Size limits that keep a hostile file from exhausting memory or disk.

Real Anki packages stay far below them: a 20,000-note collection with 200,000 reviews is
about 40 MB uncompressed.  Tests pass smaller limits to exercise every check cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on what an import may read."""

    max_file_bytes: int = 2048 * MiB
    """The file itself (archive or text file) on disk."""

    max_members: int = 100_000
    """Entries in a package archive (one per media file, plus a few)."""

    max_collection_bytes: int = 1024 * MiB
    """The decompressed collection database."""

    max_media_bytes: int = 100 * MiB
    """One decompressed media file."""

    max_total_media_bytes: int = 2048 * MiB
    """All media files of one package together, decompressed."""

    max_ratio: int = 200
    """Largest decompressed/compressed size ratio a zip entry may claim or reach."""

    max_field_bytes: int = 1 * MiB
    """One note field (UTF-8)."""

    max_text_bytes: int = 100 * MiB
    """A CSV/TSV/TXT file."""

    max_small_member_bytes: int = 16 * MiB
    """Package metadata entries (``meta``, the media list)."""


DEFAULT_LIMITS = Limits()
