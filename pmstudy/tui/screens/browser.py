"""The card browser: a search box, a page of matching cards, a preview, bulk actions, undo.

Every match is found and sorted by the database; the table loads them a page (``PAGE_SIZE``
rows) at a time, the next page when the cursor comes within ``LOAD_AHEAD`` rows of the end,
so 100,000 matches cost no more on screen than the rows looked at. The status line says how
many are loaded of how many. Searches and bulk actions run in worker threads; card text is
always shown literally. The bulk actions keep their keys but share one footer hint: ``.``
opens a menu of them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from pmstudy.domain.cards import SaveResult
from pmstudy.domain.custom import CustomSource
from pmstudy.domain.search import (
    BrowseRow,
    CardPreview,
    SearchError,
    SearchResult,
    SortKey,
    parse,
)
from pmstudy.errors import PmStudyError
from pmstudy.tui.ports import BrowserStudyServices
from pmstudy.tui.screens.browser_messages import Acted, Previewed, Searched
from pmstudy.tui.screens.browser_text import query_error, status_line
from pmstudy.tui.screens.bulk_actions import BULK_ACTIONS, BULK_BINDINGS, BulkMenu
from pmstudy.tui.screens.custom_study import (
    CustomRequest,
    CustomStudyDialog,
    SourceChoice,
    study_now,
)
from pmstudy.tui.screens.editor import EditorScreen
from pmstudy.tui.widgets.browse_table import COLUMNS, BrowseTable, sort_of
from pmstudy.tui.widgets.card_images import ImageSource
from pmstudy.tui.widgets.card_preview import CardPreviewPane
from pmstudy.tui.widgets.key_bar import KeyBar

PAGE_SIZE = 100
LOAD_AHEAD = 10
EMPTY = SearchResult("", SortKey.CREATED, False, ())


class BrowserScreen(Screen[None]):
    """Find cards, look at one, change many."""

    CSS_PATH = "browser.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", tooltip="Type a search (Anki syntax)"),
        Binding("escape", "back", "Back", tooltip="Leave the search box, or the browser"),
        Binding("space", "mark", "Mark", tooltip="Mark or unmark the highlighted card"),
        Binding(
            "a", "mark_all", "Mark all", show=False, tooltip="Mark every match (again: unmark all)"
        ),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted card's note (or enter)"),
        Binding("ctrl+n", "add", "Add note", show=False, tooltip="Add a new note"),
        Binding("full_stop", "bulk_menu", "Bulk…", tooltip="Choose a bulk action from a menu"),
        *BULK_BINDINGS,
        Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the last bulk action"),
        Binding(
            "c",
            "custom_study",
            "Study now",
            show=False,
            tooltip="Study the marked cards (else every match) now, in their own decks",
        ),
        Binding("o", "sort", "Sort", show=False, tooltip="Sort by the next column"),
        Binding("i", "next_image", "Next image", show=False, tooltip="Preview the next image"),
        Binding("O", "reverse", "Reverse", show=False, tooltip="Reverse the sort order"),
        Binding(
            "right_square_bracket",
            "load_more",
            "More",
            show=False,
            tooltip="Load the next page of matches",
        ),
    ]

    def __init__(self, services: BrowserStudyServices, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.sub_title = "Browse"
        self.query_text = query
        self.result = EMPTY
        self.rows: list[BrowseRow] = []
        self.page = 0
        self.sort = SortKey.CREATED
        self.descending = False
        self.marked: set[int] = set()
        self.message: Text = Text()
        self.searching = False

    def compose(self) -> ComposeResult:
        """Search box, status line, table and preview, keys."""
        with Vertical(id="browse-main"):
            yield Input(
                self.query_text,
                placeholder="deck:PMP is:due prop:r<0.8 tag:exam::pmp::* …  (enter searches)",
                id="browse-query",
            )
            yield Static(id="browse-status")
            with Vertical(id="browse-body"):
                yield BrowseTable(id="browse-table")
                settings = self.services.settings
                media = self.services.imports.media_for_card
                images = ImageSource(settings.images, settings.media_dir, media)
                yield CardPreviewPane(id="browse-preview", images=images)
        yield KeyBar()

    def on_mount(self) -> None:
        """Columns, then the first search."""
        table = self.table
        table.show_sort(self.sort, self.descending)
        table.focus()
        self.run_search()

    # --- searching -----------------------------------------------------------------------

    @property
    def table(self) -> BrowseTable:
        """The cards table."""
        return self.query_one("#browse-table", BrowseTable)

    def current_id(self) -> int | None:
        """The highlighted card, if any."""
        table = self.table
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].id

    def run_search(self, *, page: int = 0, cursor: int | None = None) -> None:
        """Search again with the current query and sort; load pages up to ``page``."""
        self.searching = True
        self._status()
        self._search_worker(self.query_text, self.sort, self.descending, page, cursor)

    @work(thread=True, exclusive=True, group="browse-search")
    def _search_worker(
        self, query: str, sort: SortKey, descending: bool, page: int, cursor: int | None
    ) -> None:
        browser = self.services.browser
        try:
            result = browser.search(query, sort=sort, descending=descending)
            page = max(0, min(page, result.pages(PAGE_SIZE) - 1))
            rows = browser.rows(list(result.ids[: (page + 1) * PAGE_SIZE]))
        except PmStudyError as exc:
            self.post_message(Searched(None, [], 0, None, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(Searched(result, rows, page, cursor))

    @work(thread=True, exclusive=True, group="browse-search")
    def _page_worker(self, result: SearchResult, page: int) -> None:
        rows = self.services.browser.rows(result.page(page, PAGE_SIZE))
        if not get_current_worker().is_cancelled:
            self.post_message(Searched(result, rows, page, None, append=True))

    @on(Searched)
    def _searched(self, event: Searched) -> None:
        self.searching = False
        if event.result is None:
            self._say(event.error or "search failed", error=True)
            return
        if event.append:
            if event.result is not self.result or event.page != self.page + 1:
                return  # a page of an older search, or one already loaded
            self.page = event.page
            self.rows = [*self.rows, *event.rows]
            self.table.append(event.rows, self.marked)
            self._status()
            return
        self.result = event.result
        self.page = event.page
        self.rows = event.rows
        self.marked &= set(event.result.ids)
        self.table.show(self.rows, self.marked, event.cursor)
        if not self.rows:
            self._show_preview(None)
        self._status()

    @on(Input.Changed, "#browse-query")
    def _typed(self, event: Input.Changed) -> None:
        try:
            parse(event.value)
        except SearchError as exc:
            self.message = query_error(event.value, exc)
        else:
            self.message = Text()
        self._status()

    @on(Input.Submitted, "#browse-query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        try:
            parse(event.value)
        except SearchError:
            return  # the status line already shows where the query goes wrong
        self.marked.clear()
        self.table.focus()
        self.run_search()

    # --- the status line and the preview --------------------------------------------------

    def _say(self, message: str, *, error: bool = False) -> None:
        self.message = Text(message, "bold red" if error else "green")
        self._status()

    def _status(self) -> None:
        text = status_line(
            self.result,
            shown=len(self.rows),
            sort=self.sort,
            descending=self.descending,
            marked=len(self.marked),
            searching=self.searching,
            message=self.message,
        )
        self.query_one("#browse-status", Static).update(text)

    @on(DataTable.RowSelected, "#browse-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    @on(DataTable.RowHighlighted, "#browse-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        card_id = self.current_id()
        if card_id is not None:
            self._preview_worker(card_id)
        if event.cursor_row >= len(self.rows) - 1 - LOAD_AHEAD:
            self.action_load_more()

    @work(thread=True, exclusive=True, group="browse-preview")
    def _preview_worker(self, card_id: int) -> None:
        try:
            preview: CardPreview | None = self.services.browser.preview(card_id)
        except PmStudyError:
            preview = None
        if not get_current_worker().is_cancelled:
            self.post_message(Previewed(card_id, preview))

    @on(Previewed)
    def _previewed(self, event: Previewed) -> None:
        if event.card_id == self.current_id():
            self._show_preview(event.preview)

    def _show_preview(self, preview: CardPreview | None) -> None:
        self.query_one(CardPreviewPane).show(preview)

    def action_next_image(self) -> None:
        """Preview the card's next image (after the last: the first)."""
        if not self.query_one(CardPreviewPane).next_image():
            self.notify("This card has no other image.", timeout=2)

    # --- sorting and pages ---------------------------------------------------------------

    def _sort_by(self, sort: SortKey, descending: bool) -> None:
        self.sort = sort
        self.descending = descending
        self.table.show_sort(sort, descending)
        self.run_search(cursor=self.current_id())

    @on(DataTable.HeaderSelected, "#browse-table")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        sort = sort_of(event.column_key.value)
        if sort is None:
            return
        self._sort_by(sort, not self.descending if sort == self.sort else False)

    def action_sort(self) -> None:
        """Sort by the next column."""
        keys = [sort for _, _, sort, _ in COLUMNS if sort is not None]
        order = [SortKey.CREATED, *keys]
        self._sort_by(order[(order.index(self.sort) + 1) % len(order)], False)

    def action_reverse(self) -> None:
        """Reverse the order."""
        self._sort_by(self.sort, not self.descending)

    def action_load_more(self) -> None:
        """Load the next page of matches below the rows shown."""
        if len(self.rows) < len(self.result) and not self.searching:
            self._page_worker(self.result, self.page + 1)

    # --- marking ---------------------------------------------------------------------------

    def _redraw_marks(self) -> None:
        self.table.show_marks(self.rows, self.marked)
        self._status()

    def action_mark(self) -> None:
        """Mark or unmark the highlighted card, then move down."""
        card_id = self.current_id()
        if card_id is None:
            return
        self.marked ^= {card_id}
        self._redraw_marks()
        self.table.action_cursor_down()

    def action_mark_all(self) -> None:
        """Mark every match; if all are marked already, unmark them."""
        everything = set(self.result.ids)
        self.marked = set() if everything and self.marked == everything else everything
        self._redraw_marks()

    def targets(self) -> list[int]:
        """The marked cards in display order, else the highlighted card."""
        if self.marked:
            return [c for c in self.result.ids if c in self.marked]
        current = self.current_id()
        return [] if current is None else [current]

    # --- actions -------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#browse-query", Input).focus()

    def action_back(self) -> None:
        """From the search box back to the table; from the table, close the browser."""
        if self.focused is self.query_one("#browse-query", Input):
            self.table.focus()
        elif len(self.app.screen_stack) > 1:
            self.dismiss(None)

    def action_bulk_menu(self) -> None:
        """Choose a bulk action from a menu of them all."""

        def chosen(name: str | None) -> None:
            if name is not None:
                self.action_bulk(name)

        self.app.push_screen(BulkMenu(len(self.targets())), chosen)

    def action_bulk(self, name: str) -> None:
        """Run bulk action ``name`` on the marked (or highlighted) cards, asking first if
        the action needs a value or a confirmation."""
        action = BULK_ACTIONS[name]
        ids = self.targets()
        if not ids:
            self._say("no card to act on", error=True)
            return
        browser = self.services.browser

        def run(value: str) -> None:
            self._act_worker(lambda: action.run(browser, ids, value).message)

        action.ask(self.app, len(ids), run)

    @work(thread=True, exclusive=True, group="browse-act")
    def _act_worker(self, action: Callable[[], str]) -> None:
        try:
            message = action()
        except PmStudyError as exc:
            self.post_message(Acted(str(exc), error=True))
        else:
            self.post_message(Acted(message))

    @on(Acted)
    def _acted(self, event: Acted) -> None:
        self._say(event.message, error=event.error)
        if not event.error:
            self.run_search(page=self.page, cursor=self.current_id())

    def action_custom_study(self) -> None:
        """Custom study of the marked cards, else of every match (how many, order, preview)."""
        if self.marked:
            ids = tuple(c for c in self.result.ids if c in self.marked)
            choice = SourceChoice(f"The {len(ids)} marked card(s)", CustomSource.cards(ids))
        elif self.result.ids:
            query = self.result.query or "every card"
            choice = SourceChoice(
                f"The {len(self.result)} card(s) matching: {query}",
                CustomSource.search(self.result.query),
            )
        else:
            self._say("no card to study", error=True)
            return

        def chosen(request: CustomRequest | None) -> None:
            if request is not None:
                study_now(self, self.services, request)

        self.app.push_screen(CustomStudyDialog([choice]), chosen)

    def action_undo(self) -> None:
        """Take back the last bulk action."""
        browser = self.services.browser
        if not browser.can_undo:
            self._say("nothing to undo", error=True)
            return

        def undo() -> str:
            label = browser.undo()
            return f"undone: {label}" if label else "nothing to undo"

        self._act_worker(undo)

    def action_edit(self) -> None:
        """Edit the highlighted card's note."""
        card_id = self.current_id()
        if card_id is None:
            return
        try:
            draft = self.services.editor.draft(card_id)
        except PmStudyError as exc:
            self._say(str(exc), error=True)
            return
        self.app.push_screen(EditorScreen(self.services, draft), self._edited)

    def action_add(self) -> None:
        """Add a new note (in the highlighted card's deck)."""
        current = self.rows[self.table.cursor_row] if self.current_id() is not None else None
        deck = current.deck if current else "Default"
        self.app.push_screen(EditorScreen(self.services, deck=deck), self._edited)

    def _edited(self, result: SaveResult | None) -> None:
        if result is not None:
            self._say(result.message)
            self.run_search(page=self.page, cursor=self.current_id())
