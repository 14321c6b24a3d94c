"""Exam items beyond one right option: multiple response, matching and ordering. Grading is all
or nothing, what was typed is read leniently, the shuffle is stable and never gives the answer
away, and the editor's lines and Anki's fields round-trip."""

from __future__ import annotations

import json

import pytest

from pmstudy.domain.cards import Grade, RenderedCard, Response, kind_of, render
from pmstudy.domain.model import Memory, Note, NoteKind, Rating, StudyCard
from tests.domain.cards.test_kinds import GOOD, PAIRS, STEPS

SEEDS = [f"seed-{n}" for n in range(40)]


def _card(kind: NoteKind, fields: dict[str, str] | None = None) -> StudyCard:
    note = Note(id=1, guid="g", kind=kind, fields=fields if fields is not None else GOOD[kind])
    return StudyCard(id=1, note=note, ord=0, deck_id=1, deck_name="D", memory=Memory())


def _text(segments: object) -> str:
    assert isinstance(segments, list | tuple)
    return "".join(text for text, _ in segments)


def _grade(kind: NoteKind, rendered: RenderedCard, **response: object) -> Grade:
    return kind_of(kind).grade(rendered, Response(**response))  # type: ignore[arg-type]


# --- multiple response -------------------------------------------------------------------------


def test_multiple_response_asks_how_many_unless_the_stem_says() -> None:
    rendered = render(_card(NoteKind.MULTIPLE_RESPONSE), shuffle_seed="s")
    assert _text(rendered.front) == "Which are pillars of empiricism? (Choose 2.)"
    said = {**GOOD[NoteKind.MULTIPLE_RESPONSE], "Stem": "Which two are pillars? (Select two)"}
    assert _text(render(_card(NoteKind.MULTIPLE_RESPONSE, said)).front).endswith("(Select two)")
    values = kind_of(NoteKind.MULTIPLE_RESPONSE).anki_values(
        GOOD[NoteKind.MULTIPLE_RESPONSE], False
    )
    assert values["Choices"].endswith("<p>(Choose 2.)</p>")
    assert values["Answer"].startswith("<b>A, C</b>")


def test_multiple_response_is_all_or_nothing_and_names_what_went_wrong() -> None:
    kind = NoteKind.MULTIPLE_RESPONSE
    rendered = render(_card(kind), shuffle_seed="s")
    letter = {c.text: c.letter for c in rendered.choices}
    right = frozenset({letter["Transparency"], letter["Inspection"]})
    grade = _grade(kind, rendered, picks=right)
    assert (grade.correct, grade.logged) == (True, "chose: 0,2")
    assert _text(grade.feedback).startswith("✓ Right: ")
    assert grade.allowed() == (Rating.HARD, Rating.GOOD, Rating.EASY)

    partial = _grade(kind, rendered, picks=frozenset({letter["Transparency"]}))
    assert partial.correct is False  # no credit for one of two
    assert partial.allowed() == (Rating.AGAIN,)
    text = _text(partial.feedback)
    assert text.startswith("✗ Wrong: 1 of the 2 right options picked")
    assert f"Missed: {letter['Inspection']}. Inspection" in text
    assert "Wrongly picked" not in text

    extra = _grade(kind, rendered, picks=right | {letter["Velocity"]})
    assert extra.correct is False  # every right one and one more: still wrong
    assert extra.logged == "chose: 0,1,2"
    text = _text(extra.feedback)
    assert f"Wrongly picked: {letter['Velocity']}. Velocity" in text
    assert "Missed" not in text

    nothing = _grade(kind, rendered)
    assert (nothing.correct, nothing.logged) == (False, "chose: -")
    assert _text(nothing.feedback).startswith("✗ No option chosen\nMissed: ")


def test_multiple_response_has_up_to_six_options_lettered_a_to_f() -> None:
    options = "\n".join(["* one", "* two", "three", "four", "five", "six"])
    kind = kind_of(NoteKind.MULTIPLE_RESPONSE)
    fields = {"Stem": "Q", "Options": kind.from_editor("Options", options), "Extra": ""}
    kind.check(fields)
    rendered = render(_card(NoteKind.MULTIPLE_RESPONSE, fields), shuffle_seed="x")
    assert [c.letter for c in rendered.choices] == list("ABCDEF")
    seven = {**fields, "Options": kind.from_editor("Options", options + "\nseven")}
    with pytest.raises(ValueError, match="3 to 6"):
        kind.check(seven)


# --- matching ----------------------------------------------------------------------------------


def test_matching_renders_numbered_and_lettered_items_and_how_to_answer() -> None:
    rendered = render(_card(NoteKind.MATCHING))  # no seed: rotated, the answer is not "ABC"
    assert _text(rendered.front) == (
        "Match each group with an output.\n\n"
        "1. Initiating\n2. Planning\n3. Closing\n\n"
        "A. Project management plan\nB. Final report\nC. Project charter\n\n"
        "Type the letter for each numbered item in order, e.g. CBA"
    )
    assert rendered.expected == "CAB"
    assert _text(rendered.back) == "Answer: 1C 2A 3B"
    assert rendered.choices == ()  # typed, not picked


@pytest.mark.parametrize("typed", ["CAB", "cab", "c a b", "C, A, B", "1C 2A 3B", "1-C, 2-A, 3-B"])
def test_matching_reads_the_answer_leniently(typed: str) -> None:
    rendered = render(_card(NoteKind.MATCHING))
    grade = _grade(NoteKind.MATCHING, rendered, typed=typed)
    assert grade.correct is True
    assert grade.logged == "matched: 0>0,1>1,2>2"
    assert grade.allowed() == (Rating.HARD, Rating.GOOD, Rating.EASY)


def test_matching_is_all_or_nothing_with_feedback_per_pair() -> None:
    rendered = render(_card(NoteKind.MATCHING))
    grade = _grade(NoteKind.MATCHING, rendered, typed="3B 1C 2B")  # numbers in any order
    assert grade.correct is False  # two of three right is wrong
    assert grade.allowed() == (Rating.AGAIN,)
    assert grade.logged == "matched: 0>0,1>2,2>2"
    assert _text(grade.feedback).splitlines() == [
        "✗ 2 of 3 pairs matched",
        "✓ 1. Initiating → C. Project charter",
        "   it authorises the project",
        "✗ 2. Planning → A. Project management plan  (you typed B)",
        "✓ 3. Closing → B. Final report",
        "   it summarises the project",
    ]
    short = _grade(NoteKind.MATCHING, rendered, typed="CA")
    assert (short.correct, short.logged) == (False, "matched: 0>0,1>1,2>-")
    assert "(you typed nothing)" in _text(short.feedback)
    long = _grade(NoteKind.MATCHING, rendered, typed="CABA")
    assert long.correct is False
    assert "More letters than numbered items" in _text(long.feedback)


@pytest.mark.parametrize("typed", ["", "   ", "1C 1A", "C4", "see above", "ÇAB"])
def test_matching_answers_that_cannot_be_read_are_wrong(typed: str) -> None:
    grade = _grade(NoteKind.MATCHING, render(_card(NoteKind.MATCHING)), typed=typed)
    assert (grade.correct, grade.logged) == (False, "matched: -")
    if typed.strip():
        assert _text(grade.feedback).startswith("✗ Could not read letters in ")
    else:
        assert _text(grade.feedback) == "✗ Nothing typed"


def test_matching_logs_the_notes_own_indices_whatever_the_shuffle() -> None:
    logs = set()
    for seed in SEEDS[:10]:
        rendered = render(_card(NoteKind.MATCHING), shuffle_seed=seed)
        letters = {item.index: item.letter for item in rendered.items}
        typed = letters[2] + letters[0] + letters[1]  # 1st left given the 3rd right, …
        logs.add(_grade(NoteKind.MATCHING, rendered, typed=typed).logged)
    assert logs == {"matched: 0>2,1>0,2>1"}


def test_matching_editor_lines_round_trip() -> None:
    kind = kind_of(NoteKind.MATCHING)
    text = kind.to_editor("Pairs", PAIRS)
    assert text.splitlines() == [
        "Initiating = Project charter | it authorises the project",
        "Planning = Project management plan",
        "Closing = Final report | it summarises the project",
    ]
    assert kind.from_editor("Pairs", text) == PAIRS
    assert json.loads(kind.from_editor("Pairs", "a=b\n\nc = d = e | why\nno side")) == [
        {"left": "a", "right": "b"},
        {"left": "c", "right": "d = e", "why": "why"},
        {"left": "no side"},
    ]
    broken = {"Stem": "Q", "Pairs": kind.from_editor("Pairs", "a = b\nc = d\nno side")}
    with pytest.raises(ValueError, match="pair 3 needs text on both sides"):
        kind.check(broken)
    with pytest.raises(ValueError, match="not a JSON list"):
        kind.check({"Stem": "Q", "Pairs": "a = b"})
    assert kind.hint("Pairs") == "3 to 6 pairs, one per line: left = right; ' | ' starts its why"
    assert kind.hint("Stem") is None


# --- ordering ----------------------------------------------------------------------------------


def test_ordering_renders_lettered_steps_never_in_order() -> None:
    rendered = render(_card(NoteKind.ORDERING))
    assert _text(rendered.front) == (
        "Put these in order.\n\n"
        "A. Identify stakeholders\nB. Collect requirements\nC. Create WBS\n"
        "D. Develop project charter\n\n"
        "Type the letters in the right order, e.g. DCBA"
    )
    assert rendered.expected == "DABC"
    assert _text(rendered.back) == "Answer: D A B C\n\nPMBOK 6"
    for seed in SEEDS:
        shuffled = render(_card(NoteKind.ORDERING), shuffle_seed=seed)
        assert shuffled.expected != "ABCD"
        assert shuffled.expected is not None
        assert example_of(shuffled) != shuffled.expected


def example_of(rendered: RenderedCard) -> str:
    return _text(rendered.front).rsplit("e.g. ", 1)[1]


@pytest.mark.parametrize("typed", ["DABC", "d a b c", "D, A, B, C", "d-a-b-c", " DABC. "])
def test_ordering_reads_the_answer_leniently(typed: str) -> None:
    grade = _grade(NoteKind.ORDERING, render(_card(NoteKind.ORDERING)), typed=typed)
    assert (grade.correct, grade.logged) == (True, "order: 0,1,2,3")
    assert _text(grade.feedback).startswith("✓ Right order: D A B C\n")


def test_ordering_is_all_or_nothing_and_shows_both_orders() -> None:
    rendered = render(_card(NoteKind.ORDERING))
    grade = _grade(NoteKind.ORDERING, rendered, typed="DACB")  # two of four in place
    assert grade.correct is False
    assert grade.allowed() == (Rating.AGAIN,)
    assert grade.logged == "order: 0,1,3,2"
    assert _text(grade.feedback).splitlines() == [
        "✗ Your order:  D A C B",
        "  Right order: D A B C",
        "1. D. Develop project charter",
        "   authorisation comes first",
        "2. A. Identify stakeholders",
        "3. B. Collect requirements",
        "4. C. Create WBS",
        "   it decomposes the scope",
    ]
    assert _grade(NoteKind.ORDERING, rendered, typed="DAB").correct is False
    assert _grade(NoteKind.ORDERING, rendered, typed="DABCA").correct is False
    assert _grade(NoteKind.ORDERING, rendered, typed="DABZ").logged == "order: 0,1,2,-"
    nothing = _grade(NoteKind.ORDERING, rendered, typed="")
    assert (nothing.correct, nothing.logged) == (False, "order: -")


def test_ordering_editor_lines_are_the_right_order() -> None:
    kind = kind_of(NoteKind.ORDERING)
    text = kind.to_editor("Steps", STEPS)
    assert text.splitlines()[0] == "Develop project charter | authorisation comes first"
    assert text.splitlines()[1] == "Identify stakeholders"
    assert kind.from_editor("Steps", text) == STEPS
    assert kind.hint("Steps") == (
        "3 to 6 steps, one per line in the right order; ' | ' starts its why"
    )


# --- both --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [NoteKind.MATCHING, NoteKind.ORDERING])
def test_the_same_seed_gives_the_same_order(kind: NoteKind) -> None:
    orders = {seed: render(_card(kind), shuffle_seed=seed).items for seed in SEEDS}
    assert all(render(_card(kind), shuffle_seed=s).items == orders[s] for s in SEEDS)
    assert len(set(orders.values())) > 1  # the seed does shuffle
    assert render(_card(kind)).items == render(_card(kind)).items


def test_seeded_matching_is_never_abc() -> None:
    for seed in SEEDS:
        rendered = render(_card(NoteKind.MATCHING), shuffle_seed=seed)
        assert rendered.expected != "ABC"
        assert example_of(rendered) != rendered.expected


def test_anki_fields_list_the_items_and_keep_the_json() -> None:
    matching = kind_of(NoteKind.MATCHING)
    shape = matching.anki_shape(matching.fields)
    assert shape.fields == ("Stem", "Pairs", "Extra", "Items", "Answer")
    assert shape.stock_id is None
    assert "{{Pairs}}" not in "".join(q + a for q, a in shape.templates)
    values = matching.anki_values(GOOD[NoteKind.MATCHING], False)
    assert values["Pairs"] == PAIRS
    assert values["Items"] == (
        "<ol><li>Initiating</li><li>Planning</li><li>Closing</li></ol>"
        "<ul><li>A. Project management plan</li><li>B. Final report</li>"
        "<li>C. Project charter</li></ul>"
    )
    assert values["Answer"].startswith("<b>1C 2A 3B</b><ol><li>Initiating → C. Project charter")
    ordering = kind_of(NoteKind.ORDERING)
    values = ordering.anki_values(GOOD[NoteKind.ORDERING], False)
    assert values["Steps"] == STEPS
    assert values["Items"].startswith("<ul><li>A. Identify stakeholders</li>")
    assert values["Answer"].startswith("<b>D A B C</b><ol><li>D. Develop project charter: ")
