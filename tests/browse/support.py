"""A small real collection with hand-set scheduling and history, for the browser tests."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select, update

from pmstudy.db import study_store
from pmstudy.db.models import CardRow, NoteRow, ReviewDaysStaleRow, ReviewLogRow
from pmstudy.db.stats import AnswerStore
from pmstudy.domain.cards import NoteDraft
from pmstudy.domain.model import (
    CardState,
    Memory,
    NoteKind,
    Rating,
    ReviewEntry,
    ReviewKind,
)
from pmstudy.domain.scheduling import DayClock
from pmstudy.services.container import Services
from pmstudy.services.stats import StatsService

DAY = dt.timedelta(days=1)


def add_note(
    services: Services,
    kind: NoteKind,
    fields: dict[str, str],
    *,
    deck: str,
    tags: tuple[str, ...] = (),
) -> list[int]:
    """Add a note through the editor; its card ids in ordinal order."""
    info = next(k for k in services.editor.kinds() if k.kind == kind)
    draft = NoteDraft(
        None, kind, info.name, {**dict.fromkeys(info.fields, ""), **fields}, tags, deck
    )
    note_id = services.editor.save(draft).note_id
    return card_ids_of(services, note_id)


def card_ids_of(services: Services, note_id: int) -> list[int]:
    """A note's cards, by ordinal."""
    with services.sessions() as session:
        return list(
            session.scalars(
                select(CardRow.id).where(CardRow.note_id == note_id).order_by(CardRow.ord)
            )
        )


def note_id_of(services: Services, card_id: int) -> int:
    """The note of a card."""
    with services.sessions() as session:
        card = session.get(CardRow, card_id)
        assert card is not None
        return card.note_id


def set_memory(services: Services, card_id: int, memory: Memory) -> None:
    """Store a scheduling state directly."""
    with services.engine.begin() as connection:
        study_store.write_memory(connection, card_id, memory)


def set_card(services: Services, card_id: int, **values: object) -> None:
    """Set raw card columns (flag, suspended, buried_until...)."""
    with services.engine.begin() as connection:
        connection.execute(update(CardRow).where(CardRow.id == card_id).values(**values))


def review_memory(
    now: dt.datetime,
    *,
    stability: float,
    elapsed_days: float,
    due_in: float,
    difficulty: float = 5.0,
    reps: int = 3,
    lapses: int = 0,
) -> Memory:
    """A review-state memory last reviewed ``elapsed_days`` ago, due ``due_in`` days from now."""
    return Memory(
        state=CardState.REVIEW,
        stability=stability,
        difficulty=difficulty,
        due=now + due_in * DAY,
        last_review=now - elapsed_days * DAY,
        reps=reps,
        lapses=lapses,
    )


def log_review(
    services: Services,
    card_id: int,
    *,
    at: dt.datetime,
    rating: Rating,
    state_before: CardState = CardState.REVIEW,
    stability_before: float | None = 10.0,
    last_review_before: dt.datetime | None = None,
    due_before: dt.datetime | None = None,
    duration_ms: int = 5000,
) -> int:
    """Append one review-log row (the card's state is not touched)."""
    before = Memory(
        state=state_before,
        stability=stability_before,
        difficulty=5.0 if stability_before else None,
        due=due_before,
        last_review=last_review_before,
    )
    after = Memory(
        state=CardState.REVIEW, stability=12.0, difficulty=5.0, due=at + 10 * DAY, last_review=at
    )
    entry = ReviewEntry(
        card_id=card_id,
        rating=rating,
        answered_at=at,
        duration_ms=duration_ms,
        kind=ReviewKind.REVIEW if state_before == CardState.REVIEW else ReviewKind.LEARN,
        before=before,
        after=after,
    )
    with services.engine.begin() as connection:
        return study_store.add_review(connection, entry)


def note_fields(services: Services, note_id: int) -> dict[str, str]:
    """A note's stored fields."""
    with services.sessions() as session:
        row = session.get(NoteRow, note_id)
        assert row is not None
        return dict(row.fields)


@dataclass
class Sample:
    """Card ids of the sample collection by role."""

    sprint: int  # Scrum, basic, review, stable (s=30), due in 20 days
    backlog: int  # Scrum, basic, review, weak (s=2, 10 days ago): overdue, low recall
    pmo: tuple[int, int]  # PMP::Process cloze c1, c2: new
    stakeholder: tuple[int, int]  # PMP::People reversed; leech tag; card 0 learning, 1 suspended
    cafe: int  # Other Deck, type-in, non-ASCII text, buried, flagged red
    choice: int  # PMP, multiple choice: new, flag 3


def make_sample(services: Services) -> Sample:
    """Six notes in five decks with known states and a short history."""
    now = services.clock.now()
    sprint = add_note(
        services,
        NoteKind.BASIC,
        {"Front": "What is a Sprint?", "Back": "A time-box of one month or less"},
        deck="Scrum",
        tags=("exam::psm-1::framework", "topic::events"),
    )[0]
    backlog = add_note(
        services,
        NoteKind.BASIC,
        {"Front": "Who orders the Product Backlog?", "Back": "The Product Owner"},
        deck="Scrum",
        tags=("exam::psm-1::people-teams",),
    )[0]
    pmo = add_note(
        services,
        NoteKind.CLOZE,
        {"Text": "The {{c1::PMO}} supports {{c2::projects}}"},
        deck="PMP::Process",
        tags=("exam::pmp::process",),
    )
    stakeholder = add_note(
        services,
        NoteKind.REVERSED,
        {"Front": "Stakeholder", "Back": "Anyone affected by the project"},
        deck="PMP::People",
        tags=("exam::pmp::people", "leech"),
    )
    cafe = add_note(
        services,
        NoteKind.TYPE_IN,
        {"Front": "Café au lait?", "Back": "Résumé"},
        deck="Other Deck",
        tags=("misc",),
    )[0]
    options = json.dumps(
        [
            {"text": "Servant leader", "correct": True},
            {"text": "Command and control", "correct": False},
        ]
    )
    choice = add_note(
        services,
        NoteKind.MULTIPLE_CHOICE,
        {"Stem": "Which leadership style fits agile teams?", "Options": options},
        deck="PMP",
        tags=("exam::capm::people::leadership",),
    )[0]
    set_memory(
        services,
        sprint,
        review_memory(now, stability=30, elapsed_days=10, due_in=20, difficulty=4.0),
    )
    set_memory(
        services,
        backlog,
        review_memory(now, stability=2, elapsed_days=10, due_in=-8, difficulty=8.0, lapses=2),
    )
    set_memory(
        services,
        stakeholder[0],
        Memory(
            state=CardState.LEARNING,
            step=1,
            stability=0.5,
            difficulty=6.0,
            due=now + 600 * DAY / 86400,
            last_review=now - 60 * DAY / 86400,
            reps=1,
        ),
    )
    set_card(services, stakeholder[1], suspended=True)
    set_card(services, cafe, buried_until=now + 0.5 * DAY, flag=1)
    set_card(services, choice, flag=3)
    log_review(services, sprint, at=now - 10 * DAY, rating=Rating.GOOD)
    log_review(services, backlog, at=now - 10 * DAY, rating=Rating.AGAIN)
    log_review(services, backlog, at=now - 2 * DAY, rating=Rating.HARD)
    log_review(
        services,
        stakeholder[0],
        at=now - 60 * DAY / 86400,
        rating=Rating.AGAIN,
        state_before=CardState.NEW,
        stability_before=None,
    )
    return Sample(sprint, backlog, (pmo[0], pmo[1]), (stakeholder[0], stakeholder[1]), cafe, choice)


def assert_consistent(services: Services, days: DayClock | None = None) -> None:
    """Overview, charts and calibration through the answer cache (review_days) equal those
    computed from review_log itself; the cache holds exactly the log's answers."""
    clock = days or services.days
    store = AnswerStore(services.engine)
    assert store.cached
    cached = StatsService(services.db, services.clock, clock, answers=store)
    direct = StatsService(
        services.db,
        services.clock,
        clock,
        answers=AnswerStore(services.engine, cache=False),
    )
    assert cached.overview() == direct.overview()
    assert cached.report() == direct.report()
    for period in (1, 30, 365):
        assert cached.calibration(days=period) == direct.calibration(days=period)
    with services.engine.connect() as connection:
        logged = connection.execute(
            select(func.count()).where(ReviewLogRow.rating > 0)
        ).scalar_one()
        stale = connection.execute(
            select(func.count()).select_from(ReviewDaysStaleRow)
        ).scalar_one()
    assert store.total() == logged
    assert stale == 0
