"""Reading package archives defensively: zip entries and zstd frames with output caps.

Every read states how many bytes it will accept.  Declared sizes are checked before anything
is decompressed (a zip entry cannot produce more than it declares: Python's ``zipfile`` stops
there and then fails the CRC check), and zstd output is counted as it streams, because Anki's
frames do not record their content size and a hostile one can expand a thousandfold.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import zstandard

from pmstudy.io.errors import ImportFileError
from pmstudy.io.limits import Limits, MiB

CHUNK = 1 * MiB
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# Below this size an entry's compression ratio is not checked (tiny files compress oddly).
RATIO_FLOOR = 16 * MiB


def _size(n: int) -> str:
    return f"{n / MiB:.1f} MiB" if n >= MiB else f"{n} bytes"


class Archive:
    """A zip file opened for bounded reads; raises ImportFileError naming the entry."""

    def __init__(self, path: Path, limits: Limits, *, label: str | None = None) -> None:
        self.label = label or path.name
        self.limits = limits
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ImportFileError(self.label, f"cannot read the file: {exc.strerror}") from exc
        if size > limits.max_file_bytes:
            raise ImportFileError(
                self.label,
                f"the file is {_size(size)}; the limit is {_size(limits.max_file_bytes)}",
            )
        try:
            with path.open("rb") as handle:
                head = handle.read(4)
        except OSError as exc:
            raise ImportFileError(self.label, f"cannot read the file: {exc.strerror}") from exc
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
            if head == b"PK\x03\x04":
                raise ImportFileError(
                    self.label, "the archive is truncated or damaged (its directory is missing)"
                ) from exc
            raise ImportFileError(
                self.label, "not a zip archive (an Anki package .apkg is a zip file)"
            ) from exc
        infos = self._zip.infolist()
        if len(infos) > limits.max_members:
            self.close()
            raise ImportFileError(
                self.label,
                f"the archive has {len(infos)} entries; the limit is {limits.max_members}",
            )
        self._infos = {info.filename: info for info in infos}

    def close(self) -> None:
        """Release the file."""
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def names(self) -> set[str]:
        """Entry names."""
        return set(self._infos)

    def has(self, name: str) -> bool:
        """Whether an entry exists."""
        return name in self._infos

    def read(self, name: str, cap: int) -> bytes:
        """An entry's bytes, refusing more than ``cap`` or a bomb-like compression ratio."""
        out = bytearray()
        for chunk in self._chunks(name, cap):
            out += chunk
        return bytes(out)

    def extract(self, name: str, cap: int, target: BinaryIO) -> int:
        """Write an entry to ``target`` in chunks (checked as :meth:`read` checks); its size."""
        size = 0
        for chunk in self._chunks(name, cap):
            target.write(chunk)
            size += len(chunk)
        return size

    def _chunks(self, name: str, cap: int) -> Iterator[bytes]:
        info = self._infos.get(name)
        if info is None:
            raise ImportFileError(self.label, f"the archive has no entry {name!r}")
        where = f"entry {name!r}"
        if info.file_size > cap:
            raise ImportFileError(
                self.label,
                f"declares {_size(info.file_size)} uncompressed; the limit is {_size(cap)}",
                where=where,
            )
        ratio_cap = self.limits.max_ratio * max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size > ratio_cap:
            raise ImportFileError(
                self.label,
                f"expands {info.file_size // max(info.compress_size, 1)}-fold; refusing a "
                f"likely zip bomb (limit {self.limits.max_ratio}-fold)",
                where=where,
            )
        total = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > cap:
                        raise ImportFileError(
                            self.label, f"expands beyond {_size(cap)}", where=where
                        )
                    yield chunk
        except ImportFileError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise ImportFileError(
                self.label, f"the archive is truncated or damaged ({exc})", where=where
            ) from exc
        except RuntimeError as exc:  # encrypted entries
            raise ImportFileError(self.label, f"cannot read: {exc}", where=where) from exc

    def read_zstd(self, name: str, cap: int) -> bytes:
        """A zstd-compressed entry, decompressed with an output cap."""
        raw = self.read(name, cap)
        return unzstd(raw, cap, label=self.label, where=f"entry {name!r}", limits=self.limits)

    def extract_zstd(self, name: str, cap: int, target: BinaryIO) -> int:
        """Decompress a zstd-compressed entry into ``target`` (capped); its size."""
        raw = self.read(name, cap)
        size = 0
        for chunk in unzstd_chunks(
            raw, cap, label=self.label, where=f"entry {name!r}", limits=self.limits
        ):
            target.write(chunk)
            size += len(chunk)
        return size


def unzstd(data: bytes, cap: int, *, label: str, where: str, limits: Limits) -> bytes:
    """Decompress zstd ``data`` (frames without a content size too), refusing bombs."""
    out = bytearray()
    for chunk in unzstd_chunks(data, cap, label=label, where=where, limits=limits):
        out += chunk
    return bytes(out)


def unzstd_chunks(
    data: bytes, cap: int, *, label: str, where: str, limits: Limits
) -> Iterator[bytes]:
    """:func:`unzstd` as a stream of chunks, counted against the caps as they come."""
    if not data.startswith(ZSTD_MAGIC):
        raise ImportFileError(label, "is not zstd-compressed data", where=where)
    ratio_cap = max(limits.max_ratio * len(data), RATIO_FLOOR)
    limit = min(cap, ratio_cap)
    total = 0
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(
            io.BytesIO(data), read_across_frames=True
        )
        with reader:
            while chunk := reader.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    if limit == cap:
                        message = f"decompresses beyond {_size(cap)}"
                    else:
                        message = (
                            f"decompresses more than {limits.max_ratio}-fold; refusing a likely "
                            "zstd bomb"
                        )
                    raise ImportFileError(label, message, where=where)
                yield chunk
    except ImportFileError:
        raise
    except zstandard.ZstdError as exc:
        raise ImportFileError(label, f"damaged zstd data ({exc})", where=where) from exc
