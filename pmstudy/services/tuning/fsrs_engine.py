"""The parameter optimiser: ``fsrs-rs-python`` (the Rust ``fsrs`` crate), an optional extra.

It is imported only when a fit is asked for, so pmstudy runs without it; ``evaluate`` and the
simulator are pure NumPy (``pmstudy.domain.scheduling.evaluation``,
``pmstudy.domain.scheduling.workload``). The package ships without a licence file (the crate it
binds is BSD-3-Clause), which is why it is the ``pmstudy[optimizer]`` extra rather than a
dependency.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from pmstudy.domain.scheduling import TrainingSet
from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    import fsrs_rs_python

INSTALL_HINT = (
    "the FSRS optimiser is an optional extra: install pmstudy[optimizer] "
    "(pip install 'pmstudy[optimizer]', or python3 scripts/dev.py setup in a checkout)"
)
# Below this many items fsrs-rs returns its defaults untouched; below FULL_FIT it fits only
# the first-answer stabilities w0-w3 (fsrs-rs ``compute_parameters``).
MIN_ITEMS = 8
FULL_FIT_ITEMS = 64


class OptimizerMissingError(PmStudyError):
    """The optional optimiser package is not installed."""

    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


def available() -> bool:
    """Whether the optimiser can be imported."""
    try:
        _engine()
    except OptimizerMissingError:
        return False
    return True


def _engine() -> ModuleType:
    try:
        import fsrs_rs_python
    except ImportError as exc:
        raise OptimizerMissingError() from exc
    return fsrs_rs_python


def default_parameters() -> tuple[float, ...]:
    """The engine's own defaults (what it returns when the data is too thin to fit)."""
    return tuple(_engine().DEFAULT_PARAMETERS)


def items_of(data: TrainingSet) -> list[fsrs_rs_python.FSRSItem]:
    """The training items as the engine's objects, in ``data.items`` (time) order.

    Each holds the card's whole history up to the item, same-day answers with ``delta_t`` 0.
    """
    engine = _engine()
    review = engine.FSRSReview
    item = engine.FSRSItem
    ratings = data.rating.tolist()
    deltas = data.delta.tolist()
    ends = [*data.starts.tolist()[1:], data.answer_count]
    wanted = set(data.items.tolist())
    by_position: dict[int, fsrs_rs_python.FSRSItem] = {}
    for start, end in zip(data.starts.tolist(), ends, strict=True):
        reviews = [review(ratings[j], deltas[j]) for j in range(start, end)]
        for k in range(1, end - start):
            if start + k in wanted:
                by_position[start + k] = item(reviews[: k + 1])
    return [by_position[j] for j in data.items.tolist()]


def fit(data: TrainingSet) -> tuple[float, ...]:
    """Fitted parameters (raw engine output: 21 values, 32-bit precision)."""
    engine = _engine()
    items = items_of(data)
    try:
        fitted = engine.FSRS(engine.DEFAULT_PARAMETERS).compute_parameters(items)
    except (ValueError, RuntimeError, OverflowError) as exc:
        raise PmStudyError(f"the optimiser failed: {exc}") from exc
    return tuple(float(v) for v in fitted)


def engine_evaluate(data: TrainingSet, parameters: tuple[float, ...]) -> tuple[float, float]:
    """(log loss, RMSE bins) by the engine itself (the tests compare it with ours)."""
    engine = _engine()
    result = engine.FSRS(list(parameters)).evaluate(items_of(data))
    return float(result.log_loss), float(result.rmse_bins)
