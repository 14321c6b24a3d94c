"""A learner's history file (``pmstudy history export`` / ``merge``): every card that has a
review log, named by its note's guid and ordinal, with its memory and its log, exactly as
stored (instants to the microsecond, floats as Python prints them). Gzipped JSON.

Why not an Anki package: an .apkg keeps answers to the millisecond (shifting one when two
share it), stability to 4 decimals and due days without their time, and importing pmstudy's
own export makes its notes Anki notes; a merge must recognise every row it already has and
carry each memory as stored, so it has its own file. Notes themselves are not in it: both
machines hold the decks (bundled, or the same files imported).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pmstudy.domain.model import CardState, Memory, Rating, ReviewEntry, ReviewKind
from pmstudy.domain.scheduling import CardHistory
from pmstudy.io.atomic import atomic_file
from pmstudy.io.errors import ImportFileError

FORMAT = "pmstudy-history"
VERSION = 1
MAX_JSON_BYTES = 1024 * 1024 * 1024
"""The decompressed file at most (200,000 answers take about 100 MB)."""

_T = TypeVar("_T")


def _instant(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


def _memory_json(memory: Memory, *, counters: bool) -> dict[str, object]:
    out: dict[str, object] = {
        "state": int(memory.state),
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": _instant(memory.due),
        "last_review": _instant(memory.last_review),
    }
    if counters:
        out["reps"] = memory.reps
        out["lapses"] = memory.lapses
    return out


def _review_json(entry: ReviewEntry) -> dict[str, object]:
    return {
        "answered_at": _instant(entry.answered_at),
        "rating": int(entry.rating),
        "kind": entry.kind.value,
        "duration_ms": entry.duration_ms,
        "answer": entry.answer,
        "before": _memory_json(entry.before, counters=False),
        "after": _memory_json(entry.after, counters=False),
    }


def write_history(
    cards: Iterable[CardHistory], path: Path, *, exported_at: dt.datetime, profile: str | None
) -> tuple[int, int]:
    """Write the history file at ``path`` (all at once); (cards, reviews) written."""
    cards = list(cards)
    rows = [
        {
            "guid": card.guid,
            "ord": card.ord,
            "deck": card.deck,
            "memory": _memory_json(card.memory, counters=True),
            "reviews": [_review_json(e) for e in card.reviews],
        }
        for card in cards
    ]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _instant(exported_at),
        "profile": profile,
        "cards": rows,
    }
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with atomic_file(path) as temporary:
        temporary.write_bytes(gzip.compress(data, mtime=0))
    return len(cards), sum(len(card.reviews) for card in cards)


class _Reader:
    """Reads one file's JSON into domain objects; a bad value is one line naming its place."""

    def __init__(self, file: Path) -> None:
        self.file = str(file)

    def fail(self, where: str | None, message: str) -> ImportFileError:
        return ImportFileError(self.file, message, where=where)

    def field(self, obj: Any, name: str, kind: Callable[[Any], _T], where: str) -> _T:
        if not isinstance(obj, dict):
            raise self.fail(where, "not a JSON object")
        if name not in obj:
            raise self.fail(where, f"field '{name}' is missing")
        try:
            return kind(obj[name])
        except (TypeError, ValueError, OverflowError) as exc:
            raise self.fail(where, f"field '{name}': {exc}") from None

    def memory(self, obj: Any, where: str, *, counters: bool) -> Memory:
        return Memory(
            state=self.field(obj, "state", lambda v: CardState(_int(v)), where),
            step=self.field(obj, "step", _optional(_int), where),
            stability=self.field(obj, "stability", _optional(_float), where),
            difficulty=self.field(obj, "difficulty", _optional(_float), where),
            due=self.field(obj, "due", _optional(_aware), where),
            last_review=self.field(obj, "last_review", _optional(_aware), where),
            reps=self.field(obj, "reps", _count, where) if counters else 0,
            lapses=self.field(obj, "lapses", _count, where) if counters else 0,
        )

    def review(self, obj: Any, where: str) -> ReviewEntry:
        answered = self.field(obj, "answered_at", _aware, where)
        rating = self.field(obj, "rating", lambda v: Rating(_int(v)), where)
        after = self.memory(
            self.field(obj, "after", _object, where), f"{where}, after", counters=False
        )
        return ReviewEntry(
            card_id=0,
            rating=rating,
            answered_at=answered,
            duration_ms=self.field(obj, "duration_ms", _count, where),
            kind=self.field(obj, "kind", ReviewKind, where),
            answer=self.field(obj, "answer", _optional(_text), where),
            before=self.memory(
                self.field(obj, "before", _object, where), f"{where}, before", counters=False
            ),
            # as the log's rows read back (db.convert.entry_from_row)
            after=Memory(
                state=after.state,
                step=after.step,
                stability=after.stability,
                difficulty=after.difficulty,
                due=after.due,
                last_review=answered if rating else after.last_review,
            ),
        )

    def card(self, obj: Any, index: int) -> CardHistory:
        where = f"card {index + 1}"
        guid = self.field(obj, "guid", _text, where)
        where = f"card {index + 1} ({guid!r})"
        reviews = self.field(obj, "reviews", _list, where)
        deck = self.field(obj, "deck", _text, where) if "deck" in obj else ""
        return CardHistory(
            deck=deck,
            guid=guid,
            ord=self.field(obj, "ord", _count, where),
            memory=self.memory(
                self.field(obj, "memory", _object, where), f"{where}, memory", counters=True
            ),
            reviews=tuple(
                self.review(r, f"{where}, review {n + 1}") for n, r in enumerate(reviews)
            ),
        )


def read_history(path: Path) -> list[CardHistory]:
    """The cards of a history file; a file that is not one is refused in one line."""
    reader = _Reader(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise reader.fail(None, f"cannot read ({exc.strerror or exc})") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            inflater = zlib.decompressobj(wbits=31)
            raw = inflater.decompress(raw, MAX_JSON_BYTES + 1)
        except zlib.error as exc:
            raise reader.fail(None, f"not a pmstudy history file (broken gzip: {exc})") from None
        if len(raw) > MAX_JSON_BYTES or inflater.unconsumed_tail:
            raise reader.fail(None, "too large: more than 1 GiB of history")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise reader.fail(None, "not a pmstudy history file (not JSON)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise reader.fail(None, "not a pmstudy history file (pmstudy history export writes one)")
    if document.get("version") != VERSION:
        raise reader.fail(
            None, f"history file version {document.get('version')!r}: this pmstudy reads {VERSION}"
        )
    cards = reader.field(document, "cards", _list, "the file")
    out = [reader.card(card, index) for index, card in enumerate(cards)]
    seen: set[tuple[str, int]] = set()
    for index, card in enumerate(out):
        if (card.guid, card.ord) in seen:
            raise reader.fail(f"card {index + 1} ({card.guid!r})", f"card {card.ord} twice")
        seen.add((card.guid, card.ord))
    return out


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    return value


def _count(value: Any) -> int:
    number = _int(value)
    if not 0 <= number < 2**31:
        raise ValueError(f"{number} is out of range")
    return number


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _aware(value: Any) -> dt.datetime:
    instant = dt.datetime.fromisoformat(_text(value))
    if instant.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return instant.astimezone(dt.UTC)


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("not a JSON object")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _optional(kind: Callable[[Any], _T]) -> Callable[[Any], _T | None]:
    return lambda value: None if value is None else kind(value)
