"""Words for the study calendar, shared by the calendar dialog, the deck options and the CLI:
a day's load by name (Anki's Normal / Reduced / Minimum) and the dates it is typed as."""

from __future__ import annotations

import datetime as dt

from pmstudy.domain.scheduling import MINIMUM, NORMAL, REDUCED, days_between, load_from_text


def load_name(load: float) -> str:
    """'normal', 'reduced', 'break' (0) or the factor, e.g. '0.75'."""
    if load == NORMAL:
        return "normal"
    if load == REDUCED:
        return "reduced"
    if load == MINIMUM:
        return "break"
    return f"{load:g}"


def weekday_name(load: float) -> str:
    """A weekday's load in Anki's words: Normal, Reduced, Minimum, or the factor."""
    return {NORMAL: "Normal", REDUCED: "Reduced", MINIMUM: "Minimum"}.get(load, f"{load:g}")


def parse_load(text: str) -> float:
    """A load typed as a word (normal, reduced, minimum, break) or a number from 0 to 1;
    ValueError with one readable sentence otherwise."""
    return load_from_text(text)


def parse_weekdays(text: str) -> tuple[float, ...]:
    """Seven loads, Monday first, separated by commas (words or numbers)."""
    parts = text.split(",")
    if len(parts) != 7:
        raise ValueError(f"easy days {text.strip()!r}: seven loads, Monday first, comma-separated")
    return tuple(parse_load(p) for p in parts)


def parse_dates(text: str) -> list[dt.date]:
    """A date (YYYY-MM-DD) or a range FIRST..LAST, inclusive."""
    first_text, dots, last_text = text.strip().partition("..")
    try:
        first = dt.date.fromisoformat(first_text.strip())
        last = dt.date.fromisoformat(last_text.strip()) if dots else first
    except ValueError:
        raise ValueError(
            f"date {text.strip()!r}: write YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"
        ) from None
    try:
        return days_between(first, last)
    except ValueError as error:
        raise ValueError(f"dates {text.strip()!r}: {error}") from None
