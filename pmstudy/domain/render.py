"""What a card shows: its front, its back, a typed answer to expect, or choices to pick from."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass

from pmstudy.domain.model import NoteKind, StudyCard
from pmstudy.domain.text import Segment, cloze_numbers, cloze_segments, plain, to_segments

LETTERS = "ABCDE"


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a multiple-choice card, in the order shown."""

    letter: str
    index: int  # position in the note's own option list
    text: str
    correct: bool
    why: str


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """A card ready for the screen."""

    front: list[Segment]
    back: list[Segment]
    expected: str | None = None  # type-in cards: the answer to compare with
    choices: tuple[Choice, ...] = ()

    @property
    def correct_letters(self) -> frozenset[str]:
        """Letters of the correct choices."""
        return frozenset(c.letter for c in self.choices if c.correct)


def parse_options(raw: str) -> list[dict[str, object]]:
    """The option list of a multiple-choice note (stored as JSON in its Options field)."""
    try:
        value = json.loads(raw or "[]")
    except json.JSONDecodeError:
        return []
    return [o for o in value if isinstance(o, dict)] if isinstance(value, list) else []


def card_count(kind: NoteKind, fields: dict[str, str], templates: int = 1) -> list[int]:
    """The card ordinals a note of ``kind`` with ``fields`` produces."""
    if kind == NoteKind.REVERSED:
        return [0, 1]
    if kind == NoteKind.CLOZE:
        return [n - 1 for n in cloze_numbers(fields.get("Text", ""))] or [0]
    if kind == NoteKind.TEMPLATE:
        return list(range(max(templates, 1)))
    return [0]


def _join(*parts: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for part in parts:
        if not part:
            continue
        if out:
            out.append(("\n\n", ""))
        out.extend(part)
    return out


def render(card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
    """Render ``card``; multiple-choice options are shuffled by ``shuffle_seed`` when given."""
    note = card.note
    fields = note.fields
    html = note.html

    def seg(name: str) -> list[Segment]:
        return to_segments(fields.get(name, ""), html=html)

    if note.kind == NoteKind.REVERSED and card.ord == 1:
        return RenderedCard(front=seg("Back"), back=_join(seg("Front"), seg("Extra")))
    if note.kind == NoteKind.TYPE_IN:
        return RenderedCard(
            front=seg("Front"),
            back=_join(seg("Back"), seg("Extra")),
            expected=plain(fields.get("Back", ""), html=html),
        )
    if note.kind == NoteKind.CLOZE:
        text = fields.get("Text", "")
        number = card.ord + 1
        return RenderedCard(
            front=cloze_segments(text, number, reveal=False, html=html),
            back=_join(cloze_segments(text, number, reveal=True, html=html), seg("Extra")),
        )
    if note.kind == NoteKind.MULTIPLE_CHOICE:
        return _render_choice(card, shuffle_seed)
    if note.kind == NoteKind.TEMPLATE and note.templates:
        return _render_template(card)
    return RenderedCard(front=seg("Front"), back=_join(seg("Back"), seg("Extra")))


def _render_choice(card: StudyCard, shuffle_seed: str | None) -> RenderedCard:
    note = card.note
    options = parse_options(note.fields.get("Options", ""))[: len(LETTERS)]
    order = list(range(len(options)))
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(order)
    choices = tuple(
        Choice(
            letter=LETTERS[position],
            index=index,
            text=plain(str(options[index].get("text", "")), html=note.html),
            correct=bool(options[index].get("correct", False)),
            why=plain(str(options[index].get("why", "")), html=note.html),
        )
        for position, index in enumerate(order)
    )
    stem = to_segments(note.fields.get("Stem", ""), html=note.html)
    explanation: list[Segment] = []
    for choice in choices:
        mark = "✓" if choice.correct else "✗"
        explanation.append((f"{mark} {choice.letter}. ", "good" if choice.correct else "bad"))
        explanation.append((f"{choice.text}\n", "bold" if choice.correct else ""))
        if choice.why:
            explanation.append((f"   {choice.why}\n", "dim"))
    if explanation:
        explanation[-1] = (explanation[-1][0].rstrip("\n"), explanation[-1][1])
    extra = to_segments(note.fields.get("Extra", ""), html=note.html)
    return RenderedCard(front=stem, back=_join(explanation, extra), choices=choices)


_SECTION = re.compile(r"\{\{([#^])\s*([^}]+?)\s*\}\}(.*?)\{\{/\s*\2\s*\}\}", re.DOTALL)
_FIELD = re.compile(r"\{\{\s*([^#^/}][^}]*?)\s*\}\}")


def fill_template(template: str, fields: dict[str, str], *, ord_: int, front: str = "") -> str:
    """Anki-style template substitution: fields, sections, FrontSide, cloze/type/text/hint."""

    def section(match: re.Match[str]) -> str:
        present = bool(plain(fields.get(match.group(2), ""), html=True).strip())
        keep = present if match.group(1) == "#" else not present
        return match.group(3) if keep else ""

    previous = None
    while previous != template:
        previous = template
        template = _SECTION.sub(section, template)

    def field(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "FrontSide":
            return front
        filters, _, key = name.rpartition(":")
        value = fields.get(key, "")
        filter_names = [f.strip() for f in filters.split(":") if f.strip()]
        if "type" in filter_names:
            return ""
        if "cloze" in filter_names:
            return value  # cloze markers are resolved by the caller
        if "text" in filter_names:
            return plain(value, html=True)
        return value

    return _FIELD.sub(field, template)


def _render_template(card: StudyCard) -> RenderedCard:
    note = card.note
    question, answer = note.templates[min(card.ord, len(note.templates) - 1)]
    front_html = fill_template(question, note.fields, ord_=card.ord)
    back_html = fill_template(answer, note.fields, ord_=card.ord, front=front_html)
    back_html = back_html.replace("<hr id=answer>", "<br>").replace('<hr id="answer">', "<br>")
    return RenderedCard(
        front=to_segments(front_html, html=True), back=to_segments(back_html, html=True)
    )
