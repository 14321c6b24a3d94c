"""FSRS tuning commands: optimize, evaluate, reschedule (and undo), simulate."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from typing import TYPE_CHECKING

from pmstudy.commands.common import UsageError, make_services, print_json
from pmstudy.settings import Settings
from pmstudy.tui.screens.plan_day_text import exam_advice_lines
from pmstudy.tui.screens.tuning_text import optimize_message, stage_text

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.services.tuning import (
        EvaluationReport,
        OptimizeStage,
        PlanSummary,
        RescheduleReport,
        WorkloadReport,
    )


class StderrProgress:
    """Stage lines on stderr with the time since start (one line per stage, no ANSI)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()

    def __call__(self, stage: OptimizeStage) -> None:
        """Report one stage."""
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.started
        share = f"[{stage.done}/{stage.total}] " if stage.total > 1 else ""
        print(f"{share}{stage_text(stage)} ({elapsed:.1f} s)", file=sys.stderr, flush=True)


def _scope_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--preset", metavar="NAME", help="only this options preset")
    group.add_argument("--deck", metavar="NAME", help="only this deck (and its sub-decks)")


def cmd_optimize(settings: Settings, args: argparse.Namespace) -> int:
    """Fit FSRS parameters to the review history; save them when they predict better."""
    ignore_before = None
    if args.ignore_before is not None:
        try:
            ignore_before = dt.date.fromisoformat(args.ignore_before)
        except ValueError:
            message = f"--ignore-before: not a date (YYYY-MM-DD): {args.ignore_before!r}"
            raise UsageError(message) from None
    with make_services(settings, sync_decks=False) as services:
        results = services.optimizer.optimize(
            preset=args.preset,
            deck=args.deck,
            force=args.force,
            ignore_before=ignore_before,
            progress=StderrProgress(not args.quiet),
        )
    if args.json:
        print_json([r.as_dict(optimize_message(r)) for r in results])
    else:
        for result in results:
            print(optimize_message(result))
            if result.new_parameters is not None and result.saved:
                from pmstudy.domain.scheduling import format_parameters

                print(f"  parameters: {format_parameters(result.new_parameters)}")
                print(
                    "  to move cards to the new intervals: pmstudy reschedule "
                    f"--preset {_quote(result.preset)} (preview with --dry-run)"
                )
    return 0


def _quote(name: str) -> str:
    return f"'{name}'" if any(c.isspace() for c in name) else name


def _evaluation_lines(report: EvaluationReport) -> list[str]:
    if report.overall is None:
        return ["no review history to evaluate yet (a card needs answers on two days)"]
    rows = [("overall", report.overall)]
    rows += [(f"preset {name}", value) for name, value in report.presets.items()]
    rows += [(f"deck {name}", value) for name, value in report.decks.items()]
    width = max(len(label) for label, _ in rows)
    lines = [f"{'':<{width}}  {'log loss':>9}  {'RMSE(bins)':>10}  {'reviews':>8}"]
    for label, value in rows:
        lines.append(
            f"{label:<{width}}  {value.log_loss:>9.4f}  {value.rmse_bins:>10.4f}  {value.items:>8}"
        )
    return lines


def cmd_evaluate(settings: Settings, args: argparse.Namespace) -> int:
    """Log loss and RMSE (bins) of the current parameters, overall, per preset, per deck."""
    with make_services(settings, sync_decks=False) as services:
        report = services.optimizer.evaluate()
    if args.json:
        print_json(report.as_dict())
    else:
        print("\n".join(_evaluation_lines(report)))
    return 0


def _forecast_line(label: str, counts: list[int]) -> str:
    return f"{label:<7}" + " ".join(f"{c:>4}" for c in counts[:14])


def _reschedule_lines(report: RescheduleReport) -> list[str]:
    plan: PlanSummary = report.plan
    verb = "rescheduled" if report.applied else "would reschedule"
    lines = [
        f"{', '.join(report.scopes) or 'no decks'}: {verb} {plan['cards_changed']} of "
        f"{plan['cards_considered']} studied card(s); {plan['cards_moving']} move to another "
        f"day ({plan['earlier']} earlier, {plan['later']} later)",
        "due per day, today first:",
        _forecast_line("before", plan["forecast_before"]),
        _forecast_line("after", plan["forecast_after"]),
    ]
    if report.applied:
        lines.append("undo with: pmstudy reschedule --undo")
    elif plan["cards_changed"]:
        lines.append("nothing written (dry run)" if report.step is None else "")
    return [line for line in lines if line]


def cmd_reschedule(settings: Settings, args: argparse.Namespace) -> int:
    """Recompute memory and due dates with the current parameters; or undo the last one."""
    if args.undo and (args.preset or args.deck or args.dry_run):
        raise UsageError("--undo takes no other option (see 'pmstudy reschedule --help')")
    with make_services(settings, sync_decks=False) as services:
        if args.undo:
            undone = services.rescheduler.undo()
            if args.json:
                print_json(undone.as_dict())
            else:
                print(
                    f"undid reschedule {undone.step}: {undone.restored} card(s) restored"
                    + (
                        f", {undone.skipped} left as they are (answered since)"
                        if undone.skipped
                        else ""
                    )
                )
            return 0
        report = services.rescheduler.reschedule(
            preset=args.preset, deck=args.deck, dry_run=args.dry_run
        )
    if args.json:
        print_json(report.as_dict())
    else:
        print("\n".join(_reschedule_lines(report)))
    return 0


def _bar_chart(values: list[float], height: int = 6) -> list[str]:
    top = max(values, default=0.0)
    if top <= 0:
        return ["(no reviews)"]
    lines = []
    for level in range(height, 0, -1):
        cut = top * (level - 0.5) / height
        lines.append("".join("█" if v >= cut else " " for v in values))
    return lines


def _workload_lines(report: WorkloadReport) -> list[str]:
    result = report.result
    days = len(result.reviews)
    per_week = [float(result.answers[i : i + 7].sum()) for i in range(0, days, 7)]
    times = "your own answer times" if report.own_answer_times else "8 s per answer (default)"
    lines = [
        f"{report.scope}: {days} days at retention {result.retention:.2f}, "
        f"{report.existing_cards} studied card(s), {report.new_cards} new card(s) introduced",
        f"reviews: {int(result.reviews.sum()):,} in total, {result.reviews.mean():.0f} a day on "
        f"average, {int(result.reviews.max())} at most",
        f"time: {result.minutes.sum() / 60:.1f} h in total, {result.minutes.mean():.1f} min a "
        f"day on average ({report.seconds_per_answer:.1f} s per answer: {times})",
        f"memorised at the end: {result.memorised[-1]:.0f} card(s)",
        "answers per week:",
        *("  " + line for line in _bar_chart(per_week)),
    ]
    advice = report.advice
    if advice is not None and advice.best is not None:
        lines.append(
            f"advice: a desired retention of {advice.best:.2f} needs the fewest minutes per "
            "memorised card over 0.70-0.95 (not applied; change it in the deck options)"
        )
    lines.extend(f"advice for the exam: {line}" for line in exam_advice_lines(report))
    return lines


def cmd_simulate(settings: Settings, args: argparse.Namespace) -> int:
    """Project the workload: reviews, minutes and cards memorised per day; retention advice."""
    with make_services(settings, sync_decks=False) as services:
        report = services.workload.project(
            days=args.days,
            new_per_day=args.new_per_day,
            retention=args.retention,
            preset=args.preset,
            deck=args.deck,
            new_cards=args.new_cards,
            advice=not args.no_advice,
        )
    if args.json:
        print_json(report.as_dict())
    else:
        print("\n".join(_workload_lines(report)))
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"cannot be negative: {value}")
    return value


def _retention(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.5 <= value <= 0.99:
        raise argparse.ArgumentTypeError("desired retention must lie between 0.50 and 0.99")
    return value


def register(sub: Subparsers) -> None:
    """Add the tuning subcommands."""
    optimize = sub.add_parser("optimize", help="fit FSRS parameters to your review history")
    _scope_args(optimize)
    optimize.add_argument("--force", action="store_true", help="save even if not better")
    optimize.add_argument("--json", action="store_true", help="print as JSON")
    optimize.add_argument("--quiet", action="store_true", help="no progress on stderr")
    optimize.add_argument(
        "--ignore-before",
        metavar="YYYY-MM-DD",
        help="leave out cards first learnt before this date (Anki's 'ignore reviews before')",
    )
    optimize.set_defaults(handler=cmd_optimize)

    evaluate = sub.add_parser("evaluate", help="log loss and RMSE (bins) of the parameters")
    evaluate.add_argument("--json", action="store_true", help="print as JSON")
    evaluate.set_defaults(handler=cmd_evaluate)

    reschedule = sub.add_parser(
        "reschedule", help="move cards to the intervals of the current parameters (undoable)"
    )
    _scope_args(reschedule)
    reschedule.add_argument("--dry-run", action="store_true", help="preview only")
    reschedule.add_argument("--undo", action="store_true", help="take back the last reschedule")
    reschedule.add_argument("--json", action="store_true", help="print as JSON")
    reschedule.set_defaults(handler=cmd_reschedule)

    simulate = sub.add_parser("simulate", help="project the daily workload")
    simulate.add_argument("--days", type=_positive, default=365, help="days to simulate")
    simulate.add_argument(
        "--new-per-day",
        type=_positive,
        default=None,
        metavar="K",
        help="new cards a day (default: the deck's number for today, the plan's while an exam "
        "plan drives it; else the preset's)",
    )
    simulate.add_argument(
        "--retention", type=_retention, default=0.9, metavar="R", help="desired retention (0.9)"
    )
    simulate.add_argument(
        "--new-cards", type=_positive, default=None, metavar="N",
        help="new cards available (default: the new cards in the decks)",
    )  # fmt: skip
    simulate.add_argument("--no-advice", action="store_true", help="skip the retention advice")
    _scope_args(simulate)
    simulate.add_argument("--json", action="store_true", help="print as JSON")
    simulate.set_defaults(handler=cmd_simulate)
