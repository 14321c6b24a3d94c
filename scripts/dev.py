#!/usr/bin/env python3
"""Bootstrap and run pmstudy from a checkout: needs only Python 3.11+.

    python3 scripts/dev.py run [ARGS...]   # the app (creates .venv on first use)
    python3 scripts/dev.py test            # every check: lint, format, types, layers,
                                           # migrations, bundled decks, tests

``test`` works in .venv (pmstudy with every tool the checks use); ``run`` uses that one when it
is there and current, else .venv-app, which holds only what the app needs (pmstudy and its
optimiser), so that trying the app does not install the test and lint tools. Each is created on
first use and refreshed whenever pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
APP_VENV = ROOT / ".venv-app"
DEV_EXTRAS = "dev,optimizer,postgres,classify"
APP_EXTRAS = "optimizer,classify"


def _bin(venv_dir: Path) -> Path:
    return venv_dir / ("Scripts" if os.name == "nt" else "bin")


BIN = _bin(VENV)


def _run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def _wanted(extras: str) -> str:
    """What a venv's stamp must say: the pyproject it was installed from, and the extras."""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()


def _current(venv_dir: Path, extras: str) -> bool:
    stamp = venv_dir / ".pmstudy-installed"
    return stamp.exists() and stamp.read_text().strip() == _wanted(extras)


def ensure_venv(venv_dir: Path = VENV, extras: str = DEV_EXTRAS) -> Path:
    """Create ``venv_dir`` and install pmstudy with ``extras``, once per pyproject change;
    its bin directory."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must explain itself on old Pythons
        sys.exit(f"pmstudy needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    bin_dir = _bin(venv_dir)
    if _current(venv_dir, extras):
        return bin_dir
    if not (bin_dir / "python").exists():
        print(f"creating {venv_dir}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", "-e", f".[{extras}]")
    (venv_dir / ".pmstudy-installed").write_text(_wanted(extras))
    return bin_dir


def run_app(args: list[str]) -> None:
    """Run the pmstudy TUI (or any pmstudy subcommand): in the dev venv when it is current,
    else in the app's own, smaller one."""
    bin_dir = BIN if _current(VENV, DEV_EXTRAS) else ensure_venv(APP_VENV, APP_EXTRAS)
    os.execv(str(bin_dir / "pmstudy"), [str(bin_dir / "pmstudy"), *args])


def run_checks(pytest_args: list[str]) -> None:
    """Every check CI runs, in order, stopping at the first failure."""
    ensure_venv()
    _run(BIN / "ruff", "check", ".")
    _run(BIN / "ruff", "format", "--check", ".")
    _run(BIN / "mypy", "--strict", "pmstudy")
    _run(BIN / "lint-imports")
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, PMSTUDY_DATABASE_URL=f"sqlite:///{scratch}/check.sqlite3")
        _run(BIN / "alembic", "upgrade", "head", env=env)
        _run(BIN / "alembic", "check", env=env)
    decks = sorted(str(p) for p in (ROOT / "decks").glob("*.toml"))
    _run(BIN / "pmstudy", "deck", "check", *decks)
    # The item-quality gate on every bundled deck, at most 5 % of each with a near-copy elsewhere.
    _run(BIN / "pmstudy", "deck", "lint", *decks, "--max-across", "5%")
    _run(BIN / "python", "-m", "pytest", *pytest_args)


def main() -> None:
    """Dispatch."""
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "setup"}:
        sys.exit(__doc__)
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "run":
        run_app(rest)
    elif command == "test":
        run_checks(rest)
    else:
        ensure_venv()


if __name__ == "__main__":
    main()
