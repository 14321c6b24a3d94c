"""``pmstudy custom``: the cards a custom study would take, in its order (studied in the app).

Studying needs the review screen, so the command line lists: which cards, in which order, and
what the options left out, as a table or ``--json`` for scripts.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.browse import print_rows
from pmstudy.commands.common import UsageError, make_services, print_json
from pmstudy.domain.custom import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    CustomChoice,
    CustomOptions,
    CustomOrder,
    CustomSource,
)
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.services.container import Services


def _limit(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be 1 to {MAX_LIMIT}, not {value}")
    return value


def _source(services: Services, args: argparse.Namespace) -> CustomSource:
    """The source the options name (an exam part needs an exam: --exam, else the next one)."""
    if args.search is not None or args.flagged:
        if args.exam:
            raise UsageError("--exam goes with --domain, --task or --weakest")
        return CustomSource.flagged() if args.flagged else CustomSource.search(args.search)
    goal_id = services.exams.find(args.exam).id if args.exam else None
    if args.weakest is not None:
        return CustomSource.weakest(goal_id, args.weakest)
    if args.task is not None:
        domain, sep, task = args.task.partition("::")
        if not sep or not domain or not task:
            raise UsageError(f"--task takes DOMAIN::TASK, not {args.task!r}")
        return CustomSource.exam_part(goal_id, domain, task)
    return CustomSource.exam_part(goal_id, args.domain)


def left_out(choice: CustomChoice) -> list[str]:
    """What the options left out, each with the option that takes it in."""
    parts = []
    if choice.new_left_out:
        parts.append(f"{choice.new_left_out} new (--new)")
    if choice.suspended_left_out:
        parts.append(f"{choice.suspended_left_out} suspended (--suspended)")
    if choice.buried_left_out:
        parts.append(f"{choice.buried_left_out} buried (--buried)")
    if choice.over_limit:
        parts.append(f"{choice.over_limit} over the limit (--limit)")
    return parts


def cmd_custom(settings: Settings, args: argparse.Namespace) -> int:
    """List the cards a custom study would take, in order."""
    if args.search is not None:
        from pmstudy.domain.search import parse

        parse(args.search)  # a bad query fails here, before the database is opened
    options = CustomOptions(
        limit=args.limit,
        order=CustomOrder(args.order),
        new=args.new,
        suspended=args.suspended,
        buried=args.buried,
        seed=args.seed,
    )
    with make_services(settings, sync_decks=False) as services:
        choice = services.custom_study.choose(_source(services, args), options)
        rows = services.browser.rows(choice.card_ids)
    if args.json:
        print_json(
            {
                "cards": [row.as_json() for row in rows],
                "found": choice.found,
                "left_out": {
                    "new": choice.new_left_out,
                    "suspended": choice.suspended_left_out,
                    "buried": choice.buried_left_out,
                    "over_limit": choice.over_limit,
                },
                "order": options.order.value,
                "limit": options.limit,
            }
        )
        return 0
    if rows:
        print_rows(rows)
    count = len(rows)
    line = f"{count} card{'s' if count != 1 else ''} to study, of {choice.found} found"
    parts = left_out(choice)
    print(line + (f"; left out: {', '.join(parts)}" if parts else "") + ".")
    if rows:
        print("Study them in the app: 'c' in the browser or on the dashboard (Custom study…).")
    return 0


def register(sub: Subparsers) -> None:
    """Add the ``custom`` subcommand."""
    custom = sub.add_parser(
        "custom",
        help="list the cards a custom study would take (a search, a domain, the weakest tasks)",
        description=(
            "List the cards a custom study takes, in its order; study them in the app, where "
            "their decks stay as they are. New, suspended and buried cards are left out "
            "unless asked for."
        ),
    )
    source = custom.add_mutually_exclusive_group(required=True)
    source.add_argument("--search", metavar="QUERY", help="the cards a browser search finds")
    source.add_argument("--flagged", action="store_true", help="the flagged cards")
    source.add_argument("--domain", metavar="DOMAIN", help="an exam domain's cards (its id)")
    source.add_argument("--task", metavar="DOMAIN::TASK", help="one task's cards")
    source.add_argument(
        "--weakest",
        type=_limit,
        nargs="?",
        const=5,
        metavar="N",
        help="the cards of the exam's N weakest tasks (default 5)",
    )
    custom.add_argument(
        "--exam", help="exam id or profile id, for --domain, --task, --weakest (default: next)"
    )
    custom.add_argument(
        "--limit", type=_limit, default=DEFAULT_LIMIT, help=f"at most N cards ({DEFAULT_LIMIT})"
    )
    custom.add_argument(
        "--order",
        default=CustomOrder.DUE.value,
        choices=[o.value for o in CustomOrder],
        help="due first (default), random, lowest retrievability first, or in order added",
    )
    custom.add_argument("--seed", type=int, help="the random order's seed (default: today's)")
    custom.add_argument("--new", action="store_true", help="include new cards")
    custom.add_argument("--suspended", action="store_true", help="include suspended cards")
    custom.add_argument("--buried", action="store_true", help="include buried cards")
    custom.add_argument("--json", action="store_true", help="print as JSON")
    custom.set_defaults(handler=cmd_custom)
