"""The pure core loads neither SQLAlchemy nor Textual (checked in a clean interpreter)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "pmstudy.domain.model",
    "pmstudy.domain.scheduling.scheduler",
    "pmstudy.domain.scheduling.queue",
    "pmstudy.domain.scheduling.days",
    "pmstudy.domain.cards.text",
    "pmstudy.domain.cards",
    "pmstudy.domain.cards.imports",
    "pmstudy.decks.format",
    "pmstudy.decks.loader",
]


def test_domain_imports_no_sqlalchemy_or_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'textual', 'alembic', 'rich'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_cli_version_does_not_load_the_tui() -> None:
    code = (
        "import sys\n"
        "from pmstudy.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules, 'sqlalchemy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("False False")


def test_starting_the_tui_does_not_import_numpy() -> None:
    """NumPy (about 0.17 s to import) loads on first use of readiness, stats or the optimiser,
    never on the way to the dashboard's first frame."""
    code = (
        "import sys\n"
        "import pmstudy.cli\n"
        "from pmstudy.tui.app import PmStudyApp\n"
        "from pmstudy.services.container import build_services\n"
        "print('numpy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
