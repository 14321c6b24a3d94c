"""Multiple response: a stem and 3–6 options of which two or more are right ("Choose 2.").

Stored, edited, exported and logged as a multiple-choice note is (the options as JSON in the
Options field, ``chose: 0,2`` in the log); what differs is the rule (at least two correct
options, at least one wrong), the front, which ends with "(Choose N.)" unless the stem already
says how many to choose, and the feedback, which names what was missed and what was picked
wrongly. Scored as PMI scores these items: right only when exactly the correct options are
picked, with no credit for a part of them.
"""

from __future__ import annotations

import dataclasses
import re

from pmstudy.domain.cards.kind import Choice, Problem, RenderedCard
from pmstudy.domain.cards.multiple_choice import (
    LETTERS,
    OPTIONS,
    MultipleChoice,
    choice_feedback,
    parse_options,
)
from pmstudy.domain.cards.text import Segment
from pmstudy.domain.model import NoteKind, StudyCard

# "Choose two", "select 3", "pick the two": the stem already says how many.
_HOW_MANY = re.compile(
    r"\b(?:choose|select|pick|mark)\s+(?:the\s+|any\s+)?(?:[1-6]|two|three|four|five|six)\b",
    re.IGNORECASE,
)


def how_many(stem: str, correct: int) -> str:
    """The "(Choose N.)" the front ends with; empty when the stem already says it."""
    return "" if _HOW_MANY.search(stem) else f"(Choose {correct}.)"


def _listed(choices: list[Choice]) -> str:
    return "; ".join(f"{c.letter}. {c.text}" for c in choices)


def response_feedback(choices: tuple[Choice, ...], picks: frozenset[str]) -> list[Segment]:
    """``✓ Right: …``, or how many right options were picked, then what was missed and what
    was picked wrongly."""
    right = {c.letter for c in choices if c.correct}
    if picks == right:
        return choice_feedback(choices, picks)
    missed = [c for c in choices if c.correct and c.letter not in picks]
    wrong = [c for c in choices if not c.correct and c.letter in picks]
    if picks:
        head = f"✗ Wrong: {len(right & picks)} of the {len(right)} right options picked"
    else:
        head = "✗ No option chosen"
    out: list[Segment] = [(head, "bad")]
    if missed:
        out += [("\nMissed: ", "bold"), (_listed(missed), "")]
    if wrong:
        out += [("\nWrongly picked: ", "bold"), (_listed(wrong), "")]
    return out


class MultipleResponse(MultipleChoice):
    """Pick every right option (two or more); all or nothing."""

    kind = NoteKind.MULTIPLE_RESPONSE
    name = "Multiple response"
    min_options = 3
    max_options = len(LETTERS)
    noun = "multiple-response"

    def correct_problems(self, correct: int, options: int) -> list[Problem]:
        """At least two correct options (one: that is a multiple-choice item), not all."""
        if correct < 2:
            return [
                Problem(
                    OPTIONS,
                    "a multiple-response note needs at least two correct options; "
                    "with one, use multiple choice",
                )
            ]
        if correct == options:
            return [Problem(OPTIONS, "every option is correct: mark at least one as wrong")]
        return []

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """As multiple choice, the front ending with "(Choose N.)" unless the stem says it."""
        rendered = super().render(card, shuffle_seed=shuffle_seed)
        stem = "".join(text for text, _ in rendered.front)
        ask = how_many(stem, len(rendered.correct_letters))
        if not ask:
            return rendered
        return dataclasses.replace(
            rendered, front=[*rendered.front, (f" {ask}" if stem else ask, "")]
        )

    def feedback(self, choices: tuple[Choice, ...], picks: frozenset[str]) -> list[Segment]:
        """Right, or what was missed and what was picked wrongly: graded as multiple choice
        is, right only when exactly the correct options are picked (no credit for a part)."""
        return response_feedback(choices, picks)

    def hint(self, field: str) -> str | None:
        """How to type the options."""
        if field != OPTIONS:
            return None
        return (
            "3 to 6 options, one per line; * marks a correct one (at least two); "
            "' | ' starts its why"
        )

    def anki_values(self, fields: dict[str, str], is_html: bool) -> dict[str, str]:
        """As multiple choice, the list of options followed by "(Choose N.)" when needed."""
        values = super().anki_values(fields, is_html)
        correct = sum(1 for o in parse_options(fields.get(OPTIONS, "")) if o.get("correct"))
        ask = how_many(fields.get("Stem", ""), correct)
        if ask and values.get("Choices"):
            values["Choices"] += f"<p>{ask}</p>"
        return values


MULTIPLE_RESPONSE = MultipleResponse()
