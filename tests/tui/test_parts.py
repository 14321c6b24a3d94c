"""The TUI's pure parts: segment styling, the answer attempt, texts shown on screen."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.text import Text
from textual.binding import ActiveBinding, Binding

from pmstudy.domain.cards import Choice, RenderedCard, choice_feedback, chosen_answer, kind_of
from pmstudy.domain.deck_tree import DeckNode
from pmstudy.domain.model import ANSWER_RATINGS, CardState, NoteKind, Rating
from pmstudy.domain.scheduling import Counts
from pmstudy.domain.search import parse_tag_list
from pmstudy.services.session import SessionSummary
from pmstudy.services.session_summary import SummaryAnswer
from pmstudy.tui.screens.attempt import Attempt
from pmstudy.tui.screens.review_text import done_message, wait_message
from pmstudy.tui.screens.summary import duration_text, summary_text
from pmstudy.tui.widgets.card_view import CardFace
from pmstudy.tui.widgets.choice_list import option_text
from pmstudy.tui.widgets.counts_bar import counts_text
from pmstudy.tui.widgets.deck_table import deck_label
from pmstudy.tui.widgets.key_bar import key_bar_text
from pmstudy.tui.widgets.rating_bar import rating_label
from pmstudy.tui.widgets.segments import segment_style, segments_to_text

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
HOSTILE = "[bold red]x[/] [@click=app.quit]y[/] [link=https://e.com]z[/link] $var :smile:"

CHOICES = (
    Choice("A", 2, "Developers", False, "no"),
    Choice("B", 0, "Product Owner", True, "yes"),
    Choice("C", 1, "Scrum Master", False, "no"),
)
TWO_RIGHT = (
    Choice("A", 0, "Transparency", True, ""),
    Choice("B", 1, "Velocity", False, ""),
    Choice("C", 2, "Inspection", True, ""),
)


def _attempt(choices: tuple[Choice, ...] = (), expected: str | None = None) -> Attempt:
    rendered = RenderedCard(front=[("Q", "")], back=[("A", "")], expected=expected, choices=choices)
    kind = NoteKind.MULTIPLE_CHOICE if choices else NoteKind.TYPE_IN if expected else NoteKind.BASIC
    return Attempt(CardFace(rendered), shown_at=NOW, kind=kind_of(kind))


def test_segments_are_literal_and_styled() -> None:
    text = segments_to_text([(HOSTILE, ""), (" blank", "cloze"), (" b", "bold italic")])
    assert text.plain == HOSTILE + " blank b"
    styles = {text.plain[s.start : s.end]: s.style for s in text.spans}
    assert HOSTILE not in styles  # no style was read out of the text
    assert "reverse" in str(styles[" blank"])
    assert str(styles[" b"]) == "bold italic"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("good", "bold green"),
        ("bad", "bold red"),
        ("missing", "red"),
        ("dim", "dim"),
        ("media", "italic magenta"),
        ("underline", "underline"),
        ("unknown", ""),
    ],
)
def test_segment_style_names(name: str, expected: str) -> None:
    assert str(segment_style(name)) == (expected or "none")


def test_attempt_single_answer_wrong_only_allows_again() -> None:
    attempt = _attempt(CHOICES)
    attempt.pick("A")
    attempt.pick("C")  # replaces: one right answer
    assert attempt.picks == {"C"}
    attempt.reveal("")
    assert attempt.correct is False
    assert attempt.allowed() == (Rating.AGAIN,)
    assert attempt.default_rating() == Rating.AGAIN
    assert attempt.logged_answer() == "chose: 1"
    assert attempt.feedback == [("✗ Wrong: you chose ", "bad"), ("C. Scrum Master", "bold")]
    attempt.pick("B")  # too late
    assert attempt.picks == {"C"}


def test_attempt_single_answer_right_offers_hard_good_easy() -> None:
    attempt = _attempt(CHOICES)
    attempt.pick("B")
    attempt.reveal("")
    assert attempt.allowed() == (Rating.HARD, Rating.GOOD, Rating.EASY)
    assert attempt.default_rating() == Rating.GOOD
    assert attempt.logged_answer() == "chose: 0"


def test_attempt_multi_answer_toggles() -> None:
    attempt = _attempt(TWO_RIGHT)
    assert attempt.multi
    attempt.pick("A")
    attempt.pick("B")
    attempt.pick("B")
    attempt.pick("C")
    attempt.pick("D")  # no such option
    assert attempt.picks == {"A", "C"}
    assert attempt.correct is True
    assert attempt.logged_answer() == "chose: 0,2"


def test_attempt_nothing_picked_is_wrong() -> None:
    attempt = _attempt(CHOICES)
    attempt.reveal("")
    assert attempt.correct is False
    assert attempt.logged_answer() == "chose: -"
    assert attempt.feedback == [("✗ No option chosen", "bad")]


def test_attempt_type_in() -> None:
    attempt = _attempt(expected="Sprint Goal")
    assert attempt.allowed() == ANSWER_RATINGS
    attempt.reveal("sprint goal ")
    assert attempt.logged_answer() == "sprint goal "
    assert attempt.feedback == [("sprint goal", "good")]
    assert attempt.duration_ms(NOW + dt.timedelta(seconds=2.5)) == 2500
    assert attempt.duration_ms(NOW - dt.timedelta(seconds=1)) == 0


def test_plain_card_logs_no_answer() -> None:
    attempt = _attempt()
    attempt.reveal("")
    assert (attempt.correct, attempt.logged_answer(), attempt.feedback) == (None, None, None)


def test_chosen_answer_and_feedback_helpers() -> None:
    assert chosen_answer(CHOICES, frozenset({"A", "B"})) == "chose: 0,2"
    assert choice_feedback(CHOICES, frozenset({"B"}))[0] == ("✓ Right: ", "good")


def test_option_text_markers() -> None:
    assert option_text(CHOICES[0], multi=False, picked=True).plain == "▸ A. Developers"
    assert option_text(CHOICES[0], multi=False, picked=False).plain == "  A. Developers"
    assert option_text(TWO_RIGHT[0], multi=True, picked=True).plain == "[x] A. Transparency"
    assert option_text(TWO_RIGHT[1], multi=True, picked=False).plain == "[ ] B. Velocity"


def test_counts_text_underlines_the_current_kind() -> None:
    text = counts_text(Counts(new=3, learning=1, review=12), CardState.RELEARNING)
    assert text.plain == "3 + 1 + 12"
    underlined = [text.plain[s.start : s.end] for s in text.spans if "underline" in str(s.style)]
    assert underlined == ["1"]


def test_deck_label_is_indented_and_literal() -> None:
    node = DeckNode(7, "PMP::[b]Risk[/b]", 1, "[b]Risk[/b]", Counts(), 0)
    assert deck_label(node).plain == "  [b]Risk[/b]"


def test_rating_label() -> None:
    assert rating_label(Rating.EASY, "2d").plain == "4 Easy  2d"
    assert rating_label(Rating.AGAIN, None).plain == "1 Again"


def test_summary_text() -> None:
    ratings = (Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.GOOD)
    summary = SessionSummary([SummaryAnswer(r, 31_250, (), None) for r in ratings])
    text = summary_text(summary, "Scrum [x]").plain
    assert "Session summary: Scrum [x]" in text
    assert "Cards done  4" in text
    assert "Time        2 min 05 s" in text
    assert "Again rate  25%" in text
    assert "Again 1  Hard 0  Good 3  Easy 0" in text
    assert "Again rate  -" in summary_text(SessionSummary(), "x").plain
    assert duration_text(9.4) == "9 s"


def test_messages() -> None:
    assert "Next card in 3 min" in wait_message(3).plain
    assert "2 card(s) answered" in done_message(2).plain
    assert isinstance(wait_message(1), Text)


def test_key_bar_text_groups_and_dims() -> None:
    group = Binding.Group("Rate", compact=True)
    active = [
        ActiveBinding(None, Binding("space", "reveal", "Show answer"), True),  # type: ignore[arg-type]
        ActiveBinding(None, Binding("enter", "reveal", "Show answer", show=False), True),  # type: ignore[arg-type]
        ActiveBinding(None, Binding("1", "rate(1)", "Again", group=group), True),  # type: ignore[arg-type]
        ActiveBinding(None, Binding("2", "rate(2)", "Hard", group=group), False),  # type: ignore[arg-type]
        ActiveBinding(None, Binding("u", "undo", "Undo"), False),  # type: ignore[arg-type]
    ]
    text = key_bar_text(active, lambda b: b.key, key_style="bold", palette_key="^p")
    assert text.plain == " space Show answer  12 Rate  u Undo  ^p palette"
    dimmed = [text.plain[s.start : s.end] for s in text.spans if str(s.style) == "dim"]
    assert dimmed == ["u", " Undo "]


def test_tags_typed_in_the_editor() -> None:
    assert parse_tag_list("  b a  b\tc\n") == ("b", "a", "c")
    assert parse_tag_list("x,y, x") == ("x", "y")
    assert parse_tag_list("") == ()


def test_a_long_option_wraps_under_its_text() -> None:
    from rich.console import Console

    from pmstudy.tui.widgets.choice_list import option_row

    console = Console(width=30, record=True, color_system=None)
    long = Choice(
        letter="A", index=0, text="one two three four five six seven", correct=True, why=""
    )
    console.print(option_row(long, multi=False, picked=False))
    lines = console.export_text().splitlines()
    assert lines[0].startswith("  A. one two")
    assert lines[1].startswith("     ")  # under the text, past "  A. "
    assert lines[1].strip()
