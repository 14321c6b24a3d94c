"""The eligibility log: training contact hours and months of project experience toward the
chosen exam's requirement (PMP, CAPM, PMI-ACP), listed, removed and exported as CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pmstudy.commands.common import UsageError, day_argument, make_services, print_json
from pmstudy.domain.exam import EligibilityEntry
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings
from pmstudy.tui.screens.eligibility_text import CAVEAT, missing_sentence, totals_sentence

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.services.container import Services

EDUCATION = ("secondary", "associate", "bachelor", "gac")


def _hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of hours: {text!r}") from None
    if not 0 < value <= 1000:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"hours must be above 0 and at most 1000: {text!r}")
    return value


def _what(entry: EligibilityEntry) -> str:
    if entry.kind == "training":
        what = f"{entry.start.isoformat()}  {entry.hours:g} h"
    else:
        assert entry.end is not None
        what = f"{entry.start.isoformat()}..{entry.end.isoformat()}"
    reference = f"  [{entry.reference}]" if entry.reference else ""
    return f"{entry.kind:<10}  {what:<22}  {entry.provider} — {entry.title}{reference}"


def _line(entry: EligibilityEntry) -> str:
    return f"{entry.id:>4}  {_what(entry)}"


def cmd_add(settings: Settings, args: argparse.Namespace) -> int:
    """Log a training course or a span of experience."""
    if args.kind == "training":
        entry = EligibilityEntry(
            None, "training", args.title, args.provider, args.date, None, args.hours,
            args.reference or None,
        )  # fmt: skip
    else:
        entry = EligibilityEntry(
            None, "experience", args.title, args.organisation, args.start, args.end, None,
            args.reference or None,
        )  # fmt: skip
    with make_services(settings, sync_decks=False) as services:
        added = services.eligibility.add(entry)
    print(f"added #{added.id}: {_what(added)}")
    return 0


def _exam(services: Services, exam: str | None) -> tuple[str | None, str | None]:
    """(profile id, display name) of ``--exam``: a goal id, a profile id, or None (next)."""
    goals = services.exams.goals()
    if exam is not None and exam.isdigit():
        goal = next((g for g in goals if g.id == int(exam)), None)
        if goal is None:
            raise UsageError(f"--exam: no exam goal with id {exam}")
        exam = goal.profile_id
    if exam is None:
        status = services.eligibility.status_of([])
        if status is None:
            return None, None
        exam = status.requirement.exam_id
    try:
        name = services.exams.profile(exam).name
    except PmStudyError:  # a profile file may be missing: its id is name enough
        name = exam
    return exam, name


def cmd_list(settings: Settings, args: argparse.Namespace) -> int:
    """Every entry, with totals against the chosen exam's requirement."""
    with make_services(settings, sync_decks=False) as services:
        exam_id, name = _exam(services, args.exam)
        report = services.eligibility.report(exam_id, args.education) if exam_id else None
        entries = report.entries if report else services.eligibility.entries()
    status = report.status if report else None
    if args.json:
        print_json(
            {
                "entries": [
                    {
                        "id": e.id, "kind": e.kind, "date": e.start.isoformat(),
                        "end_date": e.end.isoformat() if e.end else None, "hours": e.hours,
                        "provider": e.provider, "title": e.title, "reference": e.reference,
                    }
                    for e in entries
                ],
                "status": None if status is None else status_json(status),
            }
        )  # fmt: skip
        return 0
    if not entries:
        print("no entries yet: pmstudy eligibility add training|experience ...")
    for entry in entries:
        print(_line(entry))
    if status is not None and name is not None:
        print(totals_sentence(name, status))
        print(missing_sentence(status))
        if status.requirement.tiers and args.education is None:
            print(
                f"(months: {status.months_needed} assumes a bachelor's degree; "
                "--education secondary, associate or gac for the other tiers)"
            )
        print(f"({CAVEAT})")
    elif exam_id is None:
        print("no booked exam with an eligibility requirement: name one with --exam pmp-2026")
    return 0


def status_json(status: object) -> dict[str, object]:
    """An EligibilityStatus as JSON (also in ``readiness --json``)."""
    from pmstudy.domain.exam import EligibilityStatus

    assert isinstance(status, EligibilityStatus)
    req = status.requirement
    return {
        "exam": req.exam_id,
        "training_hours": round(status.hours, 2),
        "training_hours_required": req.training_hours,
        "experience_months": None if status.months is None else round(status.months, 1),
        "experience_months_required": status.months_needed,
        "window_years": req.window_years,
        "met": status.met,
        "confidence": req.confidence,
        "source": req.source,
        "caveat": CAVEAT,
    }


def cmd_remove(settings: Settings, args: argparse.Namespace) -> int:
    """Delete one entry (it is printed, so it can be added back)."""
    with make_services(settings, sync_decks=False) as services:
        removed = services.eligibility.remove(args.id)
    print(f"removed #{removed.id}: {_what(removed)}")
    return 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    """Write the log as CSV."""
    path: Path = args.output
    if path.exists() and not args.force:
        raise UsageError(f"{path}: already exists (use --force to replace it)")
    with make_services(settings, sync_decks=False) as services:
        count = services.eligibility.export_csv(path)
    print(f"{path}: {count} entr{'y' if count == 1 else 'ies'}")
    return 0


def register(sub: Subparsers) -> None:
    """Add the eligibility subcommands."""
    from pmstudy.commands.common import Parser

    top = sub.add_parser(
        "eligibility", help="log training hours and project experience toward an exam"
    )
    top_sub = top.add_subparsers(dest="eligibility_command", required=True, parser_class=Parser)

    add = top_sub.add_parser("add", help="log a training course or a span of experience")
    add_sub = add.add_subparsers(dest="kind", required=True, parser_class=Parser)
    training = add_sub.add_parser("training", help="a course: contact hours on a date")
    training.add_argument(
        "--hours", type=_hours, required=True, metavar="H", help="contact hours of the course"
    )
    training.add_argument(
        "--date",
        type=day_argument,
        required=True,
        metavar="YYYY-MM-DD",
        help="the course's date (its last day)",
    )
    training.add_argument("--provider", required=True, metavar="P", help="training provider")
    training.add_argument("--title", required=True, metavar="T", help="course title")
    training.add_argument("--reference", metavar="R", help="e.g. a certificate id")
    training.set_defaults(handler=cmd_add)
    work = add_sub.add_parser("experience", help="a span of project experience")
    work.add_argument(
        "--from",
        dest="start",
        type=day_argument,
        required=True,
        metavar="YYYY-MM-DD",
        help="first day",
    )
    work.add_argument(
        "--to", dest="end", type=day_argument, required=True, metavar="YYYY-MM-DD", help="last day"
    )
    work.add_argument("--organisation", required=True, metavar="O", help="employer or client")
    work.add_argument("--title", required=True, metavar="T", help="project or role")
    work.add_argument("--reference", metavar="R", help="e.g. a contact or project id")
    work.set_defaults(handler=cmd_add)

    listing = top_sub.add_parser("list", help="entries and totals against the exam's requirement")
    listing.add_argument("--exam", metavar="ID", help="exam goal id or exam (default: the next)")
    listing.add_argument(
        "--education", choices=EDUCATION,
        help="PMP: your education tier (months needed: 60/48/36/24; default bachelor, 36)",
    )  # fmt: skip
    listing.add_argument("--json", action="store_true", help="print as JSON")
    listing.set_defaults(handler=cmd_list)

    remove = top_sub.add_parser("remove", help="delete one entry")
    remove.add_argument("id", type=int, metavar="ID", help="the entry's id (see list)")
    remove.set_defaults(handler=cmd_remove)

    export = top_sub.add_parser("export", help="write the log as CSV (e.g. for a PMI audit)")
    export.add_argument("--format", choices=["csv"], default="csv", help="file format")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="PATH", help="the file to write"
    )
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.set_defaults(handler=cmd_export)
