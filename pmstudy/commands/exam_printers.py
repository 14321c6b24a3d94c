"""What the exam commands print for people (``--json`` prints the reports' own JSON)."""

from __future__ import annotations

import shlex
import shutil
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pmstudy.domain.fmt import gap_to_prediction, percent, probability, span
from pmstudy.tui.screens.plan_day_text import final_pass_line

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pmstudy.services.exams import Coverage, ExamReport, LastMock, UnmappedDeck

NO_MOCK = (
    "No mock exam yet: take one in the TUI (m on the dashboard, or 'Mock exam' in the command "
    "palette) to check this prediction."
)


def name_width(names: Iterable[str], beside: int, *, least: int = 6) -> int:
    """The width of a name column: the longest name when the row still fits the terminal
    (``beside``: the characters of the rest of the row), else what is left, at least 44;
    longer names wrap onto lines of their own, never cut."""
    longest = max((len(n) for n in names), default=least)
    room = shutil.get_terminal_size().columns - beside
    return max(least, min(longest, max(room, 44)))


def shell_word(text: str) -> str:
    """``text`` as one word a shell reads back: bare, in double quotes, else in single ones."""
    if shlex.quote(text) == text:
        return text
    if not any(ch in text for ch in '"$`\\!'):
        return f'"{text}"'
    return shlex.quote(text)


def classify_command(deck: str, exam: str) -> str:
    """The command that maps a deck's cards onto an exam's blueprint."""
    return f"pmstudy classify --deck {shell_word(deck)} --exam {shell_word(exam)}"


def print_unmapped(unmapped: Sequence[UnmappedDeck], exam: str) -> None:
    """Per linked deck, its cards not on the blueprint yet, and the command that maps them."""
    for u in unmapped:
        print(
            f"{u.deck}: {u.cards} card{'s' if u.cards != 1 else ''} not on the blueprint yet — "
            f"map them: {classify_command(u.deck, exam)}"
        )


def print_counted_apart(report: ExamReport) -> None:
    """The linked cards readiness does not count: unmapped (per deck, with the command that maps
    them), about the exam itself, marked not on it."""
    r = report.readiness
    print_unmapped(report.unmapped, report.spec.id)
    if r.not_examined:
        print(f"({r.not_examined} card(s) about the exam itself, not counted)")
    if r.not_on_exam:
        print(f"({r.not_on_exam} marked not on this exam, not counted)")


def print_today(report: ExamReport) -> None:
    """Today's work against the plan's share for today."""
    p = report.progress
    print(
        f"Today: new {p.new_done}/{p.new_target} · reviews {p.reviews_done}/{p.reviews_due} · "
        f"{p.minutes_done:.0f}/{p.minutes_target:.0f} min"
    )


def print_readiness(
    report: ExamReport, last: LastMock | None = None, eligibility: str | None = None
) -> None:
    """The readiness report, human-readable; ``last``: the latest mock exam beside it;
    ``eligibility``: the eligibility log's status line, under the countdown."""
    r = report.readiness
    goal = report.goal
    local = goal.exam_at.astimezone(report.exam_at_zone())
    print(
        f"{report.spec.name} ({report.spec.id}), exam {local:%Y-%m-%d %H:%M} {goal.timezone}: "
        + ("the exam is over" if report.past else f"{report.days_left} days left")
        + f"; exam mode {'on' if goal.exam_mode else 'off'}, target {goal.target:.0%}"
    )
    if eligibility is not None:
        print(eligibility)
    if (line := final_pass_line(report)) is not None:
        print(line)
    level = f"{r.today.level:.0%}"
    if not any(d.cards for d in r.domains):
        # Nothing to average: a 0 % here would read as a measured result.
        print(
            f"Readiness today   no number yet: no linked card is on the {report.spec.id} "
            "blueprint (no card serves any of its domains)"
        )
        print_counted_apart(report)
        print_today(report)
        return
    print(
        f"Readiness today   {percent(r.today.value, 0)} "
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
            f"With the plan     {percent(r.plan.value, 0)} ({level} interval "
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
            f"Pass probability  not computed: {r.pass_note}; "
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
    width = name_width((d.name for d in r.domains), 90 if r.needed_to_pass is None else 70)
    header = f"{'Domain':<{width}} weight cards  seen   today  (interval)     plan  (interval)"
    if r.needed_to_pass is None:
        header += "   score today / plan" + ("   band (plan)" if r.bands_assumed else "")
    print(header)
    for d in r.domains:
        # Long names wrap onto lines of their own below the figures, never cut.
        name, *rest = textwrap.wrap(d.name, width) or [""]
        seen = d.seen / d.cards if d.cards else 0.0
        today_span = f"({span(d.today_range.low, d.today_range.high)})"
        plan_span = "" if d.plan_range is None else f"({span(d.plan_range.low, d.plan_range.high)})"
        line = (
            f"{name:<{width}} {d.weight:>5.0f}% {d.cards:>5} {percent(seen, 0):>5} "
            f"{percent(d.recall_today, 0):>7} {today_span:<11}"
            f"{percent(d.recall_plan, 0):>7}  {plan_span:<11}"
        )
        if r.needed_to_pass is None:
            line += f"   {percent(d.expected_today, 0):>5} / {percent(d.expected_plan, 0):<5}"
            if r.bands_assumed:
                line += f"   {d.band_plan or d.band_today}"
        print(line)
        for more in rest:
            print(f"  {more}")
    print_counted_apart(report)
    empty = [d for d in r.domains if d.empty_tasks]
    if empty:
        print(
            "(tasks without cards count 0 in their domain: "
            + ", ".join(f"{d.name} {d.empty_tasks}" for d in empty)
            + ")"
        )
    print_last_mock(report, last)
    weakest = r.weakest(3)
    if weakest:
        names = "; ".join(
            f"{t.domain_id}{'::' + t.task_id if t.task_id else ''} {t.name} "
            f"({percent(t.recall_today, 0)})"
            for t in weakest
        )
        print(f"Weakest: {names}")
    print_today(report)


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
    if (line := final_pass_line(report)) is not None:
        print(line)
    if not report.goal.plan_sets_new:
        print("Today's new cards: the decks' presets decide (the plan's number is advice only)")
    print(f"{'Date':<10}  {'New':>4}  {'Reviews':>7}  {'Minutes':>7}")
    for day in plan.days:
        print(f"{day.day:%Y-%m-%d}  {day.new:>4.0f}  {day.reviews:>7.0f}  {day.minutes:>7.1f}")
    if plan.warning is not None:
        print(f"warning: {plan.warning.message()}; options:")
        for option in plan.warning.options():
            print(f"  - {option}")


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
    if coverage.not_on_exam:
        print(f"{coverage.not_on_exam} marked not on this exam (not counted)")
    print_unmapped(coverage.unmapped, coverage.spec.id)
    if coverage.gaps:
        print(f"gaps (no card): {', '.join(coverage.gaps)}")


def fits_text(last: LastMock) -> str:
    """Whether the score lies in the range a mock of its size shows if the prediction holds."""
    check = last.check
    fits = {
        "within": "this one fits it",
        "above": "this one is above it, so the prediction may be too low",
        "below": "this one is below it, so the prediction may be too high",
    }[check.compared.value]
    return (
        f"a {check.scored}-item mock scores {span(check.expected_low, check.expected_high)} "
        f"if the prediction holds: {fits}"
    )


def predicted_note(report: ExamReport) -> str:
    """What 'predicted' means: exam day if you stopped now, the link learnt without the mock."""
    note = (
        "Predicted: the share of items expected right on exam day if you stopped now, with the "
        "recall-to-item link learnt without this mock"
    )
    if report.past or report.days_left <= 1:
        return note + "."
    return (
        note + f"; recall fades in the {report.days_left} days to the exam, so a mock taken now "
        "tends to score above it."
    )


def mock_headline(report: ExamReport, last: LastMock) -> str:
    """'Last mock (2026-11-22, 50 items, shortened): 72% — predicted today 64% (55–73%): …'."""
    summary, check = last.result.summary, last.check
    day = last.finished_at.astimezone(report.exam_at_zone())
    length = "full length" if summary.full_length else "shortened"
    predicted = check.predicted
    return (
        f"Last mock ({day:%Y-%m-%d}, {summary.items} items, {length}): "
        f"{percent(check.share, 0)} — predicted today {percent(predicted.value, 0)} "
        f"({span(predicted.low, predicted.high)}): {gap_to_prediction(check.difference)}"
    )


def print_last_mock(report: ExamReport, last: LastMock | None) -> None:
    """The latest mock exam beside today's prediction, per domain too (or how to take one)."""
    if last is None:
        print(NO_MOCK)
        return
    score, check = last.result.score, last.check
    print(mock_headline(report, last))
    verdict = ""
    if score.passed is not None:
        verdict = f", {'pass' if score.passed else 'fail'} ({score.needed} needed)"
    print(f"  {check.right} of {check.scored} right{verdict}; {fits_text(last)}.")
    print(f"  {predicted_note(report)}")
    if not check.domains:
        return
    bands = {d.domain: d.band for d in score.domains}
    width = name_width((d.name for d in check.domains), 70)
    print(f"  {'Domain':<{width}}  {'Mock':<32}  Predicted today")
    for d in check.domains:
        name, *rest = textwrap.wrap(d.name, width) or [""]
        tally = f"({d.right}/{d.items})"
        mock = f"{percent(d.share, 0):>4} {tally:<9} {bands.get(d.id, '')}"
        predicted = f"{percent(d.predicted.value, 0)} ({span(d.predicted.low, d.predicted.high)})"
        if d.predicted_band:
            predicted += f"  {d.predicted_band}"
        print(f"  {name:<{width}}  {mock:<32}  {predicted}")
        for more in rest:
            print(f"    {more}")
    if score.bands_assumed:
        print("  (mock bands by pmstudy's assumed thresholds, docs/readiness.md)")
