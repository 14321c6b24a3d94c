"""Mock exam commands: the finished mocks (``mock history``) and one mock's results (``mock
show``). Taking a mock is the TUI's (``m`` on the dashboard, "Mock exam" in the palette).

The JSON counts item positions from 1, as the mock screen numbers its items; shares of items
right are percents (``percent``), times milliseconds. ``mock show --json`` holds the history
line's keys (``items`` the count), then the score's, then every item (``item_results``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.common import Parser, make_services, print_json
from pmstudy.commands.mock_printers import print_history, print_result
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.domain.mock import ItemOutcome
    from pmstudy.services.container import Services
    from pmstudy.services.mock import MockResult, MockSummary, Unfinished


def _needed(services: Services, summary: MockSummary) -> int | None:
    """Right answers a mock exam needed to pass (None: a practice set, or no pass mark)."""
    from pmstudy.domain.mock import MockKind, needed_to_pass

    if summary.kind != MockKind.EXAM:
        return None
    try:
        spec = services.exams.profile(summary.profile_id)
    except NotFoundError:  # a profile no longer bundled
        return None
    return needed_to_pass(spec, summary.scored)


def summary_dict(summary: MockSummary, needed: int | None) -> dict[str, object]:
    """JSON of one finished mock in the history."""
    return {
        "id": summary.id,
        "kind": summary.kind.value,
        "exam": summary.profile_id,
        "title": summary.title,
        "started_at": summary.started_at.isoformat(),
        "finished_at": None if summary.finished_at is None else summary.finished_at.isoformat(),
        "items": summary.items,
        "full_length": summary.full_length,
        "right": summary.right,
        "scored": summary.scored,
        "percent": round(summary.percent, 1),
        "needed": needed,
        "passed": None if needed is None else summary.right >= needed,
    }


def unfinished_dict(unfinished: Unfinished | None) -> dict[str, object] | None:
    """JSON of the mock a killed process left open."""
    if unfinished is None:
        return None
    return {
        "id": unfinished.id,
        "title": unfinished.title,
        "answered": unfinished.answered,
        "items": unfinished.items,
        "remaining_ms": unfinished.remaining_ms,
    }


def _outcome_dict(o: ItemOutcome) -> dict[str, object]:
    return {
        "position": o.position + 1,
        "domain": o.domain,
        "task": o.task,
        "scored": o.scored,
        "correct": o.correct,
        "time_ms": o.time_ms,
    }


def result_dict(result: MockResult) -> dict[str, object]:
    """JSON of one mock's results, every item included."""
    from pmstudy.domain.exam import ASSUMED_BAND_THRESHOLDS

    summary, score = result.summary, result.score
    return {
        **summary_dict(summary, score.needed),
        "ended": None if result.ended is None else result.ended.value,
        "notes": list(result.notes),
        "bands_assumed": score.bands_assumed,
        "band_thresholds": {name: t for t, name in ASSUMED_BAND_THRESHOLDS}
        if score.bands_assumed
        else None,
        "domains": [
            {
                "id": d.domain,
                "name": d.name,
                "right": d.right,
                "items": d.items,
                "percent": round(100 * d.share, 1),
                "band": d.band,
            }
            for d in score.domains
        ],
        "pretest": {"right": score.pretest_right, "items": score.pretest},
        "unanswered": score.unanswered,
        "time_used_ms": score.time_used_ms,
        "limit_ms": score.limit_ms,
        "mean_item_ms": score.mean_item_ms,
        "pace": [
            {"share": p.share, "item": p.item, "used_ms": p.used_ms, "target_ms": p.target_ms}
            for p in score.pace
        ],
        "slowest": [_outcome_dict(o) for o in score.slowest],
        "item_results": [
            {
                "position": r.item.position + 1,
                "card_id": r.item.drawn.card_id,
                "domain": r.item.drawn.domain,
                "task": r.item.drawn.task,
                "scored": r.item.drawn.scored,
                "response": r.response,
                "correct": r.correct,
                "flagged": r.flagged,
                "time_ms": r.time_ms,
                "front": None
                if r.item.rendered is None
                else "".join(text for text, _ in r.item.rendered.front),
            }
            for r in result.items
        ],
    }


def _profile_of(services: Services, exam: str) -> str:
    """A profile id from ``--exam``: a profile's id, or an exam goal's id."""
    if exam.isdigit():
        return services.exams.goal(int(exam)).profile_id
    return services.exams.profile(exam).id


def cmd_history(settings: Settings, args: argparse.Namespace) -> int:
    """The finished mocks, newest first, and the one left unfinished."""
    with make_services(settings) as services:
        profile = None if args.exam is None else _profile_of(services, args.exam)
        mocks = [(s, _needed(services, s)) for s in services.mocks.history(profile)]
        unfinished = services.mocks.unfinished()
        zone = services.days.tz
    if args.json:
        print_json(
            {
                "mocks": [summary_dict(s, needed) for s, needed in mocks],
                "unfinished": unfinished_dict(unfinished),
            }
        )
    else:
        print_history(mocks, unfinished, zone, profile)
    return 0


def cmd_show(settings: Settings, args: argparse.Namespace) -> int:
    """One mock's score, domains, time and items."""
    with make_services(settings) as services:
        result = services.mocks.result(args.id)
        zone = services.days.tz
    if result.summary.finished_at is None:
        raise PmStudyError(f"mock {args.id} is not finished: resume it in the TUI (pmstudy)")
    if args.json:
        print_json(result_dict(result))
    else:
        print_result(result, zone)
    return 0


def register(sub: Subparsers) -> None:
    """Add the mock subcommands."""
    mock = sub.add_parser("mock", help="your mock exams and practice sets (taken in the TUI)")
    mock_sub = mock.add_subparsers(dest="mock_command", required=True, parser_class=Parser)
    history = mock_sub.add_parser("history", help="finished mocks, newest first")
    history.add_argument("--exam", help="only this exam (a profile id, or an exam's id)")
    history.add_argument("--json", action="store_true", help="print as JSON")
    history.set_defaults(handler=cmd_history)

    show = mock_sub.add_parser("show", help="one mock's score, domains, time and items")
    show.add_argument("id", type=int, help="mock id (see 'mock history')")
    show.add_argument("--json", action="store_true", help="print as JSON")
    show.set_defaults(handler=cmd_show)
