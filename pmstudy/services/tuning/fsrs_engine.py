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
# Anki's "Optimize" trains for 8 epochs (rslib ``compute_params``; fsrs-rs's default is 5).
EPOCHS = 8


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
    One review object per answer; an item is a slice of them (the engine copies it).
    """
    engine = _engine()
    review = engine.FSRSReview
    item = engine.FSRSItem
    reviews = [review(r, d) for r, d in zip(data.rating.tolist(), data.delta.tolist(), strict=True)]
    starts = data.starts[data.sequence_of()[data.items]].tolist()
    ends = (data.items + 1).tolist()
    return [item(reviews[start:end]) for start, end in zip(starts, ends, strict=True)]


def fit(data: TrainingSet, *, relearning_steps: int = 1) -> tuple[float, ...]:
    """Fitted parameters (raw engine output: 21 values, 32-bit precision).

    Called as Anki calls fsrs-rs: each item with its card's id (fsrs-rs batches a card's items
    together; measured, a third of the time without them), the short-term terms w17-w19
    fitted, the preset's number of relearning steps (fsrs-rs bounds w17-w19 so that several
    same-day Goods cannot raise stability past a lapse), and 8 epochs. On the same items it
    returns Anki's parameters to the last digit (bench/bench_optimize_anki.py).
    """
    engine = _engine()
    items = items_of(data)
    card_ids = data.card_ids[data.sequence_of()[data.items]].tolist()
    try:
        fitted = engine.FSRS(engine.DEFAULT_PARAMETERS).compute_parameters(
            items,
            card_ids=card_ids,
            enable_short_term=True,
            num_relearning_steps=relearning_steps,
            training_config=engine.TrainingConfig(num_epochs=EPOCHS),
        )
    except (ValueError, RuntimeError, OverflowError) as exc:
        raise PmStudyError(f"the optimiser failed: {exc}") from exc
    return tuple(float(v) for v in fitted)


def relearning_shrinks(parameters: tuple[float, ...], relearning_steps: int) -> bool:
    """Whether a lapse and then ``relearning_steps`` same-day Goods leave a memory of
    stability 1 below 1 under ``parameters`` (Anki's test before it keeps the current
    parameters over a fit that scores no better: with several relearning steps it keeps them
    only if so, as parameters that let relearning raise stability overrate lapsed cards)."""
    engine = _engine()
    model = engine.FSRS(list(parameters))
    memory = model.next_states(engine.MemoryState(1.0, 1.0), 0.9, 2).again.memory
    for _ in range(relearning_steps):
        memory = model.next_states(memory, 0.9, 0).good.memory
    return float(memory.stability) < 1.0


def engine_evaluate(data: TrainingSet, parameters: tuple[float, ...]) -> tuple[float, float]:
    """(log loss, RMSE bins) by the engine itself (the tests compare it with ours)."""
    engine = _engine()
    result = engine.FSRS(list(parameters)).evaluate(items_of(data))
    return float(result.log_loss), float(result.rmse_bins)
