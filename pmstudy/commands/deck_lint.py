"""``pmstudy deck lint``: measured item quality of deck files, with thresholds."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from pmstudy.commands.common import print_json
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.decks.lint import DeckLint, Measure

SHOWN_PER_RULE = 8


def _figure(m: Measure) -> str:
    if m.rule == "per-task":
        return f"{m.value:.0f} ≥ {m.limit:.0f}"
    if isinstance(m.limit, int):
        return f"{m.value:.0f} ≤ {m.limit}"
    return f"{m.value:.0%} ≤ {m.limit:.0%}"


def _print(report: DeckLint, show_all: bool) -> None:
    verdict = "passes" if report.passed else "FAILS"
    types = ", ".join(f"{k} {v}" for k, v in sorted(report.by_type.items()))
    print(f"{report.path} ({report.deck_id}): {report.cards} cards ({types}): {verdict}")
    for m in report.measures:
        mark = "ok  " if m.passed else "FAIL"
        print(f"  {mark} {m.rule:<22} {_figure(m):>12}  of {m.of:<5} {m.detail}")
    if report.per_task:
        one_exam = len({k.split("::", 1)[0] for k in report.per_task}) == 1
        tasks = "  ".join(
            f"{k.split('::', 1)[1] if one_exam else k} {v}" for k, v in report.per_task.items()
        )
        print(f"  exam items per task: {tasks}")
    shown: dict[str, int] = {}
    for f in report.findings:
        shown[f.rule] = shown.get(f.rule, 0) + 1
        if show_all or shown[f.rule] <= SHOWN_PER_RULE:
            print(f"  {report.path}:{f.line}: {f.card_id}: {f.rule}: {f.message}")
    hidden = {r: n - SHOWN_PER_RULE for r, n in shown.items() if n > SHOWN_PER_RULE}
    if hidden and not show_all:
        more = ", ".join(f"{n} {r}" for r, n in sorted(hidden.items()))
        print(f"  ... and {more} more (--all lists them)")


def cmd_lint(settings: Settings, args: argparse.Namespace) -> int:
    """Measure item quality; exit 1 when a judged deck misses a threshold."""
    from pmstudy.decks.check import load_profiles
    from pmstudy.decks.lint import Thresholds, lint_files
    from pmstudy.decks.loader import DeckFileError
    from pmstudy.resources import profiles_dir

    judged = [Path(p) for p in args.paths]
    extra = [Path(p) for p in args.against if Path(p) not in judged]
    limits = Thresholds(min_per_task=args.min_per_task, near_across=args.max_across)
    try:
        reports = lint_files(judged + extra, load_profiles(profiles_dir()), limits)
    except DeckFileError as exc:
        raise PmStudyError(f"{exc}\n(run 'pmstudy deck check' on the file)") from exc
    reports = reports[: len(judged)]
    if args.json:
        print_json(
            {
                "passed": all(r.passed for r in reports),
                "decks": [dataclasses.asdict(r) | {"passed": r.passed} for r in reports],
            }
        )
    else:
        for report in reports:
            _print(report, args.all)
        failed = [r.path for r in reports if not r.passed]
        print(
            f"{len(failed)} of {len(reports)} deck(s) miss a threshold: {', '.join(failed)}"
            if failed
            else f"{len(reports)} deck(s) pass"
        )
    return 1 if any(not r.passed for r in reports) else 0


def _share(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a share: {text!r} (e.g. 0.1 or 10%)") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"not a share between 0 and 1: {text!r}")
    return value


def register(deck_sub: Subparsers) -> None:
    """Add ``deck lint``."""
    lint = deck_sub.add_parser(
        "lint",
        help="measure item quality of deck files (give-aways, strawmen, duplicates, coverage)",
        description="Measure the quality of deck files' items against thresholds "
        "(docs/content.md explains each measure); exit 1 when a deck misses one.",
    )
    lint.add_argument("paths", nargs="+", metavar="PATH", help="deck files to judge (.toml)")
    lint.add_argument(
        "--against",
        nargs="+",
        default=[],
        metavar="PATH",
        help="more deck files to look for near-duplicates in (not judged)",
    )
    lint.add_argument(
        "--min-per-task",
        type=int,
        default=0,
        metavar="N",
        help="exam items every task of the deck's exams must have (default: report only)",
    )
    lint.add_argument(
        "--max-across",
        type=_share,
        default=1.0,
        metavar="SHARE",
        help="largest share of a deck's cards with a near-duplicate in another deck (default 1)",
    )
    lint.add_argument("--all", action="store_true", help="list every finding")
    lint.add_argument("--json", action="store_true", help="print as JSON")
    lint.set_defaults(handler=cmd_lint)
