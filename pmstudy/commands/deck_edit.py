"""``pmstudy deck remove`` and ``pmstudy deck rename``: a deck of the collection."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from pmstudy.commands.common import make_services, print_json
from pmstudy.domain.cards import deck_name
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.services.decks import DeckRemoval


def _what(removal: DeckRemoval) -> str:
    decks = removal.decks
    named = repr(decks[0]) + (f" and its {len(decks) - 1} sub-deck(s)" if len(decks) > 1 else "")
    return (
        f"{named}: {removal.cards} card(s), {removal.notes} note(s) used only there, "
        f"{removal.reviews} review(s) of history"
    )


def _confirmed() -> bool:
    if not sys.stdin.isatty():
        raise PmStudyError("nothing removed: add --yes to remove the deck without asking")
    try:
        answer = input("Remove it? This cannot be undone. [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}


def cmd_remove(settings: Settings, args: argparse.Namespace) -> int:
    """Remove a deck with its cards, the notes only used there and their review history."""
    with make_services(settings, sync_decks=False) as services:
        if not args.yes:
            print("will remove " + _what(services.decks.removal(args.name)))
            if not _confirmed():
                print("nothing removed")
                return 1
        removal = services.decks.remove(args.name)
    if args.json:
        print_json(
            {
                "decks": list(removal.decks),
                "cards": removal.cards,
                "notes": removal.notes,
                "reviews": removal.reviews,
            }
        )
        return 0
    print("removed " + _what(removal))
    return 0


def cmd_rename(settings: Settings, args: argparse.Namespace) -> int:
    """Rename a deck; its sub-decks follow."""
    with make_services(settings, sync_decks=False) as services:
        count = services.decks.rename(args.old, args.new)
    extra = f" (and {count - 1} sub-deck(s))" if count > 1 else ""
    print(f"renamed {args.old!r} to {deck_name(args.new)!r}{extra}")
    return 0


def register(deck_sub: Subparsers) -> None:
    """Add ``deck remove`` and ``deck rename`` to the ``deck`` subcommands."""
    remove = deck_sub.add_parser(
        "remove",
        help="remove a deck with its cards, notes only used there and their history",
        description="Remove a deck and its sub-decks with their cards, the notes with no card "
        "elsewhere, and those cards' review history. Says what will go and asks first. The "
        "Default deck cannot be removed.",
    )
    remove.add_argument("name", help="full deck name, e.g. 'PMP::People'")
    remove.add_argument("--yes", action="store_true", help="do not ask")
    remove.add_argument("--json", action="store_true", help="print what was removed as JSON")
    remove.set_defaults(handler=cmd_remove)
    rename = deck_sub.add_parser("rename", help="rename a deck (its sub-decks follow)")
    rename.add_argument("old", help="the deck's full name")
    rename.add_argument("new", help="its new full name ('A::B' puts it under A)")
    rename.set_defaults(handler=cmd_rename)
