"""Small modal dialogs: a one-line prompt and a yes/no confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

# Every dialog's look: ``DIALOG_CSS.format(name=<the screen class name>)``.
DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 70;
    max-width: 95%;
    height: auto;
    border: thick $primary;
    background: $surface;
    padding: 1 2;
}}
{name} .dialog-title {{ text-style: bold; margin: 0 0 1 0; }}
{name} .dialog-error {{ color: $error; height: auto; }}
{name} .dialog-buttons {{ height: auto; align-horizontal: right; margin: 1 0 0 0; }}
{name} .dialog-buttons Button {{ margin: 0 0 0 2; }}
"""


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; returns it, or None when cancelled.

    ``check`` returns an error message for a value that cannot be used (None when fine).
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="PromptScreen")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._check = check

    def compose(self) -> ComposeResult:
        """The question, an input line, an error line."""
        with Vertical():
            yield Label(Text(self._title), classes="dialog-title")
            yield Input(self._value, placeholder=self._placeholder, id="prompt-input")
            yield Static("", classes="dialog-error", id="prompt-error")

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        problem = self._check(value) if self._check else None
        if problem:
            self.query_one("#prompt-error", Static).update(Text(problem))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; returns True only for yes.

    ``details`` is shown under the question (e.g. a preview of what yes will do); ``yes`` and
    ``no`` label the buttons; ``danger`` colours yes as destructive. No has the focus.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(
        self,
        question: str,
        *,
        details: Text | None = None,
        yes: str = "Yes",
        no: str = "No",
        danger: bool = False,
    ) -> None:
        super().__init__()
        self._question = question
        self._details = details
        self._yes = yes
        self._no = no
        self._danger = danger

    def compose(self) -> ComposeResult:
        """The question, the details if any, and two buttons."""
        with Vertical():
            yield Label(Text(self._question), classes="dialog-title")
            if self._details is not None:
                yield Static(self._details, id="confirm-preview")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"{self._yes} (y)",
                    variant="error" if self._danger else "primary",
                    id="confirm-yes",
                )
                yield Button(f"{self._no} (n)", id="confirm-no")

    def on_mount(self) -> None:
        """No is the safe default."""
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
