"""The built wheel works outside the repository: version, migrations and decks inside it."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_installs_and_upgrades_a_database_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("pmstudy-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "pmstudy/_migrations/env.py" in names
    assert any(n.startswith("pmstudy/_migrations/versions/0001") for n in names)
    assert "pmstudy/_decks/scrum.toml" in names
    assert "pmstudy/_decks/exams/pmp-2026.toml" in names

    # A fresh venv whose only pmstudy is the wheel; its dependencies come from this
    # environment's site-packages through a .pth file (no network, no source tree).
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"PATH": str(target / "bin"), "HOME": str(tmp_path), "PMSTUDY_DATA_DIR": str(work / "d")}
    pmstudy = str(target / "bin" / "pmstudy")
    version = subprocess.run(
        [pmstudy, "--version"], cwd=work, env=env, capture_output=True, text=True, check=True
    )
    assert version.stdout.startswith("pmstudy ")
    where = subprocess.run(
        [str(python), "-c", "import pmstudy, sys; print(pmstudy.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT) not in where
    upgrade = subprocess.run(
        [pmstudy, "db", "upgrade"], cwd=work, env=env, capture_output=True, text=True, check=True
    )
    assert "database at schema" in upgrade.stdout
    decks = subprocess.run(
        [pmstudy, "decks", "--json"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"Scrum"' in decks.stdout
