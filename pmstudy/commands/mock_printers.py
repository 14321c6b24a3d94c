"""What the mock commands print for people (``--json`` prints mock.py's dictionaries)."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import TYPE_CHECKING

from pmstudy.commands.exam_printers import name_width
from pmstudy.domain.fmt import duration

if TYPE_CHECKING:
    from pmstudy.domain.mock import MockScore
    from pmstudy.services.mock import MockResult, MockSummary, Unfinished

TAKE_ONE = "take one in the TUI (m on the dashboard, or 'Mock exam' in the command palette)"
LABEL = 12


def _minutes(ms: int) -> str:
    return duration(ms / 1000)


def pass_text(needed: int | None, right: int, *, practice: bool) -> str:
    """'pass (43 needed)', 'fail (43 needed)', 'no pass mark', or '—' for a practice set."""
    if practice:
        return "—"
    if needed is None:
        return "no pass mark"
    return f"{'pass' if right >= needed else 'fail'} ({needed} needed)"


def unfinished_line(unfinished: Unfinished) -> str:
    """The mock a killed process left open, and what to do about it."""
    left = "" if unfinished.remaining_ms is None else f", {_minutes(unfinished.remaining_ms)} left"
    return (
        f"unfinished: mock {unfinished.id}, {unfinished.title}, {unfinished.answered} of "
        f"{unfinished.items} answered{left}: resume it in the TUI (pmstudy)"
    )


def print_history(
    mocks: list[tuple[MockSummary, int | None]],
    unfinished: Unfinished | None,
    zone: dt.tzinfo,
    profile: str | None,
) -> None:
    """One line per finished mock, newest first, then the unfinished one."""
    if not mocks:
        scope = "" if profile is None else f" of {profile}"
        print(f"no mock exam{scope} yet: {TAKE_ONE}")
    else:
        exam_width = max(len("Exam"), *(len(s.profile_id) for s, _ in mocks))
        print(
            f"{'Id':>4}  {'Finished':<16}  {'Exam':<{exam_width}}  {'Kind':<8}  {'Items':>5}  "
            f"{'Score':>6}  {'Result':<18}  Length"
        )
        for summary, needed in mocks:
            practice = summary.kind.value == "practice"
            ended = summary.finished_at or summary.started_at
            length = "—" if practice else ("full length" if summary.full_length else "shortened")
            print(
                f"{summary.id:>4}  {ended.astimezone(zone):%Y-%m-%d %H:%M}  "
                f"{summary.profile_id:<{exam_width}}  {summary.kind.value:<8}  "
                f"{summary.items:>5}  {summary.percent:>5.1f}%  "
                f"{pass_text(needed, summary.right, practice=practice):<18}  {length}"
            )
    if unfinished is not None:
        print(unfinished_line(unfinished))


def thresholds_text() -> str:
    """'bands by assumed thresholds: ≥ 80% Above Target, …' (PMI publishes none)."""
    from pmstudy.domain.exam import ASSUMED_BAND_THRESHOLDS

    bands = ", ".join(f"≥ {t:.0%} {name}" for t, name in ASSUMED_BAND_THRESHOLDS if t > 0)
    return f"(bands by pmstudy's assumed thresholds: {bands}; docs/readiness.md)"


def _score_line(score: MockScore, *, practice: bool) -> str:
    line = f"{score.right} of {score.scored} scored items right ({score.percent:.1f}%)"
    if practice:
        return line
    if score.passed is None:
        return line + f": no pass or fail ({score.pass_note})"
    return line + f": {'pass' if score.passed else 'fail'}, {score.needed} needed to pass"


def _pace_text(score: MockScore) -> str:
    marks = []
    for mark in score.pace:
        used = "not reached" if mark.used_ms is None else f"at {_minutes(mark.used_ms)}"
        even = f" (even pace {_minutes(mark.target_ms)})" if score.limit_ms else ""
        marks.append(f"item {mark.item} {used}{even}")
    return "; ".join(marks)


def print_result(result: MockResult, zone: dt.tzinfo) -> None:
    """One mock's results, human-readable."""
    summary, score = result.summary, result.score
    practice = summary.kind.value == "practice"
    started = summary.started_at.astimezone(zone)
    ended = (summary.finished_at or summary.started_at).astimezone(zone)
    length = "Practice set" if practice else ("Full length" if summary.full_length else "Shortened")
    how = "" if result.ended is None else f"; ended: {result.ended.value.replace('-', ' ')}"
    print(f"Mock {summary.id}: {summary.title} ({summary.profile_id})")
    print(
        f"{length}, {summary.items} items; {started:%Y-%m-%d %H:%M} – {ended:%H:%M} "
        f"{started.tzname()}{how}"
    )
    print(f"{'Score':<{LABEL}} {_score_line(score, practice=practice)}")
    if score.domains:
        print(f"{'Domains':<{LABEL}} {thresholds_text() if score.bands_assumed else ''}")
        width = name_width((d.name for d in score.domains), 30)
        for d in score.domains:
            # Long names wrap onto lines of their own below the figures, never cut.
            name, *rest = textwrap.wrap(d.name, width) or [""]
            print(f"  {name:<{width}}  {d.right:>3}/{d.items:<3} {100 * d.share:>5.1f}%  {d.band}")
            for more in rest:
                print(f"    {more}")
    pretest = (
        f"{score.pretest_right} of {score.pretest} right (not scored)" if score.pretest else "none"
    )
    print(f"{'Pretest':<{LABEL}} {pretest}")
    print(f"{'Unanswered':<{LABEL}} {score.unanswered}")
    limit = "untimed" if score.limit_ms is None else f"of {_minutes(score.limit_ms)}"
    print(
        f"{'Time':<{LABEL}} {_minutes(score.time_used_ms)} {limit}; "
        f"{_minutes(score.mean_item_ms)} per item on average"
    )
    print(f"{'Pacing':<{LABEL}} {_pace_text(score)}")
    if score.slowest:
        slowest = "; ".join(
            f"item {o.position + 1} ({o.domain}) {_minutes(o.time_ms)}, "
            + ("right" if o.correct else ("wrong" if o.answered else "unanswered"))
            for o in score.slowest
        )
        print(f"{'Slowest':<{LABEL}} {slowest}")
    for note in result.notes:
        print(f"{'Note':<{LABEL}} {note}")
