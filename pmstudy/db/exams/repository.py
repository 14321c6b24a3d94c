"""Exam goals, their decks and the exam-mode reads, returning domain objects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from pmstudy.db.models import (
    CardRow,
    DeckRow,
    ExamGoalDeckRow,
    ExamGoalRow,
    NoteRow,
)
from pmstudy.db.repo import Repository
from pmstudy.domain.exam import ExamGoal, tag_prefix
from pmstudy.domain.model import CardState
from pmstudy.errors import NotFoundError


def _goal(row: ExamGoalRow, decks: list[tuple[int, str]]) -> ExamGoal:
    return ExamGoal(
        id=row.id,
        profile_id=row.profile_id,
        exam_at=row.exam_at,
        timezone=row.timezone,
        target=row.target,
        exam_mode=row.exam_mode,
        buffer_days=row.buffer_days,
        minutes_per_day=row.minutes_per_day,
        created_at=row.created_at,
        deck_ids=tuple(d for d, _ in decks),
        deck_names=tuple(n for _, n in decks),
        final_pass_days=row.final_pass_days,
        plan_sets_new=row.plan_sets_new,
    )


class ExamRepository:
    """Exam goals and linked cards over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- goals -----------------------------------------------------------------------

    def add_goal(self, goal: ExamGoal, deck_ids: Iterable[int]) -> int:
        """Store a new goal with its decks; returns its id."""
        row = ExamGoalRow(
            profile_id=goal.profile_id,
            exam_at=goal.exam_at,
            timezone=goal.timezone,
            target=goal.target,
            exam_mode=goal.exam_mode,
            buffer_days=goal.buffer_days,
            minutes_per_day=goal.minutes_per_day,
            created_at=goal.created_at,
            final_pass_days=goal.final_pass_days,
            plan_sets_new=goal.plan_sets_new,
        )
        self.session.add(row)
        self.session.flush()
        for deck_id in sorted(set(deck_ids)):
            self.session.add(ExamGoalDeckRow(goal_id=row.id, deck_id=deck_id))
        self.session.flush()
        return row.id

    def _decks_of(self, goal_ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
        found: dict[int, list[tuple[int, str]]] = {g: [] for g in goal_ids}
        rows = self.session.execute(
            select(ExamGoalDeckRow.goal_id, DeckRow.id, DeckRow.name)
            .join(DeckRow, DeckRow.id == ExamGoalDeckRow.deck_id)
            .where(ExamGoalDeckRow.goal_id.in_(goal_ids))
            .order_by(DeckRow.name)
        ).all()
        for goal_id, deck_id, name in rows:
            found[goal_id].append((deck_id, name))
        return found

    def goals(self) -> list[ExamGoal]:
        """Every goal, soonest exam first."""
        rows = self.session.scalars(
            select(ExamGoalRow).order_by(ExamGoalRow.exam_at, ExamGoalRow.id)
        ).all()
        decks = self._decks_of([r.id for r in rows])
        return [_goal(r, decks[r.id]) for r in rows]

    def goal(self, goal_id: int) -> ExamGoal:
        """One goal by id."""
        row = self.session.get(ExamGoalRow, goal_id)
        if row is None:
            raise NotFoundError(f"no exam with id {goal_id} (see 'pmstudy exam list')")
        return _goal(row, self._decks_of([goal_id])[goal_id])

    def remove_goal(self, goal_id: int) -> None:
        """Delete a goal (its deck links go with it)."""
        if self.session.get(ExamGoalRow, goal_id) is None:
            raise NotFoundError(f"no exam with id {goal_id} (see 'pmstudy exam list')")
        self.session.execute(delete(ExamGoalDeckRow).where(ExamGoalDeckRow.goal_id == goal_id))
        self.session.execute(delete(ExamGoalRow).where(ExamGoalRow.id == goal_id))

    def link_decks(self, goal_id: int, deck_ids: Iterable[int]) -> None:
        """Link decks to a goal (those linked already stay as they are)."""
        linked = set(
            self.session.scalars(
                select(ExamGoalDeckRow.deck_id).where(ExamGoalDeckRow.goal_id == goal_id)
            )
        )
        for deck_id in sorted(set(deck_ids) - linked):
            self.session.add(ExamGoalDeckRow(goal_id=goal_id, deck_id=deck_id))
        self.session.flush()

    def unlink_decks(self, goal_id: int, deck_ids: Iterable[int]) -> None:
        """Take decks off a goal."""
        self.session.execute(
            delete(ExamGoalDeckRow).where(
                ExamGoalDeckRow.goal_id == goal_id, ExamGoalDeckRow.deck_id.in_(list(deck_ids))
            )
        )

    def set_exam_mode(self, goal_id: int, on: bool) -> None:
        """Switch exam mode for one goal."""
        row = self.session.get(ExamGoalRow, goal_id)
        if row is None:
            raise NotFoundError(f"no exam with id {goal_id} (see 'pmstudy exam list')")
        row.exam_mode = on

    def set_goal_options(
        self, goal_id: int, *, final_pass_days: int | None, plan_sets_new: bool
    ) -> None:
        """The goal's final pass (None: off) and whether its plan sets today's new cards."""
        row = self.session.get(ExamGoalRow, goal_id)
        if row is None:
            raise NotFoundError(f"no exam with id {goal_id} (see 'pmstudy exam list')")
        row.final_pass_days = final_pass_days
        row.plan_sets_new = plan_sets_new

    # --- decks and cards -------------------------------------------------------------

    def expand_decks(self, deck_ids: Iterable[int]) -> list[int]:
        """The decks and all their sub-decks."""
        repo = Repository(self.session)
        found: set[int] = set()
        for deck_id in deck_ids:
            found.update(repo.deck_ids_in(repo.deck(deck_id).name))
        return sorted(found)

    def decks_by_names(self, names: Iterable[str]) -> tuple[list[int], list[str]]:
        """Deck ids for full deck names, and the names that match no deck."""
        ids, missing = [], []
        for name in names:
            row = self.session.scalar(select(DeckRow.id).where(DeckRow.name == name))
            if row is None:
                missing.append(name)
            else:
                ids.append(row)
        return ids, missing

    def decks_with_tag(self, profile_id: str) -> list[int]:
        """Top-most decks holding cards tagged for the exam (a parent covers its sub-decks)."""
        pattern = f" {tag_prefix(profile_id)}"
        rows = self.session.execute(
            select(DeckRow.id, DeckRow.name)
            .join(CardRow, CardRow.deck_id == DeckRow.id)
            .join(NoteRow, NoteRow.id == CardRow.note_id)
            .where(NoteRow.tags.contains(pattern, autoescape=True))
            .group_by(DeckRow.id, DeckRow.name)
        ).all()
        names = {name: deck_id for deck_id, name in rows}
        top = [
            deck_id
            for name, deck_id in names.items()
            if not any(name.startswith(other + "::") for other in names if other != name)
        ]
        return sorted(top)

    def new_cards(self, deck_ids: Sequence[int]) -> int:
        """The decks' new cards that are not suspended (buried ones included): what the plan
        still has to introduce."""
        return int(
            self.session.scalar(
                select(func.count()).where(
                    CardRow.deck_id.in_(list(deck_ids)),
                    CardRow.state == int(CardState.NEW),
                    CardRow.suspended.is_(False),
                )
            )
            or 0
        )

    def card_ids(self, deck_ids: Sequence[int]) -> list[int]:
        """Ids of the cards in the decks."""
        return list(self.session.scalars(select(CardRow.id).where(CardRow.deck_id.in_(deck_ids))))

    def tag_counts(self, profile_id: str) -> list[tuple[str, int]]:
        """(stored tag text, cards) over the whole collection for notes tagged for the exam."""
        pattern = f" {tag_prefix(profile_id)}"
        return [
            (tags, int(count))
            for tags, count in self.session.execute(
                select(NoteRow.tags, func.count(CardRow.id))
                .join(CardRow, CardRow.note_id == NoteRow.id)
                .where(NoteRow.tags.contains(pattern, autoescape=True))
                .group_by(NoteRow.tags)
            ).all()
        ]

    # --- the log -----------------------------------------------------------------------

    def due_instants(
        self, deck_ids: Sequence[int], start: dt.datetime, end: dt.datetime
    ) -> list[dt.datetime]:
        """Due instants of review cards in the decks due in [start, end) (not suspended)."""
        return list(
            self.session.scalars(
                select(CardRow.due).where(
                    CardRow.deck_id.in_(deck_ids),
                    CardRow.state == int(CardState.REVIEW),
                    CardRow.suspended.is_(False),
                    CardRow.due >= start,
                    CardRow.due < end,
                )
            )
        )

    def move_due(self, card_id: int, due: dt.datetime) -> None:
        """Set one card's due date (exam mode), leaving its memory alone."""
        self.session.execute(update(CardRow).where(CardRow.id == card_id).values(due=due))

    def queue_for(
        self, card_ids: Sequence[int], *, now: dt.datetime, limit: int
    ) -> tuple[list[int], list[int], dict[int, dt.datetime]]:
        """A study queue over chosen cards: reviews (earliest due first, due or not), new ones
        (queue order) and learning ones; suspended and buried cards left out."""
        reviews: list[tuple[dt.datetime, int]] = []
        new: list[tuple[int, int]] = []
        learning: dict[int, dt.datetime] = {}
        ids = list(card_ids)
        for start in range(0, len(ids), 500):
            rows = self.session.execute(
                select(CardRow.id, CardRow.state, CardRow.due, CardRow.position).where(
                    CardRow.id.in_(ids[start : start + 500]),
                    CardRow.suspended.is_(False),
                    (CardRow.buried_until.is_(None)) | (CardRow.buried_until <= now),
                )
            ).all()
            for card_id, state, due, position in rows:
                if state == int(CardState.NEW):
                    new.append((position, card_id))
                elif state == int(CardState.REVIEW) and due is not None:
                    reviews.append((due, card_id))
                elif due is not None:
                    learning[card_id] = due
        return (
            [c for _, c in sorted(reviews)[:limit]],
            [c for _, c in sorted(new)[:limit]],
            learning,
        )
