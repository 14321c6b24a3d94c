"""Multiple choice: a stem and 2–5 options, one or more of them right, each with a why.

The options are stored as JSON in the note's Options field (``[{"text", "correct", "why"}]``);
the editor shows them one per line instead::

    * The Product Owner | accountable for ordering the backlog
    The Developers | they own the Sprint Backlog

A leading ``*`` marks a correct option; text after `` | `` explains it. An answer is right
when the picked options are exactly the correct ones; the log keeps the picked options' own
positions (``chose: 0,2``), whatever order they were shown in.
"""

from __future__ import annotations

import json
import random
from typing import ClassVar

from pmstudy.domain.cards.kind import (
    AnkiShape,
    CardKind,
    Choice,
    Grade,
    Problem,
    RenderedCard,
    Response,
    as_html,
    join,
    json_tables,
    own_shape,
    raw_json_values,
)
from pmstudy.domain.cards.text import Segment, plain, to_segments
from pmstudy.domain.model import NoteKind, StudyCard

LETTERS = "ABCDEF"  # every lettered list (multiple response has up to six options)
OPTIONS = "Options"
ANKI_FIELDS = ("Stem", "Options", "Extra", "Choices", "Answer")


def parse_options(raw: str) -> list[dict[str, object]]:
    """The option list of a note (stored as JSON in its Options field)."""
    return json_tables(raw) or []


def options_to_text(stored: str) -> str:
    """The stored option list as editable lines."""
    lines = []
    for option in parse_options(stored):
        line = ("* " if option.get("correct") else "") + str(option.get("text", ""))
        why = str(option.get("why", "") or "")
        if why:
            line += f" | {why}"
        lines.append(line)
    return "\n".join(lines)


def options_from_text(text: str) -> str:
    """Editable option lines as the stored JSON list."""
    options: list[dict[str, object]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        correct = line.startswith("*")
        if correct:
            line = line[1:].strip()
        answer, _, why = line.partition(" | ")
        option: dict[str, object] = {"text": answer.strip(), "correct": correct}
        if why.strip():
            option["why"] = why.strip()
        options.append(option)
    return json.dumps(options, ensure_ascii=False)


def chosen_answer(choices: tuple[Choice, ...], picks: frozenset[str]) -> str:
    """What is logged for an answer: the picked options' own indices."""
    indices = sorted(c.index for c in choices if c.letter in picks)
    return "chose: " + (",".join(str(i) for i in indices) if indices else "-")


def choice_feedback(choices: tuple[Choice, ...], picks: frozenset[str]) -> list[Segment]:
    """``✓ Right: C. ...`` or ``✗ Wrong: you chose A. ...``, shown above the explanations."""
    chosen = [c for c in choices if c.letter in picks]
    listed = "; ".join(f"{c.letter}. {c.text}" for c in chosen)
    if {c.letter for c in choices if c.correct} == set(picks):
        return [("✓ Right: ", "good"), (listed, "bold")]
    if not chosen:
        return [("✗ No option chosen", "bad")]
    return [("✗ Wrong: you chose ", "bad"), (listed, "bold")]


class MultipleChoice(CardKind):
    """Pick the right option(s); graded, so a wrong pick allows only Again."""

    kind = NoteKind.MULTIPLE_CHOICE
    name = "Multiple choice"
    own_note_type = True
    fields = ("Stem", OPTIONS, "Extra")
    deck_keys = (("stem", "Stem"), ("options", OPTIONS), ("extra", "Extra"))
    columns = (("Stem", ("front",)), (OPTIONS, ("back",)), ("Extra", ("extra",)))
    min_options: ClassVar[int] = 2  # true/false items are real exam items (PSM I has them)
    max_options: ClassVar[int] = 5
    noun: ClassVar[str] = "multiple-choice"

    def problems(self, fields: dict[str, str]) -> list[Problem]:
        """A stem, 2 to 5 options with distinct texts, at least one of them correct."""
        found = super().problems(fields)
        if not fields.get("Stem", "").strip():
            found.append(Problem("Stem", " (the question)", missing=True))
        options = parse_options(fields.get(OPTIONS, ""))
        texts = [str(o.get("text", "")).strip().lower() for o in options]
        if not self.min_options <= len(options) <= self.max_options:
            count = f"{self.min_options} to {self.max_options}"
            found.append(Problem(OPTIONS, f"a {self.noun} note needs {count} options"))
        if not all(texts):
            found.append(Problem(OPTIONS, "an option has no text"))
        elif len(set(texts)) != len(texts):
            found.append(Problem(OPTIONS, "two options have the same text"))
        if options:
            correct = sum(1 for o in options if o.get("correct"))
            found.extend(self.correct_problems(correct, len(options)))
        return found

    def correct_problems(self, correct: int, options: int) -> list[Problem]:
        """What is wrong with how many options are marked correct."""
        if correct == 0:
            return [Problem(OPTIONS, "no correct option: mark at least one")]
        return []

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """The stem and lettered options (shuffled by ``shuffle_seed``); the back lists every
        option with ✓/✗ and its why."""
        note = card.note
        options = parse_options(note.fields.get(OPTIONS, ""))[: len(LETTERS)]
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
        explanation: list[Segment] = []
        for choice in choices:
            mark = "✓" if choice.correct else "✗"
            explanation.append((f"{mark} {choice.letter}. ", "good" if choice.correct else "bad"))
            explanation.append((f"{choice.text}\n", "bold" if choice.correct else ""))
            if choice.why:
                explanation.append((f"   {choice.why}\n", "dim"))
        if explanation:
            explanation[-1] = (explanation[-1][0].rstrip("\n"), explanation[-1][1])
        return RenderedCard(
            front=to_segments(note.fields.get("Stem", ""), html=note.html),
            back=join(explanation, to_segments(note.fields.get("Extra", ""), html=note.html)),
            choices=choices,
        )

    def grade(self, rendered: RenderedCard, response: Response) -> Grade:
        """Right when exactly the correct options are picked (all or nothing)."""
        picks = response.picks
        return Grade(
            correct=picks == rendered.correct_letters,
            feedback=tuple(self.feedback(rendered.choices, picks)),
            logged=chosen_answer(rendered.choices, picks),
        )

    def feedback(self, choices: tuple[Choice, ...], picks: frozenset[str]) -> list[Segment]:
        """What is shown above the explanations: right, or what was chosen."""
        return choice_feedback(choices, picks)

    def hint(self, field: str) -> str | None:
        """How to type the options."""
        if field != OPTIONS:
            return None
        return "one option per line; * marks a correct one (at least one); ' | ' starts its why"

    def to_editor(self, field: str, stored: str) -> str:
        """Options one per line (``*`` marks a correct one, `` | `` starts its why)."""
        return options_to_text(stored) if field == OPTIONS else stored

    def from_editor(self, field: str, text: str) -> str:
        """Option lines back to the stored JSON."""
        return options_from_text(text) if field == OPTIONS else text

    def from_deck(self, values: dict[str, object]) -> dict[str, str]:
        """The deck file's option tables as the stored JSON."""
        fields = super().from_deck(values)
        raw = values.get("options")
        fields[OPTIONS] = json.dumps(raw if isinstance(raw, list) else [], ensure_ascii=False)
        return fields

    def to_deck(self, fields: dict[str, str], is_html: bool) -> dict[str, object]:
        """The stored JSON as the deck file's option tables."""
        values = super().to_deck({k: v for k, v in fields.items() if k != OPTIONS}, is_html)
        values["options"] = [
            {
                "text": str(o.get("text", "")),
                "correct": bool(o.get("correct", False)),
                "why": str(o.get("why", "")),
            }
            for o in parse_options(fields.get(OPTIONS, ""))
        ]
        return values

    def anki_shape(
        self, fields: tuple[str, ...], templates: tuple[tuple[str, str], ...] = ()
    ) -> AnkiShape:
        """A note type of its own: the options listed on the front, the answer on the back;
        the JSON kept in a field no template shows, so a re-import restores the note."""
        return own_shape(ANKI_FIELDS, fields)

    def anki_raw_field(self) -> str:
        """The options' JSON."""
        return OPTIONS

    def anki_values(self, fields: dict[str, str], is_html: bool) -> dict[str, str]:
        """The options as an HTML list, the answer letters and the whys (Options kept raw)."""
        values = raw_json_values(fields, self.anki_raw_field(), is_html)
        options = parse_options(fields.get(OPTIONS, ""))[: len(LETTERS)]
        items = "".join(
            f"<li>{LETTERS[i]}. {as_html(str(o.get('text', '')), is_html)}</li>"
            for i, o in enumerate(options)
        )
        values["Choices"] = f"<ul>{items}</ul>" if items else ""
        right = ", ".join(LETTERS[i] for i, o in enumerate(options) if o.get("correct"))
        why = "".join(
            f"<li>{LETTERS[i]}: {as_html(str(o.get('why', '')), is_html)}</li>"
            for i, o in enumerate(options)
            if o.get("why")
        )
        values["Answer"] = f"<b>{right}</b>" + (f"<ul>{why}</ul>" if why else "")
        return values


MULTIPLE_CHOICE = MultipleChoice()
