"""FSRS parameter vectors: py-fsrs's bounds, rounding, parsing and validation.

The optimiser computes in 32-bit floats, so a value fitted at a bound can land just outside it
once widened to a Python float (0.8 becomes 0.800000011920929 and py-fsrs refuses it). Every
vector pmstudy stores goes through ``sanitize`` and then ``validate``, which builds a py-fsrs
``Scheduler`` with it: what py-fsrs would reject is never written.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import fsrs

LOWER_BOUNDS: tuple[float, ...] = tuple(fsrs.scheduler.LOWER_BOUNDS_PARAMETERS)
UPPER_BOUNDS: tuple[float, ...] = tuple(fsrs.scheduler.UPPER_BOUNDS_PARAMETERS)
PARAMETER_COUNT = len(LOWER_BOUNDS)
DECIMALS = 4


class InvalidParametersError(ValueError):
    """A parameter vector py-fsrs would refuse (the message says which value and why)."""


def sanitize(values: Sequence[float]) -> tuple[float, ...]:
    """Round to ``DECIMALS`` places and clip into py-fsrs's bounds (length is checked)."""
    if len(values) != PARAMETER_COUNT:
        raise InvalidParametersError(
            f"FSRS needs {PARAMETER_COUNT} parameters, the optimiser gave {len(values)}"
        )
    out = []
    for index, (value, low, high) in enumerate(
        zip(values, LOWER_BOUNDS, UPPER_BOUNDS, strict=True)
    ):
        if not math.isfinite(value):
            raise InvalidParametersError(f"parameter w{index} is not a finite number")
        out.append(min(max(round(float(value), DECIMALS), low), high))
    return tuple(out)


def validate(values: Sequence[float]) -> tuple[float, ...]:
    """The vector as a tuple if py-fsrs accepts it, else InvalidParametersError with its reason."""
    if len(values) != PARAMETER_COUNT:
        raise InvalidParametersError(f"FSRS needs {PARAMETER_COUNT} parameters, got {len(values)}")
    problems = [
        f"w{index} = {value:g} is outside {low:g}..{high:g}"
        for index, (value, low, high) in enumerate(
            zip(values, LOWER_BOUNDS, UPPER_BOUNDS, strict=True)
        )
        if not (math.isfinite(value) and low <= value <= high)
    ]
    if problems:
        raise InvalidParametersError("; ".join(problems))
    try:
        fsrs.Scheduler(parameters=tuple(values))
    except ValueError as exc:  # py-fsrs's own check, in case it grows stricter than the bounds
        raise InvalidParametersError(str(exc).replace("\n", " ")) from exc
    return tuple(float(v) for v in values)


def parse(text: str) -> tuple[float, ...] | None:
    """Parameters typed by the user: numbers separated by commas or spaces; blank = defaults."""
    cleaned = text.strip().strip("[]()")
    if not cleaned:
        return None
    parts = [p for p in cleaned.replace(",", " ").split() if p]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError as exc:
        raise InvalidParametersError(f"not a number: {exc.args[0].split(': ')[-1]}") from exc
    return validate(values)


def format_parameters(values: Sequence[float]) -> str:
    """Parameters as the user sees and types them (comma separated, 4 decimals)."""
    return ", ".join(f"{v:.4f}".rstrip("0").rstrip(".") if v else "0" for v in values)
