"""Exam item types in deck files: each card reads as a note and writes back as the same TOML,
through the note kinds alone and through an import and a deck-file export."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from pmstudy.decks.format import CardSpec, DeckFile
from pmstudy.decks.to_notes import deck_to_notes
from pmstudy.domain.cards import kind_of
from pmstudy.io.export_deck import dumps
from pmstudy.services.container import Services

EXAM_ITEMS = Path(__file__).parent / "exam_items.toml"


def _deck() -> DeckFile:
    return DeckFile.model_validate(tomllib.loads(EXAM_ITEMS.read_text(encoding="utf-8")))


def test_toml_to_notes_and_back_to_the_same_toml() -> None:
    deck = _deck()
    notes = deck_to_notes(deck)
    assert [n.kind.value for n in notes] == ["multiple_response", "matching", "ordering", "numeric"]
    cards = []
    for note, card in zip(notes, deck.cards, strict=True):
        values = kind_of(note.kind).to_deck(note.fields, is_html=False)
        extra = {"source": note.fields["Source"]} if "Source" in note.fields else {}
        cards.append(
            CardSpec.model_validate(
                {"id": card.id, "type": note.kind.value, "tags": list(note.tags), **values, **extra}
            )
        )
    again = deck.model_copy(update={"cards": cards})
    assert again == deck
    assert dumps(again) == EXAM_ITEMS.read_text(encoding="utf-8")


def test_an_imported_deck_exports_as_the_same_toml(
    empty_services: Services, tmp_path: Path
) -> None:
    summary = empty_services.decks.import_file(EXAM_ITEMS)
    assert (summary.notes_added, summary.cards_added) == (4, 4)
    out = tmp_path / "out.toml"
    exported = empty_services.imports.export("Items::Exam", "deck", out)
    assert (exported.skipped, exported.converted) == ([], [])
    assert out.read_text(encoding="utf-8") == EXAM_ITEMS.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("card", "problem"),
    [
        ('type = "matching"\nstem = "Q"\npairs = [{left = "a", right = "b"}]', "3 to 6 pairs"),
        (
            'type = "matching"\nstem = "Q"\npairs = [{left = "a", right = "b"}, '
            '{left = "a", right = "c"}, {left = "d", right = "e"}]',
            "same left-hand text",
        ),
        ('type = "matching"\nstem = "Q"\npairs = [{left = "a"}]', "Field required"),
        ('type = "ordering"\nstem = "Q"\nsteps = [{text = "a"}, {text = "b"}]', "3 to 6 steps"),
        ('type = "ordering"\nsteps = [{text = "a"}, {text = "b"}, {text = "c"}]', "'stem'"),
        ('type = "numeric"\nquestion = "Q"', "needs a non-empty 'answer'"),
        ('type = "numeric"\nquestion = "Q"\nanswer = "twelve"', "is not a number"),
        ('type = "numeric"\nquestion = "Q"\nanswer = "12"\ntolerance = "-1"', "negative"),
        ('type = "numeric"\nquestion = "Q"\nanswer = 12', "valid string"),
        (
            'type = "multiple_response"\nstem = "Q"\noptions = [{text = "a", correct = true, '
            'why = "w"}, {text = "b", why = "w"}, {text = "c", why = "w"}]',
            "use multiple choice",
        ),
    ],
)
def test_deck_cards_are_checked_by_their_kind(card: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        CardSpec.model_validate(tomllib.loads(f'id = "x"\n{card}'))
