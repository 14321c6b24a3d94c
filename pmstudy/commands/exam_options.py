"""``pmstudy exam edit``: an exam goal's options (the final pass, the plan's hold on today's
new cards)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.common import UsageError, make_services, print_json
from pmstudy.settings import Settings
from pmstudy.tui.screens.plan_day_text import options_text

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers


def cmd_edit(settings: Settings, args: argparse.Namespace) -> int:
    """Change an exam goal's options."""
    if args.final_pass is None and not args.no_final_pass and args.plan_limit is None:
        raise UsageError(
            "name an option to change: --final-pass N, --no-final-pass, "
            "--plan-limit or --no-plan-limit"
        )
    with make_services(settings, sync_decks=False) as services:
        goal = services.exams.find(args.exam)
        final = goal.final_pass_days
        if args.no_final_pass:
            final = None
        elif args.final_pass is not None:
            final = args.final_pass
        plan = goal.plan_sets_new if args.plan_limit is None else args.plan_limit
        moved = services.exams.set_options(goal.id, final_pass_days=final, plan_sets_new=plan)
        goal = services.exams.goal(goal.id)
    if args.json:
        print_json(
            {
                "id": goal.id,
                "final_pass_days": goal.final_pass_days,
                "plan_sets_new": goal.plan_sets_new,
                "reviews_moved": moved,
            }
        )
        return 0
    extra = f"; {moved} review(s) moved into the final pass" if moved else ""
    print(f"exam {goal.id} ({goal.profile_id}): {options_text(goal)}{extra}")
    return 0


def add_option_arguments(parser: argparse.ArgumentParser) -> None:
    """``--final-pass N`` and ``--no-plan-limit``, as ``exam add`` takes them."""
    parser.add_argument(
        "--final-pass",
        type=int,
        metavar="N",
        help="see every card at least once in the last N days before the exam (N fits in the "
        "buffer)",
    )
    parser.add_argument(
        "--no-plan-limit",
        dest="plan_limit",
        action="store_false",
        help="the decks' presets set today's new cards, not the plan",
    )


def register(exam_sub: Subparsers) -> None:
    """Add ``exam edit`` to the ``exam`` subcommands."""
    text = "change an exam's options: its final pass, the plan's hold on today's new cards"
    edit = exam_sub.add_parser("edit", help=text, description=text[0].upper() + text[1:] + ".")
    edit.add_argument("exam", help="the exam's id, or its profile id (see 'exam list')")
    final = edit.add_mutually_exclusive_group()
    final.add_argument(
        "--final-pass",
        type=int,
        metavar="N",
        help="see every card at least once in the last N days before the exam",
    )
    final.add_argument("--no-final-pass", action="store_true", help="switch the final pass off")
    plan = edit.add_mutually_exclusive_group()
    plan.add_argument(
        "--plan-limit",
        dest="plan_limit",
        action="store_true",
        default=None,
        help="the plan's number is today's new-card limit of the exam's decks (the default)",
    )
    plan.add_argument(
        "--no-plan-limit",
        dest="plan_limit",
        action="store_false",
        help="the decks' presets set today's new cards; the plan only advises",
    )
    edit.add_argument("--json", action="store_true", help="print the exam's options as JSON")
    edit.set_defaults(handler=cmd_edit)
