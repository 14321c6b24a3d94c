"""Back-test a review log published as CSV (py-fsrs's format), as `pmstudy readiness --backtest`.

    .venv/bin/python scripts/backtest_review_csv.py LOG.csv [--fit-before YYYY-MM-DD] [--json]

The CSV has the columns ``card_id, review_rating, review_time, review_duration`` (py-fsrs's
``tests/review_logs_*.csv``; MIT). Each card's first answer is taken as its learning answer;
study days are UTC with the 4 am rollover. The numbers are those of the service on a database
holding the same answers (docs/readiness.md, "Back-test", checked both ways):

- default: FSRS-6's default parameters (nothing fitted on this log);
- ``--fit-before DATE``: parameters fitted (the optional optimiser) on the answers before
  DATE only, and only answers from DATE on tested: out of sample for the parameters too;
- ``--fit-all``: parameters fitted on the whole log (what `pmstudy optimize` then
  `pmstudy readiness --backtest` give; in sample for the parameters).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmstudy.commands.backtest import print_backtest
from pmstudy.commands.common import print_json
from pmstudy.domain.exam import backtest, outcomes
from pmstudy.domain.model import CardState, ReviewKind
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, DayClock, LogColumns, build_training_set
from pmstudy.domain.scheduling import parameters as params
from pmstudy.services.tuning import fsrs_engine


def read_log(path: Path) -> LogColumns:
    """The CSV's answers as review-log columns (one deck), by card then time."""
    with path.open(newline="", encoding="utf-8") as handle:
        answers = sorted(
            (
                int(row["card_id"]),
                dt.datetime.fromisoformat(row["review_time"]).timestamp(),
                int(row["review_rating"]),
            )
            for row in csv.DictReader(handle)
        )
    rows = []
    previous = None
    for card, at, rating in answers:
        first = card != previous
        previous = card
        state = CardState.NEW if first else CardState.REVIEW
        kind = ReviewKind.LEARN if first else ReviewKind.REVIEW
        rows.append((card, at, rating, int(state), int(CardState.REVIEW), kind.value, 1))
    return LogColumns.of(rows)


def _fitted(log: LogColumns, days: DayClock) -> tuple[float, ...]:
    return params.validate(params.sanitize(fsrs_engine.fit(build_training_set(log, days))))


def main() -> None:
    """Print the back-test (or its JSON)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("log", type=Path)
    parser.add_argument("--fit-before", type=dt.date.fromisoformat)
    parser.add_argument("--fit-all", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    days = DayClock()
    log = read_log(args.log)
    data = build_training_set(log, days)
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    since = None
    if args.fit_before is not None:
        since = dt.datetime.combine(args.fit_before, dt.time(), dt.UTC).timestamp()
        early = log.at < since
        parameters = _fitted(LogColumns(*(getattr(log, f.name)[early] for f in fields(log))), days)
    elif args.fit_all:
        parameters = _fitted(log, days)
    result = backtest(outcomes(data, parameters), since=since)
    if args.json:
        print_json({"parameters": list(parameters), **result.as_dict()})
    else:
        print(f"parameters: {', '.join(f'{w:.4f}' for w in parameters)}")
        print_backtest(result)


if __name__ == "__main__":
    main()
