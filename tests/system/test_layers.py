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
