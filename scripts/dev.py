#!/usr/bin/env python3
"""Bootstrap and run pmstudy from a checkout: needs only Python 3.11+.

    python3 scripts/dev.py run [ARGS...]   # the app (creates .venv on first use)
    python3 scripts/dev.py test            # every check: lint, format, types, layers,
                                           # migrations, bundled decks, tests

The virtual environment is created in .venv and refreshed whenever pyproject.toml changes.
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
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".pmstudy-installed"


def _run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv() -> None:
    """Create .venv and install pmstudy with its dev tools, once per pyproject change."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must explain itself on old Pythons
        sys.exit(f"pmstudy needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[dev,optimizer,postgres]")
    STAMP.write_text(wanted)


def run_app(args: list[str]) -> None:
    """Run the pmstudy TUI (or any pmstudy subcommand)."""
    ensure_venv()
    os.execv(str(BIN / "pmstudy"), [str(BIN / "pmstudy"), *args])


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
