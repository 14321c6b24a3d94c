"""Deck-option presets: read and save them, and choose the scopes the tuning tools work on."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pmstudy.domain.scheduling import check_retention
from pmstudy.domain.scheduling import parameters as params
from pmstudy.errors import NotFoundError, PmStudyError

if TYPE_CHECKING:
    from pmstudy.db.tuning import TuningRepository
    from pmstudy.db.unit_of_work import Database, UnitOfWork
    from pmstudy.domain.model import Preset


@dataclass(frozen=True)
class Scope:
    """A preset and the decks whose cards are looked at (all of its decks, or one subtree).

    ``label`` names the scope in reports and in the remembered reschedule step.
    """

    preset: Preset
    deck_ids: tuple[int, ...]
    label: str


def find_scopes(
    repo: TuningRepository, *, preset: str | None = None, deck: str | None = None
) -> list[Scope]:
    """The presets to work on: one by name, the preset of one deck, or every used preset."""
    if preset is not None and deck is not None:
        raise PmStudyError("name a preset or a deck, not both")
    decks = repo.decks()
    if deck is not None:
        inside = [(i, p) for i, n, p in decks if n == deck or n.startswith(deck + "::")]
        if not inside:
            raise NotFoundError(f"no deck named {deck!r}")
        top = next(p for i, n, p in decks if n == deck)
        ids = tuple(i for i, p in inside if p == top)
        return [Scope(repo.preset(top), ids, f"deck {deck}")]
    found = repo.presets()
    if preset is not None:
        match = [p for p in found if p.name == preset]
        if not match:
            names = ", ".join(p.name for p in found) or "none"
            raise NotFoundError(f"no preset named {preset!r} (presets: {names})")
        found = match
    scopes = []
    for item in found:
        ids = tuple(i for i, _, p in decks if p == item.id)
        if ids or preset is not None:
            scopes.append(Scope(item, ids, f"preset {item.name}"))
    return scopes


@dataclass(frozen=True)
class DeckRetention:
    """A deck's own desired retention (None: none) and its preset's."""

    deck_id: int
    deck: str
    preset: str
    preset_retention: float
    own: float | None

    @property
    def effective(self) -> float:
        """The retention the deck's cards are scheduled with."""
        return self.preset_retention if self.own is None else self.own


def _deck_retention(uow: UnitOfWork, deck: int | str) -> DeckRetention:
    found = uow.repo.deck_by_name(deck) if isinstance(deck, str) else uow.repo.deck(deck)
    if found is None:
        raise NotFoundError(f"no deck named {deck!r}")
    preset = uow.repo.preset(found.preset_id)
    return DeckRetention(
        found.id, found.name, preset.name, preset.desired_retention, found.desired_retention
    )


class PresetService:
    """Read and save deck-option presets; list the scopes optimise, reschedule and workload use."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def with_decks(self) -> list[tuple[Preset, list[str]]]:
        """Every preset with the names of the decks that use it."""
        with self.db.read() as uow:
            presets = uow.tuning.presets()
            decks = uow.tuning.decks()
        return [(p, [name for _, name, pid in decks if pid == p.id]) for p in presets]

    def of_deck(self, deck_id: int) -> Preset:
        """The preset a deck uses."""
        with self.db.read() as uow:
            for did, _, preset_id in uow.tuning.decks():
                if did == deck_id:
                    return uow.tuning.preset(preset_id)
        raise NotFoundError(f"no deck with id {deck_id}")

    def get(self, preset_id: int) -> Preset:
        """One preset by id."""
        with self.db.read() as uow:
            return uow.tuning.preset(preset_id)

    def save(self, preset: Preset) -> Preset:
        """Store edited deck options; parameters must pass py-fsrs's validation."""
        if preset.fsrs_params is not None:
            try:
                preset = replace(preset, fsrs_params=params.validate(preset.fsrs_params))
            except params.InvalidParametersError as exc:
                raise PmStudyError(f"FSRS parameters: {exc}") from exc
        with self.db.write() as uow:
            uow.tuning.save_preset(preset)
        return preset

    def clone(self, preset_id: int, name: str) -> Preset:
        """A new preset named ``name`` with the options of preset ``preset_id``."""
        name = name.strip()
        if not name:
            raise PmStudyError("a preset needs a name")
        with self.db.write() as uow:
            if uow.tuning.preset_named(name) is not None:
                raise PmStudyError(f"a preset named {name!r} exists already")
            source = uow.tuning.preset(preset_id)
            return uow.tuning.add_preset(replace(source, id=None, name=name))

    def use(self, deck_id: int, preset_id: int) -> Preset:
        """Let deck ``deck_id`` follow preset ``preset_id``; returns that preset."""
        with self.db.write() as uow:
            uow.tuning.set_deck_preset(deck_id, preset_id)
            return uow.tuning.preset(preset_id)

    def deck_retention(self, deck: int | str) -> DeckRetention:
        """A deck's own desired retention beside its preset's (by id or full name)."""
        with self.db.read() as uow:
            return _deck_retention(uow, deck)

    def deck_retentions(self) -> dict[int, DeckRetention]:
        """Every deck's own desired retention beside its preset's, by deck id."""
        with self.db.read() as uow:
            presets = {p.id: p for p in uow.tuning.presets()}
            return {
                d.id: DeckRetention(
                    d.id,
                    d.name,
                    presets[d.preset_id].name,
                    presets[d.preset_id].desired_retention,
                    d.desired_retention,
                )
                for d in uow.repo.decks()
            }

    def set_deck_retention(self, deck: int | str, retention: float | None) -> DeckRetention:
        """Give a deck its own desired retention, 0.50-0.99 (None: its preset's again); the
        cards of that deck only, not of its sub-decks (as in Anki 25.09)."""
        if retention is not None:
            try:
                check_retention(retention)
            except ValueError as exc:
                raise PmStudyError(str(exc)) from None
        with self.db.write() as uow:
            found = _deck_retention(uow, deck)
            uow.repo.set_deck_retention(found.deck_id, retention)
        return replace(found, own=retention)

    def scopes(self, *, preset: str | None = None, deck: str | None = None) -> list[Scope]:
        """The presets to work on: one by name, the preset of one deck, or every used preset."""
        with self.db.read() as uow:
            return find_scopes(uow.tuning, preset=preset, deck=deck)
