"""Each exam item type on the review screen: multiple response through the options, matching,
ordering and numeric through the typed answer. A right answer allows Good; a wrong one only
Again (3 does nothing, enter gives Again)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input

from pmstudy.decks.format import DeckFile
from pmstudy.domain.cards import RenderedCard
from pmstudy.domain.model import Rating
from pmstudy.io.export_deck import dumps
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.widgets.card_view import CardView
from tests.decks.test_exam_items import EXAM_ITEMS
from tests.tui.support import SIZE, attempt_of, open_deck, review_log, screen_text


def _import_one(services: Services, tmp_path: Path, card_id: str) -> str:
    """A deck holding just the card ``card_id`` of the exam-items deck; its name."""
    deck = DeckFile.model_validate(tomllib.loads(EXAM_ITEMS.read_text(encoding="utf-8")))
    one = deck.model_copy(
        update={
            "id": card_id,
            "name": f"Items::{card_id}",
            "cards": [c for c in deck.cards if c.id == card_id],
        }
    )
    path = tmp_path / f"{card_id}.toml"
    path.write_text(dumps(one), encoding="utf-8")
    services.decks.import_file(path)
    return one.name


def _current_id(review: ReviewScreen) -> int:
    card = review.session.current
    assert card is not None
    return card.id


def _rendered(review: ReviewScreen) -> RenderedCard:
    face = review.query_one(CardView).face
    assert face is not None
    return face.rendered


TYPED = [
    # card, a right answer (None: the letters the card expects), a wrong one, what is logged
    ("match-outputs", None, "ABC", "matched: 0>0,1>1,2>2"),
    ("order-start", None, "ABCD", "order: 0,1,2,3"),
    ("num-eac", "$1,253.50", "1,300", "$1,253.50"),
]


@pytest.mark.parametrize(("card", "right", "wrong", "logged"), TYPED)
async def test_a_right_typed_answer_allows_good(
    services: Services, tmp_path: Path, card: str, right: str | None, wrong: str, logged: str
) -> None:
    deck = _import_one(services, tmp_path, card)
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, deck)
        card_id = _current_id(review)
        box = review.query_one("#card-typed", Input)
        assert box.display
        assert app.focused is box
        answer = right if right is not None else _rendered(review).expected
        assert answer is not None
        if right is None:  # letters: typed key by key, in lower case
            await pilot.press(*answer.lower())
        else:
            box.value = answer
        await pilot.press("enter")
        assert review.revealed
        assert attempt_of(review).correct is True
        assert attempt_of(review).allowed() == (Rating.HARD, Rating.GOOD, Rating.EASY)
        assert "✓" in screen_text(app)
        await pilot.press("1")  # no Again after a right answer
        assert review_log(services, card_id) == []
        await pilot.press("3")
        (entry,) = review_log(services, card_id)
        expected_log = logged if right is None else right
        assert (entry.rating, entry.answer) == (Rating.GOOD, expected_log)


@pytest.mark.parametrize(("card", "right", "wrong", "logged"), TYPED)
async def test_a_wrong_typed_answer_allows_only_again(
    services: Services, tmp_path: Path, card: str, right: str | None, wrong: str, logged: str
) -> None:
    deck = _import_one(services, tmp_path, card)
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, deck)
        card_id = _current_id(review)
        assert _rendered(review).expected != wrong  # the shuffle never leaves items in order
        review.query_one("#card-typed", Input).value = wrong
        await pilot.press("enter")
        assert attempt_of(review).correct is False
        assert attempt_of(review).allowed() == (Rating.AGAIN,)
        assert "✗" in screen_text(app)
        await pilot.press("3")  # not allowed after a wrong answer
        assert review_log(services, card_id) == []
        await pilot.press("enter")  # Again
        (entry,) = review_log(services, card_id)
        assert entry.rating == Rating.AGAIN
        if right is None:  # the letters' items, as the note's own indices
            assert entry.answer is not None
            assert entry.answer.partition(": ")[0] == logged.partition(": ")[0]
            assert entry.answer != logged
        else:
            assert entry.answer == wrong


async def test_multiple_response_right_picks_allow_good(services: Services, tmp_path: Path) -> None:
    deck = _import_one(services, tmp_path, "mr-pillars")
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, deck)
        card_id = _current_id(review)
        assert "(Choose 2.)" in screen_text(app)
        right = sorted(c.letter.lower() for c in _rendered(review).choices if c.correct)
        await pilot.press(*right, "enter")
        assert attempt_of(review).correct is True
        await pilot.press("1")  # no Again after a right answer
        assert review_log(services, card_id) == []
        await pilot.press("3")
        (entry,) = review_log(services, card_id)
        assert (entry.rating, entry.answer) == (Rating.GOOD, "chose: 0,2")


async def test_multiple_response_part_of_the_answer_allows_only_again(
    services: Services, tmp_path: Path
) -> None:
    deck = _import_one(services, tmp_path, "mr-pillars")
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, deck)
        card_id = _current_id(review)
        one = next(c.letter for c in _rendered(review).choices if c.correct)
        await pilot.press(one.lower(), "enter")
        assert attempt_of(review).correct is False
        assert "Missed: " in screen_text(app)
        await pilot.press("3")
        assert review_log(services, card_id) == []
        await pilot.press("enter")
        (entry,) = review_log(services, card_id)
        assert entry.rating == Rating.AGAIN


async def test_six_options_f_picks(services: Services, tmp_path: Path) -> None:
    options = "".join(
        f'\n[[cards.options]]\ntext = "option {n}"\nwhy = "why {n}"\n'
        f"correct = {str(n > 4).lower()}\n"
        for n in range(1, 7)
    )
    path = tmp_path / "six.toml"
    path.write_text(
        'schema_version = 1\nid = "six"\nname = "Items::six"\n\n[[cards]]\nid = "six"\n'
        f'type = "multiple_response"\nstem = "Pick E and F."\n{options}',
        encoding="utf-8",
    )
    services.decks.import_file(path)
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Items::six")
        assert "F. option" in screen_text(app)
        await pilot.press("f")
        assert attempt_of(review).picks == {"F"}
        await pilot.click("#choice-f")
        assert attempt_of(review).picks == frozenset()
