"""``pmstudy group publish``: a trainer's deck into every learner's collection (docs/group.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pmstudy.commands.common import make_clock, print_json
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.domain.cards import ImportSummary
    from pmstudy.services.group_publish import Publication


def _counts(summary: ImportSummary) -> str:
    text = (
        f"notes added {summary.notes_added}, updated {summary.notes_updated}, unchanged "
        f"{summary.notes_unchanged}; cards added {summary.cards_added}"
    )
    if summary.cards_removed:
        text += f", removed {summary.cards_removed} (with their answers)"
    if summary.removed_upstream:
        text += f"; {summary.removed_upstream} note(s) no longer in the deck (kept)"
    return text


def _line(publication: Publication, dry_run: bool) -> str:
    if publication.summary is None:
        return f"{publication.learner}: not published: {publication.problem}"
    verb = "would get" if dry_run else "got"
    return f"{publication.learner}: {verb} {_counts(publication.summary)}"


def _as_json(publication: Publication) -> dict[str, object]:
    summary = publication.summary
    return {
        "learner": publication.learner,
        "published": summary is not None,
        "problem": publication.problem,
        "summary": None if summary is None else summary.as_dict(),
    }


def cmd_publish(settings: Settings, args: argparse.Namespace) -> int:
    """Import one deck into every learner profile this account can see, one at a time."""
    from pmstudy.resources import decks_dir
    from pmstudy.services.group_publish import GroupPublisher
    from pmstudy.services.profiles import learner_names

    publisher = GroupPublisher(settings, make_clock(settings), decks_dir())
    path: Path = publisher.source_path(args.source)
    names = learner_names(settings)
    if not names:
        raise PmStudyError("no learner profiles visible to this account; nothing was published")
    publications = publisher.publish(
        path, names, dry_run=args.dry_run, remove_cards=args.remove_cards
    )
    failed = [p for p in publications if p.summary is None]
    if args.json:
        print_json(
            {
                "source": str(path),
                "dry_run": args.dry_run,
                "learners": [_as_json(p) for p in publications],
                "failed": len(failed),
            }
        )
        return 1 if failed else 0
    for publication in publications:
        print(_line(publication, args.dry_run))
    done = len(publications) - len(failed)
    verb = "would publish" if args.dry_run else "published"
    print(f"{path.name}: {verb} to {done} of {len(publications)} learner(s)")
    return 1 if failed else 0


def register(group_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``group publish`` to the ``group`` subcommands."""
    publish = group_sub.add_parser(
        "publish",
        help="import a deck into every learner's collection: updates in place, progress kept",
        description="Import SOURCE (a deck file, an Anki package or a CSV file, or a bundled "
        "deck's id) into every learner profile this account can see, each in its own "
        "transaction. Notes match by guid or card id: changed text is updated in place and "
        "every card keeps its scheduling and answers; notes no longer in the file are kept. "
        "Content only: the file's own review history is not copied (docs/group.md).",
    )
    publish.add_argument("source", help="deck file (.toml), .apkg, CSV/TSV file, or bundled id")
    publish.add_argument(
        "--dry-run", action="store_true", help="show what each learner would get; write nothing"
    )
    publish.add_argument(
        "--remove-cards",
        action="store_true",
        help="accept that a note which now makes fewer cards loses the card and its answers "
        "(without it, such a learner is left as it is)",
    )
    publish.add_argument("--json", action="store_true", help="print as JSON")
    publish.set_defaults(handler=cmd_publish)
