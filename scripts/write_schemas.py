"""Regenerate the published JSON Schemas in docs/ from the pydantic models."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pmstudy.decks.schema import SCHEMAS  # noqa: E402

for name, schema in SCHEMAS.items():
    (ROOT / "docs" / name).write_text(json.dumps(schema(), indent=2, ensure_ascii=False) + "\n")
    print(f"wrote docs/{name}")
