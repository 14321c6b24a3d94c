"""The one table style of the screens: a rule under bold column headers, no outer edge."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table


def headed_table(title: str | None = None, **options: Any) -> Table:
    """A table with bold headers and a rule under them; ``title`` (bold, left) above it.
    ``options`` go to ``rich.table.Table`` (``expand``, ``padding``, …)."""
    if title is not None:
        options.update(title=title, title_justify="left", title_style="bold")
    return Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", **options
    )
