"""The text a note is judged by: what a reader sees of its fields, its deck's and its tags' words.

The same function builds the training examples (from the bundled deck files) and the texts the
product classifies (from the database), so that the model sees one kind of text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence

from pmstudy.domain.cards.text import CLOZE, to_segments
from pmstudy.domain.exam.blueprint import EXAM_TAG_PREFIX

_SOUND = re.compile(r"\[sound:[^\]]*\]")
# ``{{c1::answer::hint}}`` reads as "answer hint"
_HINTED = re.compile(r"\{\{c\d+::")
_SEPARATORS = re.compile(r"::|[_/]")


def _strings(value: object) -> Iterator[str]:
    """The strings inside a parsed JSON value (keys and booleans are not text)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _field_text(field: str) -> str:
    stripped = field.strip()
    if stripped.startswith(("[{", '["')):
        # choice, matching and ordering notes keep their options as a JSON list
        try:
            return " ".join(_field_text(s) for s in _strings(json.loads(stripped)))
        except ValueError:
            pass
    field = CLOZE.sub(lambda m: " ".join(p for p in m.groups()[1:] if p), field)
    field = _HINTED.sub("", _SOUND.sub(" ", field))
    readable = "".join(text for text, style in to_segments(field, html=True) if style != "media")
    return " ".join(readable.split())


def _words(name: str) -> str:
    return " ".join(_SEPARATORS.sub(" ", name).replace("-", " ").split())


def note_text(fields: Sequence[str], deck: str, tags: Sequence[str]) -> str:
    """A note's text for the classifier.

    Its fields with HTML tags and entities, cloze markup and media references (images, sounds)
    removed, then the words of its deck's name and of its tags other than ``exam::`` ones (the
    exam tags are the answer, never the question).
    """
    parts = [text for text in map(_field_text, fields) if text]
    parts.append(_words(deck))
    parts.extend(_words(tag) for tag in tags if not tag.startswith(EXAM_TAG_PREFIX))
    return " ".join(part for part in parts if part)


# What a deck file adds to a note's fields besides its content (pmstudy.decks.to_notes): where
# the fact comes from and how sure it is. The bundled decks' sources name the blueprint task
# ("S1 People t1"), which would hand the model the answer, and no foreign deck has them.
PROVENANCE_FIELDS = frozenset({"Source", "Confidence"})


def judged_fields(fields: Mapping[str, str]) -> list[str]:
    """A note's field values as ``note_text`` takes them: every field but the provenance ones."""
    return [value for name, value in fields.items() if name not in PROVENANCE_FIELDS]
