"""``pmstudy deck delete`` (or ``remove``), ``deck rename`` and ``deck move``: a deck of the
collection."""

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
    from pmstudy.services.deck_edits import DeckRemoval


def _what(removal: DeckRemoval) -> str:
    decks = removal.decks
    named = repr(decks[0]) + (f" and its {len(decks) - 1} sub-deck(s)" if len(decks) > 1 else "")
    return (
        f"{named}: {removal.cards} card(s), {removal.notes} note(s) used only there, "
        f"{removal.reviews} review(s) of history"
    )


def exam_lines(removal: DeckRemoval) -> list[str]:
    """What a removal does to the exams counting its cards, a sentence each."""
    lines = []
    for exam in removal.exams:
        if exam.via is None:
            lines.append(f"exam {exam.goal_id} ({exam.profile_id}) loses its link to it")
        else:
            lines.append(
                f"exam {exam.goal_id} ({exam.profile_id}) counts its cards through "
                f"{exam.via!r}: they leave its readiness"
            )
    return lines


def _confirmed(verb: str) -> bool:
    if not sys.stdin.isatty():
        raise PmStudyError(f"nothing {verb}d: add --yes to {verb} the deck without asking")
    try:
        answer = input(f"{verb.capitalize()} it? This cannot be undone. [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}


def cmd_delete(settings: Settings, args: argparse.Namespace) -> int:
    """Delete a deck with its cards, the notes only used there and their review history."""
    verb = args.verb
    with make_services(settings, sync_decks=False) as services:
        if not args.yes:
            removal = services.deck_edits.removal(args.name)
            print(f"will {verb} " + _what(removal))
            for line in exam_lines(removal):
                print("  " + line)
            if not _confirmed(verb):
                print(f"nothing {verb}d")
                return 1
        removal = services.deck_edits.remove(args.name)
    if args.json:
        print_json(
            {
                "decks": list(removal.decks),
                "cards": removal.cards,
                "notes": removal.notes,
                "reviews": removal.reviews,
                "exams": [
                    {"id": e.goal_id, "profile": e.profile_id, "unlinked": e.via is None}
                    for e in removal.exams
                ],
            }
        )
        return 0
    print(f"{verb}d " + _what(removal))
    for line in exam_lines(removal):
        print("  " + line)
    return 0


def cmd_rename(settings: Settings, args: argparse.Namespace) -> int:
    """Rename a deck; its sub-decks follow."""
    with make_services(settings, sync_decks=False) as services:
        count = services.deck_edits.rename(args.old, args.new)
    extra = f" (and {count - 1} sub-deck(s))" if count > 1 else ""
    print(f"renamed {args.old!r} to {deck_name(args.new)!r}{extra}")
    return 0


def cmd_move(settings: Settings, args: argparse.Namespace) -> int:
    """Move a deck under another one, or to the top level; its sub-decks follow."""
    with make_services(settings, sync_decks=False) as services:
        new, count = services.deck_edits.move(args.name, None if args.top else args.under)
    if args.json:
        print_json({"deck": args.name, "now": new, "decks": count})
        return 0
    extra = f" (and {count - 1} sub-deck(s))" if count > 1 else ""
    print(f"moved {args.name!r} to {new!r}{extra}")
    return 0


def register(deck_sub: Subparsers) -> None:
    """Add ``deck delete`` (and ``remove``), ``deck rename`` and ``deck move``."""
    for verb, text in (
        ("delete", "delete a deck with its cards, notes only used there and their history"),
        ("remove", "the same as 'deck delete'"),
    ):
        delete = deck_sub.add_parser(
            verb,
            help=text,
            description="Delete a deck and its sub-decks with their cards, the notes with no "
            "card elsewhere, and those cards' review history; exams lose their link to it. "
            "Says what will go and asks first. The Default deck cannot be deleted, nor the "
            "last deck of an exam.",
        )
        delete.add_argument("name", help="full deck name, e.g. 'PMP::People'")
        delete.add_argument("--yes", action="store_true", help="do not ask")
        delete.add_argument("--json", action="store_true", help="print what went as JSON")
        delete.set_defaults(handler=cmd_delete, verb=verb)
    rename = deck_sub.add_parser("rename", help="rename a deck (its sub-decks follow)")
    rename.add_argument("old", help="the deck's full name")
    rename.add_argument("new", help="its new full name ('A::B' puts it under A)")
    rename.set_defaults(handler=cmd_rename)
    move = deck_sub.add_parser(
        "move",
        help="move a deck under another deck or to the top level (its sub-decks follow)",
        description="Move a deck, with its sub-decks, cards and history, under another deck "
        "(--under) or to the top level (--top). It keeps its own name.",
    )
    move.add_argument("name", help="the deck's full name")
    where = move.add_mutually_exclusive_group(required=True)
    where.add_argument("--under", metavar="PARENT", help="the deck to move it under (full name)")
    where.add_argument("--top", action="store_true", help="move it to the top level")
    move.add_argument("--json", action="store_true", help="print the new name as JSON")
    move.set_defaults(handler=cmd_move)
    from pmstudy.commands import deck_limit

    deck_limit.register(deck_sub)
