"""Multi-card cloze ``{{c1,2::…}}`` (Anki 25.09): one deletion that belongs to several cards."""

from __future__ import annotations

import pytest

from pmstudy.domain.cards import kind_of, render
from pmstudy.domain.cards.text import cloze_numbers, cloze_segments
from pmstudy.domain.model import Memory, Note, NoteKind, StudyCard

TEXT = "{{c1,2::A}} and {{c2::B}}"
CLOZE = kind_of(NoteKind.CLOZE)


def _card(text: str, ord_: int, extra: str = "") -> StudyCard:
    note = Note(id=1, guid="g", kind=NoteKind.CLOZE, fields={"Text": text, "Extra": extra})
    return StudyCard(id=ord_ + 1, note=note, deck_id=1, deck_name="D", ord=ord_, memory=Memory())


def _text(segments: list[tuple[str, str]]) -> str:
    return "".join(t for t, _ in segments)


def test_a_deletion_of_cards_1_and_2_makes_both_cards() -> None:
    assert cloze_numbers(TEXT) == [1, 2]
    assert CLOZE.ordinals({"Text": TEXT}) == [0, 1]
    assert CLOZE.ordinals({"Text": "{{c2,3::A}}"}) == [1, 2]
    assert CLOZE.ordinals({"Text": "{{c1::A}} {{c1::B}}"}) == [0]


def test_card_1_hides_a_and_shows_b_card_2_hides_both() -> None:
    one, two = render(_card(TEXT, 0, "why")), render(_card(TEXT, 1))
    assert _text(one.front) == "[...] and B"
    assert ("[...]", "cloze") in one.front
    assert ("B", "cloze") not in one.front
    assert _text(two.front) == "[...] and [...]"
    assert [s for s in two.front if s[1] == "cloze"] == [("[...]", "cloze")] * 2
    assert _text(one.back).startswith("A and B")
    assert ("A", "cloze") in one.back
    assert ("B", "cloze") not in one.back
    assert ("A", "cloze") in two.back
    assert ("B", "cloze") in two.back
    assert "why" in _text(one.back)


def test_hints_of_a_multi_card_deletion_show_on_each_of_its_cards() -> None:
    text = "{{c1,2::Sprint::event}} lasts {{c2::one month::at most}}"
    assert _text(cloze_segments(text, 1, reveal=False, html=False)) == "[event] lasts one month"
    assert _text(cloze_segments(text, 2, reveal=False, html=False)) == "[event] lasts [at most]"
    assert _text(cloze_segments(text, 3, reveal=False, html=False)) == "Sprint lasts one month"
    html = "<b>{{c1,2::Sprint}}</b> lasts {{c2::a month}}"
    assert cloze_segments(html, 2, reveal=True, html=True) == [
        ("Sprint", "cloze"),
        (" lasts ", ""),
        ("a month", "cloze"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{c0,1::A}}", "cloze numbers start at c1"),
        ("{{c1,::A}}", "broken cloze marker"),
        ("{{c,1::A}}", "broken cloze marker"),
        ("{{c1, 2::A}}", "broken cloze marker"),
        ("{{c1,2::}}", "cloze c1,2 has an empty answer"),
        ("{{c1,2::a{b}}", "stray brace"),
    ],
)
def test_the_editor_refuses_a_malformed_multi_card_deletion(text: str, message: str) -> None:
    problems = CLOZE.problems({"Text": text, "Extra": ""})
    assert any(message in p.message for p in problems), problems


def test_the_editor_accepts_multi_card_deletions() -> None:
    assert CLOZE.problems({"Text": TEXT, "Extra": ""}) == []
    assert CLOZE.problems({"Text": "{{c1,2,3::A::hint}} {{c4::B}}", "Extra": ""}) == []
