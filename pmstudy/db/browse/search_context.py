"""What compiling a search needs besides its tree: the time, the study day, the decks, each
deck's FSRS decay and the note field names, read from the database in three small queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from pmstudy.db.models import DeckRow, NoteTypeRow, PresetRow, table_of
from pmstudy.domain.model import require_utc
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, DayClock

decks = table_of(DeckRow)

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def epoch_days_of(instant: dt.datetime) -> float:
    """An instant as fractional days since the Unix epoch (the unit of ``epoch_days``)."""
    return (require_utc(instant) - _EPOCH) / dt.timedelta(days=1)


@dataclass(frozen=True)
class SearchContext:
    """What compiling needs besides the tree: the time, the decks, FSRS decays, field names."""

    now: dt.datetime
    days: DayClock
    decks: tuple[tuple[int, str], ...] = ()
    decay_by_deck: dict[int, float] = field(default_factory=dict)
    field_names: frozenset[str] = frozenset()
    dialect: str = "sqlite"

    @property
    def today(self) -> dt.date:
        """The study day of ``now``."""
        return self.days.day_of(self.now)

    def day_start(self, offset: int) -> dt.datetime:
        """When the study day ``offset`` days from today starts."""
        return self.days.start_of(self.today + dt.timedelta(days=offset))


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def register_functions(connection: Connection) -> None:
    """SQLite only: ``pm_casefold`` (SQLite's own case folding stops at ASCII)."""
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.driver_connection
    create = getattr(raw, "create_function", None)
    if create is not None:
        create("pm_casefold", 1, _casefold, deterministic=True)


def load_context(connection: Connection, now: dt.datetime, days: DayClock) -> SearchContext:
    """The decks, each deck's FSRS decay and the field names, read in three small queries."""
    register_functions(connection)
    deck_rows = connection.execute(select(decks.c.id, decks.c.name, decks.c.preset_id)).all()
    presets = PresetRow.__table__
    params = dict(connection.execute(select(presets.c.id, presets.c.fsrs_params)).all())
    default_decay = DEFAULT_PARAMETERS[20]
    decay_by_deck = {}
    for deck_id, _, preset_id in deck_rows:
        weights = params.get(preset_id)
        decay_by_deck[deck_id] = float(weights[20]) if weights else default_decay
    types = NoteTypeRow.__table__
    names: set[str] = set()
    for (field_list,) in connection.execute(select(types.c.fields)):
        names.update(str(name) for name in field_list or ())
    return SearchContext(
        now=require_utc(now),
        days=days,
        decks=tuple((deck_id, name) for deck_id, name, _ in deck_rows),
        decay_by_deck=decay_by_deck,
        field_names=frozenset(names),
        dialect=connection.dialect.name,
    )
