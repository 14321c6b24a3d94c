"""The README's PostgreSQL section runs as written: its shell blocks, read from README.md, are
run in order against the throw-away server (tests/pg/conftest.py), each block in a shell of its
own as on its own machine (its own home folder), so the commands a training provider copies
cannot drift from what pmstudy does.

What is changed before running: the example server (``db.example.org``, the superuser
``postgres``) becomes the test server's socket and superuser, and the example passwords stay
(the test server trusts local connections). What is not run: installing pmstudy (the test runs
this checkout; the extra it names is checked in pyproject.toml) and starting the TUI.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pmstudy.db.migrate import HEAD_REVISION

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## PostgreSQL: a study group or a training provider"
EXAMPLE_URL = re.compile(
    r"postgresql\+psycopg://([^:@'\s]+)(?::[^@'\s]*)?@db\.example\.org/pmstudy"
)
TUI = re.compile(r"^pmstudy\s*(#.*)?$")
NOW = "2026-11-22T09:00:00+00:00"


def readme_blocks() -> list[list[str]]:
    """The shell blocks of the README's PostgreSQL section, line by line."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start : end if end != -1 else len(text)]
    return [b.strip("\n").splitlines() for b in re.findall(r"```sh\n(.*?)```", section, re.S)]


def _pg_bin() -> str:
    found = shutil.which("createdb")
    if found:
        return str(Path(found).parent)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/createdb"))
    if not candidates:
        pytest.skip("the PostgreSQL client createdb is not installed")
    return str(Path(candidates[-1]).parent)


def _runnable(line: str, socket: Path) -> str | None:
    """``line`` against the test server, or None for a line not run here."""
    if line.startswith(("pipx ", "pip ")) or TUI.match(line):
        return None
    line = EXAMPLE_URL.sub(
        lambda m: f"postgresql+psycopg://{_user(m.group(1))}@/pmstudy?host={socket}", line
    )
    return line.replace("--host db.example.org", f"--host {socket}").replace(
        "--username postgres", "--username pmstudy"
    )


def _user(name: str) -> str:
    return "pmstudy" if name == "postgres" else name  # the test server's superuser


def _shim(bin_dir: Path) -> None:
    """A ``pmstudy`` command that runs this checkout with this interpreter."""
    bin_dir.mkdir()
    shim = bin_dir / "pmstudy"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pmstudy "$@"\n')
    shim.chmod(0o755)


def test_the_readme_postgres_commands_work(pg_server: Path, tmp_path: Path) -> None:
    blocks = readme_blocks()
    assert len(blocks) == 5  # owner's set-up, a learner, the trainer, publishing, upgrade
    skipped = [line for block in blocks for line in block if _runnable(line, pg_server) is None]
    assert [line.split()[0] for line in skipped] == ["pipx", "pmstudy"]
    assert "'.[postgres]'" in skipped[0]
    assert 'postgres = ["psycopg' in (ROOT / "pyproject.toml").read_text()

    _shim(tmp_path / "bin")
    work = tmp_path / "work"  # where the owner keeps the course's deck file
    work.mkdir()
    shutil.copy(ROOT / "tests" / "tui" / "decks" / "basics.toml", work / "our-course.toml")
    path = f"{tmp_path / 'bin'}:{_pg_bin()}:/usr/bin:/bin"
    outputs = []
    for number, block in enumerate(blocks):
        lines = [r for line in block if (r := _runnable(line, pg_server)) is not None]
        home = tmp_path / f"machine{number}"
        home.mkdir()
        env = {
            "PATH": path,
            "HOME": str(home),
            "PMSTUDY_NOW": NOW,
            "PMSTUDY_TIMEZONE": "UTC",
            "LANG": os.environ.get("LANG", "C.UTF-8"),
        }
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", "\n".join(lines)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"block {number + 1}: {done.stderr}"
        assert "Traceback" not in done.stderr
        outputs.append(done.stdout)

    owner, learner, trainer, publish, upgrade = outputs
    assert "learner ana: login role pmstudy_ana" in owner
    assert "trainer tina: login role" in owner
    assert "pmp.toml: published to 2 of 2 learner(s)" in owner
    assert owner.splitlines()[-2:] == ["ana", "ben"]
    assert "PMP (ECO July 2026) (pmp-2026), exam 2027-05-03" in learner
    assert "eligibility: not logged yet" in learner
    assert trainer.startswith("Group report")
    report = json.loads(trainer[trainer.index("\n{") :])
    assert [learner["name"] for learner in report["learners"]] == ["ana", "ben"]
    assert "our-course.toml: would publish to 2 of 2 learner(s)" in publish
    assert "our-course.toml: published to 2 of 2 learner(s)" in publish
    assert upgrade.splitlines() == [f"ana: at {HEAD_REVISION}", f"ben: at {HEAD_REVISION}"]

    # what the section says of a learner's role: another learner's profile is refused
    ana = f"postgresql+psycopg://pmstudy_ana@/pmstudy?host={pg_server}"
    refused = subprocess.run(
        ["pmstudy", "--profile", "ben", "decks"],
        env={"PATH": path, "HOME": str(tmp_path / "machine1"), "PMSTUDY_DATABASE_URL": ana},
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert len(refused.stderr.strip().splitlines()) == 1
