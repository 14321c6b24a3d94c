"""The browser's messages from its worker threads: a search or a page of it, a preview, a bulk
action done."""

from __future__ import annotations

from textual.message import Message

from pmstudy.domain.search import BrowseRow, CardPreview, SearchResult


class Searched(Message):
    """A search (or a page of it) finished in the worker."""

    def __init__(
        self,
        result: SearchResult | None,
        rows: list[BrowseRow],
        page: int,
        cursor: int | None,
        error: str | None = None,
        *,
        append: bool = False,
    ) -> None:
        self.result = result
        self.rows = rows
        self.page = page
        self.cursor = cursor
        self.error = error
        self.append = append
        super().__init__()


class Previewed(Message):
    """The highlighted card's preview is ready."""

    def __init__(self, card_id: int, preview: CardPreview | None) -> None:
        self.card_id = card_id
        self.preview = preview
        super().__init__()


class Acted(Message):
    """A bulk action (or undo) finished."""

    def __init__(self, message: str, error: bool = False) -> None:
        self.message = message
        self.error = error
        super().__init__()
