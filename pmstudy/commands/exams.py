"""Exam commands: profiles, exam goals, readiness, the study plan, coverage."""

from __future__ import annotations

import argparse
import datetime as dt
import textwrap
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pmstudy.commands.common import Parser, make_services, print_json
from pmstudy.domain.fmt import probability, span
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.domain.exam import ExamGoal, ExamSpec
    from pmstudy.services.exam_report import Coverage, ExamReport


def _zone(name: str) -> dt.tzinfo:
    return ZoneInfo(name) if name and name != "UTC" else dt.UTC


def _pct(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def pass_mark_text(spec: ExamSpec) -> str:
    """'68 of 80 (85%)', '36 of 60', or 'not published'."""
    rule = spec.pass_rule
    needed = spec.needed_to_pass
    if needed is None:
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
        "decks": list(goal.deck_names),
        "days_left": days_left,
    }


def cmd_profiles(settings: Settings, args: argparse.Namespace) -> int:
    """List the exam profiles (no database needed)."""
    from pmstudy.resources import profiles_dir
    from pmstudy.services.exam_profiles import load_specs

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
        )
        report = services.exams.report(goal.id, with_plan=False)
    local = goal.exam_at.astimezone(report.exam_at_zone())
    print(
        f"exam {goal.id}: {report.spec.name} on {local:%Y-%m-%d %H:%M} {goal.timezone} "
        f"({report.days_left} days left), decks: {', '.join(goal.deck_names)}; "
        f"exam mode {'on' if goal.exam_mode else 'off'}"
    )
    return 0


def cmd_list(settings: Settings, args: argparse.Namespace) -> int:
    """List exam goals."""
    with make_services(settings) as services:
        goals = services.exams.goals()
        today = services.days.day_of(services.clock.now())
        days = {g.id: (services.days.day_of(g.exam_at) - today).days for g in goals}
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


def print_readiness(report: ExamReport) -> None:
    """The readiness report, human-readable."""
    r = report.readiness
    goal = report.goal
    local = goal.exam_at.astimezone(report.exam_at_zone())
    print(
        f"{report.spec.name} ({report.spec.id}), exam {local:%Y-%m-%d %H:%M} {goal.timezone}: "
        + ("the exam is over" if report.past else f"{report.days_left} days left")
        + f"; exam mode {'on' if goal.exam_mode else 'off'}, target {goal.target:.0%}"
    )
    level = f"{r.today.level:.0%}"
    print(
        f"Readiness today   {_pct(r.today.value)} "
        f"({level} interval {span(r.today.low, r.today.high)}): recall on exam day if you "
        "stopped now"
    )
    if r.plan is not None:
        adherence = r.adherence
        basis = (
            f"you did {adherence.value:.0%} of the planned work in the last 14 days"
            if adherence is not None and r.adherence_known
            else "your adherence is not known yet (assumed 2/3, widely)"
        )
        print(
            f"With the plan     {_pct(r.plan.value)} ({level} interval "
            f"{span(r.plan.low, r.plan.high)}): a projection that assumes you follow the plan; "
            f"{basis}"
        )
    elif report.plan is None and not report.past:
        print("With the plan     not computed (--no-plan)")
    if r.needed_to_pass is not None:
        print(f"Pass mark         {r.needed_to_pass} of {r.graded_items} items right")
        for label, estimate, verdict, missing in (
            ("Pass today", r.pass_today, r.verdict_today, r.missing),
            ("Pass, plan", r.pass_plan, r.verdict_plan, r.plan_missing),
        ):
            if estimate is not None and verdict is not None:
                print(
                    f"{label:<17} {probability(estimate.value)} ({level} interval "
                    f"{span(estimate.low, estimate.high, bounded=True)}): {verdict.value}"
                )
            elif label == "Pass today" or r.plan is not None:
                print(f"{label:<17} no number yet: " + "; ".join(m.sentence() for m in missing))
    else:
        print(
            "Pass probability  not computed: no pass mark is published for this exam; "
            "below, each domain's expected score"
            + (
                " and the band it points to (assumed thresholds, docs/readiness.md)"
                if r.bands_assumed
                else ""
            )
        )
        if r.missing:
            print("Evidence missing  " + "; ".join(m.sentence() for m in r.missing))
    link = "your mock exams" if r.mock_answers else "priors (no mock-exam answers yet)"
    print(f"Recall-to-item link from {link}; intervals in docs/readiness.md")
    name_width = max((len(d.name) for d in r.domains), default=6)
    name_width = min(max(name_width, 6), 44)
    header = f"{'Domain':<{name_width}} weight cards  seen   today  (interval)     plan  (interval)"
    if r.needed_to_pass is None:
        header += "   score today / plan" + ("   band (plan)" if r.bands_assumed else "")
    print(header)
    for d in r.domains:
        # Long names wrap onto lines of their own below the figures, never cut.
        name, *rest = textwrap.wrap(d.name, name_width) or [""]
        seen = d.seen / d.cards if d.cards else 0.0
        today_span = f"({span(d.today_range.low, d.today_range.high)})"
        plan_span = "" if d.plan_range is None else f"({span(d.plan_range.low, d.plan_range.high)})"
        line = (
            f"{name:<{name_width}} {d.weight:>5.0f}% {d.cards:>5} {_pct(seen):>5} "
            f"{_pct(d.recall_today):>7} {today_span:<11}{_pct(d.recall_plan):>7}  {plan_span:<11}"
        )
        if r.needed_to_pass is None:
            line += f"   {_pct(d.expected_today):>5} / {_pct(d.expected_plan):<5}"
            if r.bands_assumed:
                line += f"   {d.band_plan or d.band_today}"
        print(line)
        for more in rest:
            print(f"  {more}")
    if r.untagged:
        print(f"({r.untagged} linked card(s) carry no {report.spec.id} domain tag)")
    if r.not_examined:
        print(f"({r.not_examined} card(s) about the exam itself, not counted)")
    empty = [d for d in r.domains if d.empty_tasks]
    if empty:
        print(
            "(tasks without cards count 0 in their domain: "
            + ", ".join(f"{d.name} {d.empty_tasks}" for d in empty)
            + ")"
        )
    weakest = r.weakest(3)
    if weakest:
        names = "; ".join(
            f"{t.domain_id}{'::' + t.task_id if t.task_id else ''} {t.name} "
            f"({_pct(t.recall_today)})"
            for t in weakest
        )
        print(f"Weakest: {names}")
    p = report.progress
    print(
        f"Today: new {p.new_done}/{p.new_target} · reviews {p.reviews_done}/{p.reviews_due} · "
        f"{p.minutes_done:.0f}/{p.minutes_target:.0f} min"
    )


def cmd_readiness(settings: Settings, args: argparse.Namespace) -> int:
    """Readiness for an exam: today and with the plan (--backtest: past predictions)."""
    if args.backtest:
        from pmstudy.commands.backtest import cmd_backtest

        return cmd_backtest(settings, args)
    report = _report(settings, args.exam)
    if args.json:
        print_json(report.readiness_dict())
    else:
        print_readiness(report)
    return 0


def print_plan(report: ExamReport) -> None:
    """The study plan, human-readable."""
    plan = report.plan
    print(
        f"Plan for {report.spec.name} ({report.spec.id}), exam {report.exam_day}, "
        f"{report.days_left} days left"
    )
    if plan is None:
        print("the exam is over: nothing left to plan")
        return
    learner = report.learner
    if plan.new_remaining:
        buffer_note = (
            "inside the consolidation buffer: spread over the days left"
            if plan.inside_buffer
            else f"{report.goal.buffer_days}-day buffer before the exam"
        )
        print(
            f"New cards: {plan.new_per_day}/day; all {plan.new_remaining} introduced by "
            f"{plan.introduce_by} ({buffer_note})"
        )
    else:
        print("New cards: none left; reviews only")
    source = "from your review log" if learner.own_seconds else "default, until your log has more"
    print(f"Answer time: {learner.seconds_per_answer:.1f} s ({source})")
    if report.goal.minutes_per_day:
        print(f"Budget: {report.goal.minutes_per_day} min/day")
    print(f"{'Date':<10}  {'New':>4}  {'Reviews':>7}  {'Minutes':>7}")
    for day in plan.days:
        print(f"{day.day:%Y-%m-%d}  {day.new:>4.0f}  {day.reviews:>7.0f}  {day.minutes:>7.1f}")
    if plan.warning is not None:
        print(f"warning: {plan.warning.message()}; options:")
        for option in plan.warning.options():
            print(f"  - {option}")


def cmd_plan(settings: Settings, args: argparse.Namespace) -> int:
    """The study plan up to an exam."""
    report = _report(settings, args.exam)
    if args.json:
        print_json(report.plan_dict())
    else:
        print_plan(report)
    return 0


def print_coverage(coverage: Coverage) -> None:
    """Coverage, human-readable."""
    print(f"{coverage.spec.name} ({coverage.spec.id}): {coverage.cards} card(s) in your collection")
    for d in coverage.domains:
        print(f"{d.cards:>6}  {d.id} — {d.name} ({d.weight:g}%)")
        for t in d.tasks:
            print(f"{t.cards:>6}    {t.id} {t.name}")
        if d.tasks and d.without_task:
            print(f"{d.without_task:>6}    (no task tag)")
    if coverage.not_examined:
        print(f"{coverage.not_examined} cards about the exam itself (not counted)")
    if coverage.gaps:
        print(f"gaps (no card): {', '.join(coverage.gaps)}")


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
    profiles.add_argument("--json", action="store_true")
    profiles.set_defaults(handler=cmd_profiles)

    add = exam_sub.add_parser("add", help="book an exam (links decks with its tagged cards)")
    add.add_argument("profile", help="exam profile id, e.g. pmp-2026 (see 'exam profiles')")
    add.add_argument("--date", required=True, help="exam date, YYYY-MM-DD (your time zone)")
    add.add_argument("--time", help="exam start, HH:MM (default 09:00)")
    add.add_argument("--deck", action="append", help="deck to link (repeatable; default: auto)")
    add.add_argument("--target", type=float, default=0.9, help="target recall (default 0.9)")
    add.add_argument("--no-exam-mode", action="store_true", help="plain FSRS up to the exam")
    add.add_argument("--buffer-days", type=int, default=14, help="days with no new cards")
    add.add_argument("--minutes-per-day", type=int, help="your daily study budget")
    add.set_defaults(handler=cmd_add)

    listing = exam_sub.add_parser("list", help="your exams")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    remove = exam_sub.add_parser("remove", help="forget an exam")
    remove.add_argument("id", type=int)
    remove.set_defaults(handler=cmd_remove)

    mode = exam_sub.add_parser("mode", help="switch exam-mode scheduling for an exam")
    mode.add_argument("id", type=int)
    mode.add_argument("state", choices=["on", "off"])
    mode.set_defaults(handler=cmd_mode)

    readiness = sub.add_parser("readiness", help="exam-day recall and pass probability")
    readiness.add_argument("--exam", type=int, help="exam id (default: the next exam)")
    readiness.add_argument("--json", action="store_true")
    readiness.add_argument(
        "--backtest",
        action="store_true",
        help="how past recall predictions fared after gaps of 4-90 days (all your cards)",
    )
    readiness.set_defaults(handler=cmd_readiness)

    plan = sub.add_parser("plan", help="new cards and minutes per day up to an exam")
    plan.add_argument("--exam", type=int, help="exam id (default: the next exam)")
    plan.add_argument("--json", action="store_true")
    plan.set_defaults(handler=cmd_plan)

    coverage = sub.add_parser("coverage", help="cards per domain and task of an exam")
    coverage.add_argument("--exam", required=True, help="exam profile id (or an exam's id)")
    coverage.add_argument("--json", action="store_true")
    coverage.set_defaults(handler=cmd_coverage)
