"""The readiness panel as Rich renderables, laid out for a given width.

One table answers "how ready am I": a row per domain, then the whole exam and the pass
probability, in two columns with headers, *Today* (if you stopped now) and *With the plan*.
Every figure carries its 80 % interval; a band (PMP's "Above Target" …) sits under the score it
describes, in the same column. Domain names wrap instead of being cut; the bars shrink, then go,
as the panel narrows. Every piece of deck or profile text is appended literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pmstudy.domain.fmt import percent, probability, span
from pmstudy.tui.widgets.tables import headed_table

if TYPE_CHECKING:
    from pmstudy.domain.exam import DomainReadiness, Estimate, Readiness, Verdict
    from pmstudy.services.exams import ExamReport

TODAY_STYLE = "bold #5fafff"
PLAN_STYLE = "#5fd75f"
TRACK = " on #303030"  # the bar's empty part: the scale reads at a glance, 0 % included
MAX_BAR = 10
MIN_BAR = 4
MIN_NAME = 16
NAME_WITH_BARS = 24
# The weight and seen columns, and the padding between five columns.
OTHER_WIDTH = len("Weight") + len("Seen") + 8
FIGURE_WIDTH = len("100% (95–100%)")
SHOWN_MISSING = 3
# What the panel says to do about a linked deck's cards not on the blueprint yet. A screen with
# a classify key passes its own words (``ExamReadiness.classify_hint``), e.g. "press c to
# classify"; this default names the screen only.
CLASSIFY_HINT = "the classify screen maps them"


def bar(value: float | None, width: int = MAX_BAR) -> str:
    """A bar of block characters, eighths included: ``█████▌   ``."""
    if value is None:
        return " " * width
    eighths = round(max(0.0, min(1.0, value)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(width)


def layout(width: int, second_line: int = 0) -> tuple[int, int]:
    """The bars' width and each figure column's width in a panel ``width`` columns wide.

    The widest bars (up to 10) that leave the domain names 24 columns; none when even 4
    would not (names come first: they wrap, but a name in 16 columns is hard to read). A
    second line under the figures ("score 64% → Below Target", ``second_line`` long) gets its
    width when there is room and wraps when not; the domain names take whatever is left.
    """
    for bars in range(MAX_BAR, MIN_BAR - 1, -1):
        cell = max(FIGURE_WIDTH + 1 + bars, second_line)
        if NAME_WITH_BARS + OTHER_WIDTH + 2 * cell <= width:
            return bars, cell
    room = (width - MIN_NAME - OTHER_WIDTH) // 2
    return 0, max(FIGURE_WIDTH, min(room, second_line))


def _figure(
    value: float | None, estimate: Estimate | None, bars: int, style: str, pending: bool
) -> Text:
    """``█████▌     56% (48–63%)``; '…' while the plan is on its way."""
    text = Text()
    if pending and value is None:
        return Text("…", style)
    if bars:
        text.append(bar(value, bars), style + TRACK)
        text.append(" ")
    text.append(f"{percent(value, 0):>4}", style)
    if estimate is not None:
        text.append(f" ({span(estimate.low, estimate.high)})", style)
    return text


def _band_line(score: float | None, band: str | None) -> Text:
    """The expected score and the band it points to, under the recall it comes from."""
    text = Text(f"score {percent(score, 0)}", "dim")
    if band:
        text.append(" → ", "dim")
        text.append(band, "bold")
    return text


def _second_lines(r: Readiness) -> list[Text]:
    """Every score-and-band line the table will show (to size its columns)."""
    if r.needed_to_pass is not None:
        return []
    lines = [_band_line(d.expected_today, d.band_today) for d in r.domains]
    lines += [_band_line(d.expected_plan, d.band_plan) for d in r.domains if d.expected_plan]
    return lines


def _domain_cell(d: DomainReadiness, r: Readiness, bars: int, *, plan: bool, pending: bool) -> Text:
    if plan:
        cell = _figure(d.recall_plan, d.plan_range, bars, PLAN_STYLE, pending)
        score, band = d.expected_plan, d.band_plan
    else:
        cell = _figure(d.recall_today, d.today_range, bars, TODAY_STYLE, False)
        score, band = d.expected_today, d.band_today
    if r.needed_to_pass is None and not (plan and score is None):
        cell.append("\n")
        cell.append_text(_band_line(score, band))
    return cell


def _pass_cell(estimate: Estimate | None, verdict: Verdict | None, style: str) -> Text:
    if estimate is None or verdict is None:
        return Text("not enough evidence yet", "dim")
    text = Text(verdict.value, style)
    bounds = span(estimate.low, estimate.high, bounded=True)
    text.append(f"\n{probability(estimate.value)} ({bounds})", style)
    return text


def domain_table(report: ExamReport, width: int, *, plan_pending: bool = False) -> Table:
    """Domains, the whole exam and the pass probability, today and with the plan."""
    r = report.readiness
    bars, cell = layout(width, max((t.cell_len for t in _second_lines(r)), default=0))
    has_plan = r.plan is not None or plan_pending
    table = headed_table(padding=(0, 1), expand=True)
    table.add_column("Domain", overflow="fold", min_width=MIN_NAME, ratio=1)
    table.add_column("Weight", justify="right", no_wrap=True, width=len("Weight"))
    table.add_column(Text("Today", TODAY_STYLE), width=cell, overflow="fold")
    if has_plan:
        table.add_column(Text("With the plan", PLAN_STYLE), width=cell, overflow="fold")
    table.add_column("Seen", justify="right", no_wrap=True, width=len("Seen"))
    for d in r.domains:
        seen = d.seen / d.cards if d.cards else 0.0
        cells: list[Text] = [
            Text(d.name),
            Text(f"{d.weight:.0f}%", "dim"),
            _domain_cell(d, r, bars, plan=False, pending=False),
        ]
        if has_plan:
            cells.append(_domain_cell(d, r, bars, plan=True, pending=plan_pending))
        cells.append(Text(percent(seen, 0), "dim"))
        table.add_row(*cells)
    cards = sum(d.cards for d in r.domains)
    seen_all = sum(d.seen for d in r.domains) / cards if cards else 0.0
    overall: list[Text] = [
        Text("Whole exam", "bold"),
        Text("100%", "dim"),
        _figure(r.today.value, r.today, bars, TODAY_STYLE, False),
    ]
    if has_plan:
        overall.append(_figure(r.overall_plan, r.plan, bars, PLAN_STYLE, plan_pending))
    overall.append(Text(percent(seen_all, 0), "dim"))
    table.add_section()
    table.add_row(*overall)
    if r.needed_to_pass is not None:
        row = [
            Text(f"Pass ({r.needed_to_pass} of {r.graded_items} needed)", "bold"),
            Text(""),
            _pass_cell(r.pass_today, r.verdict_today, TODAY_STYLE),
        ]
        if has_plan:
            row.append(
                Text("…", PLAN_STYLE)
                if plan_pending and r.pass_plan is None
                else _pass_cell(r.pass_plan, r.verdict_plan, PLAN_STYLE)
            )
        row.append(Text(""))
        table.add_row(*row)
    return table


def title_line(report: ExamReport, width: int | None = None) -> Text:
    """``PMP · Wed 2027-01-20 09:00 · 44 days left · exam mode on``; in a narrow panel the
    weekday goes, then the exam mode moves to a line of its own (never cut mid-phrase)."""
    goal = report.goal
    local = goal.exam_at.astimezone(report.exam_at_zone())
    when = "exam over" if report.past else f"{report.days_left} days left"
    mode = f"exam mode {'on' if goal.exam_mode else 'off'}"
    for day, separator in (
        (f"{local:%a %Y-%m-%d %H:%M}", "  ·  "),
        (f"{local:%Y-%m-%d %H:%M}", " · "),
    ):
        head = f"{report.spec.name}{separator}{day}{separator}{when}"
        if width is None or len(head) + len(separator) + len(mode) <= width:
            return Text.assemble(
                (report.spec.name, "bold"), head[len(report.spec.name) :], (separator + mode, "dim")
            )
    return Text.assemble(
        (report.spec.name, "bold"), head[len(report.spec.name) :], ("\n" + mode, "dim")
    )


def mapped(report: ExamReport) -> bool:
    """Whether any linked card serves a domain of the exam (else there is nothing to measure)."""
    return any(d.cards for d in report.readiness.domains)


def nothing_mapped(report: ExamReport) -> Text:
    """What stands in for the figures while no linked card serves a domain of the exam."""
    text = Text("No readiness figure yet: ", "bold yellow")
    text.append(
        f"no linked card is on the {report.spec.name} blueprint, so no domain has evidence.",
        "yellow",
    )
    return text


def unmapped_lines(report: ExamReport, hint: str = CLASSIFY_HINT) -> Text:
    """Per linked deck, its cards not on the blueprint yet, and what maps them (deck names as
    they are, never markup)."""
    text = Text()
    for u in report.unmapped:
        if text:
            text.append("\n")
        text.append(u.deck, "bold")
        text.append(f": {u.cards} card{'s' if u.cards != 1 else ''} not on the blueprint yet")
        text.append(f" — {hint}", "dim")
    return text


def notes(report: ExamReport, hint: str = CLASSIFY_HINT) -> Text:
    """What the figures mean, the cards they leave out, and what evidence is still missing."""
    r = report.readiness
    if not mapped(report):
        return unmapped_lines(report, hint)
    text = Text(f"Recall on exam day, {r.today.level:.0%} intervals in brackets", "dim")
    if r.plan is not None:
        text.append("; with the plan: if you follow the plan below", "dim")
    if r.needed_to_pass is None:
        kind = "assumed thresholds" if r.bands_assumed else "expected share right"
        text.append(f"; {r.pass_note}: score per domain ({kind})", "dim")
    text.append(".", "dim")
    if report.unmapped:
        text.append("\n")
        text.append_text(unmapped_lines(report, hint))
    for missing in r.missing[:SHOWN_MISSING]:
        text.append(f"\nTo know more: {missing.sentence()}", "yellow")
    if len(r.missing) > SHOWN_MISSING:
        more = len(r.missing) - SHOWN_MISSING
        text.append(f"\n… and {more} more (pmstudy readiness)", "yellow")
    return text


def today_line(report: ExamReport) -> Text:
    """Today's work against the plan's share for today."""
    p = report.progress
    text = Text("Today ", "bold")
    text.append(f"new {p.new_done}/{p.new_target}  ·  reviews {p.reviews_done}/{p.reviews_due}")
    text.append(f"  ·  {p.minutes_done:.0f}/{p.minutes_target:.0f} min")
    warning = None if report.plan is None else report.plan.warning
    if warning is not None:
        text.append(f"\n⚠ {warning.message()}; either", "bold yellow")
        for option in warning.options():
            text.append(f"\n  • {option}", "")
    return text


def readiness_view(
    report: ExamReport, width: int, *, plan_pending: bool = False, hint: str = CLASSIFY_HINT
) -> Group:
    """The whole panel for a panel ``width`` columns wide; ``hint``: what maps unmapped cards.

    With no linked card on the blueprint there is no figure to give: a sentence says so, and
    which decks hold the cards to map.
    """
    parts: list[RenderableType] = [
        title_line(report, width),
        domain_table(report, width, plan_pending=plan_pending)
        if mapped(report)
        else nothing_mapped(report),
        notes(report, hint),
        today_line(report),
    ]
    return Group(*parts)
