"""scikit-learn (about a second to import) loads when a classifier is trained, never at start-up
nor when the classify packages are imported."""

from __future__ import annotations

import subprocess
import sys


def test_starting_the_app_and_importing_classify_does_not_import_sklearn() -> None:
    code = (
        "import sys\n"
        "import pmstudy.cli\n"
        "from pmstudy.tui.app import PmStudyApp\n"
        "from pmstudy.services.container import build_services\n"
        "import pmstudy.domain.classify, pmstudy.services.classify\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'sklearn', 'scipy'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_training_does_import_sklearn() -> None:
    """The check above can fail: the same probe sees scikit-learn once a model is trained."""
    code = (
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from pmstudy.domain.classify import Example, train\n"
        "from pmstudy.resources import profiles_dir\n"
        "from pmstudy.services.exams import load_specs\n"
        "spec = next(s for s in load_specs(profiles_dir()) if s.id == 'psm-1')\n"
        "examples = [Example('backlog', 'product', None), Example('team', 'people-teams', None)]\n"
        "train(spec, examples)\n"
        "print('sklearn' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"
