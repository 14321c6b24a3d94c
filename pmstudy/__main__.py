"""``python -m pmstudy``."""

from pmstudy.cli import main

raise SystemExit(main())
