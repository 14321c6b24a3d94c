"""Card text is readable and inert: HTML rendered, markup and escapes shown literally."""

from __future__ import annotations

import pytest

from pmstudy.domain.cards import (
    as_html,
    clean,
    cloze_numbers,
    cloze_segments,
    from_html,
    plain,
    to_segments,
    type_in_diff,
)


def test_html_becomes_readable_text() -> None:
    html = "<b>Bold</b> &amp; <i>it</i><br>line<ul><li>one</li><li>two</li></ul><ol><li>a</li></ol>"
    segments = to_segments(html, html=True)
    assert ("Bold", "bold") in segments
    assert ("it", "italic") in segments
    text = plain(html, html=True)
    assert text == "Bold & it\nline\n• one\n• two\n1. a"


def test_entities_tables_and_scripts() -> None:
    text = plain(
        "a&nbsp;&rarr;&lt;b&gt;<script>alert(1)</script><table><tr><td>x</td><td>y</td></tr></table>",
        html=True,
    )
    assert text == "a\xa0→<b>\nx | y"


def test_markup_and_escape_sequences_are_inert() -> None:
    raw = (
        "[bold red]x[/] [@click=app.quit]Click[/] \x1b[31mred\x1b[0m "
        "\x1b]8;;http://x\x07link \x07bell"
    )
    assert clean(raw) == "[bold red]x[/] [@click=app.quit]Click[/] red link bell"
    assert plain(raw, html=False) == "[bold red]x[/] [@click=app.quit]Click[/] red link bell"
    assert "\x9b" not in clean("a\x9b31mb")


def test_plain_text_keeps_newlines() -> None:
    assert plain("line 1\r\nline 2", html=False) == "line 1\nline 2"


def test_cloze_front_and_back() -> None:
    text = "The {{c1::Product Owner::who}} orders the {{c2::Product Backlog}}."
    assert cloze_numbers(text) == [1, 2]
    front = cloze_segments(text, 1, reveal=False, html=False)
    assert "".join(t for t, _ in front) == "The [who] orders the Product Backlog."
    assert ("[who]", "cloze") in front
    back = cloze_segments(text, 2, reveal=True, html=False)
    assert ("Product Backlog", "cloze") in back
    assert "".join(t for t, _ in cloze_segments(text, 2, reveal=False, html=False)).endswith(
        "the [...]."
    )


def test_type_in_diff() -> None:
    segments, ok = type_in_diff("Prodct Owner", "Product Owner")
    assert not ok
    assert ("-", "missing") in segments
    assert type_in_diff("  product owner ", "Product Owner")[1]
    assert type_in_diff("", "x")[0][0] == ("(nothing typed)", "bad")


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "a < b & c > d",
        "two\nlines\n\nand a gap",
        "the entity &amp; typed as text",
        "a literal <br> typed as text",
        "<b>not bold</b>, &nbsp; as written",
        "",
    ],
)
def test_from_html_undoes_as_html(text: str) -> None:
    assert from_html(as_html(text, False)) == text


@pytest.mark.parametrize("value", ["<b>bold</b>", "a &amp b", "x<br/>y", "<div>x</div>", "a > b"])
def test_from_html_refuses_what_as_html_never_makes(value: str) -> None:
    """Markup added in Anki, an entity Anki would not write, a bare '>' (escaped by as_html)."""
    assert from_html(value) is None
