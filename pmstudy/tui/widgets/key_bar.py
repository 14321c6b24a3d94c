"""A one-line footer of the keys that work now, redrawn as a single ``Text``.

Textual's ``Footer`` rebuilds a widget per key whenever the bindings change, which happens on
every card turned; that doubled the time an answer took to show. This bar draws the same
hints (groups such as ``1234 Rate``, disabled keys dimmed) as one line of text.

When the line is wider than the terminal (80 columns), hints are left out rather than cut at
the edge: first the palette's (``^p`` is listed in ``?`` help), then the ones the screen names
as ``optional``, in its order. ``? Help`` always stays: it lists every key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

PALETTE = "command_palette"
# Keys Textual cannot turn back into their character (so a focused text box that types "-" is
# not seen to take the key, and its hint would show while typing).
CHARACTERS = {"minus": "-"}


@dataclass
class _Hint:
    """One hint: its keys, its label, whether any of its keys works now."""

    keys: list[str]
    label: str
    enabled: bool

    @property
    def key_text(self) -> str:
        compact = len(self.keys) > 1 and all(len(k) == 1 for k in self.keys)
        return ("" if compact else " ").join(self.keys)


def _hints(
    active: Iterable[ActiveBinding],
    key_display: Callable[[Binding], str],
    typed: Callable[[str], bool],
) -> dict[str, _Hint]:
    """The shown bindings as hints, by action (a group by ``group:<label>``)."""
    hints: dict[str, _Hint] = {}
    for _, binding, enabled, _tooltip in active:
        if not binding.show or typed(binding.key):
            continue
        label = binding.group.description if binding.group else binding.description
        title = f"group:{label}" if binding.group else binding.action
        hint = hints.setdefault(title, _Hint([], label, enabled))
        key = key_display(binding)
        # a group lists all its keys; one action bound to several keys shows the first
        if (binding.group or not hint.keys) and key not in hint.keys:
            hint.keys.append(key)
        hint.enabled = hint.enabled or enabled
    return hints


def key_bar_text(
    active: Iterable[ActiveBinding],
    key_display: Callable[[Binding], str],
    *,
    key_style: str = "bold",
    palette_key: str | None = None,
    width: int | None = None,
    optional: Sequence[str] = (),
    typed: Callable[[str], bool] | None = None,
) -> Text:
    """`` space Show answer  1234 Rate  u Undo`` from the shown, active bindings.

    With ``width``, the palette hint and then the ``optional`` actions' hints are left out
    until the line fits (a group is named ``group:<label>``). A key that ``typed`` says the
    focused widget takes as text has no hint.
    """
    hints = _hints(active, key_display, typed or (lambda _key: False))
    if palette_key:
        hints[PALETTE] = _Hint([palette_key], "palette", True)
    text = _line(hints, key_style)
    for title in (PALETTE, *optional):
        if not width or text.cell_len <= width:
            break
        if hints.pop(title, None) is not None:
            text = _line(hints, key_style)
    return text


def _line(hints: dict[str, _Hint], key_style: str) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for title, hint in hints.items():
        text.append(" ")
        text.append(hint.key_text, key_style if hint.enabled else "dim")
        if title == PALETTE:
            text.append(f" {hint.label}")
        else:
            text.append(f" {hint.label} ", "" if hint.enabled else "dim")
    return text


class KeyBar(Static):
    """The keys of the screen it is on, redrawn whenever its bindings change."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 100%;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(
        self, *, show_palette: bool = True, optional: Sequence[str] = (), id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.show_palette = show_palette
        self.optional = tuple(optional)

    def on_mount(self) -> None:
        """Follow the screen's bindings, and the dialogs opened over it."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        self._redraw()

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the hints to the new width."""
        self._redraw()

    def _keys_of(self) -> Screen[Any]:
        """The screen whose keys work now: a dialog open over this bar's screen (a modal
        screen leaves the bar in sight below it, and its own keys are the ones that work),
        else the bar's own screen."""
        top = self.app.screen
        above = top is not self.screen and self.screen in self.app.screen_stack
        return top if above and isinstance(top, ModalScreen) else self.screen

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """Redraw when this bar's screen comes back or a dialog opens over it; a screen
        that hides it (not a dialog) changes nothing here."""
        if screen is self.screen:
            self._redraw()
        elif self._keys_of() is screen and self.is_attached:
            screen.bindings_updated_signal.unsubscribe(self)  # once, however often it is on top
            screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
            self._redraw()

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is self._keys_of():
            self._redraw()

    def _redraw(self) -> None:
        app = self.app
        colour = app.theme_variables.get("footer-key-foreground", "")
        palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "palette")
        self.update(
            key_bar_text(
                self._keys_of().active_bindings.values(),
                app.get_key_display,
                key_style=f"bold {colour}".strip(),
                palette_key=app.get_key_display(palette) if self.show_palette else None,
                width=self.size.width or None,
                optional=self.optional,
                typed=self._typed,
            )
        )

    def _typed(self, key: str) -> bool:
        """Whether the focused widget takes ``key`` as text (an input box and "-")."""
        focused = self._keys_of().focused
        character = key_to_character(key) or CHARACTERS.get(key)
        return focused is not None and focused.check_consume_key(key, character)
