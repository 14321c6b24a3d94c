"""``bench_import.py --whole``: pmstudy's import against Anki's own, as whole processes.

Each side is timed from outside, as the user starts it: ``pmstudy import PACKAGE`` into a
fresh data directory, and Anki's Python running ``anki_side.py import`` (a new collection,
Anki's own importer).  The two alternate (A B A B ...) after one warm-up run each, so that a
machine whose speed drifts slows both; the report gives min / median / max of wall and CPU
seconds (user + sys, from ``os.wait4``) and peak memory per side, and the ratio pmstudy/Anki
pair by pair.  Both ways: the bench's own packages, a package Anki exported (Anki's current
layout) and one pmstudy exported, each imported by both, and each import checked to be
complete (notes, cards and review-log rows).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANKI_SIDE = HERE / "anki_side.py"
ANKI_PYTHON_ENV = "ANKI_PYTHON"
INSTALL_HINT = (
    "python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install anki; then pass "
    "--anki-python /tmp/ankivenv/bin/python (or set ANKI_PYTHON)"
)


@dataclass
class Run:
    """One finished process: wall and CPU seconds, peak memory, exit status."""

    wall: float
    cpu: float
    peak_mib: float
    status: int


def timed(command: list[str]) -> Run:
    """Run ``command`` (output discarded) and measure it from outside."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    error = process.stderr.read().decode(errors="replace").strip()
    process.stderr.close()
    if process.returncode:
        raise SystemExit(f"{command[0]} failed ({process.returncode}): {error[-500:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, 0)


def pmstudy_command() -> list[str]:
    """How a user starts pmstudy from this venv (the console script, else ``-m``)."""
    script = Path(sys.executable).with_name("pmstudy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pmstudy"]


def pmstudy_counts(data_dir: Path) -> dict[str, int]:
    """Notes, cards and review-log rows in a pmstudy data directory."""
    connection = sqlite3.connect(data_dir / "pmstudy.sqlite3")
    try:
        return {
            name: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for name, table in (("notes", "notes"), ("cards", "cards"), ("reviews", "review_log"))
        }
    finally:
        connection.close()


def anki_counts(anki: str, folder: Path) -> dict[str, int]:
    """Notes, cards and review-log rows in an Anki collection folder."""
    out = subprocess.run(
        [anki, str(ANKI_SIDE), "count", str(folder)], capture_output=True, check=True, text=True
    )
    counts: dict[str, int] = json.loads(out.stdout)
    return counts


def _spread(values: list[float], digits: int = 3) -> dict[str, float]:
    return {
        "min": round(min(values), digits),
        "median": round(statistics.median(values), digits),
        "max": round(max(values), digits),
    }


def compare(package: Path, anki: str, runs: int, expected: dict[str, int]) -> dict[str, object]:
    """pmstudy and Anki importing ``package``, alternating; the first counted run of each is
    checked against ``expected``."""
    pm: list[Run] = []
    an: list[Run] = []
    checked: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench-whole-") as scratch:
        for number in range(runs + 1):  # run 0 is the warm-up of each side
            data_dir = Path(scratch) / f"pm-{number}"
            pm_run = timed(
                [*pmstudy_command(), "--data-dir", str(data_dir), "import", str(package)]
            )
            folder = Path(scratch) / f"anki-{number}"
            an_run = timed([anki, str(ANKI_SIDE), "import", str(package), str(folder)])
            if number == 1:
                checked = {"pmstudy": pmstudy_counts(data_dir), "anki": anki_counts(anki, folder)}
            shutil.rmtree(data_dir, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
            if number:
                pm.append(pm_run)
                an.append(an_run)
    complete = all(counts == expected for counts in checked.values())
    return {
        "package": package.name,
        "runs_each": runs,
        "pmstudy_wall_s": _spread([r.wall for r in pm]),
        "anki_wall_s": _spread([r.wall for r in an]),
        "ratio_wall": _spread([p.wall / a.wall for p, a in zip(pm, an, strict=True)]),
        "pmstudy_cpu_s": _spread([r.cpu for r in pm]),
        "anki_cpu_s": _spread([r.cpu for r in an]),
        "ratio_cpu": _spread([p.cpu / a.cpu for p, a in zip(pm, an, strict=True)]),
        "pmstudy_peak_mib": round(max(r.peak_mib for r in pm), 1),
        "anki_peak_mib": round(max(r.peak_mib for r in an), 1),
        "expected": expected,
        "imported": checked,
        "complete": complete,
    }


def exported_packages(source: Path, anki: str, out: Path) -> dict[str, Path]:
    """``source`` imported once by each side, then exported again by that side."""
    out.mkdir(parents=True, exist_ok=True)
    made = {"anki_export": out / "anki-export.apkg", "pmstudy_export": out / "pmstudy-export.apkg"}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as scratch:
        folder = Path(scratch) / "anki"
        subprocess.run([anki, str(ANKI_SIDE), "import", str(source), str(folder)], check=True)
        made["anki_export"].unlink(missing_ok=True)
        subprocess.run(
            [anki, str(ANKI_SIDE), "export", str(folder), str(made["anki_export"])], check=True
        )
        data_dir = Path(scratch) / "pm"
        command = [*pmstudy_command(), "--data-dir", str(data_dir)]
        subprocess.run([*command, "import", str(source)], check=True, capture_output=True)
        made["pmstudy_export"].unlink(missing_ok=True)
        subprocess.run(
            [*command, "export", "--deck", "Bench", "--format", "apkg", "-o",
             str(made["pmstudy_export"])],
            check=True,
            capture_output=True,
        )  # fmt: skip
    return made


def whole(
    packages: dict[str, Path], anki: str | None, runs: int, expected: dict[str, int], out: Path
) -> dict[str, object]:
    """The report: every package both ways (or why Anki's side could not run)."""
    if not anki:
        return {"anki": f"absent: no Anki interpreter given ({INSTALL_HINT})"}
    if not Path(anki).exists():
        return {"anki": f"absent: {anki} does not exist ({INSTALL_HINT})"}
    probe = subprocess.run(
        [anki, "-c", "import anki.collection"], capture_output=True, text=True, check=False
    )
    if probe.returncode:
        return {"anki": f"absent: {anki} cannot import anki ({INSTALL_HINT})"}
    version = subprocess.run(
        [anki, "-c", "import anki.buildinfo as b; print(b.version)"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    report: dict[str, object] = {"anki": anki, "anki_version": version}
    both = dict(packages)
    both.update(exported_packages(packages["legacy"], anki, out))
    for name, package in both.items():
        report[name] = compare(package, anki, runs, expected)
    return report
