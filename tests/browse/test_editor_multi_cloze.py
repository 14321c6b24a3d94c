"""The note editor with multi-card cloze ``{{c1,2::…}}``: a new note makes a card per number,
an edit adds or removes cards (the others keep their progress), a broken marker is refused."""

from __future__ import annotations

import dataclasses

import pytest

from pmstudy.domain.cards import render
from pmstudy.domain.model import NoteKind
from pmstudy.errors import PmStudyError
from pmstudy.services.container import Services
from tests.browse.support import card_ids_of
from tests.browse.test_editor import draft_of


def _fronts(services: Services, note_id: int) -> list[str]:
    cards = [services.library.card(i) for i in card_ids_of(services, note_id)]
    return ["".join(t for t, _ in render(c).front) for c in sorted(cards, key=lambda c: c.ord)]


def test_the_editor_makes_and_edits_multi_card_deletions(empty_services: Services) -> None:
    editor = empty_services.editor
    added = editor.save(
        draft_of(empty_services, NoteKind.CLOZE, "D", Text="{{c1,2::A}} and {{c2::B}}")
    )
    assert added.cards_added == 2
    assert _fronts(empty_services, added.note_id) == ["[...] and B", "[...] and [...]"]
    first = card_ids_of(empty_services, added.note_id)[0]

    draft = editor.draft(first)
    more = editor.save(
        dataclasses.replace(draft, fields={"Text": "{{c1,3::A}} and {{c2::B}}", "Extra": ""})
    )
    assert more.cards_added == 1
    assert _fronts(empty_services, added.note_id) == [
        "[...] and B",
        "A and [...]",
        "[...] and B",
    ]
    fewer = editor.save(dataclasses.replace(draft, fields={"Text": "{{c1::A}} and B", "Extra": ""}))
    assert fewer.cards_removed == 2
    assert card_ids_of(empty_services, added.note_id) == [first]


@pytest.mark.parametrize("text", ["{{c1,::A}}", "{{c0,1::A}}", "{{c1,2::}}"])
def test_the_editor_refuses_a_broken_multi_card_deletion(
    empty_services: Services, text: str
) -> None:
    with pytest.raises(PmStudyError, match="cloze"):
        empty_services.editor.save(draft_of(empty_services, NoteKind.CLOZE, "D", Text=text))
    assert len(empty_services.browser.search("")) == 0
