"""Read deck files and exam profile files, reporting problems as ``file:line: message``."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from pmstudy.decks.format import DeckFile
from pmstudy.decks.profile_format import ExamProfileFile

MIB = 1024 * 1024
MAX_DECK_BYTES = 20 * MIB

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.]+)\s*\]\]\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=")
_TOML_LINE = re.compile(r"at line (\d+), column (\d+)")
_NAMED_FIELD = re.compile(r"'([a-z_]+)'")

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """One problem found in a file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DeckFileError(Exception):
    """A deck or profile file could not be read; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class LineIndex:
    """Maps pydantic error locations back to TOML lines by scanning array headers."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        # (table path, index within that array) -> first line (1-based) of the entry
        self.entries: dict[tuple[str, int], tuple[int, int]] = {}
        counts: dict[str, int] = {}
        open_entries: list[tuple[str, int, int]] = []
        for number, line in enumerate(self._lines, start=1):
            match = _ARRAY_HEADER.match(line)
            if not match:
                continue
            name = match.group(1)
            index = counts.get(name, 0)
            counts[name] = index + 1
            open_entries.append((name, index, number))
            if name == "cards":
                counts.pop("cards.options", None)
        for position, (name, index, start) in enumerate(open_entries):
            end = (
                open_entries[position + 1][2] - 1
                if position + 1 < len(open_entries)
                else len(self._lines)
            )
            self.entries[(name, index)] = (start, end)
        self._card_starts = sorted(
            start for (name, _), (start, _) in self.entries.items() if name == "cards"
        )

    def card_line(self, index: int) -> int:
        """Line where card number ``index`` (0-based) starts, or 1."""
        if 0 <= index < len(self._card_starts):
            return self._card_starts[index]
        return 1

    def key_line(self, start: int, key: str) -> int:
        """First line at or after ``start`` that assigns ``key`` inside the same entry."""
        for number in range(start, len(self._lines) + 1):
            line = self._lines[number - 1]
            if number > start and _ARRAY_HEADER.match(line):
                break
            match = _KEY_LINE.match(line)
            if match and match.group(1) == key:
                return number
        return start

    def for_location(self, loc: tuple[int | str, ...]) -> int:
        """Best line for a pydantic error location such as ('cards', 3, 'front')."""
        if len(loc) >= 2 and loc[0] == "cards" and isinstance(loc[1], int):
            start = self.card_line(loc[1])
            if len(loc) >= 3 and isinstance(loc[2], str):
                return self.key_line(start, loc[2])
            return start
        if loc and isinstance(loc[0], str):
            return self.key_line(1, loc[0])
        return 1


def _describe(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts)


def read_text(path: Path) -> str:
    """Read a deck file as UTF-8 with a size limit; raise DeckFileError otherwise."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DECK_BYTES:
            raise DeckFileError([Problem(name, 1, f"file is {size} bytes; the limit is 20 MiB")])
        data = path.read_bytes()
    except OSError as exc:
        raise DeckFileError([Problem(name, 1, f"cannot read file: {exc.strerror}")]) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DeckFileError([Problem(name, line, "file is not valid UTF-8")]) from exc


def _long_string(raw: object, cap: int) -> tuple[tuple[int | str, ...], int] | None:
    """The location and UTF-8 size of the first string in ``raw`` over ``cap`` bytes."""
    stack: list[tuple[tuple[int | str, ...], object]] = [((), raw)]
    while stack:  # by hand, not recursively: the nesting is the file's choice
        loc, value = stack.pop()
        if isinstance(value, str):
            # len() first: a str of n characters is at most 4n bytes in UTF-8
            if len(value) * 4 > cap and len(value.encode("utf-8")) > cap:
                return loc, len(value.encode("utf-8"))
        elif isinstance(value, dict):
            stack.extend(((*loc, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*loc, i), v) for i, v in reversed(list(enumerate(value))))
    return None


def parse_model(text: str, name: str, model: type[M], *, max_string_bytes: int | None = None) -> M:
    """Parse TOML text into ``model``; raise DeckFileError naming lines.

    With ``max_string_bytes``, a longer string is refused before it is validated (checking a
    14 MB cloze text took 5 s).
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        line = int(match.group(1)) if match else 1
        message = str(exc).split(" (at line")[0]
        raise DeckFileError([Problem(name, line, f"TOML syntax error: {message}")]) from exc
    except RecursionError as exc:  # tomllib recurses once per level of nesting
        raise DeckFileError([Problem(name, 1, "TOML nested too deeply")]) from exc
    found = _long_string(raw, max_string_bytes) if max_string_bytes is not None else None
    if found is not None:
        loc, size = found
        line = LineIndex(text).for_location(loc)
        limit = f"{max_string_bytes / MIB:g}" if max_string_bytes else "0"
        message = f"is {size / MIB:.1f} MiB; the limit for one field is {limit} MiB"
        raise DeckFileError([Problem(name, line, f"{_describe(loc)}: {message}")])
    try:
        return model.model_validate(raw)
    except RecursionError as exc:
        raise DeckFileError([Problem(name, 1, "TOML nested too deeply")]) from exc
    except ValidationError as exc:
        index = LineIndex(text)
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            where = _describe(loc)
            message = error["msg"].removeprefix("Value error, ")
            line = index.for_location(loc)
            named = _NAMED_FIELD.search(message)
            if named and len(loc) == 2 and loc[0] == "cards":
                # a model-level error about one field: point at that field's line
                line = index.key_line(line, named.group(1))
            problems.append(Problem(name, line, f"{where}: {message}" if where else message))
        raise DeckFileError(problems) from exc


def load_deck(path: Path) -> DeckFile:
    """Read and validate one deck file."""
    return parse_model(read_text(path), str(path), DeckFile)


def load_profile(path: Path) -> ExamProfileFile:
    """Read and validate one exam profile file."""
    return parse_model(read_text(path), str(path), ExamProfileFile)


def iter_deck_files(directory: Path) -> Iterator[Path]:
    """Deck files directly inside ``directory`` (profiles live in its ``exams/``)."""
    yield from sorted(directory.glob("*.toml"))
