"""Ordering: a stem and 3–6 steps shown lettered and out of order; the learner types the
letters in the right order.

The steps are stored as JSON in the note's Steps field, in the right order (``[{"text",
"why"}]``, the why optional); the editor shows one step per line, in the right order::

    Develop project charter | the project must be authorised first
    Identify stakeholders

The steps are lettered in an order shuffled by the card's shuffle seed, never the right one
(``lettered.arrangement``: with no seed, or when the shuffle left them in order, they are
rotated by one). The answer is read leniently (``BDAC``, ``b d a c``, ``B, D, A, C``). Grading
is all or nothing: right only when the whole order is right. The log keeps the learner's order
as the steps' own indices (``order: 2,0,1,3``: the third step first, …; ``-`` for a letter no
step has, ``order: -`` when nothing could be read).
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

STEPS = "Steps"


class Ordering(LetteredKind):
    """Put the lettered steps in order; typed, graded all or nothing."""

    kind = NoteKind.ORDERING
    name = "Ordering"
    own_note_type = True
    fields = ("Stem", STEPS, "Extra")
    deck_keys = (("stem", "Stem"), ("steps", STEPS), ("extra", "Extra"))
    columns = (("Stem", ("front",)), (STEPS, ("back",)), ("Extra", ("extra",)))
    items_field = STEPS
    noun = "steps"
    item_keys = ("text", "why")
    anki_fields = ("Stem", STEPS, "Extra", "Items", "Answer")
    text_key = "text"
    line_form = " in the right order"

    def problems(self, fields: dict[str, str]) -> list[Problem]:
        """A stem; 3 to 6 steps with distinct texts."""
        found = super().problems(fields)
        texts = [text_of(s, "text").lower() for s in self.items(fields.get(STEPS, ""))]
        if not all(texts):
            found.append(Problem(STEPS, "a step has no text"))
        elif len(set(texts)) != len(texts):
            found.append(Problem(STEPS, "two steps have the same text"))
        return found

    def item_line(self, item: Table) -> str:
        """The step's text."""
        return text_of(item, "text")

    def item_from_line(self, line: str) -> dict[str, str]:
        """The step's text."""
        return {"text": line}

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """The stem, the steps lettered out of order (shuffled by ``shuffle_seed``) and how to
        answer; the back gives the right order and the Extra."""
        f, h = card.note.fields, card.note.html
        items = self.lettered(f.get(STEPS, ""), shuffle_seed, html=h)
        key = answer_key(items)
        how = f"Type the letters in the right order, e.g. {example(key)}"
        return RenderedCard(
            front=join(segments(f, "Stem", h), lines(item_rows(items)), [(how, "dim")]),
            back=join([("Answer: ", "bold"), (" ".join(key), "good")], segments(f, "Extra", h)),
            expected=key,
            items=items,
        )

    def grade(self, rendered: RenderedCard, response: Response) -> Grade:
        """Right only when the whole order is right (all or nothing); the learner's order is
        shown with the right one, and the steps in the right order with their whys."""
        typed = response.typed or ""
        read = read_letters(typed)
        if not read:
            return Grade(correct=False, feedback=tuple(unread(typed)), logged="order: -")
        given = [read.get(position, "?") for position in range(max(read) + 1)]
        key = answer_key(rendered.items)
        correct = "".join(given) == key
        if correct:
            head: list[Segment] = [("✓ Right order: ", "good"), (" ".join(given), "bold")]
        else:
            head = [
                ("✗ Your order:  ", "bad"),
                (" ".join(given), "bold"),
                ("\n  Right order: ", ""),
                (" ".join(key), "good"),
            ]
        rows = [
            [(f"{n}. {step.letter}. ", "bold"), (step.text, ""), *why_row(step.why)]
            for n, step in enumerate(by_index(rendered.items), start=1)
        ]
        by_letter = {item.letter: item.index for item in rendered.items}
        logged = ",".join(str(by_letter[g]) if g in by_letter else "-" for g in given)
        return Grade(
            correct=correct,
            feedback=(*head, ("\n", ""), *lines(rows)),
            logged=f"order: {logged}",
        )

    def anki_items(self, shown: tuple[Item, ...], html: Callable[[str], str]) -> str:
        """The steps lettered, out of order."""
        return "<ul>" + "".join(f"<li>{i.letter}. {html(i.text)}</li>" for i in shown) + "</ul>"

    def anki_answer(self, shown: tuple[Item, ...], html: Callable[[str], str]) -> str:
        """``D A B C``, then the steps in the right order with their whys."""
        steps = by_index(shown)
        rows = "".join(
            f"<li>{item.letter}. {html(item.text)}{anki_why(item, html)}</li>" for item in steps
        )
        return f"<b>{' '.join(item.letter for item in steps)}</b><ol>{rows}</ol>"


ORDERING = Ordering()
