"""The review log in SQL (staged in a worker, copied with INSERT ... SELECT) gives exactly what
the Python path gives: states before and after, kinds, durations, timestamps, cards."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from pmstudy.db.models import CardRow, NoteRow, ReviewLogRow
from pmstudy.db.transfer import BulkWriter, ImportWriter, sql_datetime, sqlite_datetime
from pmstudy.io.anki_revlog import (
    MAX_MS,
    STAGED,
    carried_states,
    check_revlog,
    create_staging,
    index_lookups,
    read_reviews,
    review_rows_sql,
    stage_reviews,
)
from pmstudy.io.anki_schema11 import DDL
from pmstudy.io.errors import ImportFileError
from pmstudy.services import imports
from pmstudy.services.container import Services
from tests.io.support import legacy_collection, package

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
CARDS = 12


def _revlog_rows(seed: int, count: int) -> list[tuple[int, ...]]:
    """Revlog rows of every kind Anki writes, and some it should not: all buttons and types,
    negative and zero intervals, runs of filtered-deck rows, resets and due dates set to today
    (manual, interval 0, factor 0 or not), out-of-range durations."""
    rng = random.Random(seed)
    rows = []
    stamp = 1_700_000_000_000
    for _ in range(count):
        stamp += rng.randrange(1, 10**8)
        rows.append(
            (
                stamp,
                10_000 + rng.randrange(CARDS),  # cid
                0,  # usn
                rng.choice([0, 1, 2, 3, 4, 5, -1]),  # ease
                rng.choice([-1200, -60, -1, 0, 0, 1, 3, 30]),  # ivl
                rng.choice([-600, 0, 4]),  # lastIvl
                rng.choice([0, 2500, 2500]),  # factor: 0 on a reset, kept on a due date
                rng.choice([-5, 0, 1500, 4_000_000]),  # time
                rng.choice([0, 1, 2, 3, 3, 3, 4, 5, 6, -1]),  # type
            )
        )
    return rows


def _log(rows: list[tuple[int, ...]]) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.executescript(DDL)
    connection.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", rows)
    return connection


@pytest.mark.parametrize("seed", range(6))
def test_sql_rules_give_the_python_rows(seed: int) -> None:
    connection = _log(_revlog_rows(seed, 1500))
    expected = [tuple(r) for r in read_reviews(connection, range(10_000, 10_000 + CARDS))]
    carried_states(connection, "main")
    got = connection.execute(
        f"SELECT * FROM ({review_rows_sql('main')}) ORDER BY answered_ms"
    ).fetchall()
    assert got == expected
    assert {r[3] for r in got} == {"learn", "review", "relearn", "manual"}


def test_sql_timestamps_are_the_stored_form() -> None:
    rng = random.Random(3)
    instants = [0, 1, 999, 1000, 86_399_999, MAX_MS, MAX_MS - 1]
    instants += [rng.randrange(MAX_MS) for _ in range(2000)]
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (ms INTEGER)")
    connection.executemany("INSERT INTO t VALUES (?)", [(ms,) for ms in instants])
    rows = connection.execute(f"SELECT ms, {sql_datetime('ms')} FROM t").fetchall()
    for ms, stored in rows:
        assert stored == sqlite_datetime(EPOCH + dt.timedelta(milliseconds=ms)), ms
    assert connection.execute(f"SELECT {sql_datetime('NULL')}").fetchone() == (None,)


def test_staged_rows_are_the_python_rows_as_stored(tmp_path: Path) -> None:
    collection = tmp_path / "collection.db"
    source = _log(_revlog_rows(11, 800))
    source.commit()
    source.execute("VACUUM INTO ?", (str(collection),))
    staged = tmp_path / "reviews.db"
    create_staging(staged)
    stage_reviews(collection, staged, "x.apkg", sql_datetime)
    with sqlite3.connect(staged) as connection:
        got = connection.execute(f"SELECT * FROM {STAGED} ORDER BY rowid").fetchall()

    def stored(ms: int | None) -> str | None:
        return None if ms is None else sqlite_datetime(EPOCH + dt.timedelta(milliseconds=ms))

    expected = [
        (r.card_ref, stored(r.answered_ms), r.rating, r.duration_ms, r.kind, r.state_before,
         r.state_after, stored(r.due_after_ms))
        for r in read_reviews(source, range(10_000, 10_000 + CARDS))
    ]  # fmt: skip
    assert got == expected


def test_a_log_without_anki_indexes_is_indexed_first(tmp_path: Path) -> None:
    # No primary key and no index on cid: every lookup of a card's previous row would scan
    # the table (quadratic); the scratch copy gets indexes, and the rows stay the same.
    collection = tmp_path / "bare.db"
    rows = _revlog_rows(5, 600)
    with sqlite3.connect(collection) as connection:
        connection.execute(
            "CREATE TABLE revlog (id integer, cid integer, usn integer, ease integer, "
            "ivl integer, lastIvl integer, factor integer, time integer, type integer)"
        )
        connection.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", rows[::-1])
    staged = tmp_path / "reviews.db"
    create_staging(staged)
    stage_reviews(collection, staged, "x.apkg", sql_datetime)
    with sqlite3.connect(collection) as connection:
        indexes = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        expected = read_reviews(connection, range(10_000, 10_000 + CARDS))
    assert {"pmstudy_revlog_cid_id", "pmstudy_revlog_id"} <= indexes
    with sqlite3.connect(staged) as connection:
        got = connection.execute(
            f"SELECT card_ref, rating, kind, state_before, state_after FROM {STAGED} ORDER BY rowid"
        ).fetchall()
    assert got == [(r.card_ref, r.rating, r.kind, r.state_before, r.state_after) for r in expected]
    assert not index_lookups(_log(rows), "main")  # Anki's own layout needs nothing


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("UPDATE revlog SET ease = 'x' WHERE id = (SELECT min(id) FROM revlog)", "numbers"),
        ("UPDATE revlog SET ivl = 2.5 WHERE id = (SELECT min(id) FROM revlog)", "numbers"),
        ("UPDATE revlog SET cid = x'01' WHERE id = (SELECT min(id) FROM revlog)", "numbers"),
        (f"UPDATE revlog SET id = {MAX_MS + 1} WHERE id = (SELECT min(id) FROM revlog)", "date"),
        ("UPDATE revlog SET ivl = 4000000 WHERE id = (SELECT min(id) FROM revlog)", "date"),
        ("UPDATE revlog SET ivl = -9000000000000 WHERE id = (SELECT min(id) FROM revlog)", "date"),
    ],
)
def test_a_log_that_is_not_numbers_or_leaves_the_calendar_is_refused(
    change: str, message: str
) -> None:
    connection = _log(_revlog_rows(2, 20))
    check_revlog(connection, "x.apkg")
    connection.execute(change)
    with pytest.raises(ImportFileError, match=message):
        check_revlog(connection, "x.apkg")


# --- whole imports: the SQLite copy and the path other databases use -------------------


def _package(tmp_path: Path, *seeds: int) -> Path:
    """Twelve studied cards with a random history; half keep no FSRS state (replayed)."""
    notes = [(n, f"guid-{n}", f"front {n}\x1fback {n}") for n in range(CARDS)]
    collection = legacy_collection(tmp_path / f"c{'-'.join(map(str, seeds))}.anki21", notes)
    with sqlite3.connect(collection) as connection:
        connection.execute("UPDATE cards SET id = nid + 10000")
        connection.execute(
            "UPDATE cards SET type = 2, queue = 2, ivl = 5, due = 700, reps = 4, data = "
            "CASE WHEN nid % 2 THEN '' ELSE "
            '\'{"s":3.5,"d":5.25,"lrt":1700500000,"pos":\' || nid || \'}\' END'
        )
        for seed in seeds:
            connection.executemany(
                "INSERT OR IGNORE INTO revlog VALUES (?,?,?,?,?,?,?,?,?)",
                _revlog_rows(seed, 300),
            )
    name = "-".join(map(str, seeds))
    return package(tmp_path / f"history{name}.apkg", {"collection.anki21": collection})


def _tables(services: Services) -> dict[str, list[Any]]:
    with services.sessions() as session:
        guid = select(NoteRow.guid).where(NoteRow.id == CardRow.note_id).scalar_subquery()
        cards = session.execute(
            select(guid, *[c for c in CardRow.__table__.c if c.name not in ("id", "note_id")])
        ).all()
        card_guid = (
            select(NoteRow.guid)
            .join(CardRow, CardRow.note_id == NoteRow.id)
            .where(CardRow.id == ReviewLogRow.card_id)
            .scalar_subquery()
        )
        log = session.execute(
            select(card_guid, *[c for c in ReviewLogRow.__table__.c if c.name != "card_id"])
        ).all()
    return {"cards": sorted(tuple(r) for r in cards), "log": [tuple(r) for r in log]}


def test_copying_the_log_in_sql_writes_what_the_python_path_writes(
    empty_services: Services,
    second: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    packages = [_package(tmp_path, 1), _package(tmp_path, 1, 2)]
    in_sql = [empty_services.imports.import_file(p).as_dict() for p in packages]
    monkeypatch.setattr(BulkWriter, "core_only", True)
    in_python = [second.imports.import_file(p).as_dict() for p in packages]
    assert in_sql == in_python
    assert in_sql[0]["reviews"] > 0
    assert in_sql[1]["reviews_already_present"] > 0  # the second package repeats some rows
    sql_tables = _tables(empty_services)
    assert sql_tables == _tables(second)  # review ids too: both insert in time order
    with empty_services.sessions() as session:
        replayed = session.scalars(
            select(CardRow.stability)
            .join(NoteRow)
            .where(NoteRow.guid.in_([f"guid-{n}" for n in range(1, CARDS, 2)]))
        ).all()
    assert any(s is not None for s in replayed)  # no FSRS state: replayed from history


def test_the_python_rows_on_sqlite_are_stored_alike(
    empty_services: Services,
    second: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    packages = [_package(tmp_path, 3), _package(tmp_path, 3, 4)]
    for path in packages:
        empty_services.imports.import_file(path)
    monkeypatch.setattr(imports, "copies_in_sql", lambda engine: False)
    for path in packages:
        second.imports.import_file(path)
    assert _tables(empty_services) == _tables(second)


def test_the_connection_goes_back_to_the_pool_as_it_came(
    empty_services: Services, tmp_path: Path
) -> None:
    empty_services.imports.import_file(_package(tmp_path, 4))
    with empty_services.engine.connect() as connection:
        attached = {r[1] for r in connection.execute(text("PRAGMA database_list"))}
        assert attached <= {"main", "temp"}
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        temp = connection.execute(text("SELECT name FROM temp.sqlite_master")).all()
        assert temp == []


def _card_index(services: Services) -> list[Any]:
    with services.engine.connect() as connection:
        return connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'ix_review_log_card_answered'")
        ).all()


def test_the_card_index_is_built_again_after_a_large_copy(
    empty_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _card_index(empty_services)
    assert len(before) == 1
    dropped: list[bool] = []
    drop = ImportWriter._drop_card_index

    def spy(self: ImportWriter, table: str) -> str | None:
        made = drop(self, table)
        dropped.append(made is not None)
        return made

    monkeypatch.setattr(ImportWriter, "_drop_card_index", spy)
    empty_services.imports.import_file(_package(tmp_path, 5))
    assert dropped == [True]  # an empty log: the copy brings more rows than it holds
    assert _card_index(empty_services) == before
    with empty_services.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        plan = connection.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT 1 FROM review_log WHERE card_id = 1 "
                "AND answered_at = '2025-01-01 00:00:00.000000'"
            )
        ).all()
    assert "ix_review_log_card_answered" in str(plan)


def test_a_failed_copy_keeps_the_card_index(
    empty_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _card_index(empty_services)

    def fail(self: ImportWriter, *args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(ImportWriter, "removed_upstream", fail)
    monkeypatch.setattr(ImportWriter, "has_notes_from", lambda self, source: True)
    with pytest.raises(ImportFileError):
        empty_services.imports.import_file(_package(tmp_path, 6))
    assert _card_index(empty_services) == before
    with empty_services.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM review_log")).scalar_one() == 0
