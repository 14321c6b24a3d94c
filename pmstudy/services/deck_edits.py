"""Changing a deck of the collection: rename, move under another deck, remove (and undo that).

A removal keeps every row it deleted (``deck_removal.RemovedRows``) until the next removal or
the end of the process, so that it can be undone exactly: the decks, cards, notes and review
history come back with their ids, and so do the exam links and the mock items' cards.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmstudy.clock import Clock
from pmstudy.db import deck_removal
from pmstudy.db.unit_of_work import Database, UnitOfWork
from pmstudy.domain.cards import deck_name, within
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.decks import DECKS_REMOVED_KEY
from pmstudy.services.editor import DEFAULT_DECK


@dataclass(frozen=True)
class LinkedExam:
    """An exam goal whose cards a removal takes: linked to one of the decks (``via`` None: the
    link goes), or counting them through a parent deck (``via``: its name; the link stays)."""

    goal_id: int
    profile_id: str
    via: str | None = None


@dataclass(frozen=True)
class DeckRemoval:
    """What removing a deck deletes (or deleted): its sub-decks, cards, notes only used there
    and the cards' review history; and the exams that counted those cards."""

    decks: tuple[str, ...]
    cards: int
    notes: int
    reviews: int
    exams: tuple[LinkedExam, ...] = ()


@dataclass
class _Removed:
    """The last removal, enough to undo it."""

    removal: DeckRemoval
    rows: deck_removal.RemovedRows


class DeckEdits:
    """Rename, move and remove decks of the collection."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._last: _Removed | None = None

    # --- removing ----------------------------------------------------------------------

    def removal(self, name: str) -> DeckRemoval:
        """What ``remove(name)`` would delete; nothing is changed."""
        with self._db.read() as uow:
            return _removal(_contents(uow, name))

    def remove(self, name: str) -> DeckRemoval:
        """Delete a deck and its sub-decks with their cards, the notes that had cards only
        there, and those cards' review history, in one transaction (``undo_remove`` puts it
        all back)."""
        with self._db.write() as uow:
            found = _contents(uow, name)
            rows = deck_removal.remove(uow.connection, found)
            # stays set after an undo: it only tells an emptied collection from a first run
            uow.repo.set_setting(DECKS_REMOVED_KEY, True)
        removal = _removal(found)
        self._last = _Removed(removal, rows)
        return removal

    @property
    def undoable(self) -> DeckRemoval | None:
        """The removal ``undo_remove`` would take back (None: nothing to undo)."""
        return self._last.removal if self._last else None

    def undo_remove(self) -> DeckRemoval | None:
        """Put the last removed deck back exactly as it was, in one transaction (None: nothing
        to undo). Raises PmStudyError, changing nothing, if a deck of that name or one of its
        notes has come back since."""
        last = self._last
        if last is None:
            return None
        with self._db.write() as uow:
            deck_removal.restore(uow.connection, last.rows)
        self._last = None
        return last.removal

    # --- renaming and moving -----------------------------------------------------------

    def rename(self, old: str, new: str) -> int:
        """Rename a deck (its sub-decks follow); how many decks were renamed."""
        new = _clean(new)
        if within(new, old):
            raise PmStudyError(f"cannot rename {old!r} to {new!r}: that is itself or inside it")
        with self._db.write() as uow:
            return self._rename(uow, old, new)

    def _rename(self, uow: UnitOfWork, old: str, new: str) -> int:
        if not deck_removal.subtree(uow.connection, old):
            raise NotFoundError(f"no deck named {old!r} (see 'pmstudy decks')")
        if deck_removal.subtree(uow.connection, new):
            raise PmStudyError(f"a deck named {new!r} exists already")
        renamed = deck_removal.rename(uow.connection, old, new)
        parts = new.split("::")
        if len(parts) > 1:
            uow.repo.ensure_deck("::".join(parts[:-1]), now=self._clock.now())
        return renamed

    def parents(self, name: str) -> list[str]:
        """The decks ``name`` may move under: every deck but itself and its sub-decks."""
        with self._db.read() as uow:
            names = uow.repo.deck_names()
        return [n for n in names if not within(n, name)]

    def move(self, name: str, parent: str | None) -> tuple[str, int]:
        """Move a deck under ``parent`` (None: to the top level); its sub-decks follow.
        Returns its new full name and how many decks moved."""
        leaf = name.rsplit("::", maxsplit=1)[-1]
        new = leaf if parent is None else f"{parent}::{leaf}"
        if new == name:
            where = "at the top level" if parent is None else f"under {parent!r}"
            raise PmStudyError(f"{name!r} is already {where}")
        if parent is not None and within(parent, name):
            raise PmStudyError(
                f"cannot move {name!r} under {parent!r}: that is the deck itself or inside it"
            )
        with self._db.write() as uow:
            if parent is not None and not deck_removal.subtree(uow.connection, parent):
                raise NotFoundError(f"no deck named {parent!r} (see 'pmstudy decks')")
            return new, self._rename(uow, name, new)


def _clean(name: str) -> str:
    """A deck name as stored, or PmStudyError saying why it cannot be one."""
    if any(not p.strip() for p in name.split("::")):
        raise PmStudyError(f"the deck name {name!r} has an empty level")
    cleaned = deck_name(name, default="")
    if not cleaned:
        raise PmStudyError(f"the deck name {name!r} has no printable text")
    return cleaned


def _contents(uow: UnitOfWork, name: str) -> deck_removal.DeckContents:
    found = deck_removal.contents(uow.connection, name)
    if not found.deck_ids:
        raise NotFoundError(f"no deck named {name!r} (see 'pmstudy decks')")
    if DEFAULT_DECK in found.deck_names:
        raise PmStudyError(f"the {DEFAULT_DECK} deck cannot be removed")
    if found.exams:
        # an exam with no deck has no cards to predict from: it goes first, by the learner
        exams = ", ".join(f"{goal_id} ({profile})" for goal_id, profile in found.exams)
        goal = found.exams[0][0]
        raise PmStudyError(
            f"{name!r} holds every deck of exam {exams}: remove the exam first "
            f"('pmstudy exam remove {goal}') or link it to another deck "
            f"('pmstudy exam link {goal} DECK')"
        )
    return found


def _removal(found: deck_removal.DeckContents) -> DeckRemoval:
    exams = [LinkedExam(g, p) for g, p in found.linked]
    exams += [LinkedExam(g, p, via) for g, p, via in found.covering]
    return DeckRemoval(
        found.deck_names, len(found.card_ids), len(found.note_ids), found.reviews, tuple(exams)
    )
