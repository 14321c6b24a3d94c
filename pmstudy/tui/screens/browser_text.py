"""The browser's status line: how many cards match, the page, the sort, the marks, a message;
and the message that shows where a query goes wrong."""

from __future__ import annotations

from rich.text import Text

from pmstudy.domain.search import SearchError, SearchResult, SortKey


def status_line(
    result: SearchResult,
    *,
    shown: int,
    sort: SortKey,
    descending: bool,
    marked: int,
    searching: bool,
    message: Text,
) -> Text:
    """The status line for ``result`` (``shown`` of them loaded), sorted by ``sort``."""
    total = len(result)
    text = Text()
    if searching:
        text.append("searching… ", "italic")
    if shown < total:
        text.append(f"{shown:,} of {total:,} cards", "bold")
        text.append(" (more load as you scroll)", "dim")
    else:
        text.append(f"{total:,} card{'s' if total != 1 else ''}", "bold")
    arrow = "▼" if descending else "▲"
    text.append(f"  sorted by {sort.value} {arrow}")
    if marked:
        text.append(f"  {marked} marked", "bold yellow")
    if message.plain:
        text.append("  ")
        text.append_text(message)
    return text


def query_error(query: str, error: SearchError) -> Text:
    """Why ``query`` cannot be searched, then the query with the offending character marked."""
    at = error.position
    text = Text(f"{error.reason} — at character {at + 1}: ", "bold red")
    text.append(query[:at], "red")
    text.append(query[at : at + 1] or " ", "reverse red")
    text.append(query[at + 1 :], "red")
    return text
