"""Deck options as the user types them: parse and check every preset field, one message each.

Steps are written like Anki's ("1m 10m", "1h", "1d"; a bare number is minutes); parameters are
21 numbers separated by commas or spaces, blank for the defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pmstudy.domain.model import LeechAction, Preset
from pmstudy.domain.scheduling import parameters
from pmstudy.domain.scheduling.calendar import ALL_NORMAL, WEEKDAYS, load_from_text

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
_STEP = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")


class FormError(ValueError):
    """A field the user must correct: ``field`` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PresetForm:
    """Every editable preset field as text (checkbox and choice as their values)."""

    new_per_day: str
    max_reviews_per_day: str
    desired_retention: str
    learning_steps: str
    relearning_steps: str
    max_interval_days: str
    leech_threshold: str
    leech_action: str
    bury_siblings: bool
    fsrs_params: str
    # the seven weekday loads, Monday first: numbers 0..1 or normal, reduced, minimum
    easy_days: str = "1 1 1 1 1 1 1"

    @classmethod
    def of(cls, preset: Preset) -> PresetForm:
        """The form showing a preset."""
        return cls(
            new_per_day=str(preset.new_per_day),
            max_reviews_per_day=str(preset.max_reviews_per_day),
            desired_retention=f"{preset.desired_retention:.2f}",
            learning_steps=format_steps(preset.learning_steps),
            relearning_steps=format_steps(preset.relearning_steps),
            max_interval_days=str(preset.max_interval_days),
            leech_threshold=str(preset.leech_threshold),
            leech_action=preset.leech_action.value,
            bury_siblings=preset.bury_siblings,
            fsrs_params=parameters.format_parameters(preset.fsrs_params)
            if preset.fsrs_params
            else "",
            easy_days=" ".join(f"{v:g}" for v in preset.easy_days or ALL_NORMAL),
        )


def _easy_days(text: str) -> tuple[float, ...] | None:
    parts = text.replace(",", " ").split()
    if len(parts) != 7:
        raise FormError(
            "easy_days", "easy days: seven loads, Monday to Sunday, e.g. 1 1 1 1 1 0.5 0"
        )
    loads = []
    for day, part in zip(WEEKDAYS, parts, strict=True):
        try:
            loads.append(load_from_text(part))
        except ValueError as exc:
            raise FormError("easy_days", f"easy days, {day}: {exc}") from None
    values = tuple(loads)
    return None if values == ALL_NORMAL else values


def format_steps(steps: tuple[int, ...]) -> str:
    """Seconds as '1m 10m 1h'."""
    out = []
    for seconds in steps:
        for unit, size in (("d", 86_400), ("h", 3600), ("m", 60)):
            if seconds >= size and seconds % size == 0:
                out.append(f"{seconds // size}{unit}")
                break
        else:
            out.append(f"{seconds}s")
    return " ".join(out)


def parse_steps(text: str, field: str, *, allow_empty: bool = True) -> tuple[int, ...]:
    """'1m 10m' -> (60, 600); a bare number is minutes."""
    steps = []
    for part in text.replace(",", " ").split():
        match = _STEP.match(part.strip().lower())
        if match is None:
            raise FormError(field, f"{part!r} is not a step: write e.g. 1m 10m 1h 1d")
        value = float(match.group(1)) * _UNITS[match.group(2) or "m"]
        if value < 1:
            raise FormError(field, f"{part!r} is shorter than a second")
        steps.append(round(value))
    if not steps and not allow_empty:
        raise FormError(field, "give at least one step")
    return tuple(steps)


def _int(text: str, field: str, label: str, low: int, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise FormError(field, f"{label} must be a whole number") from None
    if not low <= value <= high:
        raise FormError(field, f"{label} must lie between {low} and {high}")
    return value


def preset_from_form(base: Preset, form: PresetForm) -> Preset:
    """The preset the form describes (name and id from ``base``), or FormError."""
    try:
        retention = float(form.desired_retention.strip())
    except ValueError:
        raise FormError("desired_retention", "desired retention must be a number") from None
    if not 0.5 <= retention <= 0.99:
        raise FormError("desired_retention", "desired retention must lie between 0.50 and 0.99")
    try:
        action = LeechAction(form.leech_action)
    except ValueError:
        raise FormError("leech_action", "leech action must be suspend or tag") from None
    try:
        fitted = parameters.parse(form.fsrs_params)
    except parameters.InvalidParametersError as exc:
        raise FormError("fsrs_params", f"FSRS parameters: {exc}") from None
    return replace(
        base,
        new_per_day=_int(form.new_per_day, "new_per_day", "new cards per day", 0, 9999),
        max_reviews_per_day=_int(
            form.max_reviews_per_day, "max_reviews_per_day", "maximum reviews per day", 0, 99999
        ),
        desired_retention=retention,
        learning_steps=parse_steps(form.learning_steps, "learning_steps"),
        relearning_steps=parse_steps(form.relearning_steps, "relearning_steps"),
        max_interval_days=_int(
            form.max_interval_days, "max_interval_days", "maximum interval (days)", 1, 36500
        ),
        leech_threshold=_int(form.leech_threshold, "leech_threshold", "leech threshold", 1, 99),
        leech_action=action,
        bury_siblings=form.bury_siblings,
        fsrs_params=fitted,
        easy_days=_easy_days(form.easy_days),
    )
