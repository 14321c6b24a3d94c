"""Media file names: refusing traversal, making names safe on every file system, finding them,
and telling whether a stored file may be handed to the system's viewer.

Notes keep their ``<img src="name">`` exactly as the source wrote it; the file is stored under
``stored_name(name)`` in a folder per import source, so resolving a card's media never needs
the note text changed.  ``stored_name`` is one-to-one: a name that is already safe is kept, any
other gets a hash of the original name (``a:b.png`` and ``a_b.png`` were once one file).  A
note's media are looked for in its own source's folder only (``locate``).
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

# C0 and C1 controls (a name is shown in messages too) and what Windows refuses in a name.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"|?*]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}
_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
MAX_NAME_BYTES = 200


def traversal_reason(name: str) -> str | None:
    """Why a media name from a package is hostile (None when it is an ordinary file name)."""
    if not name or not name.strip():
        return "an empty media file name"
    if "\x00" in name:
        return f"media file name {name!r} contains a NUL byte"
    if "/" in name or "\\" in name or name in (".", ".."):
        return f"media file name {name!r} points outside the media folder (path traversal)"
    return None


def safe_name(name: str) -> str:
    """A file name that is the same on every system and cannot escape its folder."""
    name = unicodedata.normalize("NFC", name).replace("/", "_").replace("\\", "_")
    name = _UNSAFE.sub("_", name).strip().rstrip(".")
    if not name or name in (".", ".."):
        name = "_"
    stem, dot, ext = name.rpartition(".")
    if (stem if dot else name).upper() in _RESERVED:
        name = "_" + name
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
        ext = ("." + ext)[:16] if dot else ""
        keep = name.encode("utf-8")[: MAX_NAME_BYTES - len(ext) - 12].decode("utf-8", "ignore")
        name = f"{keep}-{digest}{ext}"
    return name


# What ``stored_name`` adds: "~" and 16 hex digits before the extension.  A name that already
# looks so is hashed as well, so a kept name never equals a hashed one.
_HASHED = re.compile(r"~[0-9a-f]{16}(?:\.[^.]*)?$")
NAMES_MARKER = ".stored-names-2"
"""In a media folder written with ``stored_name``; without it, the folder is older (files
under ``safe_name``, which ``locate`` then also tries)."""


def stored_name(name: str) -> str:
    """The file name media file ``name`` is stored under: ``name`` itself when it is safe on
    every system, else its ``safe_name`` with ``~`` and a hash of ``name`` before the
    extension, so that two names never share one file."""
    safe = safe_name(name)
    if safe == name and not _HASHED.search(name):
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem, dot, ext = safe.rpartition(".")
    return f"{stem}~{digest}.{ext}" if dot and stem else f"{safe}~{digest}"


def locate(media_dir: Path, source: str | None, name: str) -> Path | None:
    """Where media file ``name`` of a note from ``source`` is stored (None: not there).

    Only that source's folder: a name missing from it is missing, never taken from another
    import's folder (an export once picked up another deck's file of the same name).
    """
    if not source:
        return None
    folder = media_dir / folder_for(source)
    candidate = folder / stored_name(name)
    if candidate.is_file():
        return candidate
    legacy = folder / safe_name(name)
    if not (folder / NAMES_MARKER).exists() and legacy.is_file():
        return legacy
    return None


def folder_for(source: str) -> str:
    """The media folder name of an import source such as ``apkg:My Deck``."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", unicodedata.normalize("NFKD", source).lower())
    slug = slug.strip("-.") or "import"
    digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
    return f"{slug[:60]}-{digest}"


def referenced(fields: Iterable[str]) -> list[str]:
    """Local media names a note's fields refer to (images and sounds), in order, unique."""
    found: dict[str, None] = {}
    for text in fields:
        for match in _IMG.finditer(text):
            src = html.unescape(next(g for g in match.groups() if g is not None)).strip()
            if src and "://" not in src and not src.startswith("data:"):
                found.setdefault(src)
        for match in _SOUND.finditer(text):
            found.setdefault(html.unescape(match.group(1)).strip())
    return list(found)


# What "open image" may hand to the system's opener, by extension: images and sounds only.
# SVG is left out on purpose: it is a document that can carry script (a browser opens it).
VIEWABLE = {
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".webp": "image",
    ".mp3": "sound",
    ".ogg": "sound",
    ".oga": "sound",
    ".wav": "sound",
    ".m4a": "sound",
}
_M4A_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2"}


def content_kind(head: bytes) -> str | None:
    """``image`` or ``sound`` when the first bytes of a file are those of an allowed format
    (PNG, JPEG, GIF, WebP; MP3, Ogg, WAV, M4A), else None."""
    riff = head[8:12] if head[:4] == b"RIFF" else b""
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")):
        return "image"
    if riff == b"WEBP":
        return "image"
    if head.startswith((b"ID3", b"OggS")) or riff == b"WAVE":
        return "sound"
    # an MPEG audio frame: 11 sync bits, then a layer other than "reserved"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return "sound"
    if head[4:8] == b"ftyp" and head[8:12] in _M4A_BRANDS:
        return "sound"
    return None


def unviewable_reason(path: Path, media_root: Path) -> str | None:
    """Why ``path`` must not go to the system's opener (None: it may).

    It must lie inside ``media_root`` once symbolic links are resolved, be a regular file,
    have an image or sound extension and start with the bytes of such a format: a packaged
    ``.desktop`` file, a script named ``.png`` or a link out of the folder are refused.
    """
    try:
        real = path.resolve(strict=True)
        root = media_root.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"{path.name} is not in the media folder"
    if not real.is_relative_to(root) or real == root:
        return f"{path.name} lies outside the media folder"
    expected = VIEWABLE.get(real.suffix.lower())
    if expected is None or VIEWABLE.get(path.suffix.lower()) is None:
        return f"{path.name} is not an image or sound file pmstudy opens"
    if not real.is_file():
        return f"{path.name} is not a regular file"
    try:
        with real.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror})"
    if content_kind(head) != expected:
        return f"{path.name} does not hold the {expected} its name says"
    return None
