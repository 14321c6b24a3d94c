"""Card text for the terminal: HTML to readable text, control codes removed, cloze, diffs.

Everything here produces *segments*, ``(text, style)`` pairs whose text is shown literally:
the UI builds ``rich.text.Text`` objects from them and never parses markup.
"""

from __future__ import annotations

import difflib
import re
from html.parser import HTMLParser

Segment = tuple[str, str]

# CSI, OSC (ended by BEL or ST), DCS/PM/APC strings, and two-byte ESC sequences.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CLOZE = re.compile(r"\{\{c(\d+(?:,\d+)*)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
"""A cloze deletion: ``{{c1::answer}}``, ``{{c1::answer::hint}}``, or (Anki 25.09) one deletion
of several cards, ``{{c1,2::answer}}``; group 1 holds the numbers (see ``cloze_targets``)."""
_BLOCK = {"p", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre"}
_DROP = {"script", "style", "head", "title"}
_STYLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "code": "code",
    "pre": "code",
}


def clean(text: str) -> str:
    """Remove terminal escape sequences and control characters (newlines and tabs stay)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


# Bidirectional embeddings, overrides and isolates: they make a name read as another one.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Text for one line of a terminal: escapes, control characters and bidi overrides
    removed, any run of whitespace (newlines, tabs) as one space, stripped."""
    return " ".join(_BIDI.sub("", clean(text)).split())


def within(deck: str, ancestor: str) -> bool:
    """Whether ``deck`` is ``ancestor`` itself or one of its sub-decks ('A::B' is within 'A',
    'AB' is not)."""
    return deck == ancestor or deck.startswith(ancestor + "::")


def deck_name(raw: str, default: str = "Default") -> str:
    """The name a deck gets from any source (Anki package, a CSV/TXT deck column, a deck
    file's ``name``, a rename): each ``::`` level on one clean line, empty levels dropped
    (Anki's ``\x1f`` separates levels too); ``default`` when nothing printable is left."""
    levels = (one_line(level) for level in raw.replace("\x1f", "::").split("::"))
    return "::".join(level for level in levels if level) or default


IMAGE_OPEN = "[image: "
"""How an ``<img>`` shows in a card's text: ``[image: name]``, styled ``media``."""
_IMAGE_PLACEHOLDER = re.compile(r"\[image: (.*?)\](?=\[image: |$)", re.DOTALL)


def image_sources(segments: list[Segment]) -> list[str]:
    """The ``src`` of each image a card's text shows, in order, unique (neighbouring
    placeholders share one segment once tidied, so they are split here)."""
    found: dict[str, None] = {}
    for text, style in segments:
        if style == "media":
            for match in _IMAGE_PLACEHOLDER.finditer(text):
                found.setdefault(match.group(1).strip())
    return [name for name in found if name]


class _HtmlToSegments(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Segment] = []
        self._styles: list[str] = []
        self._drop = 0
        self._lists: list[list[int]] = []  # per open list: [is_ordered, counter]
        self._cells = 0

    def _emit(self, text: str, style: str | None = None) -> None:
        if text:
            self.out.append((text, style if style is not None else " ".join(self._styles)))

    def _newline(self) -> None:
        if self.out and not self.out[-1][0].endswith("\n"):
            self._emit("\n", "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self._drop += 1
        elif tag == "br":
            self._emit("\n", "")
        elif tag in _STYLE_TAGS:
            self._styles.append(_STYLE_TAGS[tag])
        elif tag in ("ul", "ol"):
            self._newline()
            self._lists.append([1 if tag == "ol" else 0, 0])
        elif tag == "li":
            self._newline()
            depth = max(len(self._lists) - 1, 0)
            if self._lists and self._lists[-1][0]:
                self._lists[-1][1] += 1
                self._emit("  " * depth + f"{self._lists[-1][1]}. ", "")
            else:
                self._emit("  " * depth + "• ", "")
        elif tag == "img":
            source = dict(attrs).get("src") or "?"
            self._emit(f"{IMAGE_OPEN}{source}]", "media")
        elif tag in ("td", "th"):
            if self._cells:
                self._emit(" | ", "")
            self._cells += 1
            if tag == "th":
                self._styles.append("bold")
        elif tag in _BLOCK:
            self._newline()
            if tag == "tr":
                self._cells = 0

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._drop = max(0, self._drop - 1)
        elif tag in _STYLE_TAGS or tag == "th":
            style = "bold" if tag == "th" else _STYLE_TAGS[tag]
            if style in self._styles:
                self._styles.reverse()
                self._styles.remove(style)
                self._styles.reverse()
        elif tag in ("ul", "ol"):
            if self._lists:
                self._lists.pop()
            self._newline()
        elif tag in _BLOCK or tag == "li":
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._drop:
            return
        self._emit(re.sub(r"[ \t\r\n]+", " ", data))


def _tidy(segments: list[Segment]) -> list[Segment]:
    """Merge neighbours of one style, trim spaces at line edges, at most one blank line."""
    merged: list[Segment] = []
    for text, style in segments:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    joined = "".join(t for t, _ in merged)
    if not joined.strip():
        return []
    result: list[Segment] = []
    for text, style in merged:
        text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        result.append((text, style))
    while result and not result[0][0].strip():
        result.pop(0)
    while result and not result[-1][0].strip():
        result.pop()
    if result:
        result[0] = (result[0][0].lstrip(), result[0][1])
        result[-1] = (result[-1][0].rstrip(), result[-1][1])
    return result


def to_segments(text: str, *, html: bool) -> list[Segment]:
    """Readable segments from a field: HTML rendered when ``html``, else shown as written."""
    text = clean(text)
    if not html:
        return [(text, "")] if text else []
    parser = _HtmlToSegments()
    parser.feed(text)
    parser.close()
    return _tidy(parser.out)


def plain(text: str, *, html: bool) -> str:
    """The readable text of a field, styles dropped."""
    return "".join(t for t, _ in to_segments(text, html=html))


def cloze_targets(numbers: str) -> frozenset[int]:
    """The cards one deletion belongs to, from its numbers as written (``"1,2"`` → {1, 2})."""
    return frozenset(int(n) for n in numbers.split(","))


def cloze_numbers(text: str) -> list[int]:
    """The distinct cloze numbers in a text, sorted (``{{c1,2::…}}`` counts for both)."""
    return sorted({n for m in CLOZE.finditer(text) for n in cloze_targets(m.group(1))})


def render_cloze(text: str, number: int, *, reveal: bool) -> str:
    """Cloze text with markers resolved: the active ones (those of card ``number``, a multi-card
    deletion included) hidden (``[...]``/``[hint]``) or shown; the others shown as plain text.

    Markers are kept as sentinel characters so that ``cloze_segments`` can style them after
    HTML conversion; call ``cloze_segments`` rather than using this directly.
    """

    def substitute(match: re.Match[str]) -> str:
        answer, hint = match.group(2), match.group(3)
        if number not in cloze_targets(match.group(1)):
            return answer
        if reveal:
            return f"\x02{answer}\x03"
        return f"\x02[{hint or '...'}]\x03"

    return CLOZE.sub(substitute, text)


def cloze_segments(text: str, number: int, *, reveal: bool, html: bool) -> list[Segment]:
    """Segments of a cloze card's front (``reveal`` False) or back, the active blank styled."""
    marked = render_cloze(clean(text), number, reveal=reveal)
    result: list[Segment] = []
    for chunk_text, style in to_segments(
        marked.replace("\x02", "\ue000").replace("\x03", "\ue001"), html=html
    ):
        parts = re.split("([\ue000\ue001])", chunk_text)
        active = False
        for part in parts:
            if part == "\ue000":
                active = True
            elif part == "\ue001":
                active = False
            elif part:
                result.append((part, "cloze" if active else style))
    return result


def type_in_diff(typed: str, expected: str) -> tuple[list[Segment], bool]:
    """Anki-style comparison: the typed answer with wrong parts marked, then what was expected.

    Returns segments and whether the answer matched (ignoring case and surrounding spaces).
    """
    given, wanted = typed.strip(), expected.strip()
    if given.casefold() == wanted.casefold():
        return [(given, "good")], True
    matcher = difflib.SequenceMatcher(a=given.casefold(), b=wanted.casefold(), autojunk=False)
    out: list[Segment] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append((given[a0:a1], "good"))
        else:
            if a1 > a0:
                out.append((given[a0:a1], "bad"))
            if b1 > b0 and op in ("replace", "insert"):
                out.append(("-" * (b1 - b0), "missing"))
    if not given:
        out = [("(nothing typed)", "bad")]
    out.append(("\n↓\n", ""))
    out.append((wanted, "good"))
    return out, False
