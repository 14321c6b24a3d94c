"""The words of the mock-exam start, mock and break screens: clocks, the format, the bank.

Deck and profile text is appended to ``Text`` literally (never parsed as markup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from pmstudy.domain.exam import PassKind
from pmstudy.domain.mock import MockFormat, MockState
from pmstudy.tui.widgets.tables import headed_table

if TYPE_CHECKING:
    from pmstudy.services.mock import MockOffer, Unfinished


def clock_text(ms: int) -> str:
    """``1:05:09`` from an hour on, else ``05:09``."""
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def minutes_text(ms: int) -> str:
    """``52 min`` (``<1 min`` under a minute)."""
    minutes = round(ms / 60_000)
    return f"{minutes} min" if minutes else "<1 min"


def plural(count: int, word: str) -> str:
    """``1 item``, ``3 items``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def pass_rule_text(offer: MockOffer) -> str:
    """The pass mark as the profile states it."""
    rule = offer.spec.pass_rule
    if not rule.counts or rule.value is None:
        return rule.no_count_reason
    if rule.kind == PassKind.PERCENT:
        return f"{rule.value:g} % right"
    return f"{rule.value:g} of {rule.out_of or offer.spec.items_scored} right"


def format_text(offer: MockOffer) -> Text:
    """The mock the bank allows: items, time, sections, breaks, lock, pause, pretest, notes."""
    spec, fmt = offer.spec, offer.format
    text = Text()
    text.append(spec.name, "bold")
    text.append(f"  ({spec.provider}, {spec.version})\n", "dim")
    text.append(
        f"The real exam: {spec.items_total} items in {spec.minutes} min; "
        f"pass mark: {pass_rule_text(offer)}.\n"
    )
    if fmt is None:
        text.append("\nNo mock possible yet: ", "bold yellow")
        text.append(offer.missing)
        text.append(".")
        return text
    text.append("\nThis mock: ", "bold")
    limit = "untimed" if fmt.limit_s is None else f"{fmt.limit_s // 60} min"
    text.append(f"{plural(fmt.items, 'item')} in {limit}")
    text.append(" (full length)" if fmt.full_length else " (shortened)")
    lock = "yes: a section cannot be reopened once left" if fmt.lock else "no"
    pretest = f"{plural(fmt.unscored, 'unscored item')}, mixed in unmarked"
    rows = [
        ("Sections", sections_text(fmt)),
        ("Breaks", breaks_text(fmt)),
        ("Sections lock", lock),
        ("Pause", "allowed" if fmt.pause else "this exam cannot be paused"),
        ("Pretest", pretest if fmt.unscored else "none"),
    ]
    for label, value in rows:
        text.append(f"\n  {label:<14}", "dim")
        text.append(value)
    return text


def notes_text(offer: MockOffer) -> Text:
    """The format's notes: why it is shortened, facts the sources are unsure of (yellow)."""
    text = Text()
    for note in offer.format.notes if offer.format else ():
        text.append("\n• " if text else "• ", "dim")
        text.append(note, "yellow" if note.split(":")[0] in ("Uncertain", "Likely") else "")
    return text


def sections_text(fmt: MockFormat) -> str:
    """``3 sections of 20, 20, 20 items`` or ``one section``."""
    if len(fmt.sections) == 1:
        return "one section"
    sizes = ", ".join(str(n) for n in fmt.sections)
    return f"{len(fmt.sections)} sections of {sizes} items"


def breaks_text(fmt: MockFormat) -> str:
    """``10 min after sections 1 and 2`` or ``none``."""
    breaks = [(i + 1, s) for i, s in enumerate(fmt.break_s) if s > 0]
    if not breaks:
        return "none"
    return ", ".join(f"{s // 60} min after section {i}" for i, s in breaks)


def stock_table(offer: MockOffer) -> Table:
    """The bank per domain: exam items the learner has, against what a full mock asks."""
    table = headed_table("Your bank of exam items", expand=True)
    table.add_column("Domain", ratio=1, overflow="fold")
    table.add_column("Items", justify="right", no_wrap=True)
    table.add_column("Full mock", justify="right", no_wrap=True)
    for stock in offer.stock:
        short = stock.have < stock.full
        table.add_row(
            Text(stock.name),
            Text(str(stock.have), "yellow" if short else "green"),
            str(stock.full),
        )
    return table


def unfinished_progress(unfinished: Unfinished) -> str:
    """``12 of 50 answered, 31:12 left``."""
    text = f"{unfinished.answered} of {unfinished.items} answered"
    if unfinished.remaining_ms is not None:
        text += f", {clock_text(unfinished.remaining_ms)} left"
    return text


def unfinished_text(unfinished: Unfinished) -> Text:
    """``Unfinished: <title>, 12 of 50 answered, 31:12 left``."""
    text = Text().append("Unfinished: ", "bold yellow")
    text.append(unfinished.title)
    text.append(f", {unfinished_progress(unfinished)}")
    return text


def countdown_text(state: MockState) -> Text:
    """The exam clock: time left, or the time used when untimed; ``paused`` when paused."""
    left = state.remaining_ms()
    if left is None:
        text = Text().append(f"untimed {clock_text(state.elapsed_ms)}", "bold")
    else:
        style = "bold red" if left < 5 * 60_000 else "bold"
        text = Text(f"{clock_text(left)} left", style)
    if state.paused:
        text.append(" paused", "bold yellow")
    return text


def status_text(state: MockState) -> Text:
    """``Section 2 of 3 · 12 / 50 · 10 answered · 2 flagged · 35:12 left``."""
    text = Text()
    if len(state.sections) > 1:
        text.append(f"Section {state.section + 1} of {len(state.sections)}", "bold")
        text.append(" · ", "dim")
    text.append(f"{state.position + 1} / {state.total}", "bold")
    if state.items[state.position].flagged:
        text.append(" ⚑", "bold yellow")
    answered = sum(item.answered for item in state.items)
    flagged = sum(item.flagged for item in state.items)
    text.append(" · ", "dim")
    text.append(f"{answered} answered")
    text.append(" · ", "dim")
    text.append(f"{flagged} flagged", "yellow" if flagged else "")
    text.append(" · ", "dim")
    text.append_text(countdown_text(state))
    return text


def end_question(state: MockState) -> tuple[str, Text]:
    """The confirm dialog's question and details when the learner ends a section or submits."""
    section = state.section_range()
    last = state.last_section
    where = state.visible() if last else section
    unanswered, flagged = len(state.unanswered(where)), len(state.flagged(where))
    question = (
        "Submit the mock and see the results?"
        if last
        else f"End section {state.section + 1} of {len(state.sections)}?"
    )
    details = Text()
    scope = "" if last and not state.lock else " in this section"
    details.append(f"{plural(unanswered, 'item')} unanswered", "bold" if unanswered else "")
    details.append(f" and {flagged} flagged{scope}.\n")
    if last:
        details.append("Unanswered items count as wrong.")
    elif state.lock:
        details.append("The section then locks: you cannot come back to it.", "bold yellow")
    else:
        details.append("You can come back to it later.")
    if not last and state.break_s[state.section] > 0:
        details.append(f"\nA {state.break_s[state.section] // 60}-minute break follows.")
    return question, details


def break_text(state: MockState) -> Text:
    """The break screen: its countdown, what is locked, what comes next."""
    text = Text().append("Break  ", "bold")
    text.append(clock_text(state.break_left_ms()), "bold reverse")
    text.append(" left\n\n")
    done = state.section + 1
    if state.lock:
        text.append(f"Section {done} is done and locked: ", "bold")
        text.append("you cannot go back to it.\n")
    else:
        text.append(f"Section {done} is done.\n")
    upcoming = state.sections[done] if done < len(state.sections) else 0
    text.append(f"Next: section {done + 1} of {len(state.sections)}, ")
    text.append(plural(upcoming, "item"))
    left = state.remaining_ms()
    if left is not None:
        text.append(f"; exam time left {clock_text(left)} (the exam clock is stopped)")
    text.append(".\n\nThe next section starts by itself when the break is over.\n\n")
    text.append("enter", "bold reverse")
    text.append(" start the next section now")
    return text
