"""Exam commands: profiles, exam goals, readiness, the study plan, coverage."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pmstudy.commands import exam_links, exam_options
from pmstudy.commands.common import Parser, make_services, print_json
from pmstudy.commands.exam_printers import print_coverage, print_plan, print_readiness
from pmstudy.settings import Settings
from pmstudy.tui.screens.eligibility_text import status_line
from pmstudy.tui.screens.plan_day_text import options_text

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.domain.exam import ExamGoal, ExamSpec
    from pmstudy.services.exams import ExamReport


def _zone(name: str) -> dt.tzinfo:
    return ZoneInfo(name) if name and name != "UTC" else dt.UTC


def pass_mark_text(spec: ExamSpec) -> str:
    """'68 of 80 (85%)', '36 of 60', '710 on 100–900 (scaled)' or 'not published'."""
    rule = spec.pass_rule
    needed = spec.needed_to_pass
    if needed is None:
        if rule.scale is not None and rule.value is not None:
            return f"{rule.value:g} on {rule.scale[0]}–{rule.scale[1]} (scaled)"
        return "not published"
    from pmstudy.domain.exam import PassKind

    if rule.kind == PassKind.PERCENT:
        return f"{needed} of {spec.graded_items} ({rule.value:g}%)"
    return f"{needed} of {spec.graded_items}"


def profile_dict(spec: ExamSpec) -> dict[str, object]:
    """JSON of one exam profile."""
    rule = spec.pass_rule
    return {
        "id": spec.id,
        "name": spec.name,
        "provider": spec.provider,
        "version": spec.version,
        "status": spec.status,
        "effective_from": spec.effective_from,
        "effective_to": spec.effective_to,
        "items_total": spec.items_total,
        "items_scored": spec.items_scored,
        "minutes": spec.minutes,
        "options_per_item": spec.options_per_item,
        "pass_mark": {
            "kind": rule.kind.value,
            "value": rule.value,
            "out_of": rule.out_of,
            "correct_needed": spec.needed_to_pass,
            "scale": None if rule.scale is None else list(rule.scale),
            "bands": list(rule.bands),
        },
        "weights_basis": spec.weights_basis,
        "domains": [
            {"id": d.id, "name": d.name, "weight": d.weight, "tasks": [t.id for t in d.tasks]}
            for d in spec.domains
        ],
    }


def goal_dict(goal: ExamGoal, days_left: int | None = None) -> dict[str, object]:
    """JSON of one exam goal."""
    return {
        "id": goal.id,
        "profile": goal.profile_id,
        "exam_at": goal.exam_at.isoformat(),
        "timezone": goal.timezone,
        "target": goal.target,
        "exam_mode": goal.exam_mode,
        "buffer_days": goal.buffer_days,
        "minutes_per_day": goal.minutes_per_day,
        "final_pass_days": goal.final_pass_days,
        "plan_sets_new": goal.plan_sets_new,
        "decks": list(goal.deck_names),
        "days_left": days_left,
    }


def cmd_profiles(settings: Settings, args: argparse.Namespace) -> int:
    """List the exam profiles (no database needed)."""
    from pmstudy.resources import profiles_dir
    from pmstudy.services.exams import load_specs

    specs = load_specs(profiles_dir())
    if args.json:
        print_json([profile_dict(s) for s in specs])
        return 0
    width = max(len(s.id) for s in specs)
    for spec in specs:
        print(
            f"{spec.id:<{width}}  {spec.items_total:>3} items {spec.minutes:>3} min  "
            f"pass {pass_mark_text(spec):<16} {spec.status:<8} {spec.name}"
        )
    return 0


def cmd_add(settings: Settings, args: argparse.Namespace) -> int:
    """Book an exam."""
    with make_services(settings) as services:
        goal = services.exams.add(
            args.profile,
            args.date,
            args.time,
            decks=args.deck or (),
            target=args.target,
            exam_mode=not args.no_exam_mode,
            buffer_days=args.buffer_days,
            minutes_per_day=args.minutes_per_day,
            final_pass_days=args.final_pass,
            plan_sets_new=args.plan_limit,
        )
        report = services.exams.report(goal.id, with_plan=False)
    local = goal.exam_at.astimezone(report.exam_at_zone())
    print(
        f"exam {goal.id}: {report.spec.name} on {local:%Y-%m-%d %H:%M} {goal.timezone} "
        f"({report.days_left} days left), decks: {', '.join(goal.deck_names)}; "
        f"exam mode {'on' if goal.exam_mode else 'off'}; {options_text(goal)}"
    )
    return 0


def cmd_list(settings: Settings, args: argparse.Namespace) -> int:
    """List exam goals."""
    with make_services(settings) as services:
        goals = services.exams.goals()
        today = services.days.day_of(services.clock.now())
        days = {g.id: (services.days.day_of(g.exam_at) - today).days for g in goals}
        # the eligibility log's status under each exam that has a requirement
        eligibility = {g.id: status_line(services.eligibility.goal_status(g)) for g in goals}
    if args.json:
        print_json([goal_dict(g, days[g.id]) for g in goals])
        return 0
    if not goals:
        print("no exam set: add one with 'pmstudy exam add PROFILE --date YYYY-MM-DD'")
        return 0
    for goal in goals:
        left = days[goal.id]
        when = f"{left} days left" if left > 0 else ("today" if left == 0 else "past")
        local = goal.exam_at.astimezone(_zone(goal.timezone))
        print(
            f"{goal.id:>3}  {goal.profile_id:<30} {local:%Y-%m-%d %H:%M} {goal.timezone}  "
            f"{when:<14} mode {'on ' if goal.exam_mode else 'off'}  {', '.join(goal.deck_names)}"
        )
        if (line := eligibility[goal.id]) is not None:
            print(f"     {line}")
    return 0


def cmd_remove(settings: Settings, args: argparse.Namespace) -> int:
    """Forget an exam goal."""
    with make_services(settings) as services:
        services.exams.remove(args.id)
    print(f"exam {args.id} removed")
    return 0


def cmd_mode(settings: Settings, args: argparse.Namespace) -> int:
    """Switch exam mode for one exam."""
    with make_services(settings) as services:
        moved = services.exams.set_exam_mode(args.id, args.state == "on")
    extra = f"; {moved} review(s) moved before the exam" if moved else ""
    print(f"exam {args.id}: exam mode {args.state}{extra}")
    return 0


def _report(settings: Settings, exam: int | None, with_plan: bool = True) -> ExamReport:
    with make_services(settings) as services:
        return services.exams.report(exam, with_plan=with_plan)


def cmd_readiness(settings: Settings, args: argparse.Namespace) -> int:
    """Readiness for an exam: today and with the plan (--backtest: past predictions)."""
    if args.backtest:
        from pmstudy.commands.backtest import cmd_backtest

        return cmd_backtest(settings, args)
    with make_services(settings) as services:
        report = services.exams.report(args.exam)
        last = services.exams.last_mock(report.goal.id)
        eligibility = services.eligibility.goal_status(report.goal)
    if args.json:
        from pmstudy.commands.eligibility import status_json

        data: dict[str, object] = dict(report.readiness_dict(last))
        # the eligibility log against the exam's requirement (null: the exam has none)
        data["eligibility"] = None if eligibility is None else status_json(eligibility)
        print_json(data)
    else:
        print_readiness(report, last, status_line(eligibility))
    return 0


def cmd_plan(settings: Settings, args: argparse.Namespace) -> int:
    """The study plan up to an exam."""
    report = _report(settings, args.exam)
    if args.json:
        print_json(report.plan_dict())
    else:
        print_plan(report)
    return 0


def cmd_coverage(settings: Settings, args: argparse.Namespace) -> int:
    """Cards per domain and task of an exam."""
    with make_services(settings) as services:
        coverage = services.exams.coverage(args.exam)
    if args.json:
        print_json(coverage.as_dict())
    else:
        print_coverage(coverage)
    return 0


def register(sub: Subparsers) -> None:
    """Add the exam subcommands."""
    exam = sub.add_parser("exam", help="exam profiles and your exam dates")
    exam_sub = exam.add_subparsers(dest="exam_command", required=True, parser_class=Parser)
    profiles = exam_sub.add_parser("profiles", help="list the exam profiles")
    profiles.add_argument("--json", action="store_true", help="print as JSON")
    profiles.set_defaults(handler=cmd_profiles)

    add = exam_sub.add_parser("add", help="book an exam (links decks with its tagged cards)")
    add.add_argument("profile", help="exam profile id, e.g. pmp-2026 (see 'exam profiles')")
    add.add_argument("--date", required=True, help="exam date, YYYY-MM-DD (your time zone)")
    add.add_argument("--time", help="exam start, HH:MM (default 09:00)")
    add.add_argument("--deck", action="append", help="deck to link (repeatable; default: auto)")
    add.add_argument("--target", type=float, default=0.9, help="target recall (default 0.9)")
    add.add_argument("--no-exam-mode", action="store_true", help="plain FSRS up to the exam")
    add.add_argument(
        "--buffer-days",
        type=int,
        help="days before the exam with no new cards, fewer than the days left (default 14)",
    )
    add.add_argument("--minutes-per-day", type=int, help="your daily study budget")
    exam_options.add_option_arguments(add)
    add.set_defaults(handler=cmd_add)

    listing = exam_sub.add_parser("list", help="your exams")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    listing.set_defaults(handler=cmd_list)

    remove = exam_sub.add_parser("remove", help="forget an exam")
    remove.add_argument("id", type=int, help="the exam's id (see 'exam list')")
    remove.set_defaults(handler=cmd_remove)

    mode = exam_sub.add_parser("mode", help="switch exam-mode scheduling for an exam")
    mode.add_argument("id", type=int, help="the exam's id (see 'exam list')")
    mode.add_argument("state", choices=["on", "off"], help="on: due dates aim at the exam day")
    mode.set_defaults(handler=cmd_mode)
    exam_links.register(exam_sub)
    exam_options.register(exam_sub)

    readiness = sub.add_parser("readiness", help="exam-day recall and pass probability")
    readiness.add_argument("--exam", type=int, help="exam id (default: the next exam)")
    readiness.add_argument("--json", action="store_true", help="print as JSON")
    readiness.add_argument(
        "--backtest",
        action="store_true",
        help="how past recall predictions fared after gaps of 4-90 days (all your cards)",
    )
    readiness.set_defaults(handler=cmd_readiness)

    plan = sub.add_parser("plan", help="new cards and minutes per day up to an exam")
    plan.add_argument("--exam", type=int, help="exam id (default: the next exam)")
    plan.add_argument("--json", action="store_true", help="print as JSON")
    plan.set_defaults(handler=cmd_plan)

    coverage = sub.add_parser("coverage", help="cards per domain and task of an exam")
    coverage.add_argument("--exam", required=True, help="exam profile id (or an exam's id)")
    coverage.add_argument("--json", action="store_true", help="print as JSON")
    coverage.set_defaults(handler=cmd_coverage)
