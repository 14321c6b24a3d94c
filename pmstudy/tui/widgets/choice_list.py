"""A multiple-choice card's options as a lettered list the learner picks from."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from pmstudy.domain.cards import LETTERS, Choice


def option_text(choice: Choice, *, multi: bool, picked: bool) -> Text:
    """One option line: pick marker, letter, and the option's text (literal)."""
    style = "bold" if picked else ""
    text = Text()
    if multi:
        text.append("[x] " if picked else "[ ] ", style)
    else:
        text.append("▸ " if picked else "  ", style)
    text.append(f"{choice.letter}. ", "bold")
    text.append(choice.text, style)
    return text


def option_row(choice: Choice, *, multi: bool, picked: bool) -> Table:
    """``option_text`` laid out so that a long option's wrapped lines stay under its text,
    not under its letter."""
    line = option_text(choice, multi=multi, picked=picked)
    head = len(line.plain) - len(choice.text)
    row = Table.grid(padding=0, expand=True)
    row.add_column(width=head, no_wrap=True)
    row.add_column(ratio=1)
    row.add_row(line[:head], line[head:])
    return row


class ChoiceOption(Static):
    """One clickable option slot (A to F); empty slots are hidden."""

    def __init__(self, letter: str) -> None:
        super().__init__(id=f"choice-{letter.lower()}", classes="choice")
        self.letter = letter
        self.choice: Choice | None = None


class ChoiceList(Vertical):
    """Lettered options; the screen toggles picks, a click reports ``Toggled``."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        margin: 1 0 0 0;
    }
    ChoiceList .choice {
        padding: 0 1;
        margin: 0 0 0 0;
    }
    ChoiceList .choice.-picked {
        background: $boost;
    }
    ChoiceList .choice:hover {
        background: $boost;
    }
    """

    class Toggled(Message):
        """An option was clicked."""

        def __init__(self, letter: str) -> None:
            self.letter = letter
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._choices: tuple[Choice, ...] = ()
        self._picks: frozenset[str] = frozenset()

    @property
    def multi(self) -> bool:
        """Whether more than one option is correct (picks toggle instead of replace)."""
        return sum(c.correct for c in self._choices) > 1

    def compose(self) -> ComposeResult:
        """A slot per possible letter."""
        for letter in LETTERS:
            yield ChoiceOption(letter)

    def load(self, choices: Sequence[Choice]) -> None:
        """Show ``choices``, none picked, answers hidden."""
        self._choices = tuple(choices)
        by_letter = {choice.letter: choice for choice in self._choices}
        for option in self.query(ChoiceOption):
            option.choice = by_letter.get(option.letter)
            option.display = option.choice is not None
        self.display = bool(self._choices)
        self.show(frozenset())

    def show(self, picks: frozenset[str]) -> None:
        """Mark ``picks`` as chosen."""
        self._picks = picks
        self._paint()

    def _paint(self) -> None:
        for option in self.query(ChoiceOption):
            if option.choice is None:
                continue
            picked = option.letter in self._picks
            option.set_class(picked, "-picked")
            option.update(option_row(option.choice, multi=self.multi, picked=picked))

    def on_click(self, event: events.Click) -> None:
        """Report which option was clicked."""
        widget = event.widget
        if isinstance(widget, ChoiceOption) and widget.choice is not None:
            self.post_message(self.Toggled(widget.letter))
