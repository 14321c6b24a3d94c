"""docs/content.md's table of domain ids (and task counts) matches the bundled exam profiles."""

from __future__ import annotations

import re
from pathlib import Path

from pmstudy.decks.check import load_profiles

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (.+) \|$")


def _cell(profile_domains: list[tuple[str, int]]) -> str:
    return ", ".join(f"`{d}`" + (f" (t1–t{n})" if n else "") for d, n in profile_domains)


def test_the_domain_table_names_every_profile_with_its_domains_and_tasks() -> None:
    text = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    table = text.split("| profile | domain ids (tasks) |", 1)[1].split("\n\n", 1)[0]
    rows = {m[1]: m[2] for line in table.splitlines() if (m := ROW.match(line))}
    profiles = load_profiles(ROOT / "decks" / "exams")
    assert set(rows) == set(profiles)
    for profile_id, profile in profiles.items():
        expected = _cell([(d.id, len(d.tasks)) for d in profile.domains])
        assert rows[profile_id] == expected, profile_id
