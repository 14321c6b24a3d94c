"""The break between two sections: its own countdown; the next section starts by itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Static

from pmstudy.domain.mock import Phase
from pmstudy.tui.screens.mock_text import break_text
from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.services.mock import MockRun


class BreakScreen(Screen[None]):
    """Counts the break down; closes when the next section starts (enter, or time)."""

    TICK_SECONDS: ClassVar[float] = 1.0

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next_section", "Start next section", tooltip="End the break now"),
    ]

    def __init__(self, run: MockRun) -> None:
        super().__init__()
        self.run = run
        self.sub_title = "Break"
        self._timer: Timer | None = None
        self._over = False

    def compose(self) -> ComposeResult:
        """The countdown and what comes next, centred."""
        yield Header()
        with Middle(id="break-body"), Center():
            yield Static(break_text(self.run.state), id="break-text")
        yield KeyBar(show_palette=False)

    def on_mount(self) -> None:
        """Start the break's clock."""
        self._timer = self.set_interval(self.TICK_SECONDS, self.tick)

    def tick(self) -> None:
        """Count down; when the break is over the next section starts and this screen closes."""
        self.run.tick()
        self._update()

    def _update(self) -> None:
        if self._over:
            return
        if self.run.state.phase != Phase.BREAK:
            self._over = True
            if self._timer is not None:
                self._timer.stop()
            self.dismiss()
            return
        self.query_one("#break-text", Static).update(break_text(self.run.state))

    def action_next_section(self) -> None:
        """Start the next section now."""
        self.run.end_break()
        self._update()
