"""The card-kind registry: one rule per kind, asked by deck files, the editor and imports alike;
grading and logging out of the TUI; deck-file and Anki shapes that round-trip."""

from __future__ import annotations

import json
import typing

import pytest
from pydantic import ValidationError

from pmstudy.decks.format import CardSpec, CardType
from pmstudy.domain.cards import (
    KINDS,
    LETTERS,
    STANDARD,
    MissingFieldError,
    Response,
    kind_named,
    kind_of,
    options_from_text,
    render,
)
from pmstudy.domain.model import Memory, Note, NoteKind, Rating, StudyCard

OPTIONS = json.dumps(
    [
        {"text": "The Product Owner", "correct": True, "why": "orders the backlog"},
        {"text": "The Scrum Master", "correct": False, "why": "serves the team"},
        {"text": "The Developers", "correct": False, "why": "own the Sprint Backlog"},
    ]
)
RESPONSE_OPTIONS = json.dumps(
    [
        {"text": "Transparency", "correct": True, "why": "a pillar"},
        {"text": "Velocity", "correct": False, "why": "a practice, not a pillar"},
        {"text": "Inspection", "correct": True, "why": "a pillar"},
        {"text": "Estimation", "correct": False, "why": "not in the Guide"},
    ]
)
PAIRS = json.dumps(
    [
        {"left": "Initiating", "right": "Project charter", "why": "it authorises the project"},
        {"left": "Planning", "right": "Project management plan"},
        {"left": "Closing", "right": "Final report", "why": "it summarises the project"},
    ]
)
STEPS = json.dumps(
    [
        {"text": "Develop project charter", "why": "authorisation comes first"},
        {"text": "Identify stakeholders"},
        {"text": "Collect requirements"},
        {"text": "Create WBS", "why": "it decomposes the scope"},
    ]
)
GOOD = {
    NoteKind.BASIC: {"Front": "What is a Sprint?", "Back": "A time-box", "Extra": ""},
    NoteKind.REVERSED: {"Front": "WIP", "Back": "work in progress", "Extra": "Kanban"},
    NoteKind.TYPE_IN: {"Front": "Max Sprint length?", "Back": "one month", "Extra": ""},
    NoteKind.CLOZE: {"Text": "The {{c1::Product Owner}} orders the {{c2::backlog}}", "Extra": ""},
    NoteKind.MULTIPLE_CHOICE: {"Stem": "Who orders the backlog?", "Options": OPTIONS, "Extra": ""},
    NoteKind.MULTIPLE_RESPONSE: {
        "Stem": "Which are pillars of empiricism?",
        "Options": RESPONSE_OPTIONS,
        "Extra": "",
    },
    NoteKind.MATCHING: {"Stem": "Match each group with an output.", "Pairs": PAIRS, "Extra": ""},
    NoteKind.ORDERING: {"Stem": "Put these in order.", "Steps": STEPS, "Extra": "PMBOK 6"},
    NoteKind.NUMERIC: {
        "Question": "BAC $1,000, CPI 0.8. EAC?",
        "Answer": "1,250",
        "Tolerance": "5",
        "Unit": "$",
        "Extra": "EAC = BAC / CPI = 1,000 / 0.8",
    },
}


def _card(kind: NoteKind, fields: dict[str, str], ord_: int = 0) -> StudyCard:
    note = Note(id=1, guid="g", kind=kind, fields=fields)
    return StudyCard(id=1, note=note, ord=ord_, deck_id=1, deck_name="D", memory=Memory())


def test_every_note_kind_has_one_module() -> None:
    assert set(KINDS) == set(NoteKind)
    assert {k.kind for k in STANDARD} == set(NoteKind) - {NoteKind.TEMPLATE}
    # The deck format's types are the standard kinds, no more, no less.
    assert set(typing.get_args(CardType)) == {k.kind.value for k in STANDARD}
    names = [k.name.lower() for k in STANDARD]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Basic", NoteKind.BASIC),
        ("basic (and reversed card)", NoteKind.REVERSED),
        ("Basic (optional reversed card)", NoteKind.BASIC),
        ("BASIC (TYPE IN THE ANSWER)", NoteKind.TYPE_IN),
        (" cloze ", NoteKind.CLOZE),
        ("Multiple choice", NoteKind.MULTIPLE_CHOICE),
        ("multiple response", NoteKind.MULTIPLE_RESPONSE),
        ("Matching", NoteKind.MATCHING),
        ("ORDERING", NoteKind.ORDERING),
        ("numeric", NoteKind.NUMERIC),
    ],
)
def test_kinds_are_found_by_the_names_files_use(name: str, kind: NoteKind) -> None:
    found = kind_named(name)
    assert found is not None
    assert found.kind == kind
    assert kind_named("Imported note type") is None  # only the standard kinds have names


@pytest.mark.parametrize("kind", sorted(GOOD, key=lambda k: k.value))
def test_a_good_note_passes_and_round_trips_through_a_deck_file(kind: NoteKind) -> None:
    card_kind = kind_of(kind)
    fields = GOOD[kind]
    assert card_kind.problems(fields) == []
    card_kind.check(fields)
    values = card_kind.to_deck(fields, is_html=False)
    spec = CardSpec.model_validate({"id": "x", "type": kind.value, **values})
    assert card_kind.from_deck(spec.model_dump()) == {**fields, "Extra": fields.get("Extra", "")}
    assert [name for _, name in card_kind.deck_keys] == list(card_kind.fields)


# (kind, fields, the problem) — the same rule refuses the deck card and the edited note.
BAD = [
    (NoteKind.BASIC, {"Front": " ", "Back": "A"}, "Front field is empty"),
    (NoteKind.REVERSED, {"Front": "Q", "Back": ""}, "Back field is empty"),
    (NoteKind.TYPE_IN, {"Front": "Q", "Back": ""}, "Back field is empty"),
    (NoteKind.CLOZE, {"Text": "no deletion"}, "at least one deletion"),
    (NoteKind.CLOZE, {"Text": "{{c1::}} empty"}, "empty answer"),
    (NoteKind.CLOZE, {"Text": "{{c0::zero}}"}, "start at c1"),
    (NoteKind.CLOZE, {"Text": "{{c1::a} b}}"}, "stray brace"),
    (NoteKind.MULTIPLE_CHOICE, {"Stem": "", "Options": OPTIONS}, "Stem field is empty"),
    (NoteKind.MULTIPLE_CHOICE, {"Stem": "Q", "Options": options_from_text("* a")}, "2 to 5"),
    (NoteKind.MULTIPLE_CHOICE, {"Stem": "Q", "Options": options_from_text("a\nb")}, "correct"),
    (NoteKind.MULTIPLE_CHOICE, {"Stem": "Q", "Options": options_from_text("*a\nA")}, "same text"),
    (NoteKind.MULTIPLE_RESPONSE, {"Stem": "", "Options": RESPONSE_OPTIONS}, "Stem field"),
    (NoteKind.MULTIPLE_RESPONSE, {"Stem": "Q", "Options": options_from_text("*a\n*b")}, "3 to 6"),
    (
        NoteKind.MULTIPLE_RESPONSE,
        {"Stem": "Q", "Options": options_from_text("*a\nb\nc")},
        "use multiple choice",
    ),
    (
        NoteKind.MULTIPLE_RESPONSE,
        {"Stem": "Q", "Options": options_from_text("*a\n*b\n*c")},
        "mark at least one as wrong",
    ),
    (NoteKind.MATCHING, {"Stem": "Q", "Pairs": "[]"}, "3 to 6 pairs"),
    (NoteKind.MATCHING, {"Stem": "", "Pairs": PAIRS}, "Stem field"),
    (
        NoteKind.MATCHING,
        {"Stem": "Q", "Pairs": PAIRS.replace("Final report", "Project charter")},
        "same right-hand text",
    ),
    (NoteKind.ORDERING, {"Stem": "Q", "Steps": json.dumps([{"text": "a"}] * 2)}, "3 to 6"),
    (
        NoteKind.ORDERING,
        {"Stem": "Q", "Steps": STEPS.replace("Create WBS", "Identify stakeholders")},
        "same text",
    ),
    (NoteKind.NUMERIC, {"Question": "Q", "Answer": ""}, "Answer field is empty"),
    (NoteKind.NUMERIC, {"Question": "Q", "Answer": "about 12"}, "not a number"),
    (NoteKind.NUMERIC, {"Question": "Q", "Answer": "12", "Tolerance": "a bit"}, "not a number"),
    (NoteKind.NUMERIC, {"Question": "Q", "Answer": "12", "Tolerance": "-1"}, "cannot be negative"),
]


@pytest.mark.parametrize(("kind", "fields", "problem"), BAD)
def test_one_rule_for_deck_files_and_the_editor(
    kind: NoteKind, fields: dict[str, str], problem: str
) -> None:
    card_kind = kind_of(kind)
    with pytest.raises(ValueError, match=problem):
        card_kind.check(fields)
    values = card_kind.to_deck(fields, is_html=False)
    if kind in (NoteKind.MULTIPLE_CHOICE, NoteKind.MULTIPLE_RESPONSE):  # and every option's why
        values["options"] = [{**o, "why": "because"} for o in values["options"]]  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as info:
        CardSpec.model_validate({"id": "x", "type": kind.value, **values})
    message = str(info.value)
    missing = next(iter(card_kind.problems(fields))).missing
    assert ("needs a non-empty '" in message) if missing else (problem in message)


def test_two_options_are_enough_everywhere() -> None:
    """True/false items are real exam items: the editor and deck files agree on 2 to 5."""
    fields = {"Stem": "Scrum has a Sprint Goal.", "Options": options_from_text("* True\nFalse")}
    kind_of(NoteKind.MULTIPLE_CHOICE).check(fields)
    options = [
        {"text": "True", "correct": True, "why": "the Guide says so"},
        {"text": "False", "correct": False, "why": "it does not"},
    ]
    CardSpec.model_validate(
        {"id": "tf", "type": "multiple_choice", "stem": "Q", "options": options}
    )
    # Letters run to F (multiple response has up to six options); multiple choice stays at 5.
    assert LETTERS == "ABCDEF"
    six = {"Stem": "Q", "Options": options_from_text("* a\nb\nc\nd\ne\nf")}
    with pytest.raises(ValueError, match="2 to 5"):
        kind_of(NoteKind.MULTIPLE_CHOICE).check(six)


def test_missing_fields_say_which() -> None:
    with pytest.raises(MissingFieldError) as info:
        kind_of(NoteKind.REVERSED).check({"Front": "Q", "Back": ""})
    assert info.value.field == "Back"
    kind_of(NoteKind.BASIC).check({"Front": "a prompt to recall", "Back": ""})  # as in Anki
    kind_of(NoteKind.TEMPLATE).check({})  # an imported note type is what its package holds


def test_multiple_choice_grades_all_or_nothing_and_logs_the_options_own_positions() -> None:
    card = _card(NoteKind.MULTIPLE_CHOICE, GOOD[NoteKind.MULTIPLE_CHOICE])
    kind = kind_of(NoteKind.MULTIPLE_CHOICE)
    rendered = render(card, shuffle_seed="seed")
    right = next(c for c in rendered.choices if c.correct)
    wrong = next(c for c in rendered.choices if not c.correct)
    grade = kind.grade(rendered, Response(picks=frozenset({right.letter})))
    assert (grade.correct, grade.logged) == (True, "chose: 0")
    assert grade.allowed() == (Rating.HARD, Rating.GOOD, Rating.EASY)
    grade = kind.grade(rendered, Response(picks=frozenset({right.letter, wrong.letter})))
    assert grade.correct is False
    assert grade.logged == f"chose: 0,{wrong.index}"
    assert grade.allowed() == (Rating.AGAIN,)
    assert grade.default_rating() == Rating.AGAIN
    nothing = kind.grade(rendered, Response())
    assert (nothing.correct, nothing.logged) == (False, "chose: -")


def test_type_in_shows_the_difference_and_the_learner_judges() -> None:
    card = _card(NoteKind.TYPE_IN, GOOD[NoteKind.TYPE_IN])
    kind = kind_of(NoteKind.TYPE_IN)
    grade = kind.grade(render(card), Response(typed="one mnth"))
    assert grade.correct is None
    assert grade.logged == "one mnth"
    assert grade.feedback
    assert len(grade.allowed()) == 4


def test_self_graded_kinds_log_nothing() -> None:
    for kind in (NoteKind.BASIC, NoteKind.REVERSED, NoteKind.CLOZE):
        grade = kind_of(kind).grade(render(_card(kind, GOOD[kind])), Response())
        assert (grade.correct, grade.feedback, grade.logged) == (None, None, None)


def test_the_editor_form_of_options_round_trips() -> None:
    kind = kind_of(NoteKind.MULTIPLE_CHOICE)
    stored = GOOD[NoteKind.MULTIPLE_CHOICE]["Options"]
    text = kind.to_editor("Options", stored)
    assert text.splitlines()[0] == "* The Product Owner | orders the backlog"
    assert json.loads(kind.from_editor("Options", text)) == json.loads(stored)
    assert kind.hint("Options") is not None
    assert kind.hint("Stem") is None
    assert kind_of(NoteKind.BASIC).to_editor("Front", "as is") == "as is"


def test_switching_kind_in_the_editor_keeps_what_was_typed() -> None:
    typed = {"Front": "The {{c1::PO}} orders", "Back": "", "Extra": "note"}
    assert kind_of(NoteKind.CLOZE).carry(typed) == {"Text": typed["Front"], "Extra": "note"}
    assert kind_of(NoteKind.TYPE_IN).carry(typed) == typed


def test_anki_shapes() -> None:
    cloze = kind_of(NoteKind.CLOZE)
    shape = cloze.anki_shape(cloze.fields)
    assert (shape.fields[:2], shape.cloze, shape.stock_id) == (("Text", "Back Extra"), True, 5)
    assert cloze.anki_values({"Text": "a < b", "Extra": "x\ny"}, False) == {
        "Text": "a &lt; b",
        "Back Extra": "x<br>y",
    }
    mc = kind_of(NoteKind.MULTIPLE_CHOICE)
    values = mc.anki_values(GOOD[NoteKind.MULTIPLE_CHOICE], False)
    assert values["Options"] == OPTIONS  # kept raw: a re-import restores the note
    assert values["Choices"].startswith("<ul><li>A. The Product Owner</li>")
    assert values["Answer"].startswith("<b>A</b>")
    assert mc.anki_shape(mc.fields).stock_id is None
    reversed_shape = kind_of(NoteKind.REVERSED).anki_shape(("Front", "Back", "Extra"))
    assert len(reversed_shape.templates) == 2
    assert reversed_shape.stock_id == 2
