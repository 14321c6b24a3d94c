"""The mock exam being taken: one item at a time, the exam clock, flags, the navigator.

Every key calls one method of the service's ``MockRun``, which commits the change before it
returns; a once-a-second tick charges the time and ends the mock when it is up. Only the item's
front and options are shown: its back waits for the review after the results.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from pmstudy.domain.cards import LETTERS
from pmstudy.domain.mock import EndReason, MockState, Phase
from pmstudy.errors import DatabaseUnavailableError, PmStudyError
from pmstudy.tui.screens.dialogs import ConfirmScreen
from pmstudy.tui.screens.mock_break import BreakScreen
from pmstudy.tui.screens.mock_navigator import NavigatorScreen, nav_rows
from pmstudy.tui.screens.mock_text import end_question, status_text
from pmstudy.tui.widgets.card_view import CardFace, CardView
from pmstudy.tui.widgets.choice_list import ChoiceList
from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.services.mock import MockRun
    from pmstudy.tui.mock_ports import MockServices

PICK_GROUP = Binding.Group("Pick", compact=True)
MOVE_GROUP = Binding.Group("Move", compact=True)
PICK_KEYS = LETTERS.lower()


def picked(response: str, letter: str, *, multi: bool) -> str:
    """The letters picked after pressing ``letter``: toggled among several when more than one
    option is right, else it replaces the pick (pressed again, it clears it)."""
    current = set(response.strip().upper())
    if multi:
        current ^= {letter}
    else:
        current = set() if current == {letter} else {letter}
    return "".join(sorted(current))


def paused_message() -> Text:
    """What replaces the item while the clock is paused (the item stays hidden)."""
    text = Text().append("Paused", "bold yellow")
    text.append("\n\nThe exam clock is stopped and the item is hidden.\n\n")
    text.append("space", "bold reverse")
    text.append(" continues")
    return text


def deleted_message() -> Text:
    """What shows for an item whose card was deleted since the mock began."""
    text = Text().append("This item's card was deleted", "bold yellow")
    text.append(" since the mock began; it counts as unanswered.\n\n")
    text.append("n", "bold reverse")
    text.append(" goes on to the next item")
    return text


class MockScreen(Screen[None]):
    """Take a mock: pick or type answers, flag, move around the section, end it."""

    TICK_SECONDS: ClassVar[float] = 1.0
    AUTO_FOCUS = "#mock-card"

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(k, f"pick('{k.upper()}')", f"Pick {k.upper()}", group=PICK_GROUP)
            for k in PICK_KEYS
        ),
        Binding("enter", "type_answer", "Type", tooltip="Type the answer (enter saves it)"),
        Binding(
            "escape",
            "done_typing",
            "Leave the box",
            tooltip="Leave the answer box (enter saves first)",
        ),
        Binding("n", "next", "Next", group=MOVE_GROUP, tooltip="Next item"),
        Binding("p", "previous", "Prev", group=MOVE_GROUP, tooltip="Previous item"),
        Binding("right", "next", "Next", show=False, tooltip="Next item"),
        Binding("left", "previous", "Prev", show=False, tooltip="Previous item"),
        Binding("f", "flag", "Flag", tooltip="Flag this item for review, or unflag it"),
        Binding("g", "navigator", "Go to", tooltip="The section's items: answered, flagged"),
        Binding("s", "end_section", "End section", tooltip="End this section"),
        Binding("s", "submit", "Submit", tooltip="Submit the mock and see the results"),
        Binding("P,space", "pause", "Pause", tooltip="Pause or restart the exam clock"),
        Binding("P,space", "no_pause", "No pause", tooltip="This exam cannot be paused"),
    ]

    def __init__(self, services: MockServices, run: MockRun) -> None:
        super().__init__()
        self.services = services
        self.run = run
        self.sub_title = run.format.title
        self._timer: Timer | None = None
        self._leaving = False

    def compose(self) -> ComposeResult:
        """The title and status line, the item, the keys."""
        yield Header()
        yield Static(id="mock-status")
        yield CardView(id="mock-card")
        # ^p is listed in the help (?): at 80 columns the footer has no room for it.
        yield KeyBar(show_palette=False)

    def on_mount(self) -> None:
        """Show the item, start the clock's tick; a resumed mock may be in its break."""
        self._timer = self.set_interval(self.TICK_SECONDS, self.tick)
        self._show_item()
        if self.run.finished:
            self.call_after_refresh(self._finished)
        elif self.run.state.phase == Phase.BREAK:
            self.call_after_refresh(self._start_break)

    @property
    def card_view(self) -> CardView:
        """The item widget."""
        return self.query_one(CardView)

    @property
    def state(self) -> MockState:
        """Where the mock stands."""
        return self.run.state

    # --- what is on screen ---------------------------------------------------------------

    def _show_status(self) -> None:
        self.query_one("#mock-status", Static).update(status_text(self.state))

    def _show_item(self) -> None:
        state, item, view = self.state, self.run.current, self.card_view
        self._show_status()
        self.refresh_bindings()
        if state.phase != Phase.SECTION:
            return
        if state.paused:
            view.show_message(paused_message())
        elif item.card is None or item.rendered is None:
            view.show_message(deleted_message())
        else:
            view.show_front(CardFace.of(item.card, item.rendered))
            response = state.items[state.position].response
            if item.picks_letters:
                view.choices.show(frozenset(response))
            else:
                view.typed_input.value = response
        if self.focused is not view:
            view.focus()

    def tick(self) -> None:
        """Charge the time (about once a second); ends the mock when it is up. The break
        screen drives the clock during a break."""
        if self._leaving or self.state.phase != Phase.SECTION:
            return
        before = self.state
        self.run.tick()
        self._after(before)

    def _after(self, before: MockState) -> None:
        """React to a change: the end, a break, another section or item, or only the clock."""
        state = self.state
        if state.phase == Phase.FINISHED:
            self._finished()
        elif state.phase == Phase.BREAK:
            self._start_break()
        elif (state.section, state.position, state.paused) != (
            before.section,
            before.position,
            before.paused,
        ):
            self._show_item()
        else:  # the same item: its picks may have changed, not its text (nor the scrolling)
            self._show_status()
            item, response = self.run.current, state.items[state.position].response
            if item.picks_letters and not state.paused:
                self.card_view.choices.show(frozenset(response))

    def _start_break(self) -> None:
        self.app.push_screen(BreakScreen(self.run), self._break_over)

    def _break_over(self, _: None) -> None:
        if self.run.finished:
            self._finished()
        else:
            self._show_item()

    def _finished(self) -> None:
        """Close what is open over this screen and show the results."""
        if self._leaving:
            return
        self._leaving = True
        if self._timer is not None:
            self._timer.stop()
        from pmstudy.tui.screens.mock_results import MockResultsScreen

        try:
            result = self.services.mocks.result(self.run.id)
        except PmStudyError as exc:
            self.notify(str(exc), title="No results", severity="error", markup=False)
            self.dismiss()
            return
        if self.state.ended == EndReason.TIME_UP:
            self.notify("Time is up: the mock was submitted as it stood.", markup=False)
        while self.app.screen is not self:
            self.app.pop_screen()
        self.app.switch_screen(MockResultsScreen(self.services, result))

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the item and the format allow now."""
        state, item = self.state, self.run.current
        answering = state.phase == Phase.SECTION and not state.paused
        if action == "pick":
            letters = (c.letter for c in item.rendered.choices) if item.rendered else ()
            return answering and item.picks_letters and str(parameters[0]) in letters
        if action == "type_answer":
            return answering and item.rendered is not None and not item.picks_letters
        if action == "done_typing":
            return isinstance(self.focused, Input)
        if action in ("next", "previous"):
            step = 1 if action == "next" else -1
            return True if state.position + step in state.visible() else None
        if action == "end_section":
            return not state.last_section
        if action == "submit":
            return state.last_section
        if action == "pause":
            return self.run.format.pause
        if action == "no_pause":
            return not self.run.format.pause
        return True

    @contextmanager
    def _kept(self) -> Iterator[None]:
        """A change the database cannot take now (busy, disk full) stays in the run, which
        writes every unsaved item with its next save: say so instead of ending the app."""
        try:
            yield
        except DatabaseUnavailableError as exc:
            self.app.clear_notifications()
            self.notify(
                f"{exc}. Your answer is kept and saved with your next change.",
                title="Not saved yet",
                severity="error",
                timeout=10,
                markup=False,
            )

    def action_pick(self, letter: str) -> None:
        """Pick an option (toggled when several are to be picked)."""
        item = self.run.current
        if not self.check_action("pick", (letter,)):
            return
        before = self.state
        response = before.items[before.position].response
        with self._kept():
            self.run.answer(picked(response, letter, multi=item.multi))
        self._after(before)

    def action_type_answer(self) -> None:
        """Put the cursor in the answer box."""
        if self.check_action("type_answer", ()):
            self.card_view.typed_input.focus()

    def action_done_typing(self) -> None:
        """Leave the answer box without saving what was typed since the last enter."""
        item_state = self.state.items[self.state.position]
        self.card_view.typed_input.value = item_state.response
        self.card_view.focus()

    @on(Input.Submitted, "#card-typed")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        before = self.state
        with self._kept():
            self.run.answer(event.value.strip())
        self.card_view.focus()
        self._after(before)

    @on(ChoiceList.Toggled)
    def _clicked(self, event: ChoiceList.Toggled) -> None:
        self.action_pick(event.letter)

    def _go(self, position: int) -> None:
        before = self.state
        with self._kept():
            self.run.go(position)
        self._after(before)

    def action_next(self) -> None:
        """The next item of the section."""
        if self.state.position + 1 in self.state.visible():
            self._go(self.state.position + 1)

    def action_previous(self) -> None:
        """The previous item of the section."""
        if self.state.position - 1 in self.state.visible():
            self._go(self.state.position - 1)

    def action_flag(self) -> None:
        """Flag the item for review, or unflag it."""
        before = self.state
        with self._kept():
            self.run.toggle_flag()
        self._after(before)

    def action_navigator(self) -> None:
        """The section's items with their status; enter jumps to one."""
        rows = nav_rows(self.run)
        self.app.push_screen(NavigatorScreen(rows, self.state.position), self._navigated)

    def _navigated(self, position: int | None) -> None:
        if position is not None and not self._leaving:
            self._go(position)

    def action_end_section(self) -> None:
        """End the section (after a yes): to its break or the next section."""
        self._confirm_end()

    def action_submit(self) -> None:
        """Submit the mock (after a yes) and show the results."""
        self._confirm_end()

    def _confirm_end(self) -> None:
        question, details = end_question(self.state)
        yes = "Submit" if self.state.last_section else "End section"

        def answered(yes_pressed: bool | None) -> None:
            if not yes_pressed or self._leaving:
                return
            before = self.state
            if self.state.last_section:
                self.run.submit()
            else:
                self.run.end_section()
            self._after(before)

        self.app.push_screen(ConfirmScreen(question, details=details, yes=yes), answered)

    def action_pause(self) -> None:
        """Stop the exam clock (the item is hidden), or restart it."""
        before = self.state
        self.run.set_paused(not before.paused)
        self._after(before)

    def action_no_pause(self) -> None:
        """Say why space does nothing here."""
        self.app.clear_notifications()
        self.notify("This exam cannot be paused, as on the real exam.", timeout=3, markup=False)
