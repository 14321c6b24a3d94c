"""Media file names: refusing traversal, making names safe on every file system, finding them.

Notes keep their ``<img src="name">`` exactly as the source wrote it; the file is stored under
``safe_name(name)`` in a folder per import source, so resolving a card's media never needs the
note text changed.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
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
