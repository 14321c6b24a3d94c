"""``pmstudy classify``: suggest an exam domain and task for each note of a deck, tag them.

``--apply`` tags only the notes not mapped to the exam yet (no ``exam::<profile>::`` tag, not
marked not-on-exam): a placement the learner made is never overwritten unless ``--overwrite``
says so. ``--undo`` takes the last apply back (one step; refused, naming the notes, when any
of them has changed since).
"""

from __future__ import annotations

import argparse
import shutil
from typing import TYPE_CHECKING

from pmstudy.commands.common import UsageError, make_services, print_json
from pmstudy.domain.classify import DEFAULT_MIN_CONFIDENCE
from pmstudy.domain.exam import tag_prefix
from pmstudy.domain.fmt import clip
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.services.classify import Applied, Classification, NoteSuggestion

MIN_FRONT = 20  # the front column keeps at least this many characters on a narrow terminal


def _confidence(text: str) -> float:
    """A number from 0 to 1 (argparse turns the error into a usage error)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {value:g}")
    return value


def placement_text(tag: str, profile_id: str) -> tuple[str, str]:
    """(domain, task) of a tag of the exam, as the table shows them."""
    parts = tag.removeprefix(tag_prefix(profile_id)).split("::")
    return parts[0], parts[1] if len(parts) > 1 else ""


def note_json(
    note: NoteSuggestion, profile_id: str, threshold: float, written: str | None
) -> dict[str, object]:
    """One note of ``--json``: ``current`` holds its tags for the exam before this run,
    ``applied`` the tag ``--apply`` wrote (null: none)."""
    return {
        "note_id": note.note_id,
        "front": note.front,
        "deck": note.deck,
        "domain": note.domain,
        "domain_confidence": round(note.domain_confidence, 4),
        "task": note.task,
        "task_confidence": round(note.task_confidence, 4),
        "sure": note.sure(threshold),
        "suggested_tag": note.suggested_tag(profile_id, threshold),
        "current": list(note.current),
        "applied": written,
    }


def _json(
    result: Classification, threshold: float, applied: Applied | None, chosen: dict[int, str]
) -> dict[str, object]:
    counts = result.counts(threshold)
    written = chosen if applied is not None else {}
    return {
        "exam": result.spec.id,
        "deck": result.deck,
        "min_confidence": threshold,
        "examples": result.examples,
        "learner_examples": result.learner_examples,
        "suggested": counts.suggested,
        "unsure": counts.unsure,
        "mapped": counts.mapped,
        "applied": 0 if applied is None else applied.changed,
        "notes": [
            note_json(n, result.spec.id, threshold, written.get(n.note_id)) for n in result.notes
        ],
    }


def print_table(result: Classification, threshold: float, *, overwrite: bool) -> None:
    """The notes as a table: note id, confidence, domain, task, front (cut to the terminal)."""
    profile = result.spec.id
    rows = []
    for note in result.notes:
        if note.mapped and not overwrite:
            domain, task = placement_text(note.current[0], profile)
            confidence = "mapped"
        else:
            tag = note.suggested_tag(profile, threshold)
            domain, task = placement_text(tag, profile) if tag else ("unsure", "")
            confidence = f"{note.domain_confidence:.0%}"
        rows.append((str(note.note_id), confidence, domain, task or "—", note.front))
    heads = ("note", "conf.", "domain", "task", "front")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads[:4])]
    used = sum(widths) + 2 * len(widths)
    front = max(MIN_FRONT, shutil.get_terminal_size((100, 24)).columns - used)

    def line(cells: tuple[str, ...]) -> str:
        left = (
            f"{cells[0]:>{widths[0]}}  {cells[1]:>{widths[1]}}  "
            f"{cells[2]:<{widths[2]}}  {cells[3]:<{widths[3]}}"
        )
        return f"{left}  {clip(cells[4], front)}"

    print(line(heads))
    for row in rows:
        print(line(row))


def _summary(result: Classification, threshold: float) -> str:
    counts = result.counts(threshold)
    return (
        f"{len(result.notes)} note{'s' if len(result.notes) != 1 else ''}: "
        f"{counts.suggested} suggested, {counts.unsure} unsure (below {threshold:.0%}), "
        f"{counts.mapped} already mapped"
    )


def cmd_classify(settings: Settings, args: argparse.Namespace) -> int:
    """Classify a deck onto an exam; with --apply tag the suggestions; with --undo take the
    last apply back."""
    if args.undo:
        if args.apply or args.deck or args.exam:
            raise UsageError("--undo takes no --deck, --exam or --apply")
        return _undo(settings)
    if not args.deck or not args.exam:
        raise UsageError("name the deck and the exam: --deck NAME --exam ID (or --undo)")
    if args.overwrite and not args.apply:
        raise UsageError("--overwrite goes with --apply")
    with make_services(settings, sync_decks=False) as services:
        threshold = args.min_confidence
        result = services.classify.classify(args.deck, args.exam)
        applied = None
        chosen = result.to_apply(threshold, overwrite=args.overwrite) if args.apply else {}
        if chosen:
            applied = services.classify.apply(result.spec.id, result.deck, chosen)
    if args.json:
        print_json(_json(result, threshold, applied, chosen))
        return 0
    if not result.notes:
        print(f"The deck '{result.deck}' has no notes.")
        return 0
    print(
        f"'{result.deck}' onto {result.spec.name}: learned from {result.examples:,} examples "
        f"({result.learner_examples:,} of your notes)"
    )
    print_table(result, threshold, overwrite=args.overwrite)
    print(_summary(result, threshold) + ".")
    if not args.apply:
        if result.counts(threshold).suggested:
            print("Run again with --apply to tag the suggested notes.")
    elif applied is None or applied.changed == 0:
        print("Nothing to tag.")
    else:
        print(
            f"Tagged {applied.changed} note{'s' if applied.changed != 1 else ''} for "
            f"{result.spec.id} ('pmstudy classify --undo' takes it back)."
        )
    return 0


def _undo(settings: Settings) -> int:
    with make_services(settings, sync_decks=False) as services:
        outcome = services.classify.undo()
    step = outcome.step
    if step is None:
        raise PmStudyError("no classify apply to undo")
    if outcome.changed:
        shown = ", ".join(str(n) for n in outcome.changed[:10])
        more = f" and {len(outcome.changed) - 10} more" if len(outcome.changed) > 10 else ""
        raise PmStudyError(
            f"not undone: the tags of note{'s' if len(outcome.changed) != 1 else ''} {shown}"
            f"{more} changed since the apply to '{step.deck}' ({step.profile_id}); nothing "
            "was changed"
        )
    print(
        f"Took back the apply to '{step.deck}' ({step.profile_id}): {outcome.restored} "
        f"note{'s' if outcome.restored != 1 else ''} have their tags from before."
    )
    return 0


def register(sub: Subparsers) -> None:
    """Add the ``classify`` subcommand."""
    parser = sub.add_parser(
        "classify",
        help="suggest an exam domain and task for each note of a deck; --apply tags them",
        description=(
            "Suggest an exam domain and task for each note of a deck (and its sub-decks), "
            "learned from the exam's task statements, the bundled decks and your notes "
            "already tagged for the exam. --apply tags the notes not mapped yet whose "
            "suggestion is at least --min-confidence sure (the others say 'unsure'); "
            "--undo takes the last apply back."
        ),
    )
    parser.add_argument("--deck", metavar="NAME", help="the deck (its sub-decks included)")
    parser.add_argument("--exam", metavar="ID", help="exam profile id, e.g. pmp-2026")
    parser.add_argument("--json", action="store_true", help="print as JSON")
    parser.add_argument(
        "--apply", action="store_true", help="tag the suggested notes (one undoable step)"
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="with --apply, also retag notes already mapped to the exam",
    )
    parser.add_argument(
        "--min-confidence",
        type=_confidence,
        default=DEFAULT_MIN_CONFIDENCE,
        metavar="X",
        help="below this confidence (0-1) a note is 'unsure' (default: %(default)s)",
    )
    parser.add_argument("--undo", action="store_true", help="take the last apply back")
    parser.set_defaults(handler=cmd_classify)
