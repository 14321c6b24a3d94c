"""The exam service keeps what it read until the collection changes: asking again reads
nothing, a change re-reads only the cards it touched, and every kind of change (an answer,
an import, an edit, another connection's commit, a new day) shows in the next report, exactly
as a fresh service computes it."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine

from pmstudy.clock import FixedClock
from pmstudy.db.cardcache import CollectionWatch
from pmstudy.domain.model import Rating
from pmstudy.services.container import Services, build_services
from tests.conftest import write_deck


def _fresh(services: Services, clock: FixedClock) -> dict[str, object]:
    """The report as a newly opened service computes it (nothing cached)."""
    other = build_services(services.settings, clock, seed=1)
    try:
        goal = other.exams.goal()
        return other.exams.report(goal.id).readiness_dict()
    finally:
        other.close()


def _report(services: Services) -> dict[str, object]:
    return services.exams.report(services.exams.goal().id).readiness_dict()


def _answer(services: Services, count: int, rating: Rating = Rating.GOOD) -> None:
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck)
    for _ in range(count):
        assert session.next_card() is not None
        session.answer(rating, duration_ms=5000)


def test_asking_again_reads_no_card(services: Services, reads: list[str]) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    first = services.exams.report(with_plan=False).readiness_dict()
    assert reads == ["raw_columns"]
    again = services.exams.report(with_plan=False).readiness_dict()
    assert reads == ["raw_columns"]
    assert again == first
    services.exams.report()  # the plan simulates the very same columns
    services.exams.report()
    assert reads == ["raw_columns"]


def test_an_answer_shows_in_the_next_report(
    services: Services, clock: FixedClock, reads: list[str]
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    before = _report(services)
    _answer(services, 3)
    after = _report(services)
    assert after != before
    assert after["today"]["new_done"] == 3  # type: ignore[index]
    assert sum(d["seen"] for d in after["domains"]) > 0  # type: ignore[union-attr]
    assert reads == ["raw_columns", "rows_of"]  # every card once, then the answered ones
    assert after == _fresh(services, clock)


def test_an_import_shows_in_the_next_report(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    services.exams.add("psm-1", "2027-01-10", decks=["Scrum"], exam_mode=False)
    before = _report(services)
    extra = "".join(
        f'[[cards]]\nid = "e{i}"\nfront = "q{i}"\nback = "a"\ntags = ["exam::psm-1::framework"]\n'
        for i in range(5)
    )
    services.decks.import_file(write_deck(tmp_path / "e.toml", extra, name="Scrum::Extra"))
    after = _report(services)
    assert after["cards"] == before["cards"] + 5  # type: ignore[operator]
    assert after == _fresh(services, clock)


def test_a_tag_edit_shows_in_the_next_report(services: Services, clock: FixedClock) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    before = _report(services)
    goal = services.exams.goal()
    tagged = services.exams.card_ids_for_tasks(goal.id, [("framework", None)])
    services.browser.remove_tags(tagged[:4], ["exam::psm-1::framework"])
    after = _report(services)
    assert after["untagged_cards"] == before["untagged_cards"] + 4  # type: ignore[operator]
    assert after == _fresh(services, clock)


def test_another_connections_commit_shows_in_the_next_report(
    services: Services, clock: FixedClock
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    before = _report(services)
    with sqlite3.connect(services.settings.sqlite_path) as other:
        other.execute("UPDATE cards SET suspended = 1 WHERE state = 0 AND id % 2 = 0")
    after = _report(services)
    assert after["today"]["new_target"] < before["today"]["new_target"]  # type: ignore[index]
    assert after == _fresh(services, clock)


def test_a_new_day_is_counted_afresh(services: Services, clock: FixedClock) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    _answer(services, 5, Rating.EASY)
    today = services.exams.report(with_plan=False).progress
    assert (today.new_done, today.reviews_due) == (5, 0)
    clock.advance(days=30)
    later = services.exams.report(with_plan=False).progress
    assert (later.new_done, later.reviews_due) == (0, 5)  # the cards are due again
    assert _report(services) == _fresh(services, clock)


def test_the_watch_sees_every_commit_and_closes_with_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    watch = CollectionWatch.of(engine)
    assert watch is not None
    first = watch.version()
    assert watch.version() == first
    with engine.begin() as connection:  # this process's own engine
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
    second = watch.version()
    assert second != first
    with sqlite3.connect(path) as other:  # anyone else
        other.execute("INSERT INTO t VALUES (2)")
    assert watch.version() != second
    engine.dispose()
    assert watch.version() is None
    assert CollectionWatch.of(create_engine("sqlite://")) is None


def test_reports_from_several_threads_agree(services: Services) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    _answer(services, 4)

    def report(with_plan: bool) -> dict[str, object]:
        return services.exams.report(with_plan=with_plan).readiness_dict()

    with ThreadPoolExecutor(max_workers=4) as pool:
        found = list(pool.map(report, [False, True, False, True, False, True]))
    alone = [report(False), report(True)]
    assert found == alone * 3
