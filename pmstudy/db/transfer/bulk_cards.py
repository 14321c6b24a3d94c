"""Bulk writes for imports, continued: cards, derived from note kinds or given explicitly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update

from pmstudy.db.convert import MEMORY_COLUMNS
from pmstudy.db.sqlfuncs import chunks
from pmstudy.db.transfer.bulk import CARDS, REVIEWS, BulkWriter
from pmstudy.domain.cards import ImportedCard, NoteSpec, ordinals
from pmstudy.domain.model import CardState

CARD_COLUMNS = (
    "id",
    "note_id",
    "deck_id",
    "ord",
    *MEMORY_COLUMNS,
    "position",
    "suspended",
    "buried_until",
    "flag",
    "created_at",
)


class CardWriter(BulkWriter):
    """A :class:`BulkWriter` that also writes cards."""

    def _existing_cards(
        self, note_ids: Iterable[int]
    ) -> dict[tuple[int, int], tuple[int, dt.datetime | None]]:
        found: dict[tuple[int, int], tuple[int, dt.datetime | None]] = {}
        wanted = set(note_ids)
        if self._old_notes is not None:
            wanted &= self._old_notes  # notes added by this import have no cards yet
        for chunk in chunks(sorted(wanted)):
            for card_id, note_id, ord_, last_review in self.connection.execute(
                select(CARDS.c.id, CARDS.c.note_id, CARDS.c.ord, CARDS.c.last_review).where(
                    CARDS.c.note_id.in_(chunk)
                )
            ):
                found[(note_id, ord_)] = (card_id, last_review)
        return found

    def _max_position(self) -> int:
        return int(
            self.connection.execute(
                select(func.coalesce(func.max(CARDS.c.position), 0))
            ).scalar_one()
        )

    def derived_cards(
        self,
        specs: Sequence[NoteSpec],
        note_ids: dict[str, int],
        deck_ids: dict[str, int],
        type_ids: dict[str, int],
    ) -> None:
        """Cards a note's kind implies: new ordinals added, vanished ones removed."""
        have: dict[int, set[int]] = {}
        existed = self._existing_cards(note_ids[s.guid] for s in specs if s.guid in note_ids)
        for note_id, ord_ in existed:
            have.setdefault(note_id, set()).add(ord_)
        position = self._max_position()
        now = self._dt(self.now)
        first = self._first_id(CARDS)
        rows: list[tuple[Any, ...]] = []
        gone: list[int] = []
        for spec in specs:
            note_id = note_ids[spec.guid]
            templates = self._type_templates.get(type_ids[spec.note_type or ""], 1)
            wanted = set(ordinals(spec.kind, spec.fields, templates))
            current = have.get(note_id, set())
            for ord_ in sorted(wanted - current):
                position += 1
                rows.append(
                    (first and first + len(rows), note_id, deck_ids[spec.deck], ord_,
                     int(CardState.NEW), None, None, None, None, None, 0, 0, position, False, None,
                     0, now)
                )  # fmt: skip
            gone.extend(existed[(note_id, o)][0] for o in current - wanted)
        self._insert_new(CARDS, CARD_COLUMNS, rows, "writing cards", first)
        self.summary.cards_added += len(rows)
        if gone:
            for chunk in chunks(gone):
                # explicit, not ON DELETE CASCADE: foreign keys may be off (see lock)
                self.connection.execute(delete(REVIEWS).where(REVIEWS.c.card_id.in_(chunk)))
                self.connection.execute(delete(CARDS).where(CARDS.c.id.in_(chunk)))
            self.summary.cards_removed += len(gone)

    def explicit_cards(
        self,
        cards: Sequence[ImportedCard],
        note_ids: dict[str, int],
        deck_ids: dict[str, int],
        *,
        buried_until: dt.datetime,
    ) -> tuple[dict[int, int], set[int]]:
        """Cards exactly as the source has them; (source ref -> card id, refs that existed).

        A card already in the collection keeps its deck; its scheduling is replaced only when
        the source has seen it answered more recently (merging two histories of one card).
        """
        self.progress("writing cards", 0, len(cards))
        existing = self._existing_cards(
            note_ids[c.note_guid] for c in cards if c.note_guid in note_ids
        )
        base = self._max_position()
        now = self._dt(self.now)
        first = self._first_id(CARDS)
        to_dt = self._dt
        rows: list[tuple[Any, ...]] = []
        refs: list[int] = []
        ids: dict[int, int] = {}
        matched: set[int] = set()
        updates: list[dict[str, Any]] = []
        bury = to_dt(buried_until)
        dues: dict[dt.datetime | None, Any] = {}
        for card in cards:
            note_id = note_ids.get(card.note_guid)
            if note_id is None:
                continue
            m = card.memory
            found = existing.get((note_id, card.ord))
            if found is not None:
                card_id, last_review = found
                ids[card.ref] = card_id
                matched.add(card.ref)
                if m.last_review is not None and (
                    last_review is None or m.last_review > last_review
                ):
                    updates.append(
                        {
                            "i": card_id,
                            "state": int(m.state),
                            "step": m.step,
                            "stability": m.stability,
                            "difficulty": m.difficulty,
                            "due": m.due,
                            "last_review": m.last_review,
                            "reps": m.reps,
                            "lapses": m.lapses,
                            "suspended": card.suspended,
                            "buried_until": buried_until if card.buried else None,
                            "flag": card.flag,
                        }
                    )
                continue
            due = dues.get(m.due)  # cards share due dates: convert each once
            if due is None:
                due = dues[m.due] = to_dt(m.due)
            rows.append(
                (first and first + len(rows), note_id, deck_ids[card.deck], card.ord,
                 int(m.state), m.step, m.stability, m.difficulty, due, to_dt(m.last_review),
                 m.reps, m.lapses, base + card.position, card.suspended,
                 bury if card.buried else None, card.flag, now)
            )  # fmt: skip
            refs.append(card.ref)
        new_ids = self._insert_new(CARDS, CARD_COLUMNS, rows, "writing cards", first)
        ids.update(zip(refs, new_ids, strict=True))
        self.summary.cards_added += len(new_ids)
        if updates:
            values: dict[str, Any] = {k: bindparam(k) for k in updates[0] if k != "i"}
            self.connection.execute(
                update(CARDS).where(CARDS.c.id == bindparam("i")).values(**values), updates
            )
            self.summary.cards_rescheduled += len(updates)
        return ids, matched
