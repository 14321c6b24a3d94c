"""``pmstudy profiles``: the learner profiles in the data directory."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.common import print_json
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers

DEFAULT_LABEL = "(default)"


def cmd_profiles(settings: Settings, args: argparse.Namespace) -> int:
    """List the profiles with their card count and last answer day."""
    from pmstudy.services.profiles import list_profiles

    profiles = list_profiles(settings)
    if args.json:
        print_json(
            [
                {
                    "name": p.name,
                    "default": p.name is None,
                    "current": p.current,
                    "cards": p.cards,
                    "last_answer": p.last_answer,
                }
                for p in profiles
            ]
        )
        return 0
    width = max(len("Profile"), *(len(p.name or DEFAULT_LABEL) for p in profiles))
    print(f"  {'Profile':<{width}}  {'Cards':>6}  Last answer")
    for p in profiles:
        mark = "*" if p.current else " "
        cards = "new" if p.cards is None else str(p.cards)
        print(f"{mark} {p.name or DEFAULT_LABEL:<{width}}  {cards:>6}  {p.last_answer or '-'}")
    return 0


def register(sub: Subparsers) -> None:
    """Add ``profiles``."""
    profiles = sub.add_parser(
        "profiles", help="learner profiles here: cards and last answer (* = in use)"
    )
    profiles.add_argument("--json", action="store_true", help="print as JSON")
    profiles.set_defaults(handler=cmd_profiles)
