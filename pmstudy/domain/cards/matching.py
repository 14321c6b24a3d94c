"""Matching: a stem and 3–6 pairs; for each numbered item on the left the learner types the
letter of the lettered item on the right that belongs with it.

The pairs are stored as JSON in the note's Pairs field (``[{"left", "right", "why"}]``, the why
optional); the editor shows one pair per line instead::

    Initiating = Project charter | it authorises the project
    Planning = Work breakdown structure

The right-hand items are lettered in an order shuffled by the card's shuffle seed; with no seed
they are rotated by one (``lettered.arrangement``), so the answer is never simply "ABC…". The
answer is typed as letters in the order of the numbered items (``CAB``, ``c a b``, ``1C 2A 3B``,
``1-C, 2-A, 3-B``). Grading is all or nothing, as PMI scores a matching item: right only when
every pair is matched, with no credit for some of them; the feedback marks each pair ✓ or ✗ with
its right match and why. The log keeps the note's own indices, whatever the shuffle:
``matched: 0>2,1>0,2>1`` says the first left item was given the third pair's right item
(``-`` for an item given no letter, ``matched: -`` when nothing could be read).
"""

from __future__ import annotations

from collections.abc import Callable

from pmstudy.domain.cards.kind import (
    Grade,
    Item,
    Problem,
    RenderedCard,
    Response,
    join,
    segments,
)
from pmstudy.domain.cards.lettered import (
    LetteredKind,
    Table,
    anki_why,
    answer_key,
    by_index,
    example,
    item_rows,
    lines,
    read_letters,
    text_of,
    unread,
    why_row,
)
from pmstudy.domain.cards.text import Segment
from pmstudy.domain.model import NoteKind, StudyCard

PAIRS = "Pairs"


class Matching(LetteredKind):
    """Match each numbered item with a lettered one; typed, graded all or nothing."""

    kind = NoteKind.MATCHING
    name = "Matching"
    own_note_type = True
    fields = ("Stem", PAIRS, "Extra")
    deck_keys = (("stem", "Stem"), ("pairs", PAIRS), ("extra", "Extra"))
    columns = (("Stem", ("front",)), (PAIRS, ("back",)), ("Extra", ("extra",)))
    items_field = PAIRS
    noun = "pairs"
    item_keys = ("left", "right", "why")
    anki_fields = ("Stem", PAIRS, "Extra", "Items", "Answer")
    text_key = "right"
    line_form = ": left = right"

    def problems(self, fields: dict[str, str]) -> list[Problem]:
        """A stem; 3 to 6 pairs, each with text on both sides, no side repeated."""
        found = super().problems(fields)
        pairs = self.items(fields.get(PAIRS, ""))
        for number, pair in enumerate(pairs, start=1):
            if not text_of(pair, "left") or not text_of(pair, "right"):
                found.append(Problem(PAIRS, f"pair {number} needs text on both sides of '='"))
        for side in ("left", "right"):
            texts = [text_of(p, side).lower() for p in pairs]
            if len(set(texts)) != len(texts):
                found.append(Problem(PAIRS, f"two pairs have the same {side}-hand text"))
        return found

    def item_line(self, item: Table) -> str:
        """``left = right``."""
        return f"{text_of(item, 'left')} = {text_of(item, 'right')}"

    def item_from_line(self, line: str) -> dict[str, str]:
        """``left = right`` (a line with no ``=`` has no right-hand side)."""
        left, _, right = line.partition(" = ") if " = " in line else line.partition("=")
        return {"left": left.strip(), "right": right.strip()}

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """The stem, the left items numbered, the right items lettered (shuffled by
        ``shuffle_seed``) and how to answer; the back gives the answer and the Extra."""
        f, h = card.note.fields, card.note.html
        items = self.lettered(f.get(PAIRS, ""), shuffle_seed, html=h)
        key = answer_key(items)
        numbered = [[(f"{n}. ", "bold"), (i.prompt, "")] for n, i in enumerate(by_index(items), 1)]
        how = f"Type the letter for each numbered item in order, e.g. {example(key)}"
        answer = " ".join(f"{n}{letter}" for n, letter in enumerate(key, start=1))
        return RenderedCard(
            front=join(
                segments(f, "Stem", h), lines(numbered), lines(item_rows(items)), [(how, "dim")]
            ),
            back=join([("Answer: ", "bold"), (answer, "good")], segments(f, "Extra", h)),
            expected=key,
            items=items,
        )

    def grade(self, rendered: RenderedCard, response: Response) -> Grade:
        """Right only when every pair is matched (all or nothing); each pair marked ✓/✗ with
        its right match and why."""
        typed = response.typed or ""
        read = read_letters(typed)
        if not read:
            return Grade(correct=False, feedback=tuple(unread(typed)), logged="matched: -")
        by_letter = {item.letter: item for item in rendered.items}
        pairs = by_index(rendered.items)
        rows: list[list[Segment]] = []
        logged = []
        for position, pair in enumerate(pairs):
            letter = read.get(position, "")
            given = by_letter.get(letter)
            logged.append(f"{position}>{given.index if given is not None else '-'}")
            row: list[Segment] = [
                ("✓ " if given is pair else "✗ ", "good" if given is pair else "bad"),
                (f"{position + 1}. {pair.prompt} → ", ""),
                (f"{pair.letter}. {pair.text}", "bold"),
            ]
            if given is not pair:
                row.append((f"  (you typed {letter or 'nothing'})", "bad"))
            rows.append([*row, *why_row(pair.why)])
        right = sum(1 for row in rows if row[0][0] == "✓ ")
        extra = [p for p in read if p >= len(pairs)]
        if extra:
            rows.append([("✗ More letters than numbered items", "bad")])
        correct = right == len(pairs) and not extra
        head = "✓ Every pair matched" if correct else f"✗ {right} of {len(pairs)} pairs matched"
        feedback = [(head, "good" if correct else "bad"), ("\n", ""), *lines(rows)]
        logs = "matched: " + ",".join(logged)
        return Grade(correct=correct, feedback=tuple(feedback), logged=logs)

    def anki_items(self, shown: tuple[Item, ...], html: Callable[[str], str]) -> str:
        """The left items numbered, the right ones lettered."""
        left = "".join(f"<li>{html(item.prompt)}</li>" for item in by_index(shown))
        right = "".join(f"<li>{item.letter}. {html(item.text)}</li>" for item in shown)
        return f"<ol>{left}</ol><ul>{right}</ul>"

    def anki_answer(self, shown: tuple[Item, ...], html: Callable[[str], str]) -> str:
        """``1C 2A 3B``, then each pair with its why."""
        pairs = by_index(shown)
        key = " ".join(f"{n}{item.letter}" for n, item in enumerate(pairs, start=1))
        rows = "".join(
            f"<li>{html(item.prompt)} → {item.letter}. {html(item.text)}{anki_why(item, html)}</li>"
            for item in pairs
        )
        return f"<b>{key}</b><ol>{rows}</ol>"


MATCHING = Matching()
