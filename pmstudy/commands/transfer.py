"""``pmstudy import`` and ``pmstudy export``: Anki packages, CSV/TSV/TXT, deck files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pmstudy.commands.common import UsageError, make_services, print_json, print_summary
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers


class ProgressLine:
    """One self-overwriting progress line on a terminal (nothing when not a terminal)."""

    def __init__(self, stream: TextIO, *, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self._last = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Show ``stage done/total``."""
        if not self.enabled:
            return
        text = f"{stage} {done}/{total}" if total > 1 else f"{stage}…"
        if text != self._last:
            self._last = text
            self.stream.write("\r\x1b[2K" + text)
            self.stream.flush()

    def clear(self) -> None:
        """Remove the line."""
        if self.enabled and self._last:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    """Import an .apkg, CSV/TSV/TXT or deck file in one transaction."""
    from pmstudy.domain.cards import ImportOptions
    from pmstudy.io.file_kind import not_a_file
    from pmstudy.io.text_columns import parse_mapping

    path = Path(args.path)
    problem = not_a_file(path)
    if problem is not None:
        raise PmStudyError(f"{path}: {problem}")
    try:
        mapping = parse_mapping(args.map) if args.map else None
    except ValueError as exc:
        raise UsageError(f"--map: {exc}") from exc
    options = ImportOptions(
        dry_run=args.dry_run,
        history=not args.no_history,
        strict=args.strict,
        encoding=args.encoding,
        delimiter=args.delimiter,
        mapping=mapping,
        deck=args.deck,
    )
    # progress on a terminal only, and never beside JSON (a script reads the output)
    progress = ProgressLine(sys.stderr, enabled=not args.json)
    services = make_services(settings, sync_decks=False)
    try:
        summary = services.imports.import_file(path, options, progress)
    finally:
        progress.clear()
        services.close()
    data = summary.as_dict()
    if args.json:
        print_json(data)
        return 0
    print_summary(data)
    if summary.cards_rescheduled or summary.reviews_present:
        print(
            f"  history: {summary.cards_rescheduled} card(s) took the file's newer scheduling; "
            f"{summary.reviews_present} review(s) were already here"
        )
    if summary.decks_created:
        print(f"  decks created: {', '.join(summary.decks_created)}")
    if summary.removed_upstream:
        print(
            f"  {summary.removed_upstream} note(s) from an earlier import of this file are no "
            "longer in it (kept)"
        )
    if summary.detected:
        print("  detected: " + "; ".join(f"{k} {v}" for k, v in summary.detected.items()))
    return 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    """Export a deck (and its sub-decks)."""
    progress = ProgressLine(sys.stderr, enabled=not args.json)
    services = make_services(settings, sync_decks=False)
    try:
        summary = services.imports.export(
            args.deck,
            args.format,
            Path(args.output),
            history=not args.no_history,
            raw=args.raw,
            progress=progress,
        )
    finally:
        progress.clear()
        services.close()
    if args.json:
        print_json(summary.as_dict())
        return 0
    print(
        f"{summary.path}: exported {summary.notes} note(s), {summary.cards} card(s), "
        f"{summary.reviews} review(s), {summary.media} media file(s)"
    )
    for reason in summary.skipped:
        print(f"  skipped: {reason}")
    for change in summary.converted:
        print(f"  converted: {change}")
    return 0


def register(sub: Subparsers) -> None:
    """Add ``import`` and ``export``."""
    imp = sub.add_parser(
        "import",
        help="import an Anki package (.apkg), a CSV/TSV/TXT file or a deck file (.toml)",
        description="Import in one transaction; a failure leaves the collection untouched. "
        "Re-importing the same source updates notes in place and keeps their history.",
    )
    imp.add_argument("path", help="the file to import")
    imp.add_argument("--dry-run", action="store_true", help="show the summary, write nothing")
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
    imp.add_argument(
        "--no-history", action="store_true", help="content only: new cards, no review history"
    )
    imp.add_argument(
        "--strict", action="store_true", help="refuse the whole file if any row is bad"
    )
    imp.add_argument("--encoding", help="text encoding of a CSV/TXT file (default: detected)")
    imp.add_argument(
        "--delimiter",
        help="column separator: tab, comma, semicolon, pipe, space, colon or one character "
        "(default: detected)",
    )
    imp.add_argument(
        "--map",
        metavar="MAPPING",
        help="columns to fields, e.g. front=1,back=2,tags=3 (targets: front, back, extra, "
        "text, tags, deck, guid, notetype)",
    )
    imp.add_argument(
        "--deck",
        help="deck for the imported notes (CSV/TXT, deck files); an Anki package's decks go "
        "under it as sub-decks",
    )
    imp.set_defaults(handler=cmd_import)

    exp = sub.add_parser("export", help="export a deck as .apkg, CSV or deck file")
    exp.add_argument("--deck", required=True, help="deck name, e.g. 'PMP::People' (sub-decks too)")
    exp.add_argument(
        "--format", required=True, choices=["apkg", "csv", "deck"], help="the file's format"
    )
    exp.add_argument("-o", "--output", required=True, help="file to write")
    exp.add_argument("--no-history", action="store_true", help=".apkg without review history")
    exp.add_argument(
        "--raw",
        action="store_true",
        help="CSV: write cells that start with = + - @ as they are (default: a ' before them, "
        "so that a spreadsheet does not run them as formulas)",
    )
    exp.add_argument("--json", action="store_true", help="print the summary as JSON")
    exp.set_defaults(handler=cmd_export)
