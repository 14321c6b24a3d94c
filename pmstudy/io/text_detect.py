"""Telling how a text file is written: encoding, Anki's header lines, the delimiter.

Encoding: a BOM (UTF-8, UTF-16), else UTF-8, else Windows-1252 when the bytes read as text
(accented letters inside words, typographic quotes and dashes); anything else is refused with
the line of the first bad byte, unless the user names the encoding.  Delimiter: tab, comma,
semicolon or pipe, whichever splits the rows most consistently, with HTML entities such as
``&nbsp;`` masked first so that their ``;`` does not count.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pmstudy.io.errors import ImportFileError

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
CANDIDATES = ("\t", ",", ";", "|")
DELIMITER_NAMES = {v: k for k, v in SEPARATORS.items()}
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# cp1252 characters that only a Windows text would hold: quotes, dashes, euro, ellipsis...
_CP1252_PUNCT = set("€‚„…†‡‰‹›‘’“”•–—˜™«»°§£¥©®±²³µ¶·¹º¼½¾¿×÷¡¢¤¦¨ª¬¯´¸")
SAMPLE_ROWS = 50


@dataclass
class Decoded:
    text: str
    encoding: str


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _plausible_cp1252(text: str) -> bool:
    """Whether Windows-1252 text reads as text: accented letters sit inside words."""
    for match in re.finditer(r"[^\x00-\x7f]+", text):
        chars = match.group(0)
        if all(c in _CP1252_PUNCT for c in chars):
            continue
        if not all(unicodedata.category(c).startswith("L") or c in _CP1252_PUNCT for c in chars):
            return False
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not (before.isascii() and before.isalpha()) and not (
            after.isascii() and after.isalpha()
        ):
            return False
    return True


def decode(data: bytes, label: str, encoding: str | None) -> Decoded:
    """Text of a file: the given encoding, or detected (see the module docstring)."""
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError as exc:
            raise ImportFileError(label, f"unknown encoding {encoding!r}") from exc
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                label,
                f"is not valid {codec} (byte 0x{data[exc.start]:02x})",
                where=f"line {_line_of(data, exc.start)}",
            ) from exc
        return Decoded(text.removeprefix("\ufeff"), codec)
    if data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = "utf-16"
    else:
        name = "utf-8"
    try:
        return Decoded(data.decode(name).removeprefix("\ufeff"), name)
    except UnicodeDecodeError as exc:
        first_bad = exc
    if name == "utf-8":
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if text and _plausible_cp1252(text):
            return Decoded(text, "cp1252")
    raise ImportFileError(
        label,
        f"is not valid UTF-8 (byte 0x{data[first_bad.start]:02x}); if it uses another encoding, "
        "name it with --encoding (e.g. cp1252, latin-1)",
        where=f"line {_line_of(data, first_bad.start)}",
    ) from first_bad


@dataclass
class Headers:
    separator: str | None = None
    html: bool | None = None
    columns: dict[str, int] = field(default_factory=dict)  # guid/notetype/deck/tags -> 1-based
    deck: str | None = None
    notetype: str | None = None
    tags: tuple[str, ...] = ()
    names: list[str] = field(default_factory=list)  # "#columns:" labels
    formulas_quoted: bool = False  # "#pmstudy:formulas quoted": pmstudy's own export
    lines: int = 0


def separator(value: str) -> str:
    named = SEPARATORS.get(value.strip().lower())
    if named is not None:
        return named
    if len(value) == 1:
        return value
    if len(value.strip()) == 1:
        return value.strip()
    raise ValueError(f"unknown separator {value!r}")


def read_headers(lines: list[str], label: str) -> Headers:
    headers = Headers()
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            break
        headers.lines = number
        key, colon, value = line[1:].rstrip("\r\n").partition(":")
        if not colon:
            continue  # a comment
        key = key.strip().lower()
        where = f"line {number}"
        try:
            if key == "separator":
                headers.separator = separator(value)
            elif key == "html":
                headers.html = value.strip().lower() == "true"
            elif key in ("guid column", "notetype column", "deck column", "tags column"):
                headers.columns[key.split()[0]] = int(value.strip())
            elif key == "deck":
                headers.deck = value.strip()
            elif key == "notetype":
                headers.notetype = value.strip()
            elif key == "tags":
                headers.tags = tuple(value.split())
            elif key == "pmstudy":
                headers.formulas_quoted = value.strip().lower() == "formulas quoted"
            elif key == "columns":
                headers.names = [v.strip() for v in re.split(r"[\t,;|]", value)]
        except ValueError as exc:
            raise ImportFileError(
                label, f"bad header {line.strip()!r} ({exc})", where=where
            ) from exc
    for name, column in headers.columns.items():
        if column < 1:
            raise ImportFileError(label, f"#{name} column must be 1 or more", where="header")
    return headers


def _mask(line: str) -> str:
    return _ENTITY.sub("x", line)


def detect_delimiter(lines: list[str]) -> str | None:
    """The candidate that splits sample rows into the most consistent column count (>= 2)."""
    sample = [_mask(line) for line in lines if line.strip()][:SAMPLE_ROWS]
    if not sample:
        return None
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for rank, candidate in enumerate(CANDIDATES):
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=candidate)]
        except csv.Error:
            continue
        if not counts:
            continue
        modal, hits = Counter(counts).most_common(1)[0]
        if modal < 2:
            continue
        score = (hits / len(counts), modal > 1, -rank)
        if best is None or score > best:
            best, chosen = (score[0], int(score[1]), score[2]), candidate
    return chosen


def quizlet_custom(lines: list[str]) -> list[list[str]] | None:
    """Quizlet's 'custom separators' export: 'term - definition;term - definition' on a line."""
    content = [line for line in lines if line.strip()]
    if len(content) != 1 or "\t" in content[0]:
        return None
    pieces = [p.strip() for p in content[0].rstrip("\r\n").split(";") if p.strip()]
    if len(pieces) < 2 or not all(" - " in p for p in pieces):
        return None
    return [[t.strip() for t in p.split(" - ", 1)] for p in pieces]
