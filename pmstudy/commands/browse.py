"""``pmstudy cards --search QUERY``: the browser's search on the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.common import make_services, print_json
from pmstudy.domain.search import BrowseRow, SortKey, one_line
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers


def _count(text: str) -> int:
    """A whole number of at least 0 (argparse turns the ValueError into a usage error)."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _number(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def row_line(row: BrowseRow, deck_width: int) -> str:
    """One card as a table line."""
    due = row.due.date().isoformat() if row.due else "—"
    recall = "—" if row.retrievability is None else f"{row.retrievability:.0%}"
    deck = one_line(row.deck, deck_width)
    return (
        f"{row.id:>7}  {deck:<{deck_width}}  {row.state_name:<10}  {due:<10}  "
        f"{_number(row.stability, 1):>7}  {_number(row.difficulty, 1):>5}  {recall:>5}  "
        f"{one_line(row.front, 60)}"
    )


def print_rows(rows: list[BrowseRow]) -> None:
    """The cards as a table with a header line (``pmstudy cards``, ``pmstudy custom``)."""
    deck_width = min(max((len(r.deck) for r in rows), default=4), 30)
    print(
        f"{'id':>7}  {'deck':<{deck_width}}  {'state':<10}  {'due':<10}  "
        f"{'stab.':>7}  {'diff.':>5}  {'R':>5}  front"
    )
    for row in rows:
        print(row_line(row, deck_width))


def cmd_cards(settings: Settings, args: argparse.Namespace) -> int:
    """Print the cards matching a search."""
    from pmstudy.domain.search import parse  # the search compiler loads for this command only

    parse(args.search)  # a bad query fails here, before the database is opened
    with make_services(settings, sync_decks=False) as services:
        result = services.browser.search(
            args.search, sort=SortKey(args.sort), descending=args.descending
        )
        ids = result.ids[: args.limit] if args.limit else result.ids
        rows = services.browser.rows(ids)
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    print_rows(rows)
    shown = len(rows)
    total = len(result)
    print(
        f"{total} card{'s' if total != 1 else ''}" + (f" ({shown} shown)" if shown < total else "")
    )
    return 0


def register(sub: Subparsers) -> None:
    """Add the ``cards`` subcommand."""
    cards = sub.add_parser(
        "cards",
        help="search the cards (Anki-style: deck:, tag:, is:, prop:, rated:, exam:, domain:)",
    )
    cards.add_argument("--search", default="", metavar="QUERY", help="the search ('' for all)")
    cards.add_argument(
        "--sort",
        default=SortKey.CREATED.value,
        choices=[k.value for k in SortKey],
        help="order of the cards (default: created)",
    )
    cards.add_argument("--descending", action="store_true", help="reverse the order")
    cards.add_argument(
        "--limit", type=_count, default=0, metavar="N", help="print at most N cards (0: all)"
    )
    cards.add_argument("--json", action="store_true", help="print as JSON")
    cards.set_defaults(handler=cmd_cards)
