"""pmstudy's optimiser against Anki's, on a history Anki's own FSRS scheduler wrote.

    .venv/bin/python bench/bench_optimize_anki.py --anki-python /tmp/ankivenv/bin/python
        [--cards 20000] [--reviews 200000] [--seed 18] [--repeat 3]

Anki runs in a throw-away interpreter with the ``anki`` package (never a pmstudy dependency:
``python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install anki``), driven through
``bench/anki_side.py``. Steps:

1. the history: Anki's scheduler and a seeded simulated learner (``anki_side.py history``),
   exported as a package into bench/out/ once (libfaketime sets Anki's clock);
2. the package imported into an Anki collection and into a pmstudy data folder (``pmstudy
   import``), once each;
3. ``repeat`` alternating rounds of Anki's "Optimize" (``compute_fsrs_params`` on the preset,
   fit time measured inside Anki's process, wall and CPU) and the whole ``pmstudy optimize
   --force`` command on a fresh copy of the folder (a process of its own: wall and CPU, plus
   the fit's own seconds from its JSON); the machine is shared, so the report gives every
   round, the best and the median, and CPU beside wall; pmstudy runs from compiled bytecode
   (a warm-up run first), and each round also times the same command stopped before any work
   (start-up, imports, opening the database: what every pmstudy command pays);
4. three parameter sets - FSRS defaults, Anki's fit, pmstudy's fit - scored by Anki's own
   evaluator (``evaluate_params_legacy``) on the Anki collection, and by pmstudy's evaluator on
   pmstudy's training data (the two should agree).

Both sides use UTC and a 4 a.m. day rollover, so both count the same study days.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
ANKI_SIDE = ROOT / "bench" / "anki_side.py"
PMSTUDY = ROOT / ".venv" / "bin" / "pmstudy"
ENV = dict(os.environ, TZ="UTC", PMSTUDY_TIMEZONE="UTC")
# pmstudy runs from compiled bytecode, as an installed copy does (a shell with
# PYTHONDONTWRITEBYTECODE would compile every module it imports on every run); the cache
# lives under bench/out, not beside the sources.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
ENV["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")


def _run(command: list[str]) -> str:
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def _anki(anki_python: str, *args: str) -> object:
    return json.loads(_run([anki_python, str(ANKI_SIDE), *args]).strip().splitlines()[-1])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def prepare(anki_python: str, cards: int, reviews: int, seed: int) -> tuple[Path, Path, Path]:
    """The package, the Anki collection and the pmstudy folder (each made once)."""
    OUT.mkdir(exist_ok=True)
    stem = f"anki-fsrs-history-{cards}-{reviews}-{seed}"
    package = OUT / f"{stem}.apkg"
    if not package.exists():
        _anki(anki_python, "history", str(package), str(cards), str(reviews), str(seed))
    anki_folder = OUT / f"{stem}-anki"
    if not (anki_folder / "collection.anki2").exists():
        shutil.rmtree(anki_folder, ignore_errors=True)
        _run([anki_python, str(ANKI_SIDE), "import", str(package), str(anki_folder)])
    pm_folder = OUT / f"{stem}-pmstudy"
    if not (pm_folder / "pmstudy.sqlite3").exists():
        shutil.rmtree(pm_folder, ignore_errors=True)
        _run([str(PMSTUDY), "--data-dir", str(pm_folder), "import", str(package)])
    return package, anki_folder, pm_folder


def pmstudy_optimize(folder: Path) -> dict[str, object]:
    """The whole command on a fresh copy of ``folder``: wall and CPU seconds, its JSON."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(folder, copy)
        cpu = _children_cpu()
        started = time.perf_counter()
        out = _run([str(PMSTUDY), "--data-dir", str(copy), "optimize", "--force", "--json"])
        wall = time.perf_counter() - started
        cpu = _children_cpu() - cpu
    [result] = json.loads(out)
    return {"wall_s": wall, "cpu_s": cpu, "result": result}


def pmstudy_start_up(folder: Path) -> dict[str, float]:
    """The same command stopped before any work (an unknown preset): start-up, imports and
    opening the database, which every pmstudy command pays."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [str(PMSTUDY), "--data-dir", str(folder), "optimize", "--preset", "no such preset"],
        env=ENV,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    return {"wall_s": time.perf_counter() - started, "cpu_s": _children_cpu() - cpu}


def pmstudy_scores(folder: Path, sets: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """pmstudy's own evaluator on its training data, per parameter set."""
    from pmstudy.clock import SystemClock
    from pmstudy.domain.scheduling import DayClock, build_training_set, evaluate
    from pmstudy.services.container import build_services
    from pmstudy.settings import Settings

    settings = Settings(data_dir=folder, timezone="UTC")
    services = build_services(settings, SystemClock(), sync_decks=False)
    try:
        with services.db.read() as uow:
            log = uow.tuning.log_columns(None)
    finally:
        services.close()
    data = build_training_set(log, DayClock())
    return {name: evaluate(data, params).as_dict() for name, params in sets.items()}


def _summary(values: list[float]) -> dict[str, object]:
    return {
        "best": round(min(values), 3),
        "median": round(statistics.median(values), 3),
        "runs": [round(v, 3) for v in values],
    }


def main() -> None:
    """Run and print JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--anki-python", default=os.environ.get("ANKI_PYTHON"))
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--reviews", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.anki_python:
        raise SystemExit("give Anki's interpreter: --anki-python PATH (or set ANKI_PYTHON)")
    _, anki_folder, pm_folder = prepare(args.anki_python, args.cards, args.reviews, args.seed)
    anki_runs: list[dict[str, object]] = []
    pm_runs: list[dict[str, object]] = []
    start_ups: list[dict[str, float]] = []
    pmstudy_optimize(pm_folder)  # warm-up: compiles the bytecode cache
    for _ in range(args.repeat):
        fitted = _anki(args.anki_python, "fit", str(anki_folder))
        assert isinstance(fitted, dict)
        anki_runs.append(fitted)
        pm_runs.append(pmstudy_optimize(pm_folder))
        start_ups.append(pmstudy_start_up(pm_folder))
    import fsrs_rs_python

    anki_params = anki_runs[-1]["params"]
    pm_result = pm_runs[-1]["result"]
    assert isinstance(anki_params, list)
    assert isinstance(pm_result, dict)
    sets = {
        "defaults": [float(v) for v in fsrs_rs_python.DEFAULT_PARAMETERS],
        "anki_fit": anki_params or [float(v) for v in fsrs_rs_python.DEFAULT_PARAMETERS],
        "pmstudy_fit": pm_result["new_parameters"],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(sets, handle)
    try:
        anki_scores = _anki(args.anki_python, "evaluate", str(anki_folder), handle.name)
    finally:
        Path(handle.name).unlink()
    anki_fit_wall = [float(str(r["wall_s"])) for r in anki_runs]
    anki_fit_cpu = [float(str(r["cpu_s"])) for r in anki_runs]
    pm_wall = [float(str(r["wall_s"])) for r in pm_runs]
    pm_cpu = [float(str(r["cpu_s"])) for r in pm_runs]
    pm_fit = [float(r["result"]["seconds"]) for r in pm_runs]  # type: ignore[index]
    report = {
        "history": {
            "cards": args.cards,
            "reviews": args.reviews,
            "seed": args.seed,
            "anki_training_items": anki_runs[-1]["fsrs_items"],
            "pmstudy_training_items": pm_result["training_items"],
            "pmstudy_reviews_used": pm_result["reviews_used"],
        },
        "scores_under_anki": anki_scores,
        "scores_under_pmstudy": pmstudy_scores(pm_folder, sets),
        "parameters": sets,
        "anki_fit_wall_s": _summary(anki_fit_wall),
        "anki_fit_cpu_s": _summary(anki_fit_cpu),
        "pmstudy_command_wall_s": _summary(pm_wall),
        "pmstudy_command_cpu_s": _summary(pm_cpu),
        "pmstudy_fit_wall_s": _summary(pm_fit),
        "pmstudy_start_up_cpu_s": _summary([r["cpu_s"] for r in start_ups]),
        "pmstudy_start_up_wall_s": _summary([r["wall_s"] for r in start_ups]),
        "ratio_command_to_anki_fit_wall": _summary(
            [p / a for p, a in zip(pm_wall, anki_fit_wall, strict=True)]
        ),
        "ratio_command_to_anki_fit_cpu": _summary(
            [p / a for p, a in zip(pm_cpu, anki_fit_cpu, strict=True)]
        ),
        "cores": os.cpu_count(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
