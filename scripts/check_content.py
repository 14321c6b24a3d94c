"""Check deck files and print per-deck counts (used while writing content)."""

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmstudy.decks.check import check_files, load_profiles
from pmstudy.decks.loader import load_deck

root = Path(__file__).resolve().parent.parent / "decks"
paths = [Path(p) for p in sys.argv[1:]] or sorted(root.glob("*.toml"))
profiles = load_profiles(root / "exams")
problems = check_files(paths, profiles)
for problem in problems:
    print(problem)
for path in paths:
    try:
        deck = load_deck(path)
    except Exception:
        continue
    types = Counter(c.type for c in deck.cards)
    tasks = Counter(t for c in deck.cards for t in c.tags if t.startswith("exam::"))
    mc = types["multiple_choice"] / max(1, len(deck.cards))
    print(f"{path.name}: {len(deck.cards)} cards, types {dict(types)}, MC share {mc:.0%}")
    for tag, n in sorted(tasks.items()):
        print(f"    {tag}: {n}")
sys.exit(1 if problems else 0)
