"""Removing and renaming a deck with its sub-decks, in Core statements on one connection.

A deck goes with its cards and their review history; a note goes too when all its cards were
in the deck (a note with cards elsewhere keeps them). Exam goals lose the link to the deck
(``exam_goal_decks`` cascades); mock items keep their answers with no card (``SET NULL``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select, update

from pmstudy.db.models import (
    CardRow,
    DeckRow,
    ExamGoalDeckRow,
    ExamGoalRow,
    NoteRow,
    ReviewLogRow,
    table_of,
)
from pmstudy.db.repo import subtree_condition
from pmstudy.db.sqlfuncs import chunks

cards = table_of(CardRow)
notes = table_of(NoteRow)
decks = table_of(DeckRow)
review_log = table_of(ReviewLogRow)
goals = table_of(ExamGoalRow)
goal_decks = table_of(ExamGoalDeckRow)


@dataclass(frozen=True)
class DeckContents:
    """What removing a deck takes with it."""

    deck_ids: tuple[int, ...]
    deck_names: tuple[str, ...]
    card_ids: tuple[int, ...]
    note_ids: tuple[int, ...]  # the notes with no card outside the deck
    reviews: int
    exams: tuple[tuple[int, str], ...]  # (goal id, profile) of exams with no deck left after


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
        _orphaned_goals(connection, deck_ids),
    )


def _orphaned_goals(connection: Connection, deck_ids: list[int]) -> tuple[tuple[int, str], ...]:
    """The exam goals every linked deck of which is among ``deck_ids``."""
    linked = connection.execute(
        select(goal_decks.c.goal_id, goal_decks.c.deck_id, goals.c.profile_id).join(
            goals, goals.c.id == goal_decks.c.goal_id
        )
    ).all()
    removed = set(deck_ids)
    keeps = {int(g) for g, d, _ in linked if d not in removed}
    found = {(int(g), str(p)) for g, _, p in linked if int(g) not in keeps}
    return tuple(sorted(found))


def remove(connection: Connection, found: DeckContents) -> None:
    """Delete what ``contents`` found: review rows, cards, notes, then the decks."""
    for chunk in chunks(found.card_ids):
        connection.execute(delete(review_log).where(review_log.c.card_id.in_(chunk)))
        connection.execute(delete(cards).where(cards.c.id.in_(chunk)))
    for chunk in chunks(found.note_ids):
        connection.execute(delete(notes).where(notes.c.id.in_(chunk)))
    for chunk in chunks(found.deck_ids):
        connection.execute(delete(decks).where(decks.c.id.in_(chunk)))


def rename(connection: Connection, old: str, new: str) -> int:
    """Rename deck ``old`` and its sub-decks under ``new``; how many decks were renamed."""
    found = subtree(connection, old)
    for deck_id, name in found:
        connection.execute(
            update(decks).where(decks.c.id == deck_id).values(name=new + name[len(old) :])
        )
    return len(found)
