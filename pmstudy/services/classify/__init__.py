"""Classifying an imported deck onto an exam's blueprint: the training data (``training``), its
leave-one-deck-out evaluation (``evaluation``), and the use case the command and the screen call
(``service``: suggestions per note, applying the chosen tags, undo)."""

from __future__ import annotations

from pmstudy.services.classify.service import (
    Applied,
    Classification,
    ClassifyCounts,
    ClassifyService,
    NoteSuggestion,
    UndoOutcome,
    UndoStep,
)
from pmstudy.services.classify.training import BundledDeck, BundledNote, bundled_decks, examples_for

__all__ = [
    "Applied",
    "BundledDeck",
    "BundledNote",
    "Classification",
    "ClassifyCounts",
    "ClassifyService",
    "NoteSuggestion",
    "UndoOutcome",
    "UndoStep",
    "bundled_decks",
    "examples_for",
]
