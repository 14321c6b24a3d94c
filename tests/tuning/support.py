"""Write a synthetic learner's history into a pmstudy database, as the study session would.

Every answer goes through pmstudy's own scheduler (py-fsrs, seeded fuzz), so the stored card
state is exactly what replaying the log gives: rescheduling with unchanged parameters must
then change nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import bindparam, insert, update

from pmstudy.clock import FixedClock
from pmstudy.db.convert import entry_to_row
from pmstudy.db.models import CardRow, NoteRow, NoteTypeRow, ReviewLogRow
from pmstudy.db.repo import Repository
from pmstudy.domain.model import Memory, Rating, ReviewEntry
from pmstudy.domain.scheduling import Scheduler, fuzz_rng, review_kind
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings
from tests.tuning.synthetic import START, History, generate

SEED = 1  # the services fixtures' collection seed
# The end of the synthetic history that ``write_synthetic_history`` writes.
HISTORY_NOW = START + dt.timedelta(days=250, hours=10)


def services_at_history_end(data: Path) -> Services:
    """Services on ``data`` with the clock at the end of the synthetic history."""
    return build_services(
        Settings(data_dir=data, timezone="UTC"),
        FixedClock(HISTORY_NOW),
        seed=SEED,
        sync_decks=False,
    )


def write_synthetic_history(data: Path) -> None:
    """A data directory holding 300 cards answered over 250 days (seeded), for templates."""
    services = services_at_history_end(data)
    write_history(services, generate(300, 250, seed=9))
    services.close()


def write_history(services: Services, history: History, *, deck: str = "Synthetic") -> int:
    """Create ``deck`` with one card per synthetic card and its answers; returns the deck id."""
    instants = history.instants()
    created = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    with services.sessions.begin() as session:
        repo = Repository(session)
        deck_id = repo.ensure_deck(deck, now=created)
        preset = repo.preset(repo.deck(deck_id).preset_id)
        note_type = NoteTypeRow(name=f"Synthetic {deck}", kind="basic", fields=["Front", "Back"])
        session.add(note_type)
        session.flush()
        connection = session.connection()
        first_note = (
            connection.execute(
                insert(NoteRow).returning(NoteRow.id),
                [
                    {
                        "guid": f"{deck}-{i}",
                        "note_type_id": note_type.id,
                        "fields": {"Front": f"Q{i}", "Back": f"A{i}"},
                        "tags": " ",
                        "created_at": created,
                        "modified_at": created,
                    }
                    for i in range(history.cards)
                ],
            )
            .scalars()
            .all()
        )
        card_ids = connection.execute(
            insert(CardRow).returning(CardRow.id),
            [
                {"note_id": note_id, "deck_id": deck_id, "ord": 0, "position": i,
                 "created_at": created}
                for i, note_id in enumerate(first_note)
            ],
        ).scalars().all()  # fmt: skip
        scheduler = Scheduler(preset, services.days)
        memories = [Memory() for _ in range(history.cards)]
        rows = []
        for card, rating, at in zip(
            history.card.tolist(), history.rating.tolist(), instants, strict=True
        ):
            card_id = card_ids[card]
            before = memories[card]
            after = scheduler.review(
                before, Rating(rating), now=at, rng=fuzz_rng(SEED, card_id, before.reps)
            )
            memories[card] = after
            entry = ReviewEntry(
                card_id=card_id,
                rating=Rating(rating),
                answered_at=at,
                duration_ms=6000 + 100 * rating,
                kind=review_kind(before.state),
                before=before,
                after=after,
            )
            rows.append(entry)
        connection.execute(insert(ReviewLogRow), [_log_values(e) for e in rows])
        connection.execute(
            update(CardRow).where(CardRow.id == bindparam("b_id")),
            [_card_values(card_ids[card], memory) for card, memory in enumerate(memories)],
        )
    return deck_id


def _log_values(entry: ReviewEntry) -> dict[str, object]:
    row = entry_to_row(entry)
    return {c.key: getattr(row, c.key) for c in ReviewLogRow.__table__.columns if c.key != "id"}


def _card_values(card_id: int, memory: Memory) -> dict[str, object]:
    return {
        "b_id": card_id,
        "state": int(memory.state),
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": memory.due,
        "last_review": memory.last_review,
        "reps": memory.reps,
        "lapses": memory.lapses,
    }


def review_count(services: Services) -> int:
    """Rows in the review log."""
    from sqlalchemy import func, select

    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(ReviewLogRow)) or 0)


def history_copy(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a data directory written by ``write_synthetic_history``, reached through the
    environment at the history's end (the command-line tests' ``env``)."""
    data = tmp_path / "data"
    shutil.copytree(template, data)
    monkeypatch.setenv("PMSTUDY_DATA_DIR", str(data))
    monkeypatch.setenv("PMSTUDY_NOW", HISTORY_NOW.isoformat())
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    monkeypatch.delenv("PMSTUDY_DATABASE_URL", raising=False)
    return data
