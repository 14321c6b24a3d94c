"""Custom study: a search, an exam's domain or weakest tasks, or the flagged cards, studied now
without moving any card to another deck (Anki's filtered decks). ``choice`` picks and orders the
cards; ``queue`` is the session's queue over them (preview included).

Other packages import from here, not from the modules.
"""

from __future__ import annotations

from pmstudy.domain.custom.choice import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Candidate,
    CustomChoice,
    CustomOptions,
    CustomOrder,
    CustomSource,
    SourceKind,
    choose,
)
from pmstudy.domain.custom.queue import PREVIEW_DELAYS, CustomQueue

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "PREVIEW_DELAYS",
    "Candidate",
    "CustomChoice",
    "CustomOptions",
    "CustomOrder",
    "CustomQueue",
    "CustomSource",
    "SourceKind",
    "choose",
]
