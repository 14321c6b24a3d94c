"""``pmstudy history export|merge``: one learner on two machines without a shared server."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pmstudy.commands.common import make_services, print_json
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers


MISSING_SHOWN = 5
"""Deck names a merge's summary line names at most."""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    """Write this profile's history file."""
    with make_services(settings, sync_decks=False) as services:
        done = services.history.export(args.output, force=args.force)
    if args.json:
        print_json({"file": str(done.path), "cards": done.cards, "reviews": done.reviews})
        return 0
    learner = f" (profile {settings.profile})" if settings.profile else ""
    print(
        f"{done.path}: {_plural(done.cards, 'answered card')}, "
        f"{_plural(done.reviews, 'review')}{learner}"
    )
    return 0


def cmd_merge(settings: Settings, args: argparse.Namespace) -> int:
    """Join another machine's history file to this profile's."""
    path: Path = args.path
    if not path.is_file():
        raise PmStudyError(f"{path}: no such file")
    with make_services(settings) as services:
        merged = services.history.merge(path, dry_run=args.dry_run)
    if args.json:
        print_json(merged.as_dict())
        return 0
    head = "dry run, nothing written: " if merged.dry_run else ""
    print(
        f"{head}{path}: {_plural(merged.cards_in_file, 'card')}; "
        f"{_plural(merged.reviews_added, 'review')} added; "
        f"{merged.taken} took the other machine's state, "
        f"{merged.replayed} replayed from both machines' answers, "
        f"{merged.unchanged} unchanged"
    )
    if merged.missing:
        shown = merged.missing_decks[:MISSING_SHOWN]
        decks = ", ".join(repr(name) for name in shown)
        more = (
            f" and {len(merged.missing_decks) - len(shown)} more"
            if len(shown) < len(merged.missing_decks)
            else ""
        )
        print(
            f"  {_plural(merged.missing, 'card')} not in this profile, from "
            f"{'deck' if len(merged.missing_decks) == 1 else 'decks'} {decks}{more}: "
            "import those decks here (pmstudy export --format deck on the other machine), "
            "then merge the file again"
        )
    return 0


def register(sub: Subparsers) -> None:
    """Add ``history export`` and ``history merge``."""
    from pmstudy.commands.common import Parser

    top = sub.add_parser(
        "history",
        help="carry a learner's answers between two machines without a shared server",
        description="Export this profile's answers and scheduling to a file; merge such a "
        "file from the other machine. Each way once and both machines hold the same history "
        "(docs/two-machines.md).",
    )
    top_sub = top.add_subparsers(dest="history_command", required=True, parser_class=Parser)
    export = top_sub.add_parser("export", help="write every answered card's history to a file")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="PATH", help="the file to write"
    )
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.add_argument("--json", action="store_true", help="print the summary as JSON")
    export.set_defaults(handler=cmd_export)
    merge = top_sub.add_parser(
        "merge", help="add the answers of another machine's history file to this profile"
    )
    merge.add_argument("path", type=Path, metavar="FILE", help="a file history export wrote")
    merge.add_argument("--dry-run", action="store_true", help="show the summary, write nothing")
    merge.add_argument("--json", action="store_true", help="print the summary as JSON")
    merge.set_defaults(handler=cmd_merge)
