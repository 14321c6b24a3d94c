"""`pmstudy readiness --backtest`: past recall predictions against what happened."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pmstudy.commands.common import make_services, print_json
from pmstudy.domain.fmt import decimal, percent
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.domain.exam import Backtest, Recalibration


def shortfall(result: Backtest) -> str | None:
    """What is missing for a recalibration (None when there is enough)."""
    if result.enough:
        return None
    from pmstudy.domain.exam import MIN_GAP_DAYS

    return (
        f"back-test needs at least {result.minimum:,} answers after gaps of {MIN_GAP_DAYS}+ days "
        f"for a recalibration; you have {result.gap_answers:,}"
    )


def recalibration_text(recalibration: Recalibration, result: Backtest) -> str:
    """One sentence on the recalibration: fitted, or why not."""
    from pmstudy.domain.exam import RecalibrationStatus

    r = recalibration
    held_out = (
        f"log loss on the latest {r.held_out:,} of them {decimal(r.held_out_log_loss_before)} -> "
        f"{decimal(r.held_out_log_loss_after)}"
    )
    if r.status == RecalibrationStatus.FITTED:
        return (
            f"Recalibration: fitted on {r.answers:,} answers after gaps of 7+ days, "
            f"logit(p') = {r.a:.3f} + {r.b:.3f}·logit(R) + {r.c:.3f}·ln(t/30 d); {held_out}."
        )
    if r.status == RecalibrationStatus.NO_HELD_OUT_GAIN:
        return (
            "Recalibration: not used; fitted on the earlier answers it did not predict the later "
            f"ones clearly better (by more than two standard errors; {held_out})."
        )
    return f"Recalibration: not fitted; {shortfall(result)}."


def print_backtest(result: Backtest) -> None:
    """The back-test, human-readable."""
    print(
        f"Back-test: {result.answers:,} answers of {result.cards:,} cards, each predicted from "
        "the card's memory before the gap (FSRS parameters of its preset)"
    )
    if result.answers == 0:
        print("no answer yet to a card last answered on an earlier day: nothing to test")
    header = (
        f"{'Gap (days)':<11}{'Horizon':>8}{'Answers':>9}{'Predicted':>11}{'Observed':>10}"
        f"{'Bias':>11}{'Log loss':>10}{'Error sd':>11}"
    )
    print(header)
    widths = (11, 8, 9, 11, 10, 11, 10, 11)
    for row in result.rows:
        gap, *rest = row.cells()
        print(
            f"{gap:<{widths[0]}}"
            + "".join(f"{c:>{w}}" for c, w in zip(rest, widths[1:], strict=True))
        )
    print(
        f"{'all gaps':<11}{'':>8}{result.answers:>9,}{percent(result.predicted):>11}"
        f"{percent(result.observed):>10}{'':>11}{decimal(result.log_loss):>10}"
    )
    print(
        "Bias = predicted − observed (positive: FSRS promised more than was recalled). Error sd:"
        " how far readiness may be off that far ahead (a wide 12-point prior with few answers)."
    )
    print(recalibration_text(result.recalibration, result))


def cmd_backtest(settings: Settings, args: argparse.Namespace) -> int:
    """Run the back-test and print it (JSON with --json)."""
    with make_services(settings) as services:
        result = services.backtest.run()
    if args.json:
        print_json(result.as_dict())
    else:
        print_backtest(result)
    return 0
