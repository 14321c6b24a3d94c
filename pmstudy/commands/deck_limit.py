"""``pmstudy deck limit``: a deck's new cards for today only, over its plan's or preset's
number (Anki's "today only" limit)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.common import UsageError, make_services, print_json
from pmstudy.settings import Settings
from pmstudy.tui.screens.plan_day_text import limit_sentence

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers


def cmd_limit(settings: Settings, args: argparse.Namespace) -> int:
    """Set (or clear) a deck's new-card limit for today."""
    if args.new is None and not args.plan:
        raise UsageError("say --new N --today, or --plan to go back to the plan or the preset")
    if args.new is not None and not args.today:
        raise UsageError("--new N sets today's number only: add --today")
    if args.new is not None and args.new < 0:
        raise UsageError("--new: the number of new cards cannot be negative")
    with make_services(settings, sync_decks=False) as services:
        services.study.set_new_limit_today(args.name, None if args.plan else args.new)
        node = next(n for n in services.study.deck_tree() if n.name == args.name)
    if args.json:
        limit = node.new_limit
        print_json(
            {
                "deck": node.name,
                "new": node.counts.new,
                "new_limit": None if limit is None else limit.total,
                "new_from": None if limit is None else limit.source.value,
            }
        )
        return 0
    print(limit_sentence(node.title, node.new_limit, node.counts.new))
    return 0


def register(deck_sub: Subparsers) -> None:
    """Add ``deck limit``."""
    text = "set a deck's new cards for today only, over the exam plan's or the preset's number"
    limit = deck_sub.add_parser(
        "limit",
        help=text,
        description=text[0].upper() + text[1:] + ". The number lapses when the study day "
        "ends; --plan goes back now.",
    )
    limit.add_argument("name", help="the deck's full name")
    which = limit.add_mutually_exclusive_group()
    which.add_argument("--new", type=int, metavar="N", help="new cards today (with --today)")
    which.add_argument(
        "--plan", action="store_true", help="back to the exam plan's (or the preset's) number"
    )
    limit.add_argument("--today", action="store_true", help="for today only (as in Anki)")
    limit.add_argument("--json", action="store_true", help="print the deck's limit as JSON")
    limit.set_defaults(handler=cmd_limit)
