"""Short human formats for intervals and durations, as Anki shows them, and the precision a
report's JSON keeps."""

from __future__ import annotations

import datetime as dt


def interval(delta: dt.timedelta) -> str:
    """'<1m', '10m', '3h', '4d', '2.5mo', '1.2y'."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


def duration(seconds: float) -> str:
    """'45s', '3m 10s', '1h 05m'."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def probability(value: float) -> str:
    """A pass probability: whole percents, and never 0 % or 100 % (those are not knowable)."""
    if value < 0.01:
        return "< 1%"
    if value > 0.99:
        return "> 99%"
    return f"{value * 100:.0f}%"


def span(low: float, high: float, *, bounded: bool = False) -> str:
    """'48–75%' (``bounded``: a probability, never shown as 0 or 100)."""
    if bounded:
        lo, hi = probability(low).rstrip("%"), probability(high)
        return f"{lo}–{hi}" if lo != hi.rstrip("%") else hi
    return f"{low * 100:.0f}–{high * 100:.0f}%"


def percent(value: float | None, digits: int = 1) -> str:
    """'85.1%', or '—' where there is no value."""
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def points(value: float | None) -> str:
    """A difference of shares in percentage points: '+6.8 pts', or '—'."""
    return "—" if value is None else f"{value * 100:+.1f} pts"


def decimal(value: float | None) -> str:
    """'0.403', or '—'."""
    return "—" if value is None else f"{value:.3f}"


def rounded(value: float | None, digits: int = 4) -> float | None:
    """A number as a report's JSON keeps it: ``digits`` decimals, four for a probability, a bias
    or a loss (None stays None)."""
    return None if value is None else round(value, digits)


def gap_to_prediction(difference: float) -> str:
    """A score's difference from its prediction (a share): '8 points above the prediction',
    '1 point below the prediction', 'on the prediction'."""
    points = round(difference * 100)
    if points == 0:
        return "on the prediction"
    unit = "point" if abs(points) == 1 else "points"
    return f"{abs(points)} {unit} {'above' if points > 0 else 'below'} the prediction"


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, the last one an ellipsis when anything was cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
