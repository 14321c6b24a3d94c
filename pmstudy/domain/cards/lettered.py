"""Lettered items answered by typing letters (matching, ordering): what the two kinds share.

The items are stored as JSON in one field of the note (the pairs of a matching note, the steps
of an ordering note in the right order), as tables in a deck file and raw in an Anki package;
the editor shows one item per line, its why after `` | ``. Here too: the order the items are
shown in, the example a hint gives and the letters read from what the learner typed.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from abc import abstractmethod
from collections.abc import Callable
from typing import ClassVar

from pmstudy.domain.cards.kind import (
    AnkiShape,
    CardKind,
    Item,
    Problem,
    as_html,
    json_tables,
    own_shape,
    raw_json_values,
)
from pmstudy.domain.cards.multiple_choice import LETTERS
from pmstudy.domain.cards.text import Segment, plain

MIN_ITEMS = 3  # fewer is a multiple-choice item in disguise
MAX_ITEMS = len(LETTERS)
WHY = " | "

# A numbered answer: "1C", "1 c", "1-C", "1: C", "1=C", "1.C", "1)C", "1→C".
_NUMBERED = re.compile(r"(\d+)\s*[-:=.)>→]*\s*([A-Za-z])(?![A-Za-z])")

Table = dict[str, object]


def arrangement(count: int, seed: str | None) -> list[int]:
    """The items' own indices in the order shown (position -> index), never their own order.

    Shuffled by ``seed``. With no seed (a preview, an Anki export), or when the shuffle left the
    items in order, they are rotated by one instead: the first item is shown last, so three
    items are shown as the 2nd, 3rd, 1st and the answer reads "CAB", never "ABC".
    """
    order = list(range(count))
    if seed is not None:
        random.Random(seed).shuffle(order)
    if count > 1 and order == sorted(order):
        order = [*order[1:], order[0]]
    return order


def example(answer: str) -> str:
    """Letters for a hint's example: as many as the answer has, never the answer itself."""
    letters = LETTERS[: len(answer)]
    backwards = letters[::-1]
    return backwards if backwards != answer else letters[1:] + letters[:1]


def read_letters(typed: str) -> dict[int, str] | None:
    """The letter typed for each position (from 0), upper-cased; None when the text is not
    letters. Read leniently: ``CAB``, ``c a b``, ``C, A, B``, ``C > A > B``, or numbered
    ``1C 2A 3B``, ``1-C, 2-A, 3-B`` (numbers in any order). Nothing typed reads as no letters.
    """
    text = unicodedata.normalize("NFKC", typed)
    if any(ch.isdigit() for ch in text):
        found: dict[int, str] = {}
        for match in _NUMBERED.finditer(text):
            position = int(match.group(1)) - 1
            if position < 0 or position in found:
                return None
            found[position] = match.group(2).upper()
        rest = _NUMBERED.sub(" ", text)
        return None if any(ch.isalnum() for ch in rest) else found
    words = re.findall(r"\w+", text)
    if len(words) > 1 and any(len(word) > 1 for word in words):
        return None  # words, not letters: "see above"
    letters = "".join(words).upper()
    if not all("A" <= ch <= "Z" for ch in letters):
        return None
    return dict(enumerate(letters))


def unread(typed: str) -> list[Segment]:
    """Feedback on an answer that could not be read as letters."""
    if not typed.strip():
        return [("✗ Nothing typed", "bad")]
    return [("✗ Could not read letters in ", "bad"), (repr(typed.strip()), "bold")]


def text_of(item: Table, key: str, *, html: bool = False) -> str:
    """One value of a stored item as readable text."""
    value = item.get(key)
    return plain(str(value), html=html).strip() if value is not None else ""


def lines(rows: list[list[Segment]]) -> list[Segment]:
    """Rows of segments, one per line."""
    out: list[Segment] = []
    for row in rows:
        if out:
            out.append(("\n", ""))
        out.extend(row)
    return out


def item_rows(items: tuple[Item, ...]) -> list[list[Segment]]:
    """``A. text`` for every item, in the order shown."""
    return [[(f"{item.letter}. ", "bold"), (item.text, "")] for item in items]


def why_row(why: str) -> list[Segment]:
    """An item's why, indented under it (nothing when it has none)."""
    return [(f"\n   {why}", "dim")] if why else []


def by_index(items: tuple[Item, ...]) -> list[Item]:
    """The items in the note's own order."""
    return sorted(items, key=lambda item: item.index)


def answer_key(items: tuple[Item, ...]) -> str:
    """The letters to type: in the order of the numbered items (matching), in the right order
    (ordering); either way, the items' letters in the note's own order."""
    return "".join(item.letter for item in by_index(items))


def anki_why(item: Item, html: Callable[[str], str]) -> str:
    """An item's why after its text in an Anki field (nothing when it has none)."""
    return f": {html(item.why)}" if item.why else ""


class LetteredKind(CardKind):
    """A Stem, a JSON list of 3 to 6 items and an Extra. Subclasses set the class attributes
    and say how one item is typed on an editor line."""

    items_field: ClassVar[str]  # the field holding the JSON ("Pairs", "Steps")
    noun: ClassVar[str]  # what the items are called, and their deck-file key ("pairs", "steps")
    item_keys: ClassVar[tuple[str, ...]]  # the keys of one item; the last, "why", is optional
    anki_fields: ClassVar[tuple[str, ...]]  # see ``own_shape``
    text_key: ClassVar[str]  # the key of the text shown lettered ("right", "text")
    line_form: ClassVar[str]  # how a line is typed, for the editor's hint

    @property
    def a_note(self) -> str:
        """The kind with its article: a matching, an ordering."""
        name = self.name.lower()
        return ("an " if name[:1] in "aeiou" else "a ") + name

    def items(self, raw: str) -> list[Table]:
        """The items a field holds (none when it holds no JSON list of tables)."""
        return json_tables(raw) or []

    def lettered(self, raw: str, seed: str | None, *, html: bool) -> tuple[Item, ...]:
        """The items as shown, lettered in the order ``arrangement`` gives (a pair's left-hand
        text is its prompt)."""
        items = self.items(raw)[:MAX_ITEMS]
        return tuple(
            Item(
                letter=LETTERS[position],
                index=index,
                text=text_of(items[index], self.text_key, html=html),
                why=text_of(items[index], "why", html=html),
                prompt=text_of(items[index], "left", html=html),
            )
            for position, index in enumerate(arrangement(len(items), seed))
        )

    def problems(self, fields: dict[str, str]) -> list[Problem]:
        """A stem; 3 to 6 items in a JSON list (the kind checks each item)."""
        found = super().problems(fields)
        if not fields.get("Stem", "").strip():
            found.append(Problem("Stem", " (the question)", missing=True))
        raw = fields.get(self.items_field, "")
        if json_tables(raw) is None:
            keys = ", ".join(self.item_keys)
            return [
                *found,
                Problem(
                    self.items_field, f"the {self.noun} are not a JSON list of {{{keys}}} tables"
                ),
            ]
        count = len(self.items(raw))
        if not MIN_ITEMS <= count <= MAX_ITEMS:
            found.append(
                Problem(
                    self.items_field,
                    f"{self.a_note} note needs {MIN_ITEMS} to {MAX_ITEMS} {self.noun}",
                )
            )
        return found

    @abstractmethod
    def item_line(self, item: Table) -> str:
        """One item as the editor shows it, without its why."""

    @abstractmethod
    def item_from_line(self, line: str) -> dict[str, str]:
        """One editor line, without its why, as an item."""

    def hint(self, field: str) -> str | None:
        """How to type the items (the kind's example line)."""
        if field != self.items_field:
            return None
        count = f"{MIN_ITEMS} to {MAX_ITEMS}"
        return f"{count} {self.noun}, one per line{self.line_form}; ' | ' starts its why"

    def to_editor(self, field: str, stored: str) -> str:
        """The items one per line, each with its why after `` | ``."""
        if field != self.items_field:
            return stored
        out = []
        for item in self.items(stored):
            why = text_of(item, "why")
            out.append(self.item_line(item) + (WHY + why if why else ""))
        return "\n".join(out)

    def from_editor(self, field: str, text: str) -> str:
        """Item lines back to the stored JSON."""
        if field != self.items_field:
            return text
        items = []
        for line in text.splitlines():
            body, _, why = line.partition(WHY)
            if body.strip():
                items.append({**self.item_from_line(body.strip()), "why": why.strip()})
        return self.to_json(items)

    def to_json(self, items: list[dict[str, str]]) -> str:
        """Items as the field stores them: the kind's keys in order, empty values left out."""
        kept = [{key: item[key] for key in self.item_keys if item.get(key)} for item in items]
        return json.dumps(kept, ensure_ascii=False)

    def from_deck(self, values: dict[str, object]) -> dict[str, str]:
        """The deck file's tables as the stored JSON."""
        fields = super().from_deck(values)
        raw = values.get(self.noun)
        tables = [t for t in raw if isinstance(t, dict)] if isinstance(raw, list) else []
        fields[self.items_field] = self.to_json(
            [{key: str(t.get(key) or "") for key in self.item_keys} for t in tables]
        )
        return fields

    def to_deck(self, fields: dict[str, str], is_html: bool) -> dict[str, object]:
        """The stored JSON as the deck file's tables (a why only where there is one)."""
        values = super().to_deck(
            {k: v for k, v in fields.items() if k != self.items_field}, is_html
        )
        values[self.noun] = [
            {key: text_of(t, key) for key in self.item_keys if key != "why" or text_of(t, key)}
            for t in self.items(fields.get(self.items_field, ""))
        ]
        return values

    def anki_shape(
        self, fields: tuple[str, ...], templates: tuple[tuple[str, str], ...] = ()
    ) -> AnkiShape:
        """A note type of its own: the items listed on the front, the answer on the back;
        the JSON kept in a field no template shows, so a re-import restores the note."""
        return own_shape(self.anki_fields, fields)

    @abstractmethod
    def anki_items(self, shown: tuple[Item, ...], html: Callable[[str], str]) -> str:
        """The items as an Anki field lists them on the front, in the order shown."""

    @abstractmethod
    def anki_answer(self, shown: tuple[Item, ...], html: Callable[[str], str]) -> str:
        """The answer as an Anki field gives it on the back, with the whys."""

    def anki_raw_field(self) -> str:
        """The items' JSON."""
        return self.items_field

    def anki_values(self, fields: dict[str, str], is_html: bool) -> dict[str, str]:
        """The items listed as the front shows them (unshuffled, so rotated: see
        ``arrangement``), the answer with the whys; the JSON kept as it is."""
        values = raw_json_values(fields, self.anki_raw_field(), is_html)
        shown = self.lettered(fields.get(self.items_field, ""), None, html=False)

        def html(text: str) -> str:
            return as_html(text, is_html)

        values["Items"] = self.anki_items(shown, html) if shown else ""
        values["Answer"] = self.anki_answer(shown, html) if shown else ""
        return values
