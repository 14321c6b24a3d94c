"""Numeric: a question answered with a number (earned value, PERT, float, EMV, present value),
right when the typed number is close enough to the answer.

Fields: Question; Answer (a number as text: ``1,250``, ``0.93``); Tolerance (absolute ``0.5``
or relative ``1%``; empty or 0: the answer as stated, to its decimals); Unit (optional: ``$``,
``days``); Extra (the worked calculation, shown with the answer). What the learner types is
read leniently (``1,250``, ``$1,250.00``, ``12.5%``, ``−3``, ``.93``, `` = 4 ``, ``12 days``);
text that holds no number is wrong, and the feedback says it could not be read. With no
tolerance the typed number is rounded (half up) to as many decimals as the answer states
(answer ``0.93``: ``0.93``, ``0.930`` and ``0.9333`` are right, ``0.9`` is not); a tolerance
counts up to and including its bound (``1%`` of the answer's size). The log keeps the typed
text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pmstudy.domain.cards.kind import (
    AnkiShape,
    CardKind,
    Grade,
    Problem,
    RenderedCard,
    Response,
    as_html,
    join,
    segments,
)
from pmstudy.domain.cards.text import Segment, plain
from pmstudy.domain.model import NoteKind, StudyCard

ANKI_FIELDS = ("Question", "Answer", "Tolerance", "Unit", "Extra", "Prompt")
_CURRENCY = "$€£¥"
_NUMBER = re.compile(
    rf"(?P<sign>[-+]?)\s*[{_CURRENCY}]?\s*(?P<sign2>[-+]?)\s*"
    r"(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<decimals>\d*))?|\.(?P<only>\d+))"
    rf"\s*[{_CURRENCY}]?\s*(?P<percent>%?)"
)
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written: its value, how many decimals it states, whether it ends in %."""

    value: Decimal
    decimals: int
    percent: bool


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far from the answer still counts: an amount, or a percentage of the answer."""

    amount: Decimal
    relative: bool
    text: str  # as written, without a leading ±


def read_number(text: str, unit: str = "") -> Number | None:
    """The number in ``text``, or None. Spaces, a leading ``=``, thousands commas, a currency
    sign, ``%``, the Unicode minus and ``unit`` (before or after, also without a plural s) are
    allowed around it."""
    value = unicodedata.normalize("NFKC", text).translate(_MINUS).strip().lstrip("=≈~").strip()
    unit = unit.strip()
    for form in dict.fromkeys((unit, unit.removesuffix("s"))):
        if form and value.casefold().endswith(form.casefold()):
            value = value[: -len(form)].strip()
        if form and value.casefold().startswith(form.casefold()):
            value = value[len(form) :].strip()
    match = _NUMBER.fullmatch(value)
    if match is None or (match["sign"] and match["sign2"]):
        return None
    digits = match["number"].replace(",", "")
    negative = "-" in (match["sign"], match["sign2"])
    decimals = len(match["decimals"] or match["only"] or "")
    number = Decimal(digits if not digits.startswith(".") else "0" + digits)
    return Number(-number if negative else number, decimals, bool(match["percent"]))


def read_tolerance(text: str) -> Tolerance | None:
    """A tolerance (``0.5``, ``±5``, ``1%``; empty: none), or None when it is not a number."""
    value = text.strip()
    for prefix in ("±", "+/-", "+-"):
        value = value.removeprefix(prefix).strip()
    if not value:
        return Tolerance(Decimal(0), relative=False, text="0")
    number = read_number(value)
    if number is None:
        return None
    return Tolerance(number.value, relative=number.percent, text=value)


def within(typed: Decimal, answer: Number, tolerance: Tolerance) -> bool:
    """Whether ``typed`` counts as ``answer``: within the tolerance, bound included; with none,
    equal to it once rounded to the decimals the answer states."""
    try:
        if tolerance.amount == 0:
            step = Decimal(1).scaleb(-answer.decimals)
            return typed.quantize(step, rounding=ROUND_HALF_UP) == answer.value
        bound = tolerance.amount
        if tolerance.relative:
            bound = abs(answer.value) * tolerance.amount / 100
        return abs(typed - answer.value) <= bound
    except InvalidOperation:  # more digits than a Decimal holds: no exam answer is
        return False


def with_unit(number: str, unit: str) -> str:
    """``$1,250``, ``-$250``, ``12.5%``, ``12 days``."""
    if not unit or number.endswith(unit) or number.startswith(unit):
        return number
    if unit in _CURRENCY:
        sign = number[:1] if number[:1] in "-+" else ""
        return f"{sign}{unit}{number[len(sign) :]}"
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def prompt(answer: str, tolerance: str, unit: str) -> str:
    """The line under the question: ``Answer in days (within ±0.5)``, or, with no tolerance,
    how far the answer is rounded."""
    where = f"Answer in {unit}" if unit else "Answer with a number"
    within_ = read_tolerance(tolerance)
    number = read_number(answer, unit)
    if within_ is not None and within_.amount:
        return f"{where} (within ±{within_.text})"
    if number is None:
        return where
    if number.decimals == 0:
        return f"{where} (rounded to a whole number)"
    plural = "s" if number.decimals > 1 else ""
    return f"{where} (rounded to {number.decimals} decimal{plural})"


def _fields(fields: dict[str, str], is_html: bool) -> tuple[str, str, str]:
    answer, tolerance, unit = (
        plain(fields.get(name, ""), html=is_html).strip() for name in ANKI_FIELDS[1:4]
    )
    return answer, tolerance, unit


class Numeric(CardKind):
    """Type a number; right within the tolerance, graded, so a wrong one allows only Again."""

    kind = NoteKind.NUMERIC
    name = "Numeric"
    own_note_type = True
    fields = ("Question", "Answer", "Tolerance", "Unit", "Extra")
    deck_keys = (
        ("question", "Question"),
        ("answer", "Answer"),
        ("tolerance", "Tolerance"),
        ("unit", "Unit"),
        ("extra", "Extra"),
    )
    columns = (
        ("Question", ("front",)),
        ("Answer", ("back",)),
        ("Tolerance", ()),
        ("Unit", ()),
        ("Extra", ("extra",)),
    )

    def problems(self, fields: dict[str, str]) -> list[Problem]:
        """A question; an answer that is a number; a tolerance that is a number, 0 or more."""
        found = super().problems(fields)
        if not fields.get("Question", "").strip():
            found.append(Problem("Question", "", missing=True))
        answer, tolerance, unit = _fields(fields, is_html=True)
        if not answer:
            found.append(Problem("Answer", " (the number asked for)", missing=True))
        elif read_number(answer, unit) is None:
            found.append(Problem("Answer", f"the answer {answer!r} is not a number"))
        within_ = read_tolerance(tolerance)
        if within_ is None:
            found.append(
                Problem(
                    "Tolerance", f"the tolerance {tolerance!r} is not a number such as 0.5 or 1%"
                )
            )
        elif within_.amount < 0:
            found.append(Problem("Tolerance", "the tolerance cannot be negative"))
        return found

    def carry(self, typed: dict[str, str]) -> dict[str, str]:
        """A Front or a Stem typed before switching to numeric becomes the Question."""
        fields = super().carry(typed)
        if not fields["Question"]:
            fields["Question"] = typed.get("Front") or typed.get("Stem") or ""
        return fields

    def render(self, card: StudyCard, *, shuffle_seed: str | None = None) -> RenderedCard:
        """The question and how to answer; the back gives the answer and the calculation."""
        f, h = card.note.fields, card.note.html
        answer, tolerance, unit = _fields(f, h)
        return RenderedCard(
            front=join(segments(f, "Question", h), [(prompt(answer, tolerance, unit), "dim")]),
            back=join([(with_unit(answer, unit), "good")], segments(f, "Extra", h)),
            expected=answer,
            tolerance=tolerance,
            unit=unit,
        )

    def grade(self, rendered: RenderedCard, response: Response) -> Grade:
        """Right when the typed number is within the tolerance; wrong when no number can be
        read in it."""
        typed = response.typed or ""
        expected = rendered.expected or ""
        tolerance = read_tolerance(rendered.tolerance) or Tolerance(Decimal(0), False, "0")
        about = f" (answer {with_unit(expected, rendered.unit)}"
        about += f" ±{tolerance.text})" if tolerance.amount else ")"
        answer = read_number(expected, rendered.unit)
        got = read_number(typed, rendered.unit)
        if got is None or answer is None:
            said = repr(typed.strip()) if typed.strip() else "nothing typed"
            feedback: list[Segment] = [("✗ Could not read a number: ", "bad"), (said, "bold")]
            return Grade(correct=False, feedback=(*feedback, (about, "")), logged=typed)
        correct = within(got.value, answer, tolerance)
        mark = ("✓ " if correct else "✗ ", "good" if correct else "bad")
        return Grade(
            correct=correct, feedback=(mark, (typed.strip(), "bold"), (about, "")), logged=typed
        )

    def hint(self, field: str) -> str | None:
        """What each field holds."""
        return {
            "Answer": "a number, e.g. 1250 or 0.93 (with no tolerance: right to its decimals)",
            "Tolerance": "how far off still counts: 0.5, or 1% of the answer; empty: exact",
            "Unit": "optional, e.g. $ or days",
            "Extra": "the worked calculation, shown with the answer",
        }.get(field)

    def to_deck(self, fields: dict[str, str], is_html: bool) -> dict[str, object]:
        """As every kind, leaving out an empty tolerance or unit."""
        values = super().to_deck(fields, is_html)
        return {k: v for k, v in values.items() if v or k not in ("tolerance", "unit")}

    def anki_shape(
        self, fields: tuple[str, ...], templates: tuple[tuple[str, str], ...] = ()
    ) -> AnkiShape:
        """A note type of its own, shaped as Anki's "Basic (type in the answer)": the question
        and how to answer on the front, the answer typed and compared, the calculation after."""
        ask = "{{Question}}<br><br>{{Prompt}}"
        template = (
            ask + "\n\n{{type:Answer}}",
            ask + "\n\n<hr id=answer>\n\n{{type:Answer}}<br><br>{{Extra}}",
        )
        extra = tuple(f for f in fields if f not in ANKI_FIELDS)
        return AnkiShape((*ANKI_FIELDS, *extra), (template,))

    def anki_values(self, fields: dict[str, str], is_html: bool) -> dict[str, str]:
        """The fields in HTML, and the line telling how to answer."""
        values = {name: as_html(value, is_html) for name, value in fields.items()}
        values["Prompt"] = as_html(prompt(*_fields(fields, is_html)), False)
        return values


NUMERIC = Numeric()
