"""The words of a finished mock: the score, pass or fail, domains, pacing, slowest items, and
each item's line in the review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from pmstudy.domain.mock import EndReason, MockScore
from pmstudy.tui.screens.mock_text import clock_text, minutes_text, plural
from pmstudy.tui.widgets.segments import segments_to_text
from pmstudy.tui.widgets.tables import headed_table

if TYPE_CHECKING:
    from pmstudy.services.mock import ItemReview, MockResult

ENDED = {
    EndReason.SUBMITTED: "submitted",
    EndReason.TIME_UP: "time ran out",
    EndReason.ABANDONED: "ended without resuming, scored as it stood",
}
SLOWEST_SHOWN = 5


def verdict_text(score: MockScore) -> Text:
    """``✓ passed (68 right needed)``, ``✗ not passed …``, or why there is no verdict."""
    if score.needed is None:
        return Text(f"No pass or fail ({score.pass_note})", "bold")
    text = Text()
    if score.passed:
        text.append("✓ passed", "bold green")
    else:
        text.append("✗ not passed", "bold red")
    text.append(f"  ({score.needed} of {score.scored} right needed)")
    return text


def summary_text(result: MockResult) -> Text:
    """Title, how it ended, the score, pass or fail, unanswered, pretest and time."""
    summary, score = result.summary, result.score
    text = Text().append(summary.title, "bold")
    ended = ENDED.get(result.ended, "finished") if result.ended else "finished"
    text.append(f"\n{summary.started_at:%Y-%m-%d %H:%M} · {ended}", "dim")
    text.append(" · full length" if summary.full_length else " · shortened", "dim")
    text.append("\n\n")
    rows: list[tuple[str, Text]] = [
        ("Score", Text(f"{score.right} / {score.scored} right   {score.percent:.1f} %", "bold")),
        ("Result", verdict_text(score)),
        ("Unanswered", Text(str(score.unanswered), "bold red" if score.unanswered else "")),
    ]
    if score.pretest:
        rows.append(
            (
                "Pretest",
                Text(
                    f"{plural(score.pretest, 'unscored item')} "
                    f"({score.pretest_right} right; not counted)"
                ),
            )
        )
    used = clock_text(score.time_used_ms)
    limit = "untimed" if score.limit_ms is None else f"of {clock_text(score.limit_ms)}"
    mean = clock_text(score.mean_item_ms)
    rows.append(("Time", Text(f"{used} used {limit} · {mean} per item on average")))
    for label, value in rows:
        text.append(f"{label:<12}", "dim")
        text.append_text(value)
        text.append("\n")
    return text


def domain_table(score: MockScore) -> Table:
    """Right answers and the band per domain."""
    title = "By domain" + (" (bands: assumed thresholds)" if score.bands_assumed else "")
    table = headed_table(title, expand=True)
    table.add_column("Domain", ratio=1, overflow="fold")
    table.add_column("Right", justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    for domain in score.domains:
        table.add_row(
            Text(domain.name),
            f"{domain.right} / {domain.items}",
            f"{domain.share * 100:.0f}",
            Text(domain.band, "bold"),
        )
    return table


def pace_text(score: MockScore) -> Text:
    """``at item 45: 52 min used, pace 60 min`` for each checkpoint."""
    text = Text().append("Pacing\n", "bold")
    for mark in score.pace:
        text.append(f"  at item {mark.item}: ")
        if mark.used_ms is None:
            text.append("not reached", "dim")
        else:
            text.append(f"{minutes_text(mark.used_ms)} used")
            if score.limit_ms is not None:
                late = mark.used_ms > mark.target_ms
                text.append(f", pace {minutes_text(mark.target_ms)}", "yellow" if late else "dim")
        text.append("\n")
    return text


def slowest_table(result: MockResult) -> Table:
    """The items that took longest, with the start of each question (one line each)."""
    table = Table.grid(padding=(0, 2), expand=True)
    table.title = "Slowest items"
    table.title_justify = "left"
    table.title_style = "bold"
    table.add_column(no_wrap=True, justify="right")
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for outcome in result.score.slowest[:SLOWEST_SHOWN]:
        item = result.items[outcome.position].item
        front = segments_to_text(item.rendered.front).plain if item.rendered else "(deleted)"
        table.add_row(
            f"item {outcome.position + 1}",
            clock_text(outcome.time_ms),
            Text(" ".join(front.split()), "dim"),
        )
    return table


def results_view(result: MockResult) -> Group:
    """Everything the results screen shows."""
    parts: list[Text | Table] = [summary_text(result), domain_table(result.score)]
    parts.append(Text(""))
    parts.append(pace_text(result.score))
    if result.score.slowest:
        parts.append(slowest_table(result))
    if result.notes:
        notes = Text().append("\nAbout this mock\n", "bold")
        for note in result.notes:
            notes.append(f"  • {note}\n", "dim")
        parts.append(notes)
    return Group(*parts)


def review_line(review: ItemReview, index: int, shown: int, total: int) -> Text:
    """``Item 12 of 50 · your answer B · ✗ wrong · ⚑ flagged · 1:12 · 3 of 9 wrong``."""
    item = review.item
    text = Text().append(f"Item {item.position + 1} of {total}", "bold")
    text.append(" · ", "dim")
    if not review.response.strip():
        text.append("not answered", "bold red")
    else:
        text.append("your answer ")
        text.append(review.response, "bold")
        text.append(" · ", "dim")
        text.append(
            "✓ right" if review.correct else "✗ wrong", "green" if review.correct else "red"
        )
    if not item.drawn.scored:
        text.append(" · pretest, not scored", "dim")
    if review.flagged:
        text.append(" · ⚑ flagged", "yellow")
    text.append(f" · {clock_text(review.time_ms)}", "dim")
    text.append(f" · {index + 1} of {shown} shown", "dim")
    return text
