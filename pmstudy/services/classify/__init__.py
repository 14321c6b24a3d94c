"""Classifying an imported deck onto an exam's blueprint: the training data (``training``) and
its leave-one-deck-out evaluation (``evaluation``)."""

from __future__ import annotations

from pmstudy.services.classify.training import BundledDeck, BundledNote, bundled_decks, examples_for

__all__ = ["BundledDeck", "BundledNote", "bundled_decks", "examples_for"]
