"""``pmstudy exam link`` and ``exam unlink``: which decks an exam's readiness counts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.common import make_services, print_json
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers


def cmd_link(settings: Settings, args: argparse.Namespace) -> int:
    """Link decks to an exam, or take them off it."""
    with make_services(settings, sync_decks=False) as services:
        goal = services.exams.find(args.exam)
        change = services.exams.link if args.link else services.exams.unlink
        goal = change(goal.id, args.decks)
    if args.json:
        print_json({"id": goal.id, "profile": goal.profile_id, "decks": list(goal.deck_names)})
        return 0
    print(f"exam {goal.id} ({goal.profile_id}) links {', '.join(map(repr, goal.deck_names))}")
    return 0


def register(exam_sub: Subparsers) -> None:
    """Add ``exam link`` and ``exam unlink`` to the ``exam`` subcommands."""
    for name, link, text in (
        ("link", True, "link decks to an exam: their cards count for its readiness and plan"),
        ("unlink", False, "take decks off an exam (their cards keep their schedule)"),
    ):
        parser = exam_sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        parser.add_argument("exam", help="the exam's id, or its profile id (see 'exam list')")
        parser.add_argument("decks", nargs="+", metavar="DECK", help="full deck names")
        parser.add_argument("--json", action="store_true", help="print the exam's decks as JSON")
        parser.set_defaults(handler=cmd_link, link=link)
