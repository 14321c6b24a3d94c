"""``pmstudy history export|merge`` between a learner's PostgreSQL profile (as the learner's own
role) and a SQLite profile on a machine without the server: one merge each way, both sides end
with the same review rows and card memories (the SQLite-only cases: tests/profiles/
test_history_merge.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.convert import memory_from_row
from pmstudy.db.models import CardRow, DeckRow, NoteRow, ReviewLogRow
from pmstudy.domain.model import Rating
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.pg.test_learner_profiles import as_user, pmstudy

START = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
Dump = tuple[list[tuple[object, ...]], list[tuple[object, ...]]]


def _study(settings: Settings, picks: range, clock: FixedClock, seed: int) -> None:
    with build_services(settings, clock, seed=seed) as services, services.sessions() as session:
        ids = list(
            session.scalars(
                select(CardRow.id)
                .join(NoteRow, NoteRow.id == CardRow.note_id)
                .join(DeckRow, DeckRow.id == CardRow.deck_id)
                .where(DeckRow.name == "Scrum")
                .order_by(NoteRow.guid, CardRow.ord)
            )
        )
        for _day in range(2):
            study = services.study.start_filtered([ids[i] for i in picks])
            for _turn in picks:
                if study.next_card() is None:
                    break
                study.answer(Rating.GOOD, duration_ms=1000 + seed)
                clock.advance(seconds=41)
            clock.advance(days=1)


def _dump(settings: Settings) -> Dump:
    with (
        build_services(settings, FixedClock(START), seed=1) as services,
        services.sessions() as session,
    ):
        rows = session.execute(
            select(NoteRow.guid, CardRow.ord, ReviewLogRow.answered_at, ReviewLogRow.rating,
                   ReviewLogRow.duration_ms)
            .join(CardRow, CardRow.id == ReviewLogRow.card_id)
            .join(NoteRow, NoteRow.id == CardRow.note_id)
            .order_by(NoteRow.guid, CardRow.ord, ReviewLogRow.answered_at)
        ).all()  # fmt: skip
        cards = session.execute(
            select(NoteRow.guid, CardRow)
            .join(NoteRow, NoteRow.id == CardRow.note_id)
            .where(CardRow.reps > 0)
            .order_by(NoteRow.guid, CardRow.ord)
        ).all()
        return [tuple(r) for r in rows], [(g, c.ord, memory_from_row(c)) for g, c in cards]


def test_history_merge_between_postgres_and_sqlite(pg_url: str, tmp_path: Path) -> None:
    added = pmstudy(pg_url, tmp_path / "owner", "group", "add-learner", "ana")
    assert added.returncode == 0, added.stderr
    server = Settings(
        data_dir=tmp_path / "office",
        database_url=as_user(pg_url, "pmstudy_ana"),
        profile="ana",
        timezone="UTC",
    )
    laptop = Settings(data_dir=tmp_path / "laptop", profile="ana", timezone="UTC")
    _study(server, range(0, 5), FixedClock(START), 3)
    _study(laptop, range(2, 7), FixedClock(START + dt.timedelta(hours=3)), 4)
    from_server, from_laptop = tmp_path / "server.history", tmp_path / "laptop.history"
    with build_services(server, FixedClock(START + dt.timedelta(days=3)), seed=1) as services:
        services.history.export(from_server)
    with build_services(laptop, FixedClock(START + dt.timedelta(days=3)), seed=1) as services:
        merged = services.history.merge(from_server)
        assert (merged.taken, merged.replayed) == (2, 3)
        services.history.export(from_laptop)
    with build_services(server, FixedClock(START + dt.timedelta(days=3)), seed=1) as services:
        merged = services.history.merge(from_laptop)
        assert (merged.taken, merged.unchanged) == (5, 2)
        again = services.history.merge(from_laptop)
        assert (again.unchanged, again.reviews_added) == (7, 0)
    on_server, on_laptop = _dump(server), _dump(laptop)
    assert on_server == on_laptop
    assert len(on_server[0]) == 20  # 5 cards x 2 days on each machine
    assert {d for *_k, d in on_server[0]} == {1003, 1004}
