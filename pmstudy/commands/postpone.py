"""Postpone, advance, break: move review cards' due dates by hand (each step undoable)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.common import UsageError, day_argument, make_services, print_json
from pmstudy.settings import Settings
from pmstudy.tui.screens.postpone_text import breaks_lines, move_lines, undo_line

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.services.container import Services
    from pmstudy.services.tuning import MoveReport, MoveScope


def _scope(services: Services, args: argparse.Namespace) -> MoveScope:
    from pmstudy.services.tuning import MoveScope

    if args.search is not None:
        from pmstudy.domain.search import SearchError

        try:
            found = services.browser.search(args.search)
        except SearchError as error:
            raise UsageError(f"--search: {error}") from None
        return MoveScope(card_ids=found.ids)
    return MoveScope(deck=args.deck)


def _print(report: MoveReport, args: argparse.Namespace, undo: str) -> None:
    if args.json:
        print_json(report.as_dict())
        return
    print("\n".join(move_lines(report)))
    if report.applied:
        print(f"undo with: {undo}")
    elif args.dry_run and report.plan.moved:
        print("nothing written (dry run)")


def _undo(services: Services, kind: str, args: argparse.Namespace) -> int:
    from pmstudy.domain.scheduling import MoveKind

    undone = services.postponer.undo(MoveKind(kind))
    if args.json:
        print_json(undone.as_dict())
    else:
        print(undo_line(undone))
    return 0


def _no_scope_with_undo(args: argparse.Namespace, name: str) -> None:
    if args.undo and (args.deck or args.search is not None or args.dry_run):
        raise UsageError(f"--undo takes no other option (see 'pmstudy {name} --help')")


def cmd_postpone(settings: Settings, args: argparse.Namespace) -> int:
    """Postpone due cards, least loss first, within the safeguard; or undo the last postpone."""
    _no_scope_with_undo(args, "postpone")
    if args.undo and (args.cards or args.days):
        raise UsageError("--undo takes no other option (see 'pmstudy postpone --help')")
    with make_services(settings, sync_decks=False) as services:
        if args.undo:
            return _undo(services, "postpone", args)
        report = services.postponer.postpone(
            _scope(services, args), count=args.cards, by_days=args.days, dry_run=args.dry_run
        )
    _print(report, args, "pmstudy postpone --undo")
    return 0


def cmd_advance(settings: Settings, args: argparse.Namespace) -> int:
    """Make cards due later due today, least loss first, within the safeguard; or undo."""
    _no_scope_with_undo(args, "advance")
    if args.undo and args.cards:
        raise UsageError("--undo takes no other option (see 'pmstudy advance --help')")
    with make_services(settings, sync_decks=False) as services:
        if args.undo:
            return _undo(services, "advance", args)
        report = services.postponer.advance(
            _scope(services, args), count=args.cards, dry_run=args.dry_run
        )
    _print(report, args, "pmstudy advance --undo")
    return 0


def cmd_break(settings: Settings, args: argparse.Namespace) -> int:
    """Schedule a break (dates without reviews; their cards move around them), list, undo."""
    _no_scope_with_undo(args, "break")
    given = args.start is not None
    if (args.undo or args.list) and given:
        raise UsageError("--undo and --list take no dates (see 'pmstudy break --help')")
    if args.undo and args.list:
        raise UsageError("--undo or --list, not both")
    if not (args.undo or args.list) and (args.start is None or args.end is None):
        raise UsageError("name the break's first and last day: pmstudy break START END")
    with make_services(settings, sync_decks=False) as services:
        if args.undo:
            return _undo(services, "break", args)
        if args.list:
            breaks = services.postponer.breaks()
            if args.json:
                print_json([{"first": a.isoformat(), "last": b.isoformat()} for a, b in breaks])
            else:
                print("\n".join(breaks_lines(breaks)))
            return 0
        report = services.postponer.schedule_break(
            _scope(services, args), args.start, args.end, dry_run=args.dry_run
        )
    _print(report, args, "pmstudy break --undo")
    return 0


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _common(parser: argparse.ArgumentParser, what: str) -> None:
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--deck", metavar="NAME", help="only this deck (and its sub-decks)")
    scope.add_argument("--search", metavar="QUERY", help="only the cards a browser search finds")
    parser.add_argument("--dry-run", action="store_true", help="preview only")
    parser.add_argument("--undo", action="store_true", help=f"take back the last {what}")
    parser.add_argument("--json", action="store_true", help="print as JSON")


def register(sub: Subparsers) -> None:
    """Add postpone, advance and break."""
    postpone = sub.add_parser(
        "postpone", help="postpone due cards, least loss first, within a safeguard (undoable)"
    )
    postpone.add_argument(
        "--cards", type=_count, metavar="N", help="at most N cards (default: all that may)"
    )
    postpone.add_argument(
        "--days", type=_count, metavar="N",
        help="move them N days (cut short by the safeguard; default: 5-10 %% of the interval)",
    )  # fmt: skip
    _common(postpone, "postpone")
    postpone.set_defaults(handler=cmd_postpone)

    advance = sub.add_parser(
        "advance", help="make cards due later due today, least loss first (undoable)"
    )
    advance.add_argument(
        "--cards", type=_count, metavar="N", help="at most N cards (default: all that may)"
    )
    _common(advance, "advance")
    advance.set_defaults(handler=cmd_advance)

    pause = sub.add_parser(
        "break", help="days without reviews: their cards move around them (undoable)"
    )
    pause.add_argument("start", nargs="?", type=day_argument, help="first day (YYYY-MM-DD)")
    pause.add_argument("end", nargs="?", type=day_argument, help="last day (YYYY-MM-DD)")
    pause.add_argument("--list", action="store_true", help="list the coming breaks")
    _common(pause, "break")
    pause.set_defaults(handler=cmd_break)
