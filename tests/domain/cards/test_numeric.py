"""Numeric items: the typed number read leniently, tolerance bounds included, exact answers
rounded to the decimals the answer states, and the same rule for editor and deck file."""

from __future__ import annotations

import pytest

from pmstudy.domain.cards import Grade, Response, kind_of, render
from pmstudy.domain.model import Memory, Note, NoteKind, Rating, StudyCard

NUMERIC = kind_of(NoteKind.NUMERIC)


def _fields(answer: str, tolerance: str = "", unit: str = "") -> dict[str, str]:
    return {
        "Question": "What is it?",
        "Answer": answer,
        "Tolerance": tolerance,
        "Unit": unit,
        "Extra": "the working",
    }


def _grade(typed: str, answer: str, tolerance: str = "", unit: str = "") -> Grade:
    note = Note(id=1, guid="g", kind=NoteKind.NUMERIC, fields=_fields(answer, tolerance, unit))
    card = StudyCard(id=1, note=note, ord=0, deck_id=1, deck_name="D", memory=Memory())
    return NUMERIC.grade(render(card), Response(typed=typed))


def _text(segments: object) -> str:
    assert isinstance(segments, list | tuple)
    return "".join(text for text, _ in segments)


@pytest.mark.parametrize(
    ("typed", "answer", "unit"),
    [
        ("1250", "1,250", ""),
        ("1,250", "1250", ""),
        ("$1,250.00", "1,250", "$"),
        ("12.5%", "12.5", "%"),
        ("12.5", "12.5%", ""),
        ("-3", "-3", ""),
        ("−3", "-3", ""),  # the Unicode minus
        ("-$250", "-250", "$"),
        ("$-250", "-250", "$"),
        ("0.93", "0.93", ""),
        (".93", "0.93", ""),
        (" = 4 ", "4", ""),
        ("12 days", "12", "days"),
        ("1 day", "1", "days"),
        ("€1,000,000", "1000000", "€"),
    ],
)
def test_what_people_type_is_read(typed: str, answer: str, unit: str) -> None:
    grade = _grade(typed, answer, unit=unit)
    assert grade.correct is True, _text(grade.feedback)
    assert grade.logged == typed  # the typed text, as typed
    assert grade.allowed() == (Rating.HARD, Rating.GOOD, Rating.EASY)


@pytest.mark.parametrize("typed", ["", "abc", "12..5", "1,25", "--3", "1 250", "twelve", "1e3"])
def test_text_with_no_number_is_wrong_and_says_so(typed: str) -> None:
    """A space is no thousands separator: "1 250" may be two numbers."""
    grade = _grade(typed, "12")
    assert grade.correct is False
    assert grade.allowed() == (Rating.AGAIN,)
    assert grade.logged == typed
    said = repr(typed) if typed else "nothing typed"
    assert _text(grade.feedback) == f"✗ Could not read a number: {said} (answer 12)"


@pytest.mark.parametrize(
    ("typed", "tolerance", "correct"),
    [
        ("1245", "5", True),  # exactly at the bound
        ("1255", "5", True),
        ("1255.01", "5", False),
        ("1244.99", "±5", False),
        ("1262.5", "1%", True),  # 1% of 1,250 is 12.5: the bound itself
        ("1237.5", "1%", True),
        ("1262.51", "1%", False),
        ("1250.4", "0", True),  # no tolerance: rounded to the answer's (no) decimals
        ("1250.5", "", False),  # rounds half up, to 1,251
        ("1249.5", "", True),
    ],
)
def test_tolerance_bounds_are_included(typed: str, tolerance: str, correct: bool) -> None:
    assert _grade(typed, "1,250", tolerance).correct is correct


@pytest.mark.parametrize(
    ("typed", "correct"),
    [("0.93", True), ("0.930", True), ("0.9333", True), ("0.925", True), ("0.9", False)],
)
def test_no_tolerance_means_exact_to_the_answers_decimals(typed: str, correct: bool) -> None:
    assert _grade(typed, "0.93").correct is correct


def test_relative_tolerance_of_a_negative_answer() -> None:
    assert _grade("-101", "-100", "1%").correct is True
    assert _grade("-102", "-100", "1%").correct is False


def test_feedback_shows_the_typed_number_and_the_answer() -> None:
    grade = _grade("1250", "1,250", "5")
    assert (grade.correct, _text(grade.feedback)) == (True, "✓ 1250 (answer 1,250 ±5)")
    grade = _grade("$1,300", "1,250", "5", unit="$")
    assert (grade.correct, _text(grade.feedback)) == (False, "✗ $1,300 (answer $1,250 ±5)")
    assert _text(_grade("12", "12.5", "1%", unit="days").feedback) == (
        "✗ 12 (answer 12.5 days ±1%)"
    )
    assert _text(_grade("-3", "-250", unit="$").feedback) == "✗ -3 (answer -$250)"


@pytest.mark.parametrize(
    ("answer", "tolerance", "unit", "line"),
    [
        ("1,250", "5", "$", "Answer in $ (within ±5)"),
        ("12", "±0.5", "days", "Answer in days (within ±0.5)"),
        ("0.93", "", "", "Answer with a number (rounded to 2 decimals)"),
        ("1.5", "0", "weeks", "Answer in weeks (rounded to 1 decimal)"),
        ("1,250", "", "$", "Answer in $ (rounded to a whole number)"),
        ("20", "1%", "", "Answer with a number (within ±1%)"),
    ],
)
def test_the_front_says_how_to_answer(answer: str, tolerance: str, unit: str, line: str) -> None:
    note = Note(id=1, guid="g", kind=NoteKind.NUMERIC, fields=_fields(answer, tolerance, unit))
    card = StudyCard(id=1, note=note, ord=0, deck_id=1, deck_name="D", memory=Memory())
    rendered = render(card)
    assert _text(rendered.front) == f"What is it?\n\n{line}"
    assert rendered.expected == answer
    assert rendered.choices == ()
    assert _text(rendered.back).endswith("\n\nthe working")


def test_validation() -> None:
    NUMERIC.check(_fields("1,250", "5", "$"))
    NUMERIC.check(_fields("-0.5", "0"))
    NUMERIC.check(_fields(".5", "2.5%"))
    for answer, tolerance, problem in [
        ("", "", "Answer field is empty"),
        ("12 or 13", "", "is not a number"),
        ("12", "some", "tolerance 'some' is not a number"),
        ("12", "-0.5", "cannot be negative"),
    ]:
        with pytest.raises(ValueError, match=problem):
            NUMERIC.check(_fields(answer, tolerance))
    with pytest.raises(ValueError, match="Question field is empty"):
        NUMERIC.check({**_fields("1"), "Question": " "})


def test_deck_values_leave_out_what_is_empty_and_the_editor_hints() -> None:
    assert NUMERIC.to_deck(_fields("12"), is_html=False) == {
        "question": "What is it?",
        "answer": "12",
        "extra": "the working",
    }
    assert NUMERIC.hint("Tolerance") is not None
    assert NUMERIC.hint("Question") is None
    assert NUMERIC.carry({"Front": "EV?", "Back": "", "Extra": ""})["Question"] == "EV?"


def test_anki_shape_is_a_type_in_card_with_the_prompt() -> None:
    shape = NUMERIC.anki_shape(NUMERIC.fields)
    assert shape.fields == ("Question", "Answer", "Tolerance", "Unit", "Extra", "Prompt")
    (front, back), *_ = shape.templates
    assert "{{type:Answer}}" in front
    assert "{{Extra}}" in back
    values = NUMERIC.anki_values(_fields("1,250", "5", "$"), False)
    assert values["Prompt"] == "Answer in $ (within ±5)"
    assert values["Answer"] == "1,250"
