"""The note editor screen: add notes of several types, switch type, refuse bad notes."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select, Static, TextArea

from pmstudy.domain.cards import SaveResult
from pmstudy.domain.model import NoteKind
from pmstudy.services.container import Services
from pmstudy.tui.screens.editor import EditorScreen

SIZE = (110, 40)


class Host(App[None]):
    """Pushes the editor at start and keeps what it returns."""

    def __init__(self, screen: Screen[SaveResult | None]) -> None:
        super().__init__()
        self._first = screen
        self.results: list[SaveResult | None] = []

    def on_mount(self) -> None:
        self.push_screen(self._first, self.results.append)


def editor_of(pilot: Pilot[Any]) -> EditorScreen:
    screen = pilot.app.screen
    assert isinstance(screen, EditorScreen)
    return screen


def areas(pilot: Pilot[Any]) -> list[TextArea]:
    return list(editor_of(pilot).query("#editor-fields TextArea").results(TextArea))


def message(pilot: Pilot[Any]) -> str:
    rendered = editor_of(pilot).query_one("#editor-message", Static).render()
    return str(getattr(rendered, "plain", rendered))


async def test_add_basic_notes_one_after_another(services: Services) -> None:
    before = len(services.browser.search(""))
    host = Host(EditorScreen(services, deck="Typed::Here"))
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fields = areas(pilot)
        assert len(fields) == 3  # Front, Back, Extra
        fields[0].text = "What is a [bold]risk[/]?"
        fields[1].text = "An uncertain event"
        editor_of(pilot).query_one("#editor-tags", Input).value = "risk exam::pmp::process"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert message(pilot) == "note added: 1 card(s) added"
        assert [a.text for a in areas(pilot)] == ["", "", ""]  # ready for the next note
        areas(pilot)[0].text = "Second"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert len(services.browser.search("")) == before + 2
    (row,) = services.browser.rows(services.browser.search("risk").ids)
    assert row.front == "What is a [bold]risk[/]?"
    assert row.deck == "Typed::Here"
    assert row.tags == ("risk", "exam::pmp::process")
    assert host.results[-1] is not None
    assert host.results[-1].added


async def test_switching_type_keeps_typed_text(services: Services) -> None:
    async with Host(EditorScreen(services)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        areas(pilot)[0].text = "The {{c1::PMO}} helps"
        editor_of(pilot).query_one("#editor-kind", Select).value = NoteKind.CLOZE
        await pilot.pause()
        await pilot.pause()
        fields = areas(pilot)
        assert len(fields) == 2  # Text, Extra
        assert fields[0].text == "The {{c1::PMO}} helps"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert message(pilot) == "note added: 1 card(s) added"


async def test_multiple_choice_options_one_per_line(services: Services) -> None:
    async with Host(EditorScreen(services, kind=NoteKind.MULTIPLE_CHOICE)).run_test(
        size=SIZE
    ) as pilot:
        await pilot.pause()
        stem, options, _ = areas(pilot)
        stem.text = "Who orders the backlog?"
        options.text = "* The Product Owner | accountable\nThe Developers"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert message(pilot) == "note added: 1 card(s) added"
    (card_id,) = services.browser.search('"who orders the backlog"').ids
    preview = services.browser.preview(card_id)
    assert [c.text for c in preview.rendered.choices] == ["The Product Owner", "The Developers"]


async def test_a_bad_note_is_refused_in_place(services: Services) -> None:
    before = len(services.browser.search(""))
    async with Host(EditorScreen(services, kind=NoteKind.CLOZE)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        areas(pilot)[0].text = "no deletion"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "at least one deletion" in message(pilot)
        assert isinstance(pilot.app.screen, EditorScreen)
    assert len(services.browser.search("")) == before


async def test_edit_keeps_the_type_fixed_and_closes_on_save(services: Services) -> None:
    card_id = services.browser.search("deck:Sample::Basics").ids[0]
    memory = services.library.card(card_id).memory
    draft = services.editor.draft(card_id)
    host = Host(EditorScreen(services, draft))
    async with host.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert editor_of(pilot).query_one("#editor-kind", Select).disabled
        areas(pilot)[0].text = "Edited front"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, EditorScreen)
    result = host.results[-1]
    assert result is not None
    assert not result.added
    card = services.library.card(card_id)
    assert card.memory == memory
    assert next(iter(card.note.fields.values())) == "Edited front"
