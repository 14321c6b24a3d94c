"""The services end to end on PostgreSQL: decks, study, undo, stats, search, exams, import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.domain.model import Rating
from pmstudy.services.container import Services, build_services
from pmstudy.settings import Settings

NOW = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def pg_services(pg_url: str, tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    settings = Settings(data_dir=tmp_path, database_url=pg_url, timezone="UTC")
    with build_services(settings, clock, seed=1) as services:
        yield services


def test_study_answer_undo_and_counts(pg_services: Services, clock: FixedClock) -> None:
    services = pg_services
    scrum = next(n for n in services.study.deck_tree() if n.name == "Scrum")
    assert scrum.counts.new == 20
    session = services.study.start(scrum.id)
    answered = []
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD):
        card = session.next_card()
        assert card is not None
        session.answer(rating, duration_ms=4000)
        answered.append(card.id)
        clock.advance(seconds=5)
    session.undo()
    after = next(n for n in services.study.deck_tree() if n.name == "Scrum")
    assert after.counts.new == 17
    overview = services.stats.overview()
    assert overview.reviews_today == 3
    assert overview.reviews_total == 3


def test_search_stats_and_readiness(pg_services: Services, clock: FixedClock) -> None:
    services = pg_services
    scrum = next(n for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(scrum.id)
    for _ in range(5):
        assert session.next_card() is not None
        session.answer(Rating.GOOD, duration_ms=3000)
        clock.advance(seconds=4)
    assert len(services.browser.search("is:new deck:Scrum")) > 0
    assert len(services.browser.search("rated:1")) == 5
    assert len(services.browser.search("prop:r>0.5 -is:new")) == 5
    assert len(services.browser.search("scrum OR sprint")) > 0
    report = services.stats.report()
    assert report is not None
    calibration = services.stats.calibration(days=30)
    assert calibration is not None
    goal = services.exams.add("psm-1", (NOW.date() + dt.timedelta(days=30)).isoformat())
    report = services.exams.report(goal.id)
    assert report.readiness.overall_today is not None
    assert 0 < report.readiness.overall_today < 1


def test_csv_import_is_one_transaction(pg_services: Services, tmp_path: Path) -> None:
    services = pg_services
    good = tmp_path / "cards.csv"
    good.write_text("front,back\nQ1,A1\nQ2,A2\n", encoding="utf-8")
    summary = services.imports.import_file(good)
    assert summary.notes_added == 2
    again = services.imports.import_file(good)
    assert again.notes_unchanged == 2


def test_apkg_import_and_export(pg_services: Services, tmp_path: Path) -> None:
    from tests.io.support import legacy_collection, package

    services = pg_services
    collection = legacy_collection(
        tmp_path / "collection.anki2",
        [(1, "guid-1", "Q1\x1fA1"), (2, "guid-2", "Q2\x1fA2"), (3, "guid-3", "Q3\x1fA3")],
    )
    apkg = package(tmp_path / "deck.apkg", {"collection.anki2": collection, "media": b"{}"})
    summary = services.imports.import_file(apkg)
    assert summary.notes_added == 3
    assert services.imports.import_file(apkg).notes_unchanged == 3
    for fmt in ("apkg", "csv", "deck"):
        out = tmp_path / f"out.{fmt if fmt != 'deck' else 'toml'}"
        services.imports.export(deck="Hostile", fmt=fmt, path=out)
        assert out.stat().st_size > 0


def _study_three_days(services: Services, clock: FixedClock) -> None:
    scrum = next(n for n in services.study.deck_tree() if n.name == "Scrum")
    ratings = [Rating.GOOD, Rating.AGAIN, Rating.HARD, Rating.EASY, Rating.GOOD]
    for _day in range(3):
        session = services.study.start(scrum.id)
        for index in range(25):
            if session.next_card() is None:
                break
            session.answer(ratings[index % len(ratings)], duration_ms=2000 + 100 * index)
            clock.advance(seconds=30)
        clock.advance(days=1)


def test_the_same_study_gives_the_same_numbers_as_on_sqlite(pg_url: str, tmp_path: Path) -> None:
    results = []
    for name, url in (("sqlite", None), ("postgres", pg_url)):
        clock = FixedClock(NOW)
        settings = Settings(data_dir=tmp_path / name, database_url=url, timezone="UTC")
        with build_services(settings, clock, seed=7) as services:
            _study_three_days(services, clock)
            tree = [(n.name, n.counts) for n in services.study.deck_tree()]
            overview = services.stats.overview().as_dict()
            goal = services.exams.add("psm-1", "2027-01-15")
            readiness = services.exams.report(goal.id, with_plan=False).readiness
            recalls = [readiness.overall_today, *(d.recall_today for d in readiness.domains)]
            seen = [(d.name, d.cards, d.seen) for d in readiness.domains]
            results.append((tree, overview, seen, recalls))
    (tree, overview, seen, recalls), (pg_tree, pg_overview, pg_seen, pg_recalls) = results
    assert pg_tree == tree
    assert pg_overview == overview
    assert pg_seen == seen
    # epoch arithmetic differs between the two databases in the last bits of a double
    assert pg_recalls == pytest.approx(recalls, rel=1e-9)


def test_a_mock_exam_on_postgres(pg_services: Services, clock: FixedClock) -> None:
    """Start, answer, resume from a new process's services, submit: the same as on SQLite, and
    the mock answers stay out of the study counts."""
    services = pg_services
    run = services.mocks.start_practice("psm-1", items=6)
    for position in range(4):
        run.go(position)
        rendered = run.current.rendered
        assert rendered is not None
        right = "".join(sorted(rendered.correct_letters)) or (rendered.expected or "")
        run.answer(right)
        clock.advance(seconds=30)
    run.toggle_flag()
    waiting = services.mocks.unfinished()
    assert waiting is not None
    assert waiting.answered == 4
    resumed = services.mocks.resume(run.id)
    assert resumed.state.items == run.state.items
    resumed.submit()
    result = services.mocks.result(run.id)
    assert (result.score.right, result.score.unanswered) == (4, 2)
    assert [m.id for m in services.mocks.history()] == [run.id]
    assert services.stats.overview().reviews_total == 0
    assert len(services.browser.search("rated:1")) == 0
    with services.db.read() as uow:
        assert len(uow.exam_cards.mock_answers()[0]) == 4
