"""Repository: the queries the services need, returning domain objects."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import Session

from pmstudy.db.convert import (
    entry_from_row,
    entry_to_row,
    preset_from_row,
)
from pmstudy.db.models import (
    CardRow,
    DeckRow,
    NoteRow,
    PresetRow,
    ReviewLogRow,
    SettingRow,
)
from pmstudy.db.sqlfuncs import study_answer
from pmstudy.db.study_store import load_cards
from pmstudy.domain.cards import deck_name
from pmstudy.domain.model import CardState, Preset, ReviewEntry, StudyCard
from pmstudy.domain.scheduling import card_preset, check_retention
from pmstudy.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class DeckInfo:
    """A deck as listed: id, full name, preset id, where it came from."""

    id: int
    name: str
    preset_id: int
    source: str | None
    source_version: str | None
    description: str
    desired_retention: float | None = None  # the deck's own (Anki 25.09); None: the preset's


@dataclass(frozen=True, slots=True)
class RawCounts:
    """Per deck (not including sub-decks): cards available today, and answers given today."""

    new: int = 0
    learning: int = 0
    review: int = 0
    total: int = 0
    new_done: int = 0
    reviews_done: int = 0


def subtree_condition(name: str):  # type: ignore[no-untyped-def]
    """SQL condition: a deck and its sub-decks by name."""
    return or_(DeckRow.name == name, DeckRow.name.startswith(name + "::", autoescape=True))


def _available(now: dt.datetime):  # type: ignore[no-untyped-def]
    return and_(
        CardRow.suspended.is_(False),
        or_(CardRow.buried_until.is_(None), CardRow.buried_until <= now),
    )


class Repository:
    """Queries over one SQLAlchemy session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- decks and presets -------------------------------------------------------------

    def decks(self) -> list[DeckInfo]:
        """All decks in tree order: by the parts of their names, so each deck is followed by
        its sub-decks ("PMP", "PMP::Part", "PMP Question Bank"; by the whole name, " " sorts
        before ":" and "PMP Question Bank" came between "PMP" and its sub-decks)."""
        rows = self.session.scalars(select(DeckRow)).all()
        return sorted((self._deck_info(r) for r in rows), key=lambda d: d.name.split("::"))

    @staticmethod
    def _deck_info(row: DeckRow) -> DeckInfo:
        return DeckInfo(
            row.id,
            row.name,
            row.preset_id,
            row.source,
            row.source_version,
            row.description,
            row.desired_retention,
        )

    def deck(self, deck_id: int) -> DeckInfo:
        """One deck by id."""
        row = self.session.get(DeckRow, deck_id)
        if row is None:
            raise NotFoundError(f"no deck with id {deck_id}")
        return self._deck_info(row)

    def deck_names(self) -> list[str]:
        """Every deck's full name, sorted."""
        return list(self.session.scalars(select(DeckRow.name).order_by(DeckRow.name)))

    def deck_ids(self) -> set[int]:
        """The id of every deck."""
        return set(self.session.scalars(select(DeckRow.id)))

    def has_decks(self) -> bool:
        """Whether any deck exists (none: the collection was never used)."""
        return self.session.scalar(select(DeckRow.id).limit(1)) is not None

    def deck_sources(self) -> dict[str, str | None]:
        """Decks installed from a deck file: their source and the version installed."""
        rows = self.session.execute(
            select(DeckRow.source, DeckRow.source_version).where(DeckRow.source.is_not(None))
        ).all()
        return {source: version for source, version in rows if source is not None}

    def deck_of_source(self, source: str) -> str | None:
        """The name of the deck installed from ``source`` now (the learner may have renamed or
        moved it); None when there is none."""
        return self.session.scalar(
            select(DeckRow.name).where(DeckRow.source == source).order_by(DeckRow.id).limit(1)
        )

    def set_deck_source(self, deck_id: int, *, source: str, version: str, description: str) -> None:
        """Record the deck file a deck comes from (an empty description keeps the old one)."""
        row = self.session.get(DeckRow, deck_id)
        if row is None:
            raise NotFoundError(f"no deck with id {deck_id}")
        row.source = source
        row.source_version = version
        if description:
            row.description = description

    def deck_by_name(self, name: str) -> DeckInfo | None:
        """One deck by full name."""
        row = self.session.scalar(select(DeckRow).where(DeckRow.name == name))
        return self._deck_info(row) if row else None

    def default_preset_id(self) -> int:
        """The 'Default' preset, created when missing."""
        row = self.session.scalar(select(PresetRow).where(PresetRow.name == "Default"))
        if row is None:
            row = PresetRow(name="Default")
            defaults = Preset()
            from pmstudy.db.convert import preset_to_row

            preset_to_row(defaults, row)
            self.session.add(row)
            self.session.flush()
        return row.id

    def ensure_deck(self, name: str, *, now: dt.datetime, preset_id: int | None = None) -> int:
        """The id of deck ``name``, creating it and its missing parents."""
        if any(not p.strip() for p in name.split("::")):
            raise ValueError(f"deck name {name!r} has an empty level")
        # Every source cleans its names; this is the one door into the table all of them use.
        parts = deck_name(name, default="").split("::")
        if not parts[0]:
            raise ValueError(f"deck name {name!r} has no printable text")
        deck_id = 0
        for depth in range(1, len(parts) + 1):
            path = "::".join(parts[:depth])
            row = self.session.scalar(select(DeckRow).where(DeckRow.name == path))
            if row is None:
                row = DeckRow(
                    name=path,
                    preset_id=preset_id or self.default_preset_id(),
                    description="",
                    created_at=now,
                )
                self.session.add(row)
                self.session.flush()
            deck_id = row.id
        return deck_id

    def preset(self, preset_id: int) -> Preset:
        """A preset by id."""
        row = self.session.get(PresetRow, preset_id)
        if row is None:
            raise NotFoundError(f"no preset with id {preset_id}")
        return preset_from_row(row)

    def presets_by_deck(self) -> dict[int, Preset]:
        """The options each deck's cards are scheduled with: its preset, with the deck's own
        desired retention when it has one (``card_preset``; not to be saved as the preset)."""
        presets = {r.id: preset_from_row(r) for r in self.session.scalars(select(PresetRow))}
        rows = self.session.execute(
            select(DeckRow.id, DeckRow.preset_id, DeckRow.desired_retention)
        ).all()
        return {
            deck_id: card_preset(presets[preset_id], retention)
            for deck_id, preset_id, retention in rows
        }

    def set_deck_retention(self, deck_id: int, retention: float | None) -> None:
        """Give a deck its own desired retention (None: its preset's again)."""
        row = self.session.get(DeckRow, deck_id)
        if row is None:
            raise NotFoundError(f"no deck with id {deck_id}")
        row.desired_retention = None if retention is None else check_retention(retention)

    def new_limits_today(self, day: dt.date) -> dict[int, int]:
        """The decks' "today only" new-card limits set for ``day`` (others have lapsed)."""
        rows = self.session.execute(
            select(DeckRow.id, DeckRow.new_limit_today).where(
                DeckRow.new_limit_today_day == day, DeckRow.new_limit_today.is_not(None)
            )
        ).all()
        return {deck_id: limit for deck_id, limit in rows if limit is not None}

    def set_new_limit_today(self, deck_id: int, limit: int | None, day: dt.date) -> None:
        """Set a deck's "today only" new-card limit for ``day`` (None: back to the plan or the
        preset)."""
        row = self.session.get(DeckRow, deck_id)
        if row is None:
            raise NotFoundError(f"no deck with id {deck_id}")
        row.new_limit_today = limit
        row.new_limit_today_day = None if limit is None else day

    # --- counting ----------------------------------------------------------------------

    def raw_counts(
        self, *, now: dt.datetime, day_start: dt.datetime, day_end: dt.datetime
    ) -> dict[int, RawCounts]:
        """Per deck: new, learning due today, reviews due today, all cards; answers today."""
        found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        due_today = or_(CardRow.state == int(CardState.NEW), CardRow.due < day_end)
        # one pass over the covering index (deck, state, due, suspended, buried_until) gives
        # both the cards due today and every card
        studiable = func.sum(case((and_(_available(now), due_today), 1), else_=0))
        rows = self.session.execute(
            select(CardRow.deck_id, CardRow.state, studiable, func.count()).group_by(
                CardRow.deck_id, CardRow.state
            )
        ).all()
        for deck_id, state, count, total in rows:
            key = {0: "new", 1: "learning", 2: "review", 3: "learning"}[state]
            found[deck_id][key] += int(count or 0)
            found[deck_id]["total"] += total
        done = self.session.execute(
            select(CardRow.deck_id, ReviewLogRow.state_before, func.count())
            .join(CardRow, CardRow.id == ReviewLogRow.card_id)
            .where(ReviewLogRow.answered_at >= day_start, ReviewLogRow.answered_at < day_end)
            .where(study_answer())
            .group_by(CardRow.deck_id, ReviewLogRow.state_before)
        ).all()
        for deck_id, state_before, count in done:
            if state_before == int(CardState.NEW):
                found[deck_id]["new_done"] += count
            elif state_before == int(CardState.REVIEW):
                found[deck_id]["reviews_done"] += count
        return {deck_id: RawCounts(**values) for deck_id, values in found.items()}

    # --- the study queue ---------------------------------------------------------------

    def queue_ids(
        self,
        deck_ids: Sequence[int],
        *,
        now: dt.datetime,
        day_end: dt.datetime,
        review_limit: int,
        new_limit: int,
    ) -> tuple[list[int], list[int], dict[int, dt.datetime]]:
        """Review ids (most overdue first), new ids (in deck order), learning ids with due."""
        in_decks = CardRow.deck_id.in_(deck_ids)
        base = and_(in_decks, _available(now))
        reviews = list(
            self.session.scalars(
                select(CardRow.id)
                .where(base, CardRow.state == int(CardState.REVIEW), CardRow.due < day_end)
                .order_by(CardRow.due, CardRow.id)
                .limit(max(review_limit, 0))
            )
        )
        new = list(
            self.session.scalars(
                select(CardRow.id)
                .where(base, CardRow.state == int(CardState.NEW))
                .order_by(CardRow.position, CardRow.note_id, CardRow.ord)
                .limit(max(new_limit, 0))
            )
        )
        learning_states = (int(CardState.LEARNING), int(CardState.RELEARNING))
        learning = {
            card_id: due
            for card_id, due in self.session.execute(
                select(CardRow.id, CardRow.due).where(
                    base, CardRow.state.in_(learning_states), CardRow.due < day_end
                )
            ).all()
            if due is not None
        }
        return reviews, new, learning

    def deck_ids_in(self, name: str) -> list[int]:
        """Ids of a deck and its sub-decks."""
        return list(self.session.scalars(select(DeckRow.id).where(subtree_condition(name))))

    # --- cards -------------------------------------------------------------------------

    def card(self, card_id: int) -> StudyCard:
        """One card with its note."""
        found = load_cards(self.session.connection(), [card_id]).get(card_id)
        if found is None:
            raise NotFoundError(f"no card with id {card_id}")
        return found

    def set_buried(self, card_ids: Iterable[int], until: dt.datetime | None) -> None:
        """Bury cards until an instant (None: unbury)."""
        ids = list(card_ids)
        if ids:
            self.session.execute(
                update(CardRow).where(CardRow.id.in_(ids)).values(buried_until=until)
            )

    def note_deck(self, note_id: int) -> str | None:
        """The deck of one of the note's cards (None: the note has no cards)."""
        return self.session.scalar(
            select(DeckRow.name)
            .join(CardRow, CardRow.deck_id == DeckRow.id)
            .where(CardRow.note_id == note_id)
            .limit(1)
        )

    def note_card_count(self, note_id: int) -> int:
        """How many cards the note has."""
        return int(self.session.scalar(select(func.count()).where(CardRow.note_id == note_id)) or 0)

    def move_note_cards(self, note_id: int, deck_id: int) -> int:
        """Move the note's cards into a deck; how many were elsewhere."""
        result = self.session.execute(
            update(CardRow)
            .where(CardRow.note_id == note_id, CardRow.deck_id != deck_id)
            .values(deck_id=deck_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def note_guids(self, source: str) -> set[str]:
        """The guids of the notes an import of ``source`` brought."""
        return set(self.session.scalars(select(NoteRow.guid).where(NoteRow.source == source)))

    def update_note_fields(
        self, note_id: int, fields: dict[str, str], tags: tuple[str, ...], now: dt.datetime
    ) -> None:
        """Edit a note's text and tags; its cards keep their scheduling."""
        from pmstudy.db.convert import tags_to_text

        row = self.session.get(NoteRow, note_id)
        if row is None:
            raise NotFoundError(f"no note with id {note_id}")
        row.fields = dict(fields)
        row.tags = tags_to_text(tags)
        row.modified_at = now

    # --- review log --------------------------------------------------------------------

    def add_review(self, entry: ReviewEntry) -> int:
        """Append a review-log row; returns its id."""
        row = entry_to_row(entry)
        self.session.add(row)
        self.session.flush()
        return row.id

    def reviews_of(self, card_id: int) -> list[ReviewEntry]:
        """A card's review log, oldest first."""
        rows = self.session.scalars(
            select(ReviewLogRow)
            .where(ReviewLogRow.card_id == card_id)
            .order_by(ReviewLogRow.answered_at, ReviewLogRow.id)
        ).all()
        return [entry_from_row(r) for r in rows]

    # --- settings ----------------------------------------------------------------------

    def get_setting(self, key: str, default: object = None) -> object:
        """A collection setting."""
        row = self.session.get(SettingRow, key)
        return default if row is None else row.value

    def set_setting(self, key: str, value: object) -> None:
        """Store a collection setting."""
        row = self.session.get(SettingRow, key)
        if row is None:
            self.session.add(SettingRow(key=key, value=value))
        else:
            row.value = value
