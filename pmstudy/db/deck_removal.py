"""Removing and renaming a deck with its sub-decks, in Core statements on one connection.

A deck goes with its cards and their review history; a note goes too when all its cards were
in the deck (a note with cards elsewhere keeps them). Exam goals lose the link to the deck
(``exam_goal_decks`` cascades); mock items keep their answers with no card (``SET NULL``).
Removing keeps every row it deletes as stored (``RemovedRows``), and ``restore`` puts them back
with their ids: the deck, its cards, notes and history, the exam links and the mock items'
cards, exactly as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from pmstudy.db.browse import store
from pmstudy.db.models import (
    CardRow,
    DeckRow,
    ExamGoalDeckRow,
    ExamGoalRow,
    MockItemRow,
    NoteRow,
    ReviewLogRow,
    table_of,
)
from pmstudy.db.repo import subtree_condition
from pmstudy.db.sqlfuncs import chunks
from pmstudy.errors import PmStudyError

cards = table_of(CardRow)
notes = table_of(NoteRow)
decks = table_of(DeckRow)
review_log = table_of(ReviewLogRow)
goals = table_of(ExamGoalRow)
goal_decks = table_of(ExamGoalDeckRow)
mock_items = table_of(MockItemRow)
Goal = tuple[int, str]  # an exam goal's id and profile


@dataclass(frozen=True)
class DeckContents:
    """What removing a deck takes with it."""

    deck_ids: tuple[int, ...]
    deck_names: tuple[str, ...]
    card_ids: tuple[int, ...]
    note_ids: tuple[int, ...]  # the notes with no card outside the deck
    reviews: int
    exams: tuple[Goal, ...]  # exams with no deck left after
    linked: tuple[Goal, ...] = ()  # exams linking one of the decks (the link goes)
    covering: tuple[tuple[int, str, str], ...] = ()  # (goal, profile, deck) via a parent deck


@dataclass
class RemovedRows:
    """Every row a removal deleted, as stored (for undo)."""

    decks: list[dict[str, Any]] = field(default_factory=list)
    content: store.DeletedRows = field(default_factory=store.DeletedRows)
    goal_decks: list[dict[str, Any]] = field(default_factory=list)
    mock_items: list[dict[str, Any]] = field(default_factory=list)  # mock, position, card


def subtree(connection: Connection, name: str) -> list[tuple[int, str]]:
    """A deck and its sub-decks as (id, name), the deck first."""
    rows = connection.execute(
        select(decks.c.id, decks.c.name).where(subtree_condition(name)).order_by("name")
    )
    return [(int(i), str(n)) for i, n in rows]


def contents(connection: Connection, name: str) -> DeckContents:
    """The decks, cards, notes and review count that removing deck ``name`` deletes."""
    found = subtree(connection, name)
    deck_ids = [i for i, _ in found]
    card_ids: list[int] = []
    note_ids: set[int] = set()
    for chunk in chunks(deck_ids):
        for card_id, note_id in connection.execute(
            select(cards.c.id, cards.c.note_id).where(cards.c.deck_id.in_(chunk))
        ):
            card_ids.append(int(card_id))
            note_ids.add(int(note_id))
    shared: set[int] = set()
    for chunk in chunks(sorted(note_ids)):
        shared.update(
            int(n)
            for n in connection.execute(
                select(cards.c.note_id)
                .where(cards.c.note_id.in_(chunk), cards.c.deck_id.not_in(deck_ids))
                .distinct()
            ).scalars()
        )
    reviews = 0
    for chunk in chunks(card_ids):
        reviews += int(
            connection.execute(
                select(func.count()).where(review_log.c.card_id.in_(chunk))
            ).scalar_one()
        )
    return DeckContents(
        tuple(deck_ids),
        tuple(n for _, n in found),
        tuple(card_ids),
        tuple(sorted(note_ids - shared)),
        reviews,
        *_goals_of(connection, name, deck_ids),
    )


def _goals_of(
    connection: Connection, name: str, deck_ids: list[int]
) -> tuple[tuple[Goal, ...], tuple[Goal, ...], tuple[tuple[int, str, str], ...]]:
    """The exam goals every linked deck of which is among ``deck_ids``; those linking one of
    them; those linking a parent of deck ``name`` (and that parent's name)."""
    rows = connection.execute(
        select(goal_decks.c.goal_id, goal_decks.c.deck_id, goals.c.profile_id, decks.c.name)
        .join(goals, goals.c.id == goal_decks.c.goal_id)
        .join(decks, decks.c.id == goal_decks.c.deck_id)
    ).all()
    removed = set(deck_ids)
    keeps = {int(g) for g, d, _, _ in rows if d not in removed}
    orphaned = {(int(g), str(p)) for g, _, p, _ in rows if int(g) not in keeps}
    linked = {(int(g), str(p)) for g, d, p, _ in rows if d in removed}
    covering = {(int(g), str(p), str(n)) for g, _, p, n in rows if name.startswith(n + "::")}
    return tuple(sorted(orphaned)), tuple(sorted(linked)), tuple(sorted(covering))


def remove(connection: Connection, found: DeckContents) -> RemovedRows:
    """Delete what ``contents`` found: review rows, cards, notes, then the decks; every row
    deleted, as stored."""
    removed = RemovedRows(
        decks=store.raw_rows(connection, decks, "id", found.deck_ids),
        goal_decks=store.raw_rows(connection, goal_decks, "deck_id", found.deck_ids),
    )
    for chunk in chunks(found.card_ids):
        removed.mock_items.extend(
            {"b_mock": m, "b_position": p, "b_card": c}
            for m, p, c in connection.execute(
                select(mock_items.c.mock_id, mock_items.c.position, mock_items.c.card_id).where(
                    mock_items.c.card_id.in_(chunk)
                )
            )
        )
    removed.content = store.delete_cards(connection, found.card_ids, found.note_ids)
    for chunk in chunks(found.deck_ids):
        connection.execute(delete(decks).where(decks.c.id.in_(chunk)))
    return removed


def restore(connection: Connection, removed: RemovedRows) -> None:
    """Put back what ``remove`` deleted, with the same ids (raises PmStudyError, changing
    nothing, when the collection has since taken a name, guid or id back)."""
    try:
        if removed.decks:
            connection.execute(insert(store.raw_table(connection, decks)), removed.decks)
        store.restore_deleted(connection, removed.content)
        if removed.goal_decks:
            connection.execute(insert(store.raw_table(connection, goal_decks)), removed.goal_decks)
        if removed.mock_items:
            connection.execute(
                update(mock_items)
                .where(
                    mock_items.c.mock_id == bindparam("b_mock"),
                    mock_items.c.position == bindparam("b_position"),
                    mock_items.c.card_id.is_(None),
                )
                .values(card_id=bindparam("b_card")),
                removed.mock_items,
            )
    except IntegrityError as exc:
        names = ", ".join(repr(d["name"]) for d in removed.decks[:1])
        raise PmStudyError(
            f"cannot undo the removal of {names}: the collection has changed since "
            "(a deck of that name, or one of its notes, is back)"
        ) from exc


def rename(connection: Connection, old: str, new: str) -> int:
    """Rename deck ``old`` and its sub-decks under ``new``; how many decks were renamed."""
    found = subtree(connection, old)
    for deck_id, name in found:
        connection.execute(
            update(decks).where(decks.c.id == deck_id).values(name=new + name[len(old) :])
        )
    return len(found)
