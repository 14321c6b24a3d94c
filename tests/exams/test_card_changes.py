"""The card change log (migration 0004) and the snapshots brought up to date from it.

The triggers must log every change of what readiness and the plan read (and nothing else),
and a snapshot patched from the log must equal, bit for bit, the cards read afresh, whatever
changed: answers and undo, browser edits, imports, deletions, deck moves, tag edits, exam-mode
moves, another connection's raw SQL. Each report after such a change must also equal what a
freshly opened service computes.
"""

from __future__ import annotations

import io
import random
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

import pmstudy.db.exams.exam_cards as exam_cards
from pmstudy.clock import FixedClock
from pmstudy.db.cardcache import Changes, changelog, changes_since, current_mark, prune
from pmstudy.db.exams import ExamCards
from pmstudy.domain.model import Rating
from pmstudy.services.container import Services, build_services
from pmstudy.services.exams import cache
from tests.conftest import write_deck
from tests.exams.tables import assert_same


def _sql(services: Services, sql: str, **params: object) -> None:
    with services.engine.begin() as connection:
        connection.execute(text(sql), params)


def _logged_after(services: Services, mark: int) -> list[int]:
    with services.engine.connect() as connection:
        changes = changes_since(connection, mark, 10_000)
    assert changes is not None
    assert changes.card_ids is not None
    return changes.card_ids.tolist()


def _mark(services: Services) -> int:
    with services.engine.connect() as connection:
        mark = current_mark(connection)
    assert mark is not None
    return mark


def _note_with_cards(services: Services, cards: int) -> tuple[int, list[int]]:
    with services.engine.connect() as connection:
        note = connection.exec_driver_sql(
            "SELECT note_id FROM cards GROUP BY note_id HAVING count(*) = ? LIMIT 1", (cards,)
        ).scalar_one()
        ids = connection.exec_driver_sql(
            "SELECT id FROM cards WHERE note_id = ? ORDER BY id", (note,)
        ).scalars()
        return int(note), [int(i) for i in ids]


def test_the_triggers_log_what_readiness_reads_and_nothing_else(services: Services) -> None:
    note, cards = _note_with_cards(services, 2)
    card = cards[0]
    mark = _mark(services)
    for sql in (
        "UPDATE cards SET flag = 3, buried_until = '2027-01-01 00:00:00.000000' WHERE id = :c",
        "UPDATE cards SET stability = stability WHERE id = :c",  # no value changed
        "UPDATE notes SET tags = tags, fields = fields WHERE id = :n",
    ):
        _sql(services, sql, c=card, n=note)
    assert _logged_after(services, mark) == []
    for column, value in [
        ("stability", "4.5"),
        ("last_review", "'2026-11-20 10:00:00.000000'"),
        ("due", "'2026-12-01 10:00:00.000000'"),
        ("state", "2"),
        ("suspended", "1"),
        ("position", "99999"),
    ]:
        mark = _mark(services)
        _sql(services, f"UPDATE cards SET {column} = {value} WHERE id = :c", c=card)
        assert _logged_after(services, mark) == [card], column
    mark = _mark(services)
    _sql(services, "UPDATE notes SET tags = ' moved ' WHERE id = :n", n=note)
    assert _logged_after(services, mark) == cards  # every card of the note
    mark = _mark(services)
    _sql(services, "DELETE FROM notes WHERE id = :n", n=note)  # cascades to its cards
    assert _logged_after(services, mark) == cards


def test_the_log_says_when_it_cannot_tell(services: Services) -> None:
    start = _mark(services)
    _sql(services, "UPDATE cards SET stability = 3.0 WHERE id <= 30")
    newest = _mark(services)
    assert newest == start + 30
    with services.engine.begin() as connection:
        # Ahead of the log: another database, or one restored from a backup.
        assert changes_since(connection, newest + 5, 100) == Changes(newest, None)
        behind = changes_since(connection, start, 10)
        assert behind is not None
        assert behind.card_ids is None
        assert prune(connection, keep=5) == newest - 5
        pruned = changes_since(connection, start, 100)
        assert pruned is not None
        assert pruned.card_ids is None
        recent = changes_since(connection, newest - 3, 100)
        assert recent is not None
        assert recent.card_ids is not None
        assert len(recent.card_ids) == 3
        assert prune(connection, keep=0) == 4  # the newest row stays: seq never reused
    _sql(services, "UPDATE cards SET stability = 4.0 WHERE id = 1")
    assert _mark(services) == newest + 1
    _sql(services, "DROP TRIGGER card_changes_tags")
    with services.engine.connect() as connection:
        assert current_mark(connection) is None
        assert changes_since(connection, newest, 100) is None


# --- snapshots against fresh reads -------------------------------------------------------


def _check(services: Services, clock: FixedClock) -> None:
    """The kept table and the report equal a fresh read and a fresh service's report."""
    goal = services.exams.goal()
    reads = services.exams._reads
    decks = reads.decks(goal)
    kept = reads.table(decks)
    with services.sessions() as session:
        fresh = ExamCards(session).card_table(decks)
    assert_same(kept, fresh)
    report = services.exams.report(goal.id).readiness_dict()
    other = build_services(services.settings, clock, seed=1)
    try:
        assert report == other.exams.report(goal.id).readiness_dict()
    finally:
        other.close()


def _answer(services: Services, count: int) -> None:
    deck = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck)
    for number in range(count):
        assert session.next_card() is not None
        session.answer([Rating.GOOD, Rating.AGAIN, Rating.EASY][number % 3], duration_ms=4000)
    session.undo()


def _cards(services: Services, count: int, offset: int = 0) -> list[int]:
    goal = services.exams.goal()
    return services.exams.card_ids_for_tasks(goal.id, [("framework", None)])[
        offset : offset + count
    ]


def _import(services: Services, tmp_path: Path) -> None:
    extra = "".join(
        f'[[cards]]\nid = "e{i}"\nfront = "q{i}"\nback = "a"\ntags = ["exam::psm-1::teams"]\n'
        for i in range(6)
    )
    services.decks.import_file(write_deck(tmp_path / "e.toml", extra, name="Scrum::Extra"))


def _second_preset(services: Services) -> None:
    with services.engine.begin() as connection:
        columns = [r[1] for r in connection.exec_driver_sql("PRAGMA table_info(presets)")]
        copied = ", ".join(
            "'Other'" if c == "name" else "0.95" if c == "desired_retention" else c
            for c in columns
            if c != "id"
        )
        names = ", ".join(c for c in columns if c != "id")
        connection.exec_driver_sql(f"INSERT INTO presets ({names}) SELECT {copied} FROM presets")
        connection.exec_driver_sql(
            "UPDATE decks SET preset_id = (SELECT max(id) FROM presets)"
            " WHERE id = (SELECT min(id) FROM decks WHERE name LIKE 'Scrum%')"
        )


CHANGES: list[tuple[str, Callable[[Services, Path], object]]] = [
    ("answers and undo", lambda s, _p: _answer(s, 7)),
    ("suspend", lambda s, _p: s.browser.suspend(_cards(s, 5))),
    ("unsuspend", lambda s, _p: s.browser.unsuspend(_cards(s, 3))),
    ("reset", lambda s, _p: s.browser.reset(_cards(s, 2))),
    ("set due", lambda s, _p: s.browser.set_due(_cards(s, 4, 5), "3")),
    ("remove tags", lambda s, _p: s.browser.remove_tags(_cards(s, 4), ["exam::psm-1::framework"])),
    ("add tags", lambda s, _p: s.browser.add_tags(_cards(s, 2, 3), ["exam::psm-1::events"])),
    ("move out", lambda s, _p: s.browser.move(_cards(s, 3), "Elsewhere")),
    ("delete", lambda s, _p: s.browser.delete(_cards(s, 2))),
    ("import", _import),
    ("exam mode", lambda s, _p: s.exams.reschedule_for_exam(s.exams.goal().id)),
    ("browser undo", lambda s, _p: s.browser.undo()),
    ("second preset", lambda s, _p: _second_preset(s)),
    (
        "raw SQL elsewhere",
        lambda s, _p: _sql(s, "UPDATE cards SET stability = stability * 2 WHERE id % 9 = 0"),
    ),
    ("every card", lambda s, _p: _sql(s, "UPDATE cards SET position = position + 1")),
]


def test_every_kind_of_change_is_patched_in_exactly(
    services: Services, clock: FixedClock, tmp_path: Path, reads: list[str]
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=True)
    _answer(services, 20)
    clock.advance(days=3)
    _check(services, clock)
    reads_ = services.exams._reads
    for name, change in CHANGES:
        change(services, tmp_path)
        clock.advance(minutes=10)
        del reads[:]
        reads_.table(reads_.decks(services.exams.goal()))
        if name in ("import", "second preset"):
            # A new deck; a deck column needed now: read everything once.
            assert reads == ["raw_columns"], name
        elif name == "exam mode":  # moves a card only when one needs it
            assert reads in ([], ["rows_of"]), name
        elif name == "every card":  # all of few cards are patched, of many read afresh
            assert reads in (["raw_columns"], ["rows_of"]), name
        else:
            assert reads == ["rows_of"], name
        _check(services, clock)


def test_random_changes_from_another_connection(
    services: Services, clock: FixedClock, reads: list[str]
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    _answer(services, 30)
    goal = services.exams.goal()
    reads_ = services.exams._reads
    decks = reads_.decks(goal)
    reads_.table(decks)
    rng = random.Random(7)
    services.browser.move(_cards(services, 1), "Elsewhere")
    with services.engine.connect() as connection:
        ids = [int(i) for i in connection.exec_driver_sql("SELECT id FROM cards").scalars()]
        other = connection.exec_driver_sql("SELECT id FROM decks WHERE name = 'Elsewhere'").scalar()
    edits = [
        "UPDATE cards SET stability = :x * 30, difficulty = 1 + :x * 9, state = 2,"
        " last_review = '2026-11-2' || (:n % 3) || ' 08:00:00.123456',"
        " due = '2026-12-0' || (:n % 9 + 1) || ' 08:00:00.000000' WHERE id = :id",
        "UPDATE cards SET stability = NULL, difficulty = NULL, state = 0, last_review = NULL,"
        " due = NULL WHERE id = :id",
        "UPDATE cards SET suspended = NOT suspended WHERE id = :id",
        "UPDATE notes SET tags = ' exam::psm-1::framework t' || (:n % 4) || ' '"
        " WHERE id = (SELECT note_id FROM cards WHERE id = :id)",
        "UPDATE cards SET deck_id = :other WHERE id = :id",
        "DELETE FROM notes WHERE id = (SELECT note_id FROM cards WHERE id = :id)",
        "INSERT INTO cards (note_id, deck_id, ord, state, step, stability, difficulty, due,"
        " last_review, reps, lapses, position, suspended, buried_until, flag, created_at)"
        " SELECT note_id, deck_id, ord + 100 + :n, 2, NULL, 3.5, 5.0, due, last_review, 0, 0,"
        " position, 0, NULL, 0, created_at FROM cards WHERE id = :id",
    ]
    for step in range(60):
        for _ in range(rng.randint(1, 4)):
            sql = rng.choice(edits)
            _sql(services, sql, id=rng.choice(ids), n=step, x=rng.random(), other=other)
        kept = reads_.table(decks)
        with services.sessions() as session:
            fresh = ExamCards(session).card_table(decks)
        assert_same(kept, fresh)
    # The first read, then only the fresh reads compared with: every change was patched in.
    assert reads.count("raw_columns") == 1 + 60
    assert reads.count("rows_of") > 40


def test_without_the_log_every_report_reads_everything(
    services: Services, clock: FixedClock, reads: list[str]
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    _sql(services, "DROP TRIGGER card_changes_update")
    services.exams.report(with_plan=False)
    _answer(services, 3)
    _check(services, clock)
    assert "rows_of" not in reads
    assert reads.count("raw_columns") >= 2


def test_a_reader_behind_a_pruned_log_reads_everything(
    services: Services, clock: FixedClock, reads: list[str]
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    services.exams.report(with_plan=False)
    _answer(services, 3)
    with services.engine.begin() as connection:
        prune(connection, keep=1)
    services.exams.report(with_plan=False)
    assert reads == ["raw_columns", "raw_columns"]
    _check(services, clock)


def test_the_fast_read_and_the_row_read_patch_alike(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the one-pass read off (as on PostgreSQL or for odd values) the same holds.
    monkeypatch.setattr(exam_cards, "read_columns", lambda *_args: None)
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    services.exams.report(with_plan=False)
    _answer(services, 5)
    _check(services, clock)


# --- snapshots on disk -------------------------------------------------------------------


def _reopened(services: Services, clock: FixedClock) -> Services:
    return build_services(services.settings, clock, seed=1)


def _files(services: Services) -> list[Path]:
    return sorted((services.settings.data_dir / "cache").glob("*.npz"))


def test_a_new_process_loads_the_saved_snapshot(
    services: Services, clock: FixedClock, reads: list[str]
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    first = services.exams.report().readiness_dict()
    assert len(_files(services)) == 1
    _answer(services, 4)  # in this process, after the save
    del reads[:]
    with _reopened(services, clock) as other:
        assert other.exams.report().readiness_dict() != first
        assert reads == ["rows_of"]  # loaded, then only the answered cards
    _check(services, clock)


def test_a_damaged_or_stale_snapshot_file_is_not_trusted(
    services: Services, clock: FixedClock, reads: list[str]
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    services.exams.report(with_plan=False)
    (path,) = _files(services)
    saved = path.read_bytes()
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    older = io.BytesIO()
    np.savez(older, **{**arrays, "revision": np.array("0003")})  # read under another schema
    for damage in (saved[: len(saved) // 2], b"not a zip", older.getvalue()):
        path.write_bytes(damage)
        del reads[:]
        with _reopened(services, clock) as other:
            other.exams.report(with_plan=False)
        assert reads == ["raw_columns"], damage[:10]
        assert path.read_bytes() != damage  # rewritten
    _check(services, clock)


def test_a_restored_backup_is_not_patched_from_a_foreign_snapshot(
    services: Services, clock: FixedClock, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "SAVE_EVERY", 1)  # every change is saved
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    services.exams.report(with_plan=False)
    database = services.settings.sqlite_path
    backup = database.with_suffix(".bak")
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(backup)) as copy:
        source.backup(copy)
    with _reopened(services, clock) as other:
        _answer(other, 6)
        other.exams.report(with_plan=False)  # saved at the later mark
    # The backup comes back (its log numbers the same seqs), then other cards change.
    with closing(sqlite3.connect(backup)) as source, closing(sqlite3.connect(database)) as live:
        source.backup(live)
    with _reopened(services, clock) as other:
        _sql(
            other,
            "UPDATE cards SET stability = 7.0, state = 2 WHERE id IN"
            " (SELECT id FROM cards ORDER BY id DESC LIMIT 12)",
        )
        del reads[:]
        other.exams.report(with_plan=False)
        assert reads == ["raw_columns"]
        _check(other, clock)


def test_the_log_is_pruned_at_start_and_readers_still_agree(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.exams.add("psm-1", "2027-01-10", exam_mode=False)
    services.exams.report(with_plan=False)
    _answer(services, 5)
    newest = _mark(services)
    monkeypatch.setattr(changelog, "KEEP", 8)
    with _reopened(services, clock) as other:
        with other.engine.connect() as connection:
            low, high = connection.exec_driver_sql(
                "SELECT min(seq), max(seq) FROM card_changes"
            ).one()
        assert (low, high) == (newest - 7, newest)
        _check(other, clock)  # its saved snapshot is older than the log: read afresh
    _check(services, clock)
