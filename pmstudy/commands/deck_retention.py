"""``pmstudy deck retention NAME [R | --preset]``: a deck's own desired retention (Anki 25.09)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.common import make_services, print_json
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.services.tuning import DeckRetention


def retention_json(found: DeckRetention) -> dict[str, object]:
    """A deck's retention for ``--json`` output (``own`` null: the preset's)."""
    return {
        "deck": found.deck,
        "desired_retention": found.own,
        "preset": found.preset,
        "preset_retention": found.preset_retention,
        "retention": found.effective,
    }


def retention_line(found: DeckRetention) -> str:
    """A deck's retention in one sentence."""
    preset = f"preset {found.preset!r}: {found.preset_retention:.2f}"
    if found.own is None:
        return f"{found.deck}: desired retention {found.effective:.2f} (its {preset})"
    return f"{found.deck}: desired retention {found.own:.2f}, its own ({preset})"


def _value(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise PmStudyError(f"desired retention must be a number, not {text!r}") from None


def cmd_retention(settings: Settings, args: argparse.Namespace) -> int:
    """Show, set or clear a deck's own desired retention."""
    if args.value is not None and args.preset:
        raise PmStudyError("give a retention or --preset, not both")
    with make_services(settings, sync_decks=False) as services:
        presets = services.presets
        if args.preset:
            found = presets.set_deck_retention(args.name, None)
        elif args.value is not None:
            found = presets.set_deck_retention(args.name, _value(args.value))
        else:
            found = presets.deck_retention(args.name)
    if args.json:
        print_json(retention_json(found))
    else:
        print(retention_line(found))
        if args.preset or args.value is not None:
            print(f"  cards already scheduled move with: pmstudy reschedule --deck {found.deck!r}")
    return 0


def register(deck_sub: Subparsers) -> None:
    """Add ``deck retention``."""
    parser = deck_sub.add_parser(
        "retention",
        help="a deck's own desired retention (blank: show it)",
        description="Show or set the desired retention of one deck's cards, in place of its "
        "preset's (as Anki 25.09's 'this deck' value). It applies to the cards of that deck "
        "only: a sub-deck follows its own value or its own preset. --preset goes back to the "
        "preset's. Live answers, reschedule and the exam plan use it.",
    )
    parser.add_argument("name", help="the deck's full name, e.g. 'PMP::People'")
    parser.add_argument("value", nargs="?", help="0.50-0.99")
    parser.add_argument(
        "--preset", action="store_true", help="clear the deck's own value: use the preset's"
    )
    parser.add_argument("--json", action="store_true", help="print as JSON")
    parser.set_defaults(handler=cmd_retention)
