"""The dashboard's ``k`` dialog: the study calendar's specific dates (breaks and easy days) and
the load balancer switch.

Dates are listed with their load; ``a`` adds dates (one date or a range, and a load), ``d``
removes the highlighted one, ``u`` takes the last change back, ``b`` turns the balancer on or
off. Easy weekdays belong to a preset: the deck options (``o``) set them. The writes are the
calendar service's (``CalendarPort``); this module only asks and shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.calendar_text import load_name, parse_dates, parse_load
from pmstudy.tui.screens.dialogs import DIALOG_CSS, PromptScreen

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from pmstudy.services.calendar import CalendarChange
    from pmstudy.tui.ports import CalendarPort

HINT = "a add  d remove  u undo  b balancer on/off  esc close"
ADD_PROMPT = (
    "Dates and their load: DATE or FIRST..LAST, then normal, reduced,\n"
    "break (no reviews) or a number from 0 to 1"
)


def parse_entry(value: str) -> tuple[list[dt.date], float]:
    """``DATE[..DATE] LOAD``; ValueError with one readable sentence."""
    parts = value.split()
    if len(parts) != 2:
        raise ValueError(
            "write the dates, a space, and the load, e.g. 2026-12-24..2026-12-26 break"
        )
    return parse_dates(parts[0]), parse_load(parts[1])


def _check_entry(value: str) -> str | None:
    try:
        parse_entry(value)
    except ValueError as error:
        return str(error)
    return None


class CalendarScreen(ModalScreen[None]):
    """Specific dates with their loads, and the load balancer switch."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="CalendarScreen")
        + """
    CalendarScreen > Vertical { width: 64; }
    CalendarScreen DataTable { height: auto; max-height: 12; margin: 0 0 1 0; }
    CalendarScreen .calendar-line { height: auto; }
    CalendarScreen #calendar-hint { color: $text-muted; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add dates", tooltip="Give dates a load (a break, an easy day)"),
        Binding("d,delete", "remove", "Remove", tooltip="Remove the highlighted date's load"),
        Binding("u", "undo", "Undo", tooltip="Take back the last change"),
        Binding("b", "balancer", "Balancer", tooltip="Turn the load balancer on or off"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, port: CalendarPort) -> None:
        super().__init__()
        self.port = port
        self._changes: list[CalendarChange] = []

    def compose(self) -> ComposeResult:
        """Title, the balancer line, the dates, a note on weekdays, the keys."""
        with Vertical():
            yield Label(Text("Calendar: breaks and easy days"), classes="dialog-title")
            yield Static("", id="calendar-balancer", classes="calendar-line")
            table: DataTable[Text] = DataTable(id="calendar-dates", cursor_type="row")
            table.add_columns("Date", "Day", "Load")
            yield table
            yield Static("", id="calendar-empty", classes="calendar-line")
            yield Static(
                Text("Easy weekdays: deck options (o) of the deck's preset."),
                classes="calendar-line",
            )
            yield Static(Text(HINT), id="calendar-hint", classes="calendar-line")

    def on_mount(self) -> None:
        """Fill the list; the table has the focus."""
        self._fill()
        self.query_one(DataTable).focus()

    def _fill(self) -> None:
        calendar = self.port.calendar()
        today = self.port.today()
        on = self.port.balancing()
        self.query_one("#calendar-balancer", Static).update(
            Text(
                "Load balancer: on (reviews spread over their fuzz range)"
                if on
                else "Load balancer: off (intervals fuzzed only)"
            )
        )
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear()
        for day, load in calendar.dates_in(today, max(calendar.dates, default=today)):
            table.add_row(
                Text(day.isoformat()),
                Text(day.strftime("%a")),
                Text(load_name(load)),
                key=day.isoformat(),
            )
        empty = self.query_one("#calendar-empty", Static)
        empty.update(Text("No dates from today on. a adds one."))
        empty.display = not table.row_count

    def action_add(self) -> None:
        """Ask for dates and a load; write them."""
        self.app.push_screen(
            PromptScreen(
                ADD_PROMPT, placeholder="2026-12-24..2026-12-26 break", check=_check_entry
            ),
            self._added,
        )

    def _added(self, value: str | None) -> None:
        if not value:
            return
        days, load = parse_entry(value)
        self._apply(lambda: self.port.set_days(days, load))

    def action_remove(self) -> None:
        """Remove the highlighted date's load (u takes it back)."""
        table: DataTable[Text] = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is None:
            return
        day = dt.date.fromisoformat(key)
        self._apply(lambda: self.port.clear_days([day]))

    def action_undo(self) -> None:
        """Take the last change back."""
        if not self._changes:
            self.notify("Nothing to undo", markup=False)
            return
        change = self._changes.pop()
        self.port.restore(change)
        self._fill()
        self.notify(f"Undone: {len(change.days)} day(s) as before", markup=False)

    def action_balancer(self) -> None:
        """Turn the load balancer on or off."""
        self.port.set_balancing(not self.port.balancing())
        self._fill()

    def _apply(self, change: Callable[[], CalendarChange]) -> None:
        try:
            made = change()
        except PmStudyError as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return
        self._changes.append(made)
        self._fill()
        if made.load is None:
            self.notify(f"Removed {len(made.days)} date(s) (u undoes it)", markup=False)
        else:
            self.notify(
                f"{len(made.days)} day(s): {load_name(made.load)} (u undoes it)", markup=False
            )

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
