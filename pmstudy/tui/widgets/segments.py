"""Card text segments to Rich ``Text``, always literally (never parsed as markup)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from pmstudy.domain.cards import Segment

# Segment style names (pmstudy.domain.cards.text / render) to terminal styles.
SEGMENT_STYLES: dict[str, str] = {
    "bold": "bold",
    "italic": "italic",
    "underline": "underline",
    "code": "bold #e5c07b",
    "cloze": "bold reverse cyan",
    "good": "bold green",
    "bad": "bold red",
    "missing": "red",
    "dim": "dim",
    "media": "italic magenta",
}


def segment_style(name: str) -> Style:
    """The terminal style of a segment style name (names may be combined: ``"bold italic"``)."""
    style = Style()
    for word in name.split():
        known = SEGMENT_STYLES.get(word)
        if known is not None:
            style += Style.parse(known)
    return style


def segments_to_text(segments: Iterable[Segment]) -> Text:
    """A ``Text`` showing every segment's characters exactly as written."""
    text = Text()
    for chunk, name in segments:
        text.append(chunk, segment_style(name))
    return text
