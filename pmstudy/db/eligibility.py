"""The eligibility log (table ``eligibility_entries``): training courses and spans of project
experience, converted to and from ``pmstudy.domain.exam.EligibilityEntry``."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmstudy.db.models import EligibilityEntryRow
from pmstudy.domain.exam import EligibilityEntry, EntryKind


class EligibilityRepository:
    """Entries of the eligibility log, in the unit of work's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def entries(self) -> list[EligibilityEntry]:
        """Every entry, oldest date first."""
        query = select(EligibilityEntryRow).order_by(
            EligibilityEntryRow.start_date, EligibilityEntryRow.id
        )
        return [_entry(row) for row in self.session.scalars(query)]

    def add(self, entry: EligibilityEntry, now: dt.datetime) -> EligibilityEntry:
        """Store ``entry`` (already checked); returns it with its id."""
        row = EligibilityEntryRow(
            kind=entry.kind,
            title=entry.title,
            provider=entry.provider,
            start_date=entry.start,
            end_date=entry.end,
            hours=entry.hours,
            reference=entry.reference,
            created_at=now,
        )
        self.session.add(row)
        self.session.flush()
        return _entry(row)

    def remove(self, entry_id: int) -> EligibilityEntry | None:
        """Delete entry ``entry_id``; returns what it was (None: no such entry)."""
        row = self.session.get(EligibilityEntryRow, entry_id)
        if row is None:
            return None
        entry = _entry(row)
        self.session.delete(row)
        self.session.flush()
        return entry


def _entry(row: EligibilityEntryRow) -> EligibilityEntry:
    return EligibilityEntry(
        id=row.id,
        kind=cast(EntryKind, row.kind),
        title=row.title,
        provider=row.provider,
        start=row.start_date,
        end=row.end_date,
        hours=row.hours,
        reference=row.reference,
    )
