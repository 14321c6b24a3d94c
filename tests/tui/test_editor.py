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


def html_note(services: Services) -> int:
    """A basic note of Sample::Basics turned into an imported HTML note; returns a card id."""
    from sqlalchemy import update

    from pmstudy.db.models import NoteRow, NoteTypeRow

    card_id = services.browser.search("deck:Sample::Basics").ids[0]
    note = services.library.card(card_id).note
    fields = dict(note.fields)
    fields["Front"] = "<b>Scope</b> &mdash; what<br>is in"
    fields["Back"] = "The <i>work</i> &amp; its limits"
    with services.db.write() as uow:
        type_id = uow.session.get(NoteRow, note.id).note_type_id  # type: ignore[union-attr]
        uow.session.execute(update(NoteTypeRow).where(NoteTypeRow.id == type_id).values(html=True))
        uow.session.execute(update(NoteRow).where(NoteRow.id == note.id).values(fields=fields))
    return card_id


async def test_html_fields_show_as_text_and_keep_their_html_unless_changed(
    services: Services,
) -> None:
    """Issue 21: imported notes showed raw HTML; saving untouched fields keeps the HTML."""
    card_id = html_note(services)
    draft = services.editor.draft(card_id)
    assert draft.html
    async with Host(EditorScreen(services, draft)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        front, back = areas(pilot)[:2]
        assert front.text == "Scope — what\nis in"
        assert back.text == "The work & its limits"
        await pilot.press("ctrl+s")
        await pilot.pause()
    fields = services.library.card(card_id).note.fields
    assert fields["Front"] == "<b>Scope</b> &mdash; what<br>is in"
    assert fields["Back"] == "The <i>work</i> &amp; its limits"


async def test_an_edited_html_field_is_stored_as_escaped_text(services: Services) -> None:
    card_id = html_note(services)
    draft = services.editor.draft(card_id)
    async with Host(EditorScreen(services, draft)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        areas(pilot)[1].text = "Work & limits\n<all> of it"
        await pilot.press("ctrl+s")
        await pilot.pause()
    fields = services.library.card(card_id).note.fields
    assert fields["Front"] == "<b>Scope</b> &mdash; what<br>is in"  # untouched: kept
    assert fields["Back"] == "Work &amp; limits<br>&lt;all&gt; of it"
