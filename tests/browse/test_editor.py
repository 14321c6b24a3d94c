"""The note editor: add notes of every type, edit text, tags and deck; scheduling survives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from pmstudy.db.models import CardRow, NoteRow
from pmstudy.db.notes import ensure_note_type
from pmstudy.db.repo import Repository
from pmstudy.domain.cards import NoteDraft, kind_of, options_from_text, options_to_text
from pmstudy.domain.model import CardState, Memory, NoteKind
from pmstudy.errors import PmStudyError
from pmstudy.services.container import Services
from tests.browse.support import Sample, card_ids_of, note_fields, note_id_of, set_memory

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
REVIEWED = Memory(
    state=CardState.REVIEW,
    stability=12.5,
    difficulty=6.25,
    due=NOW + dt.timedelta(days=9),
    last_review=NOW - dt.timedelta(days=3),
    reps=4,
    lapses=1,
)


def _typed(kind: NoteKind, field: str, text: str) -> str:
    """A field as the editor stores what was typed in its form."""
    return kind_of(kind).from_editor(field, text)


def draft_of(services: Services, kind: NoteKind, deck: str, **fields: str) -> NoteDraft:
    blank = services.editor.blank(kind, deck)
    return dataclasses.replace(blank, fields={**blank.fields, **fields})


def test_note_types_on_offer(empty_services: Services) -> None:
    kinds = {k.kind: k.fields for k in empty_services.editor.kinds()}
    assert kinds == {
        NoteKind.BASIC: ("Front", "Back", "Extra"),
        NoteKind.REVERSED: ("Front", "Back", "Extra"),
        NoteKind.CLOZE: ("Text", "Extra"),
        NoteKind.TYPE_IN: ("Front", "Back", "Extra"),
        NoteKind.MULTIPLE_CHOICE: ("Stem", "Options", "Extra"),
        NoteKind.MULTIPLE_RESPONSE: ("Stem", "Options", "Extra"),
        NoteKind.MATCHING: ("Stem", "Pairs", "Extra"),
        NoteKind.ORDERING: ("Stem", "Steps", "Extra"),
        NoteKind.NUMERIC: ("Question", "Answer", "Tolerance", "Unit", "Extra"),
    }
    with pytest.raises(PmStudyError):
        empty_services.editor.blank(NoteKind.TEMPLATE)


@pytest.mark.parametrize(
    ("kind", "fields", "cards"),
    [
        (NoteKind.BASIC, {"Front": "Q", "Back": "A"}, 1),
        (NoteKind.REVERSED, {"Front": "Q", "Back": "A"}, 2),
        (NoteKind.CLOZE, {"Text": "{{c1::One}} and {{c2::two}} and {{c2::more}}"}, 2),
        (NoteKind.TYPE_IN, {"Front": "Q", "Back": "exact"}, 1),
        (
            NoteKind.MULTIPLE_CHOICE,
            {"Stem": "Pick", "Options": options_from_text("* right | because\nwrong")},
            1,
        ),
        (
            NoteKind.MULTIPLE_RESPONSE,
            {"Stem": "Pick two", "Options": options_from_text("* a | why\n* b\nc")},
            1,
        ),
        (
            NoteKind.MATCHING,
            {
                "Stem": "Match",
                "Pairs": _typed(NoteKind.MATCHING, "Pairs", "a = 1 | why\nb = 2\nc=3"),
            },
            1,
        ),
        (
            NoteKind.ORDERING,
            {
                "Stem": "Order",
                "Steps": _typed(NoteKind.ORDERING, "Steps", "one | first\ntwo\nthree"),
            },
            1,
        ),
        (NoteKind.NUMERIC, {"Question": "CPI?", "Answer": "0.93", "Tolerance": "1%"}, 1),
    ],
)
def test_add_a_note_of_any_type(
    empty_services: Services, kind: NoteKind, fields: dict[str, str], cards: int
) -> None:
    draft = dataclasses.replace(
        draft_of(empty_services, kind, "New::Deck", **fields), tags=("a", "b", "a")
    )
    result = empty_services.editor.save(draft)
    assert result.added
    assert result.cards_added == cards
    assert result.message == f"note added: {cards} card(s) added"
    ids = card_ids_of(empty_services, result.note_id)
    assert len(ids) == cards
    card = empty_services.library.card(ids[0])
    assert card.deck_name == "New::Deck"
    assert card.note.tags == ("a", "b")
    assert card.note.kind == kind
    assert card.memory.state == CardState.NEW
    assert empty_services.browser.search("deck:New").ids == tuple(ids)


@pytest.mark.parametrize(
    ("kind", "fields", "reason"),
    [
        (NoteKind.BASIC, {}, "at least one non-empty field"),
        (NoteKind.BASIC, {"Back": "only a back"}, "Front field is empty"),
        (NoteKind.REVERSED, {"Front": "Q"}, "Back field is empty"),
        (NoteKind.TYPE_IN, {"Front": "Q"}, "Back field is empty"),
        (NoteKind.CLOZE, {"Text": "no deletion here"}, "at least one deletion"),
        (NoteKind.MULTIPLE_CHOICE, {"Options": options_from_text("* a\nb")}, "Stem"),
        (NoteKind.MULTIPLE_CHOICE, {"Stem": "Q", "Options": options_from_text("* a")}, "2 to 5"),
        (NoteKind.MULTIPLE_CHOICE, {"Stem": "Q", "Options": options_from_text("a\nb")}, "correct"),
        (
            NoteKind.MULTIPLE_CHOICE,
            {"Stem": "Q", "Options": options_from_text("*a\nb\nc\nd\ne\nf")},
            "2 to 5",
        ),
    ],
)
def test_notes_that_cannot_make_cards_are_refused(
    empty_services: Services, kind: NoteKind, fields: dict[str, str], reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        kind_of(kind).check(
            {**dict.fromkeys(empty_services.editor.blank(kind).fields, ""), **fields}
        )
    with pytest.raises(PmStudyError, match=reason):
        empty_services.editor.save(draft_of(empty_services, kind, "D", **fields))
    assert len(empty_services.browser.search("")) == 0


def test_bad_tags_and_decks_are_refused(empty_services: Services) -> None:
    draft = draft_of(empty_services, NoteKind.BASIC, "D", Front="Q")
    with pytest.raises(PmStudyError, match="spaces"):
        empty_services.editor.save(dataclasses.replace(draft, tags=("two words",)))
    with pytest.raises(PmStudyError, match="empty level"):
        empty_services.editor.save(dataclasses.replace(draft, deck="A::::B"))
    assert len(empty_services.browser.search("")) == 0


def test_editing_text_and_tags_keeps_scheduling(sample_services: Services, sample: Sample) -> None:
    set_memory(sample_services, sample.sprint, REVIEWED)
    editor = sample_services.editor
    draft = editor.draft(sample.sprint)
    assert draft.deck == "Scrum"
    assert draft.card_count == 1
    assert draft.fields["Front"] == "What is a Sprint?"
    edited = dataclasses.replace(
        draft,
        fields={**draft.fields, "Front": "What is a Sprint, exactly?"},
        tags=("exam::psm-1::framework", "fixed"),
    )
    result = editor.save(edited)
    assert not result.added
    assert result.message == "note saved"
    card = sample_services.library.card(sample.sprint)
    assert card.memory == REVIEWED
    assert card.note.fields["Front"] == "What is a Sprint, exactly?"
    assert card.note.tags == ("exam::psm-1::framework", "fixed")
    assert sample_services.browser.search("exactly").ids == (sample.sprint,)


def test_cloze_edits_add_and_remove_cards(sample_services: Services, sample: Sample) -> None:
    first, second = sample.pmo
    set_memory(sample_services, first, REVIEWED)
    editor = sample_services.editor
    draft = editor.draft(first)
    assert draft.card_count == 2
    added = editor.save(
        dataclasses.replace(
            draft,
            fields={
                "Text": "The {{c1::PMO}} supports {{c2::projects}} and {{c3::programs}}",
                "Extra": "",
            },
        )
    )
    assert added.cards_added == 1
    note = note_id_of(sample_services, first)
    third = card_ids_of(sample_services, note)[2]
    assert sample_services.library.card(third).deck_name == "PMP::Process"
    assert sample_services.library.card(first).memory == REVIEWED
    removed = editor.save(
        dataclasses.replace(
            draft, fields={"Text": "The {{c1::PMO}} supports projects", "Extra": ""}
        )
    )
    assert removed.cards_removed == 2
    assert removed.message == "note saved: 2 card(s) removed"
    assert card_ids_of(sample_services, note) == [first]
    assert sample_services.library.card(first).memory == REVIEWED
    assert second not in sample_services.browser.search("").ids


def test_changing_the_deck_moves_every_card(sample_services: Services, sample: Sample) -> None:
    editor = sample_services.editor
    draft = editor.draft(sample.stakeholder[0])
    result = editor.save(dataclasses.replace(draft, deck="People::Key"))
    assert result.cards_moved == 2
    assert result.message == "note saved: 2 card(s) moved"
    for card_id in sample.stakeholder:
        assert sample_services.library.card(card_id).deck_name == "People::Key"


def test_a_text_edit_leaves_cards_in_their_own_decks(
    sample_services: Services, sample: Sample
) -> None:
    sample_services.browser.move([sample.stakeholder[1]], "Elsewhere")
    editor = sample_services.editor
    draft = editor.draft(sample.stakeholder[0])
    editor.save(dataclasses.replace(draft, fields={**draft.fields, "Extra": "More"}))
    assert sample_services.library.card(sample.stakeholder[0]).deck_name == "PMP::People"
    assert sample_services.library.card(sample.stakeholder[1]).deck_name == "Elsewhere"


def test_template_notes_keep_all_their_cards(empty_services: Services) -> None:
    with empty_services.sessions.begin() as session:
        type_id = ensure_note_type(
            session,
            NoteKind.TEMPLATE,
            name="Imported two-way",
            fields=["A", "B"],
            templates=[["{{A}}", "{{B}}"], ["{{B}}", "{{A}}"]],
        )
        deck = Repository(session).ensure_deck("Imported", now=NOW)
        note = NoteRow(
            guid="imported-1",
            note_type_id=type_id,
            fields={"A": "front", "B": "back"},
            tags=" ",
            created_at=NOW,
            modified_at=NOW,
        )
        session.add(note)
        session.flush()
        for ord_ in (0, 1):
            session.add(CardRow(note_id=note.id, deck_id=deck, ord=ord_, created_at=NOW))
        session.flush()
        note_id = note.id
    cards = card_ids_of(empty_services, note_id)
    draft = empty_services.editor.draft(cards[0])
    assert draft.kind == NoteKind.TEMPLATE
    empty_services.editor.save(dataclasses.replace(draft, fields={"A": "new front", "B": "back"}))
    assert card_ids_of(empty_services, note_id) == cards
    assert note_fields(empty_services, note_id) == {"A": "new front", "B": "back"}


def test_option_lines_round_trip() -> None:
    stored = json.dumps(
        [
            {"text": "The Product Owner", "correct": True, "why": "accountable for it"},
            {"text": "The Developers", "correct": False},
        ]
    )
    text = options_to_text(stored)
    assert text == "* The Product Owner | accountable for it\nThe Developers"
    assert json.loads(options_from_text(text)) == [
        {"text": "The Product Owner", "correct": True, "why": "accountable for it"},
        {"text": "The Developers", "correct": False},
    ]
    assert options_from_text("\n  \n") == "[]"
    assert options_to_text("not json") == ""
