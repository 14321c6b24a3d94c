"""A card's images drawn in the terminal with half-block cells (textual-image), one at a time.

Decoding happens in a thread worker (``pmstudy.io.images`` checks the file first); Pillow and
textual-image are imported there, on the first image, never on the way to the first frame.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from pmstudy.domain.cards import MediaFile, one_line
from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    from textual_image.widget import HalfcellImage

    from pmstudy.io.images import DecodedImage

ImageMode = Literal["inline", "external", "off"]

# textual-image draws a cell as two pixels, one above the other; it takes a cell to be 10 × 20
# pixels when it does not ask the terminal (see ``half_block_image``).
CELL_WIDTH, CELL_HEIGHT = 10, 20


@dataclass(frozen=True)
class ImageSource:
    """Where a card's images come from and how they show (the ``images`` setting)."""

    mode: ImageMode
    media_dir: Path
    files: Callable[[int], list[MediaFile]]  # a card's media files, by card id


_import_lock = threading.Lock()


def half_block_image() -> type[HalfcellImage]:
    """textual-image's half-block widget class, imported without asking the terminal.

    On import, textual-image asks a terminal whether it draws sixel or kitty graphics and how
    large a cell is, by writing a query and reading the reply from stdin. Once Textual runs,
    Textual's input thread reads that reply instead and turns it into key presses ("6", "2",
    "4"...: ratings); the library's author says detection must happen before the app starts
    (lnqs/textual-image issue 55). Half-block cells work on every terminal, so the import
    runs with a stdout that is no terminal: nothing is asked, nothing is read.
    """
    with _import_lock:
        if "textual_image.widget" not in sys.modules:
            real = sys.__stdout__
            setattr(sys, "__stdout__", io.StringIO())  # noqa: B010 (sys.__stdout__ is Final)
            try:
                import textual_image.widget  # noqa: F401
            finally:
                setattr(sys, "__stdout__", real)  # noqa: B010
        from textual_image.widget import HalfcellImage
    return HalfcellImage


def fit_cells(width: int, height: int, max_columns: int, max_rows: int) -> tuple[int, int]:
    """Columns and rows an image of ``width`` × ``height`` pixels takes, never more than its
    own size in cells, shrunk (keeping its shape) to fit ``max_columns`` × ``max_rows``."""
    columns, rows = width / CELL_WIDTH, height / CELL_HEIGHT
    scale = min(1.0, max_columns / max(columns, 1e-9), max_rows / max(rows, 1e-9))
    return max(1, round(columns * scale)), max(1, round(rows * scale))


def problem_line(name: str, problem: str) -> Text:
    """The one line shown instead of an image that is not drawn."""
    text = Text("image ", "dim")
    text.append(one_line(name), "dim bold")
    text.append(f": {problem}", "dim")
    return text


class CardImages(Vertical):
    """One image of a card at a time (``next_image`` moves on), or one line saying why not."""

    DEFAULT_CSS = """
    CardImages { height: auto; margin: 1 0 0 0; }
    CardImages #images-caption { height: auto; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, share: int = 3) -> None:
        super().__init__(id=id)
        self.share = share  # an image takes at most this part of the screen's height
        self.source: ImageSource | None = None
        self.card_id: int | None = None
        self.names: list[str] = []
        self.index = 0
        self.decoded: dict[str, DecodedImage] = {}
        self._drawn: Widget | None = None

    def compose(self) -> ComposeResult:
        """A caption line; the image is mounted under it once decoded."""
        yield Static(id="images-caption")

    @property
    def image_widget(self) -> Widget | None:
        """The widget drawing the image on screen (None: none drawn)."""
        return self._drawn

    def show(self, source: ImageSource | None, card_id: int | None, names: list[str]) -> None:
        """Show the first of ``names`` (images of card ``card_id``), or nothing."""
        if card_id != self.card_id:
            self.decoded = {}
        self.source, self.card_id, self.index = source, card_id, 0
        self.names = names if source is not None and source.mode == "inline" else []
        self.display = bool(self.names) and card_id is not None
        self._clear()
        if self.display:
            self._load()

    def next_image(self) -> bool:
        """Move on to the next image (the first after the last); False when there is no other."""
        if len(self.names) < 2:
            return False
        self.index = (self.index + 1) % len(self.names)
        self._load()
        return True

    def _clear(self) -> None:
        if self._drawn is not None:
            self._drawn.remove()
            self._drawn = None

    def _caption(self, extra: Text | None = None) -> None:
        text = Text()
        if len(self.names) > 1:
            text.append(f"image {self.index + 1}/{len(self.names)}", "bold")
            text.append("  i: next image", "dim")
        if extra is not None:
            if text:
                text.append("\n")
            text.append_text(extra)
        caption = self.query_one("#images-caption", Static)
        caption.display = bool(text)
        caption.update(text)

    def _load(self) -> None:
        name = self.names[self.index]
        if name in self.decoded:
            self._draw(self.decoded[name], None)
            return
        self._caption()
        source, card_id = self.source, self.card_id
        if source is None or card_id is None:
            return
        self.run_worker(
            partial(self._decode, source, card_id, name, self.index),
            thread=True,
            exclusive=True,
            group="card-images",
        )

    def _decode(self, source: ImageSource, card_id: int, name: str, index: int) -> None:
        """In a worker thread: find, check and decode the image, then draw it."""
        from pmstudy.io.images import DecodedImage, decode_image

        try:
            stored = {m.name.strip(): m.path for m in source.files(card_id)}
            decoded = decode_image(name, stored.get(name), source.media_dir)
        except PmStudyError as exc:
            decoded = DecodedImage(name, problem=f"cannot be read ({exc})")
        widget_class = half_block_image() if decoded.image is not None else None
        self.app.call_from_thread(self._decoded, card_id, index, decoded, widget_class)

    def _decoded(
        self,
        card_id: int,
        index: int,
        decoded: DecodedImage,
        widget_class: type[HalfcellImage] | None,
    ) -> None:
        if card_id != self.card_id or index != self.index or not self.names:
            return  # another card or image is wanted by now
        self.decoded[decoded.name] = decoded
        self._draw(decoded, widget_class)

    def _draw(self, decoded: DecodedImage, widget_class: type[HalfcellImage] | None) -> None:
        self._clear()
        image = decoded.image
        if image is None:
            self._caption(problem_line(decoded.name, decoded.problem or "cannot be read"))
            return
        self._caption()
        columns, rows = fit_cells(*image.size, *self._room())
        drawn = (widget_class or half_block_image())(image)
        drawn.styles.width, drawn.styles.height = columns, rows
        self._drawn = drawn
        self.mount(drawn)

    def _room(self) -> tuple[int, int]:
        """Columns and rows an image may take: the width here, a ``share`` of the screen's
        height (a third keeps the card's text in view at 80 × 24)."""
        columns = self.content_size.width or max(20, self.app.size.width - 8)
        return columns, max(4, self.app.size.height // self.share)
