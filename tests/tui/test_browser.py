"""The card browser screen, driven by Pilot in a tiny host app."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, OptionList, Static

from pmstudy.services.container import Services
from pmstudy.tui.screens import browser as browser_module
from pmstudy.tui.screens.browser import BrowserScreen
from pmstudy.tui.screens.bulk_actions import BULK_ACTIONS, BulkMenu
from pmstudy.tui.screens.dialogs import ConfirmScreen, PromptScreen
from pmstudy.tui.screens.editor import EditorScreen
from pmstudy.tui.widgets.key_bar import KeyBar

SIZE = (130, 36)


class Host(App[None]):
    """Pushes one screen at start."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and their messages land."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def browser_of(pilot: Pilot[Any]) -> BrowserScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BrowserScreen)
    return screen


def plain(widget: Static) -> str:
    """The text a Static shows (Textual renders it as Content)."""
    rendered = widget.render()
    return str(getattr(rendered, "plain", rendered))


def status(pilot: Pilot[Any]) -> str:
    return plain(browser_of(pilot).query_one("#browse-status", Static))


def table_ids(pilot: Pilot[Any]) -> list[int]:
    table = browser_of(pilot).query_one(DataTable)
    return [int(str(key.value)) for key in table.rows]


async def search(pilot: Pilot[Any], query: str) -> None:
    box = browser_of(pilot).query_one("#browse-query", Input)
    box.value = query
    box.focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_opens_with_every_card_and_a_preview(services: Services) -> None:
    total = len(services.browser.search(""))
    async with Host(BrowserScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(pilot).startswith(f"{total} cards  sorted by created")
        assert table_ids(pilot) == list(services.browser.search("").ids)
        front = plain(browser_of(pilot).query_one("#preview-front", Static))
        first = services.browser.rows(table_ids(pilot)[:1])[0]
        assert front.startswith(first.front[:20])


async def test_search_filters_and_bad_queries_show_where(services: Services) -> None:
    async with Host(BrowserScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deck:Sample::Choice")
        assert table_ids(pilot) == list(services.browser.search("deck:Sample::Choice").ids)
        assert status(pilot).startswith("1 card ")
        box = browser_of(pilot).query_one("#browse-query", Input)
        box.value = "deck:Sample is:wrong"
        box.focus()
        await pilot.pause()
        assert "is: takes one of" in status(pilot)
        assert "at character 16" in status(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert len(table_ids(pilot)) == 1  # the last good search stays on screen


async def test_card_text_is_shown_literally(services: Services) -> None:
    async with Host(BrowserScreen(services, "deck:Sample::Markup")).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = browser_of(pilot)
        table = screen.query_one(DataTable)
        front_cell = table.get_row_at(0)[1]
        assert isinstance(front_cell, Text)
        assert "[bold red]this[/]" in front_cell.plain
        assert "[@click=app.quit]Click[/]" in plain(screen.query_one("#preview-front", Static))
        back = plain(screen.query_one("#preview-back", Static))
        assert "\x1b" not in back
        assert "[b]markup[/b]" in back


async def test_sorting_by_header_and_keys(services: Services) -> None:
    async with Host(BrowserScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = browser_of(pilot)
        table = screen.query_one(DataTable)
        table.post_message(
            DataTable.HeaderSelected(table, table.columns["deck"].key, 2, label=Text("Deck"))
        )
        await settle(pilot)
        assert "sorted by deck ▲" in status(pilot)
        assert table_ids(pilot) == list(services.browser.search("", sort=screen.sort).ids)
        await pilot.press("O")
        await settle(pilot)
        assert "sorted by deck ▼" in status(pilot)
        assert table_ids(pilot) == list(
            services.browser.search("", sort=screen.sort, descending=True).ids
        )
        await pilot.press("o")
        await settle(pilot)
        assert "sorted by state ▲" in status(pilot)


async def test_mark_suspend_and_undo(services: Services) -> None:
    async with Host(BrowserScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = table_ids(pilot)
        await pilot.press("space", "space")
        assert "2 marked" in status(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert "suspend: 2 cards" in status(pilot)
        assert sorted(services.browser.search("is:suspended").ids) == sorted(ids[:2])
        await pilot.press("u")
        await settle(pilot)
        assert "undone: suspend" in status(pilot)
        assert services.browser.search("is:suspended").ids == ()
        await pilot.press("u")
        await settle(pilot)
        assert "nothing to undo" in status(pilot)


async def test_mark_all_and_tag_through_the_prompt(services: Services) -> None:
    async with Host(BrowserScreen(services, "deck:Sample::Basics")).run_test(size=SIZE) as pilot:
        await settle(pilot)
        count = len(table_ids(pilot))
        await pilot.press("a")
        assert f"{count} marked" in status(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PromptScreen)
        await pilot.press(*"weak", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowserScreen)
        assert sorted(services.browser.search("tag:weak").ids) == sorted(table_ids(pilot))
        await pilot.press("a")
        assert "marked" not in status(pilot)


async def test_flag_prompt_refuses_bad_values(services: Services) -> None:
    async with Host(BrowserScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptScreen)
        await pilot.press("9", "enter")
        await pilot.pause()
        assert "0 (none) to 7" in plain(prompt.query_one("#prompt-error", Static))
        await pilot.press("backspace", "3", "enter")
        await settle(pilot)
        assert len(services.browser.search("flag:3")) == 1


async def test_delete_asks_first_and_undo_restores(services: Services) -> None:
    async with Host(BrowserScreen(services, "deck:Sample::Choice")).run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = len(services.browser.search(""))
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(services.browser.search("")) == before
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert "delete: 1 card (1 note)" in status(pilot)
        assert len(services.browser.search("")) == before - 1
        assert table_ids(pilot) == []
        await pilot.press("u")
        await settle(pilot)
        assert len(services.browser.search("")) == before
        assert len(table_ids(pilot)) == 1


async def test_more_rows_load_as_the_cursor_nears_the_end(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: results came in pages of 100 only, with no sign that there were more."""
    monkeypatch.setattr(browser_module, "PAGE_SIZE", 2)
    monkeypatch.setattr(browser_module, "LOAD_AHEAD", 0)
    everything = list(services.browser.search("").ids)
    total = len(everything)
    assert total > 4
    async with Host(BrowserScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(pilot).startswith(f"2 of {total} cards")
        assert table_ids(pilot) == everything[:2]
        await pilot.press("down")  # the last row loaded: the next page comes
        await settle(pilot)
        assert table_ids(pilot) == everything[:4]
        assert status(pilot).startswith(f"4 of {total} cards")
        assert browser_of(pilot).query_one(DataTable).cursor_row == 1
        await pilot.press("right_square_bracket")  # or ] loads it
        await settle(pilot)
        assert table_ids(pilot) == everything[:6]
        for _ in range(total):
            await pilot.press("down")
            await settle(pilot)
        assert table_ids(pilot) == everything
        assert status(pilot).startswith(f"{total} cards")


async def test_a_bulk_action_keeps_the_rows_loaded(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser_module, "PAGE_SIZE", 2)
    monkeypatch.setattr(browser_module, "LOAD_AHEAD", 0)
    everything = list(services.browser.search("").ids)
    async with Host(BrowserScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("down", "b")  # bury the third card
        await settle(pilot)
        assert table_ids(pilot) == everything[:4]
        assert browser_of(pilot).current_id() == everything[2]


async def test_edit_from_the_browser(services: Services) -> None:
    async with Host(BrowserScreen(services, "deck:Sample::Basics")).run_test(size=SIZE) as pilot:
        await settle(pilot)
        card_id = table_ids(pilot)[0]
        await pilot.press("e")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.draft.note_id == services.library.card(card_id).note.id
        tags = editor.query_one("#editor-tags", Input)
        tags.value = "edited"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowserScreen)
        assert "note saved" in status(pilot)
        assert services.library.card(card_id).note.tags == ("edited",)


async def test_escape_leaves_the_search_box_then_the_browser(services: Services) -> None:
    async with Host(BrowserScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, Input)
        await pilot.press("escape")
        assert isinstance(pilot.app.focused, DataTable)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, BrowserScreen)


async def test_enter_on_a_row_opens_the_editor(services: Services) -> None:
    async with Host(BrowserScreen(services)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EditorScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowserScreen)


async def test_the_bulk_menu_lists_every_bulk_action(services: Services) -> None:
    """Issue 21: ten bulk keys were never shown; one key (.) opens a menu of them all."""
    async with Host(BrowserScreen(services, "deck:Sample::Basics")).run_test(size=SIZE) as pilot:
        await settle(pilot)
        card_id = table_ids(pilot)[0]
        footer = str(browser_of(pilot).query_one(KeyBar).render())
        assert ". Bulk…" in footer
        await pilot.press("full_stop")
        menu = pilot.app.screen
        assert isinstance(menu, BulkMenu)
        options = menu.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == list(
            BULK_ACTIONS
        )
        await pilot.press("down", "down", "enter")  # the third: bury
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowserScreen)
        assert services.library.card(card_id).buried_until is not None
        await pilot.press("full_stop", "f")  # an action's own key chooses it in the menu
        await pilot.pause()
        assert isinstance(pilot.app.screen, PromptScreen)


@pytest.mark.parametrize("key", ["f", "delete", "n", "d", "m"])
async def test_bulk_prompts_fit_at_80_columns(services: Services, key: str) -> None:
    """Issue 21: the flag and delete prompts were cut at the dialog's edge."""
    async with Host(BrowserScreen(services)).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        dialog = pilot.app.screen.query_one(".dialog-title", Label)
        lines = str(dialog.render()).splitlines()
        assert all(len(line) <= dialog.content_region.width for line in lines), lines


@pytest.mark.parametrize("width", [80, 120])
async def test_every_column_fits(services: Services, width: int) -> None:
    """Issue 21: the columns after Deck were cut at 120 columns."""
    async with Host(BrowserScreen(services)).run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        table = browser_of(pilot).query_one(DataTable)
        used = sum(column.get_render_width(table) for column in table.columns.values())
        assert used <= table.content_region.width
        assert table.columns["front"].width > table.columns["deck"].width  # type: ignore[index]
