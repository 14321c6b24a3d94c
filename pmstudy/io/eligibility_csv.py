"""The eligibility log as CSV, for a learner to keep or hand in for a PMI audit: one row per
training course or span of experience, with the months each span covers."""

from __future__ import annotations

import csv
from pathlib import Path

from pmstudy.domain.exam import EligibilityEntry
from pmstudy.domain.exam.eligibility import experience_months
from pmstudy.io.atomic import atomic_file
from pmstudy.io.text_columns import quote_formula

HEADER = (
    "id",
    "kind",
    "date",
    "end_date",
    "contact_hours",
    "months",
    "provider_or_organisation",
    "title",
    "reference",
)


def _row(entry: EligibilityEntry) -> list[str]:
    months = f"{experience_months([entry]):.1f}" if entry.kind == "experience" else ""
    hours = f"{entry.hours:g}" if entry.hours is not None else ""
    return [
        str(entry.id or ""),
        entry.kind,
        entry.start.isoformat(),
        entry.end.isoformat() if entry.end else "",
        hours,
        months,
        quote_formula(entry.provider),
        quote_formula(entry.title),
        quote_formula(entry.reference or ""),
    ]


def write_eligibility_csv(entries: list[EligibilityEntry], path: Path) -> int:
    """Write ``entries`` to ``path`` (all at once: a failed write leaves no partial file);
    returns the number of rows. Cells that start like a formula get a leading ``'``."""
    with atomic_file(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for entry in entries:
            writer.writerow(_row(entry))
    return len(entries)
