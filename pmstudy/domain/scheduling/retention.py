"""The desired retention of a card: its deck's own (Anki 25.09), else its preset's.

A deck may set its own desired retention (``decks.desired_retention``; None: the preset's). As
in Anki, the value belongs to the card's own deck only: a sub-deck does not inherit its parent's
(Anki reads ``effective_desired_retention`` of the card's home deck, and copies the value to
sub-decks only when the options are saved to them). Every path that schedules or simulates a
card asks here: live answers, reschedule, the plan and exam mode see the same number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from pmstudy.domain.model import Preset

LOWEST, HIGHEST = 0.5, 0.99


def check_retention(value: float) -> float:
    """``value`` if it is a desired retention pmstudy accepts (0.50-0.99), else ValueError."""
    if not LOWEST <= value <= HIGHEST:
        raise ValueError(f"desired retention must lie between {LOWEST:.2f} and {HIGHEST:.2f}")
    return value


def parse_retention(text: str) -> float | None:
    """A deck's retention as typed: blank means the preset's (None); else 0.50-0.99."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"desired retention must be a number, not {text!r}") from None
    return check_retention(value)


def card_preset(preset: Preset, deck_retention: float | None) -> Preset:
    """The options a card is scheduled with: its deck's preset, with the deck's own desired
    retention in place of the preset's when the deck has one.

    The result keeps the preset's id and name: it is for scheduling, never to be saved.
    """
    if deck_retention is None or deck_retention == preset.desired_retention:
        return preset
    return replace(preset, desired_retention=deck_retention)


def deck_presets(
    preset_of_deck: Mapping[int, Preset], retention_of_deck: Mapping[int, float | None]
) -> tuple[list[Preset], dict[int, int]]:
    """The distinct options the decks' cards are scheduled with, and each deck's index into
    them (for the vectorised paths, whose cards carry a preset index)."""
    presets: list[Preset] = []
    where: dict[Preset, int] = {}
    index: dict[int, int] = {}
    for deck_id, preset in preset_of_deck.items():
        effective = card_preset(preset, retention_of_deck.get(deck_id))
        if effective not in where:
            where[effective] = len(presets)
            presets.append(effective)
        index[deck_id] = where[effective]
    return presets, index
