"""Leave-one-deck-out evaluation of the domain and task classifier (docs/classify.md).

    .venv/bin/python bench/classify_eval.py [--deck ID] [--exam ID] [--min-confidence X]
                                            [--tasks] [--sweep 0.3,0.4,...] [--json]

For each bundled deck and each exam it serves: train without the deck, predict its tagged
notes, and print accuracy in domain and task (overall and per domain), the share of notes below
the confidence threshold ("unsure") and the accuracy of the others, and the time to fit and to
predict. ``--tasks`` adds a row per task; ``--sweep`` prints, per deck and exam, the share
unsure and the accuracy of the others at each threshold given; ``--json`` prints everything as
JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmstudy.domain.classify import DEFAULT_MIN_CONFIDENCE
from pmstudy.domain.exam import ExamSpec
from pmstudy.resources import profiles_dir
from pmstudy.services.classify.evaluation import DeckScore, Tally, evaluate
from pmstudy.services.exams import load_specs


def _pct(tally: Tally) -> str:
    share = tally.share
    return "-" if share is None else f"{100 * share:.1f} %"


def table(scores: list[DeckScore], *, tasks: bool) -> str:
    """The figures as a Markdown table (the one docs/classify.md shows)."""
    lines = [
        "| deck | exam | notes | domain | task | unsure | domain if sure | task if sure "
        "| fit s | predict s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        unsure = f"{100 * s.unsure / s.in_domain.total:.1f} %"
        lines.append(
            f"| {s.deck} | {s.exam} | {s.in_domain.total} | {_pct(s.in_domain)} "
            f"| {_pct(s.in_task)} | {unsure} | {_pct(s.sure_domain)} | {_pct(s.sure_task)} "
            f"| {s.fit_seconds:.2f} | {s.predict_seconds:.2f} |"
        )
        for row in s.domains:
            lines.append(
                f"| | ↳ {row.domain} | {row.in_domain.total} | {_pct(row.in_domain)} "
                f"| {_pct(row.in_task)} | | | | | |"
            )
        if tasks:
            for task in s.tasks:
                lines.append(
                    f"| | ↳ {task.domain}::{task.task} | {task.in_task.total} | "
                    f"| {_pct(task.in_task)} | | | | | |"
                )
    return "\n".join(lines)


def sweep(specs: list[ExamSpec], args: argparse.Namespace) -> str:
    """Unsure share and accuracy above each threshold, one row per deck, exam and threshold."""
    lines = [
        "| deck | exam | threshold | unsure | domain if sure | task if sure |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for threshold in (float(t) for t in args.sweep.split(",")):
        for s in evaluate(specs, decks=args.deck, exams=args.exam, min_confidence=threshold):
            unsure = f"{100 * s.unsure / s.in_domain.total:.1f} %"
            lines.append(
                f"| {s.deck} | {s.exam} | {threshold:g} | {unsure} | {_pct(s.sure_domain)} "
                f"| {_pct(s.sure_task)} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deck", action="append", default=[], help="bundled deck id(s)")
    parser.add_argument("--exam", action="append", default=[], help="exam profile id(s)")
    parser.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    parser.add_argument("--tasks", action="store_true", help="a row per task")
    parser.add_argument("--sweep", help="thresholds to compare, e.g. 0.3,0.4,0.5")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    # scikit-learn warns when a fold's linear SVM stops at its iteration cap; the figures are
    # what is measured either way
    warnings.simplefilter("ignore")
    specs = load_specs(profiles_dir())
    if args.sweep:
        print(sweep(specs, args))
        return 0
    scores = evaluate(
        specs,
        decks=args.deck,
        exams=args.exam,
        min_confidence=args.min_confidence,
    )
    if args.json:
        print(json.dumps([asdict(s) for s in scores], indent=2))
    else:
        print(table(scores, tasks=args.tasks))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
