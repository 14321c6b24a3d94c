"""Mock exams in the database: the items an exam can ask, and each mock's progress.

A mock's row holds its format and where the learner stands; an item's row its answer, flag and
time. The service writes them on every change (one small transaction each), so a killed
process loses at most the seconds since the last one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pmstudy.db.convert import tags_from_text
from pmstudy.db.models import CardRow, MockItemRow, MockRow, NoteRow, NoteTypeRow
from pmstudy.domain.exam import exam_tag, tag_prefix
from pmstudy.domain.mock import (
    EXAM_ITEM_KINDS,
    DrawnItem,
    EndReason,
    ItemState,
    MockFormat,
    MockKind,
    MockState,
    Phase,
    PoolItem,
)


@dataclass(frozen=True, slots=True)
class MockRecord:
    """A stored mock: what it is, its items as drawn, and its progress."""

    id: int
    kind: MockKind
    profile_id: str
    title: str
    seed: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    full_length: bool
    notes: tuple[str, ...]
    drawn: tuple[DrawnItem, ...]  # card_id None: the card was deleted since
    state: MockState
    right: int | None = None
    scored: int | None = None
    correct: tuple[bool | None, ...] = ()


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


def _text(values: Iterable[int]) -> str:
    return ",".join(str(v) for v in values)


class MockStore:
    """Mocks and their items (repositories return domain objects)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def pool(self, profile_id: str, card_ids: Sequence[int] | None = None) -> list[PoolItem]:
        """Cards an exam's mock can ask: notes of a checkable kind tagged for one of its
        domains, not suspended; with how many earlier mocks asked each. ``card_ids`` narrows
        the pool (a practice set from a search)."""
        prefix = tag_prefix(profile_id)
        query = (
            select(CardRow.id, NoteRow.tags)
            .join(NoteRow, NoteRow.id == CardRow.note_id)
            .join(NoteTypeRow, NoteTypeRow.id == NoteRow.note_type_id)
            .where(
                NoteTypeRow.kind.in_(sorted(EXAM_ITEM_KINDS)),
                CardRow.suspended.is_(False),
                NoteRow.tags.like(f"% {prefix}%"),
            )
        )
        if card_ids is not None:
            query = query.where(CardRow.id.in_(list(card_ids)))
        used = dict(
            self.session.execute(
                select(MockItemRow.card_id, func.count())
                .where(MockItemRow.card_id.is_not(None))
                .group_by(MockItemRow.card_id)
            ).all()
        )
        items = []
        for card_id, tags in self.session.execute(query):
            place = next(
                (
                    parsed
                    for tag in tags_from_text(tags)
                    if (parsed := exam_tag(tag)) is not None and parsed[0] == profile_id
                ),
                None,
            )
            if place is not None:
                items.append(PoolItem(card_id, place[1], place[2], int(used.get(card_id, 0))))
        return items

    def create(
        self,
        fmt: MockFormat,
        drawn: Sequence[DrawnItem],
        state: MockState,
        *,
        seed: int,
        now: dt.datetime,
    ) -> int:
        """Store a new mock with its items; its id."""
        row = MockRow(
            kind=fmt.kind.value,
            profile_id=fmt.profile_id,
            title=fmt.title,
            seed=seed,
            started_at=now,
            updated_at=now,
            sections=_text(state.sections),
            break_s=_text(state.break_s),
            lock=state.lock,
            pause=state.pause,
            limit_ms=state.limit_ms,
            full_length=fmt.full_length,
            notes=json.dumps(list(fmt.notes), ensure_ascii=False),
            phase=state.phase.value,
            section=0,
            position=0,
            elapsed_ms=0,
            break_ms=0,
            paused=False,
        )
        self.session.add(row)
        self.session.flush()
        self.session.add_all(
            MockItemRow(
                mock_id=row.id,
                position=i,
                card_id=item.card_id,
                domain=item.domain,
                task=item.task,
                scored=item.scored,
                response="",
                flagged=False,
                time_ms=0,
            )
            for i, item in enumerate(drawn)
        )
        return row.id

    def save(
        self, mock_id: int, state: MockState, changed: Iterable[int], *, now: dt.datetime
    ) -> None:
        """Write the mock's progress and the items whose answer, flag or time changed."""
        self.session.execute(
            update(MockRow)
            .where(MockRow.id == mock_id)
            .values(
                updated_at=now,
                phase=state.phase.value,
                ended=None if state.ended is None else state.ended.value,
                section=state.section,
                position=state.position,
                elapsed_ms=state.elapsed_ms,
                break_ms=state.break_ms,
                paused=state.paused,
            )
        )
        for position in changed:
            item = state.items[position]
            self.session.execute(
                update(MockItemRow)
                .where(MockItemRow.mock_id == mock_id, MockItemRow.position == position)
                .values(
                    response=item.response,
                    flagged=item.flagged,
                    time_ms=item.time_ms,
                    answered_ms=item.answered_ms,
                )
            )

    def finish(
        self,
        mock_id: int,
        correct: Sequence[bool],
        *,
        right: int,
        scored: int,
        now: dt.datetime,
    ) -> None:
        """Record the score: each item right or wrong, the totals, the finishing time."""
        for position, ok in enumerate(correct):
            self.session.execute(
                update(MockItemRow)
                .where(MockItemRow.mock_id == mock_id, MockItemRow.position == position)
                .values(correct=ok)
            )
        self.session.execute(
            update(MockRow)
            .where(MockRow.id == mock_id)
            .values(finished_at=now, right=right, scored=scored, updated_at=now)
        )

    def load(self, mock_id: int) -> MockRecord | None:
        """A mock by id."""
        row = self.session.get(MockRow, mock_id)
        return None if row is None else self._record(row)

    def unfinished(self) -> MockRecord | None:
        """The latest mock not yet scored (a killed process left it), if any."""
        row = self.session.scalars(
            select(MockRow).where(MockRow.finished_at.is_(None)).order_by(MockRow.id.desc())
        ).first()
        return None if row is None else self._record(row)

    def history(
        self, profile_id: str | None = None, limit: int = 200, kind: MockKind | None = None
    ) -> list[MockRecord]:
        """Finished mocks (of one exam, of one kind), the newest first; their items in one
        query."""
        query = select(MockRow).where(MockRow.finished_at.is_not(None))
        if profile_id is not None:
            query = query.where(MockRow.profile_id == profile_id)
        if kind is not None:
            query = query.where(MockRow.kind == kind.value)
        rows = self.session.scalars(query.order_by(MockRow.id.desc()).limit(limit)).all()
        items: dict[int, list[MockItemRow]] = {row.id: [] for row in rows}
        if rows:
            for item in self.session.scalars(
                select(MockItemRow)
                .where(MockItemRow.mock_id.in_(list(items)))
                .order_by(MockItemRow.mock_id, MockItemRow.position)
            ):
                items[item.mock_id].append(item)
        return [self._record(row, items[row.id]) for row in rows]

    def _record(self, row: MockRow, items: Sequence[MockItemRow] | None = None) -> MockRecord:
        if items is None:
            items = self.session.scalars(
                select(MockItemRow)
                .where(MockItemRow.mock_id == row.id)
                .order_by(MockItemRow.position)
            ).all()
        state = MockState(
            sections=_ints(row.sections),
            break_s=_ints(row.break_s),
            lock=row.lock,
            pause=row.pause,
            limit_ms=row.limit_ms,
            items=tuple(ItemState(i.response, i.flagged, i.time_ms, i.answered_ms) for i in items),
            ticked_at=row.updated_at,
            phase=Phase(row.phase),
            section=row.section,
            position=row.position,
            elapsed_ms=row.elapsed_ms,
            break_ms=row.break_ms,
            paused=row.paused,
            ended=None if row.ended is None else EndReason(row.ended),
        )
        return MockRecord(
            id=row.id,
            kind=MockKind(row.kind),
            profile_id=row.profile_id,
            title=row.title,
            seed=row.seed,
            started_at=row.started_at,
            finished_at=row.finished_at,
            full_length=row.full_length,
            notes=tuple(json.loads(row.notes or "[]")),
            drawn=tuple(DrawnItem(i.card_id, i.domain, i.task, scored=i.scored) for i in items),
            state=state,
            right=row.right,
            scored=row.scored,
            correct=tuple(i.correct for i in items),
        )
