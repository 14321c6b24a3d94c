"""Rendering each note kind."""

from __future__ import annotations

import json

from pmstudy.domain.cards import fill_template, render
from pmstudy.domain.cards import ordinals as card_count
from pmstudy.domain.model import Memory, Note, NoteKind, StudyCard


def _card(kind: NoteKind, fields: dict[str, str], ord_: int = 0, **kw: object) -> StudyCard:
    note = Note(id=1, guid="g", kind=kind, fields=fields, **kw)  # type: ignore[arg-type]
    return StudyCard(id=1, note=note, ord=ord_, deck_id=1, deck_name="D", memory=Memory())


def _text(segments: list[tuple[str, str]]) -> str:
    return "".join(t for t, _ in segments)


def test_reversed_second_card_swaps_sides() -> None:
    fields = {"Front": "term", "Back": "definition"}
    assert card_count(NoteKind.REVERSED, fields) == [0, 1]
    rendered = render(_card(NoteKind.REVERSED, fields, 1))
    assert _text(rendered.front) == "definition"
    assert _text(rendered.back) == "term"


def test_type_in_expects_plain_back() -> None:
    rendered = render(_card(NoteKind.TYPE_IN, {"Front": "q", "Back": "<b>42</b>"}, html=True))
    assert rendered.expected == "42"


def test_multiple_choice_shuffle_is_seeded() -> None:
    options = [
        {"text": "right", "correct": True, "why": "because"},
        {"text": "wrong 1", "correct": False, "why": "no"},
        {"text": "wrong 2", "correct": False, "why": "no"},
        {"text": "wrong 3", "correct": False, "why": "no"},
    ]
    card = _card(NoteKind.MULTIPLE_CHOICE, {"Stem": "Pick", "Options": json.dumps(options)})
    first = render(card, shuffle_seed="1:1:0")
    again = render(card, shuffle_seed="1:1:0")
    assert first.choices == again.choices
    assert [c.letter for c in first.choices] == ["A", "B", "C", "D"]
    assert len(first.correct_letters) == 1
    orders = {tuple(c.index for c in render(card, shuffle_seed=str(s)).choices) for s in range(20)}
    assert len(orders) > 1
    assert "because" in _text(first.back)


def test_anki_template_rendering() -> None:
    template = "{{Front}}{{#Extra}}<br>{{Extra}}{{/Extra}}{{^Extra}}none{{/Extra}}{{type:Back}}"
    assert fill_template(template, {"Front": "Q", "Extra": ""}, ord_=0) == "Qnone"
    assert fill_template(template, {"Front": "Q", "Extra": "E"}, ord_=0) == "Q<br>E"
    card = _card(
        NoteKind.TEMPLATE,
        {"Front": "Q", "Back": "A"},
        templates=(("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),),
        html=True,
    )
    rendered = render(card)
    assert _text(rendered.front) == "Q"
    assert _text(rendered.back) == "Q\nA"
