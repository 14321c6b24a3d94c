"""The words for an optimisation, shared by the deck options screen and ``pmstudy optimize``.

Plain strings (no Rich, no Textual), so that the CLI can use them without loading the TUI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmstudy.services.tuning import OptimizeResult, OptimizeStage

_STEPS = (
    "reading the review log",
    "fitting on {reviews:,} reviews",
    "comparing old and new parameters",
    "saving",
    "done",
)


def stage_text(stage: OptimizeStage) -> str:
    """What a fit is doing, e.g. ``preset Default: fitting on 1,258 reviews``."""
    return f"{stage.scope}: " + _STEPS[stage.step].format(reviews=stage.reviews)


def optimize_message(result: OptimizeResult) -> str:
    """One sentence on what a fit did: the losses before and after, and what was saved."""
    label = result.scope
    if result.status == "insufficient":
        if result.left_too_few:
            return (
                f"{label}: after removing outliers too few reviews were left to fit; "
                "the current parameters stay."
            )
        return (
            f"{label}: only {result.items} review(s) can be used for training (answers on a "
            f"later study day than the card's last); the optimiser needs at least "
            f"{result.min_items}. The current parameters stay."
        )
    old, new = result.old, result.new
    assert old is not None
    assert new is not None
    if result.status == "saved" and new.log_loss >= old.log_loss:
        verdict = (
            "saved: they score no better, but the current ones let same-day relearning "
            "steps raise a lapsed card's stability (as Anki decides)"
        )
    elif result.status == "saved":
        verdict = "saved"
    elif result.status == "forced":
        verdict = "saved although they are not better (--force)"
    else:
        verdict = "not better than the current ones: not saved (use --force to save anyway)"
    detail = " (only the first-answer stabilities could be fitted)" if result.partial else ""
    return (
        f"{label}: log loss {old.log_loss:.4f} -> {new.log_loss:.4f}, RMSE (bins) "
        f"{old.rmse_bins:.4f} -> {new.rmse_bins:.4f} on {result.items:,} reviews; new "
        f"parameters {verdict}{detail}."
    )
