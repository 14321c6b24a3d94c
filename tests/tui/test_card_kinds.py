"""Each kind of card on the review screen: type-in, multiple choice, cloze, hostile text."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Static

from pmstudy.domain.model import Rating
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.widgets.card_view import CardView
from tests.tui.support import SIZE, attempt_of, open_deck, review_log, screen_text


def _current_id(review: ReviewScreen) -> int:
    card = review.session.current
    assert card is not None
    return card.id


def _choices(review: ReviewScreen) -> tuple[str, str]:
    """(a correct letter, a wrong letter) of the multiple-choice card on screen."""
    face = review.query_one(CardView).face
    assert face is not None
    right = next(c.letter for c in face.rendered.choices if c.correct)
    wrong = next(c.letter for c in face.rendered.choices if not c.correct)
    return right.lower(), wrong.lower()


async def test_type_in_compares_and_logs_the_typed_answer(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Typing")
        card_id = _current_id(review)
        typed = review.query_one("#card-typed", Input)
        assert typed.display
        assert app.focused is typed
        await pilot.press("5", "enter")
        assert review.revealed
        text = screen_text(app)
        assert "↓" in text  # typed answer above, expected answer below
        diff = review.query_one("#card-feedback", Static).content
        assert isinstance(diff, Text)
        assert diff.plain == "5-\n↓\n4"  # wrong part marked, missing part dashed
        assert "Shorter Sprints usually have a shorter Sprint Review." in text
        await pilot.press("1")
        (entry,) = review_log(services, card_id)
        assert entry.rating == Rating.AGAIN
        assert entry.answer == "5"


async def test_type_in_right_answer_is_marked_good(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Typing")
        card_id = _current_id(review)
        await pilot.press("4", "enter")
        diff = review.query_one("#card-feedback", Static).content
        assert isinstance(diff, Text)
        assert diff.plain == "4"
        assert "green" in str(diff.spans[0].style)
        await pilot.press("enter")  # Good
        (entry,) = review_log(services, card_id)
        assert (entry.rating, entry.answer) == (Rating.GOOD, "4")


async def test_multiple_choice_wrong_allows_only_again(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Choice")
        card_id = _current_id(review)
        text = screen_text(app)
        for letter in "ABCD":
            assert f"{letter}. The " in text
        _, wrong = _choices(review)
        await pilot.press(wrong)
        assert attempt_of(review).picks == {wrong.upper()}
        await pilot.press("enter")
        assert review.revealed
        assert attempt_of(review).correct is False
        text = screen_text(app)
        assert "✗ Wrong: you chose " in text
        assert "The Product Owner is accountable for ordering the Product Backlog." in text
        assert "✓" in text
        assert "✗" in text
        await pilot.press("3")  # not allowed after a wrong choice
        assert review_log(services, card_id) == []
        await pilot.press("enter")  # confirm + next: Again
        (entry,) = review_log(services, card_id)
        assert entry.rating == Rating.AGAIN
        face = review.session
        assert face.summary.again == 1
        assert entry.answer is not None
        assert entry.answer.startswith("chose: ")
        assert entry.answer != "chose: 0"  # option 0 is the correct one


async def test_multiple_choice_right_offers_hard_good_easy(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Choice")
        card_id = _current_id(review)
        right, _ = _choices(review)
        await pilot.press(right, "space")
        assert attempt_of(review).correct is True
        assert "✓ Right: " in screen_text(app)
        await pilot.press("1")  # Again is not offered after a right choice
        assert review_log(services, card_id) == []
        await pilot.press("4")
        (entry,) = review_log(services, card_id)
        assert (entry.rating, entry.answer) == (Rating.EASY, "chose: 0")


async def test_multiple_choice_with_two_answers_toggles_picks(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Multi")
        card_id = _current_id(review)
        face = review.query_one(CardView).face
        assert face is not None
        right = sorted(c.letter.lower() for c in face.rendered.choices if c.correct)
        await pilot.press(right[0], "a" if right[0] != "a" else "b")
        assert len(attempt_of(review).picks) == 2
        await pilot.press("a" if right[0] != "a" else "b")  # toggled off again
        await pilot.press(right[1])
        assert attempt_of(review).picks == {r.upper() for r in right}
        assert "[x] " in screen_text(app)
        await pilot.press("enter")
        assert attempt_of(review).correct is True
        await pilot.press("enter")
        (entry,) = review_log(services, card_id)
        assert (entry.rating, entry.answer) == (Rating.GOOD, "chose: 0,2")


async def test_clicking_an_option_picks_it(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_deck(pilot, "Sample::Choice")
        await pilot.click("#choice-b")
        assert attempt_of(review).picks == {"B"}


async def test_cloze_blank_is_highlighted(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await open_deck(pilot, "Sample::Basics")
        await pilot.press("space", "3")
        assert "The Daily Scrum is a [...] event for the Developers." in screen_text(app)
        front = app.screen.query_one("#card-front", Static).content
        assert isinstance(front, Text)
        (blank,) = [s for s in front.spans if front.plain[s.start : s.end] == "[...]"]
        assert "reverse" in str(blank.style)
        await pilot.press("space")
        assert "The Daily Scrum is a 15-minute event for the Developers." in screen_text(app)


MARKUP_FRONT = (
    "Is [bold red]this[/] bold? [@click=app.quit]Click[/] or [link=https://example.com]go[/link]"
)


async def test_card_text_is_shown_literally(services: Services) -> None:
    app = PmStudyApp(services=services)
    async with app.run_test(size=(160, 34)) as pilot:
        review = await open_deck(pilot, "Sample::Markup")
        text = screen_text(app)
        assert MARKUP_FRONT in text
        assert "⚠ unverified" in text
        front = review.query_one("#card-front", Static).content
        assert isinstance(front, Text)
        assert front.plain == MARKUP_FRONT
        assert front.spans == [] or all(not str(s.style) for s in front.spans)
        await pilot.click("#card-front", offset=(32, 0))  # on "[@click=app.quit]": no action
        assert app.is_running
        await pilot.press("space")
        text = screen_text(app)
        assert "No: [b]markup[/b] is shown literally, as are $variables and [i]tags[/i]." in text
        # the terminal escape sequence is removed, the rest kept
        assert "Escape:red" in text
        assert "\x1b" not in text
        assert "Source: [dim]not dim[/dim] §1" in text
