"""A one-line footer of the keys that work now, redrawn as a single ``Text``.

Textual's ``Footer`` rebuilds a widget per key whenever the bindings change, which happens on
every card turned; that doubled the time an answer took to show. This bar draws the same
hints (groups such as ``1234 Rate``, disabled keys dimmed) as one line of text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widgets import Static


def key_bar_text(
    active: Iterable[ActiveBinding],
    key_display: Callable[[Binding], str],
    *,
    key_style: str = "bold",
    palette_key: str | None = None,
) -> Text:
    """`` space Show answer  1234 Rate  u Undo`` from the shown, active bindings."""
    entries: dict[str, tuple[list[str], str, bool]] = {}
    for _, binding, enabled, _tooltip in active:
        if not binding.show:
            continue
        label = binding.group.description if binding.group else binding.description
        title = f"group:{label}" if binding.group else binding.action
        keys, _, was_enabled = entries.setdefault(title, ([], label, enabled))
        key = key_display(binding)
        # a group lists all its keys; one action bound to several keys shows the first
        if (binding.group or not keys) and key not in keys:
            keys.append(key)
        entries[title] = (keys, label, was_enabled or enabled)
    text = Text(no_wrap=True, overflow="ellipsis")
    for keys, label, enabled in entries.values():
        separator = "" if len(keys) > 1 and all(len(k) == 1 for k in keys) else " "
        text.append(" ")
        text.append(separator.join(keys), key_style if enabled else "dim")
        text.append(f" {label} ", "" if enabled else "dim")
    if palette_key:
        text.append(" ")
        text.append(palette_key, key_style)
        text.append(" palette")
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

    def __init__(self, *, show_palette: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_palette = show_palette

    def on_mount(self) -> None:
        """Follow the screen's bindings."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._redraw()

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is self.screen:
            self._redraw()

    def _redraw(self) -> None:
        app = self.app
        colour = app.theme_variables.get("footer-key-foreground", "")
        palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "palette")
        self.update(
            key_bar_text(
                self.screen.active_bindings.values(),
                app.get_key_display,
                key_style=f"bold {colour}".strip(),
                palette_key=app.get_key_display(palette) if self.show_palette else None,
            )
        )
