"""An Anki review log (``revlog``) -> pmstudy review rows, in Python or in SQL.

Each revlog row gives the card, the instant (its id, epoch milliseconds), the button (``ease``
1-4), the interval after (``ivl``: days when positive, seconds when negative), the one before
(``lastIvl``), the time taken and a ``type``: 0 learn, 1 review, 2 relearn, 3 filtered deck, 4
manual, 5 rescheduled.  pmstudy also stores the card state before and after each answer; they
follow from the row and the state the card's previous row left.

One rule set, two implementations that must agree (``tests/io/test_revlog_sql.py``):

- :func:`read_reviews`, in Python: the review list for databases other than SQLite, and the
  history replayed for cards that carry no FSRS state;
- :func:`review_rows_sql`, one SELECT that :func:`stage_reviews` runs in C (in a worker
  thread, while the notes and cards are read): 200,000 rows without a Python object each.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from pmstudy.domain.cards import ImportedReview
from pmstudy.domain.model import CardState, ReviewKind
from pmstudy.io.errors import ImportFileError
from pmstudy.io.limits import DEFAULT_LIMITS, Limits, bound_values

DAY_MS = 86_400_000
MAX_MS = 253_402_300_799_999  # 9999-12-31 23:59:59.999 UTC, the last instant a datetime holds
MAX_TAKEN_MS = 3_600_000
STAGED = "reviews"
"""The table :func:`stage_reviews` writes."""
COLUMNS = ("id", "cid", "ease", "ivl", "lastIvl", "factor", "type", "time")
# Anki revlog ``type`` -> review kind; 3 (filtered deck) is a review, 4-5 are manual changes.
KINDS = {
    0: ReviewKind.LEARN.value,
    1: ReviewKind.REVIEW.value,
    2: ReviewKind.RELEARN.value,
    3: ReviewKind.REVIEW.value,
    4: ReviewKind.MANUAL.value,
    5: ReviewKind.MANUAL.value,
}
NEW, LEARNING, REVIEW, RELEARNING = (int(s) for s in CardState)


def check_revlog(connection: sqlite3.Connection, label: str, schema: str = "main") -> None:
    """Refuse a log holding anything but whole numbers, or instants no datetime can hold."""
    wrong_type = " OR ".join(f"typeof({c}) != 'integer'" for c in COLUMNS)
    found = connection.execute(
        f"SELECT id, {wrong_type} FROM {schema}.revlog WHERE {wrong_type} "
        f"OR id < 0 OR id > {MAX_MS} "
        f"OR (ivl > 0 AND ivl > ({MAX_MS} - id) / {DAY_MS}) "
        f"OR (ivl < 0 AND ivl < -(({MAX_MS} - id) / 1000)) LIMIT 1"
    ).fetchone()
    if found is not None:
        what = "holds something other than numbers" if found[1] else "has a date out of range"
        raise ImportFileError(label, what, where=f"review {found[0]!r}")


def read_reviews(connection: sqlite3.Connection, card_ids: Iterable[int]) -> list[ImportedReview]:
    """Review rows of the cards ``card_ids`` in time order, with the states before and after.

    Read in id (= answer time) order, which needs no sort; each card's previous state is kept
    in a dict.  This loop runs once per review: keep it lean.
    """
    states: dict[int, int] = dict.fromkeys(card_ids, -1)
    out: list[ImportedReview] = []
    append = out.append
    kinds = tuple(KINDS[t] for t in range(6))
    manual_kind = ReviewKind.MANUAL.value
    make = ImportedReview
    new = tuple.__new__  # skips the NamedTuple's Python-level __new__: ~1 µs a row
    cap = MAX_TAKEN_MS
    rows = connection.execute(
        "SELECT cid, id, ease, ivl, lastIvl, type, time, factor FROM revlog ORDER BY id"
    ).fetchall()
    for cid, rid, ease, ivl, last_ivl, rtype, taken, factor in rows:
        after = states.get(cid)
        if after is None:
            continue
        if 0 < ease < 5 and 0 <= rtype < 4:
            rating = ease
            kind = kinds[rtype]
            if rtype == 1:
                before = REVIEW
            elif rtype == 0:
                before = NEW if after < 1 else LEARNING  # -1 (none yet) or NEW
            elif rtype == 2:
                before = RELEARNING
            else:
                before = after if after >= 0 else REVIEW
            if ivl > 0:
                after = REVIEW
            elif ivl < 0:
                after = LEARNING if before < REVIEW else RELEARNING
            else:
                after = before if before != NEW else LEARNING
        else:
            before = after if after >= 0 else (REVIEW if last_ivl > 0 else NEW)
            # interval 0 with an ease factor: "set due date" to today, which keeps the card's
            # state; with factor 0 it is a reset ("forget"), as Anki tells them apart
            after = REVIEW if ivl > 0 else (before if ivl == 0 and factor != 0 else NEW)
            rating = 0
            kind = manual_kind
        states[cid] = after
        due = rid + ivl * DAY_MS if ivl > 0 else (rid - ivl * 1000 if ivl < 0 else None)
        if not 0 <= taken <= cap:
            taken = 0 if taken < 0 else cap
        append(new(make, (cid, rid, rating, kind, taken, before, after, due)))
    return out


def last_answers(connection: sqlite3.Connection) -> dict[int, int]:
    """Card id -> epoch ms of its last answer (a button pressed, not a manual change)."""
    return dict(
        connection.execute(
            "SELECT cid, max(id) FROM revlog WHERE ease BETWEEN 1 AND 4 GROUP BY cid"
        ).fetchall()
    )


# --- the same rules in SQL -------------------------------------------------------------
#
# In :func:`read_reviews` a row's state after depends on the previous row's only for a
# filtered-deck answer (type 3) that leaves no interval (ivl <= 0), "stepped", and for a due
# date set to today (manual, ivl 0, factor kept) on a card with an earlier row: call both
# "carried".  Any other row settles the state after by itself, so the state before a row (when
# it needs one) comes from the previous row alone, looked up by the index on ``cid``.  In a run
# of carried rows after the last settled state S (none: -1), a row keeps S until a stepped row
# has come; from then it is 2 if S = -1, 1 if S = 0, else S, and a stepped row with a negative
# interval turns 2 into 3: :func:`carried_states` works that out for every carried row at
# once, with window functions, into a table the SELECT looks up.

CARRIED = "temp.pmstudy_carried_states"


def _valid(a: str) -> str:
    return f"({a}.ease BETWEEN 1 AND 4 AND {a}.type BETWEEN 0 AND 3)"


def _stepped(a: str) -> str:
    """A filtered-deck answer that leaves no interval: its state follows from the one before."""
    return f"({a}.type = 3 AND {a}.ivl <= 0 AND {a}.ease BETWEEN 1 AND 4)"


def _due_today(a: str) -> str:
    """A manual row that sets the due date to today (interval 0, an ease factor kept)."""
    return f"(NOT {_valid(a)} AND {a}.ivl = 0 AND {a}.factor != 0)"


def _carried(a: str, log: str) -> str:
    """A row whose state after is the one before it, changed (a stepped row) or not (a due
    date set to today on a card with an earlier row)."""
    earlier = f"EXISTS (SELECT 1 FROM {log} e WHERE e.cid = {a}.cid AND e.id < {a}.id)"
    return f"({_stepped(a)} OR ({_due_today(a)} AND {earlier}))"


def _settled(a: str) -> str:
    """The state after a row that is not carried."""
    return (
        f"(CASE WHEN {_valid(a)} THEN (CASE WHEN {a}.ivl > 0 THEN {REVIEW} "
        f"WHEN {a}.type = 0 THEN {LEARNING} WHEN {a}.type = 1 AND {a}.ivl = 0 THEN {REVIEW} "
        f"ELSE {RELEARNING} END) WHEN {a}.ivl > 0 THEN {REVIEW} "
        f"WHEN {_due_today(a)} AND {a}.lastIvl > 0 THEN {REVIEW} ELSE {NEW} END)"
    )


def _after(a: str, log: str) -> str:
    return (
        f"(CASE WHEN {_carried(a, log)} THEN (SELECT k.state FROM {CARRIED} k WHERE k.id = {a}.id) "
        f"ELSE {_settled(a)} END)"
    )


def carried_states(connection: sqlite3.Connection, schema: str) -> None:
    """Fill :data:`CARRIED` (a temporary table) for :func:`review_rows_sql` on ``schema``.

    Rows are grouped per card by the settled row that starts each run (group 0: carried rows
    before any settled one); each carried row gets S from its group's first row and whether a
    carried row of the group up to it had a negative interval.
    """
    log = f"{schema}.revlog"
    connection.execute(f"DROP TABLE IF EXISTS {CARRIED}")
    connection.execute(f"CREATE TABLE {CARRIED} (id INTEGER PRIMARY KEY, state INTEGER)")
    connection.execute(
        f"INSERT INTO {CARRIED} "
        "WITH marked AS ("
        f"  SELECT r.id, r.cid, r.ivl, {_carried('r', log)} AS carried, "
        f"  {_stepped('r')} AS stepped, {_settled('r')} AS settled "
        f"  FROM {log} r WHERE r.cid IN (SELECT c.cid FROM {log} c WHERE {_carried('c', log)})"
        "), grouped AS ("
        "  SELECT *, sum(NOT carried) OVER (PARTITION BY cid ORDER BY id) AS run FROM marked"
        "), runs AS ("
        "  SELECT id, carried, first_value(CASE WHEN carried THEN NULL ELSE settled END) "
        "    OVER (PARTITION BY cid, run ORDER BY id) AS s, "
        "  max(stepped AND ivl < 0) OVER (PARTITION BY cid, run ORDER BY id "
        "    ROWS UNBOUNDED PRECEDING) AS negative, "
        "  max(stepped) OVER (PARTITION BY cid, run ORDER BY id "
        "    ROWS UNBOUNDED PRECEDING) AS any_step FROM grouped"
        ") "
        # a due date set to today keeps the state: S itself until a stepped row changes it
        f"SELECT id, CASE WHEN NOT any_step THEN s WHEN negative THEN (CASE WHEN s < {REVIEW} "
        f"THEN {LEARNING} ELSE {RELEARNING} END) ELSE coalesce(max(s, {LEARNING}), {REVIEW}) END "
        "FROM runs WHERE carried"
    )


def review_rows_sql(schema: str) -> str:
    """A SELECT over the collection attached as ``schema``: :func:`read_reviews`'s rows.

    Columns as :class:`ImportedReview`'s fields (``card_ref``, ``answered_ms``, ``rating``,
    ``kind``, ``duration_ms``, ``state_before``, ``state_after``, ``due_after_ms``), one row
    per revlog row of every card, unordered (order by ``answered_ms``).  Run it after
    :func:`check_revlog` has passed, and :func:`carried_states` and :func:`index_lookups`
    have run, on the same connection.
    """
    log = f"{schema}.revlog"
    kinds = " ".join(f"WHEN {t} THEN '{KINDS[t]}'" for t in range(4))
    previous = f"(SELECT max(q.id) FROM {log} q WHERE q.cid = r.cid AND q.id < r.id)"
    # -1 when the card has no earlier row
    before_state = f"(CASE WHEN p.id IS NULL THEN -1 ELSE {_after('p', log)} END)"
    before = (
        f"CASE WHEN {_valid('r')} THEN (CASE r.type WHEN 1 THEN {REVIEW} "
        f"WHEN 2 THEN {RELEARNING} "
        f"WHEN 0 THEN (CASE WHEN {before_state} < {LEARNING} THEN {NEW} ELSE {LEARNING} END) "
        f"ELSE coalesce(nullif({before_state}, -1), {REVIEW}) END) "
        f"ELSE coalesce(nullif({before_state}, -1), "
        f"CASE WHEN r.lastIvl > 0 THEN {REVIEW} ELSE {NEW} END) END"
    )
    return (
        "SELECT r.cid AS card_ref, r.id AS answered_ms, "
        f"CASE WHEN {_valid('r')} THEN r.ease ELSE 0 END AS rating, "
        f"CASE WHEN {_valid('r')} THEN (CASE r.type {kinds} END) "
        f"ELSE '{ReviewKind.MANUAL.value}' END AS kind, "
        f"CASE WHEN r.time < 0 THEN 0 WHEN r.time > {MAX_TAKEN_MS} THEN {MAX_TAKEN_MS} "
        "ELSE r.time END AS duration_ms, "
        f"{before} AS state_before, "
        f"{_after('r', log)} AS state_after, "
        f"CASE WHEN r.ivl > 0 THEN r.id + r.ivl * {DAY_MS} WHEN r.ivl < 0 THEN r.id - r.ivl * 1000 "
        "END AS due_after_ms "
        # the previous row only where the state before depends on it
        f"FROM {log} r LEFT JOIN {log} p ON p.id = (CASE WHEN {_valid('r')} AND r.type IN (1, 2) "
        f"THEN NULL ELSE {previous} END)"
    )


def index_lookups(connection: sqlite3.Connection, schema: str) -> bool:
    """Index the log (a scratch copy) for :func:`review_rows_sql` if it is not; whether it did.

    Its lookups (a card's previous row) need ``id`` to be the rowid and an index on ``cid``,
    as Anki makes them; without, a file could make them quadratic.
    """
    columns = connection.execute(
        "SELECT name, upper(type), pk FROM pragma_table_info('revlog', ?)", (schema,)
    ).fetchall()
    indexes = connection.execute(
        "SELECT l.origin, l.partial, i.name FROM pragma_index_list('revlog', ?1) AS l "
        "JOIN pragma_index_info(l.name, ?1) AS i ON i.seqno = 0",
        (schema,),
    ).fetchall()
    rowid = [(n, t) for n, t, pk in columns if pk] == [("id", "INTEGER")] and not any(
        origin == "pk" for origin, _, _ in indexes
    )
    if rowid and any(first == "cid" and not partial for _, partial, first in indexes):
        return False
    connection.execute(f"CREATE INDEX {schema}.pmstudy_revlog_cid_id ON revlog (cid, id)")
    if not rowid:
        connection.execute(f"CREATE INDEX {schema}.pmstudy_revlog_id ON revlog (id)")
    return True


def create_staging(staged: Path) -> None:
    """A new SQLite file with an empty table :data:`STAGED` for :func:`stage_reviews`.

    Made first, it can be attached to the target connection before the import's transaction
    starts, while the worker fills it: the target reads it only once the worker is done.
    """
    connection = sqlite3.connect(staged)
    try:
        connection.execute(
            f"CREATE TABLE {STAGED} (card_ref INTEGER, answered_at TEXT, rating INTEGER, "
            "duration_ms INTEGER, kind TEXT, state_before INTEGER, state_after INTEGER, "
            "due_after TEXT)"
        )
        connection.commit()
    finally:
        connection.close()


def stage_reviews(
    collection: Path,
    staged: Path,
    label: str,
    timestamp: Callable[[str], str],
    limits: Limits = DEFAULT_LIMITS,
) -> None:
    """Check the review log of ``collection`` and copy its rows into ``staged``.

    Table :data:`STAGED` (see :func:`create_staging`) gets one row per revlog row, in time
    order: ``card_ref``, ``answered_at``, ``rating``, ``duration_ms``, ``kind``,
    ``state_before``, ``state_after`` and ``due_after``, with ``timestamp`` rendering an SQL
    expression of epoch milliseconds as the target stores instants.  All of it runs inside
    SQLite, which releases the GIL: a worker thread does it while the rest is read in Python.
    """
    connection = sqlite3.connect(staged)
    try:
        bound_values(connection, limits)  # before the collection's schema is read
        # scratch data: no journal, no syncing; nothing in a hostile schema may call out
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA trusted_schema = OFF")
        # Dirty pages stay in memory until the commit (the cache grows as needed): spilling
        # them would lock the file against readers, and the target connection attaches it,
        # reading its schema, meanwhile.
        connection.execute("PRAGMA cache_spill = OFF")
        connection.execute("ATTACH DATABASE ? AS source", (str(collection),))
        check_revlog(connection, label, "source")
        index_lookups(connection, "source")
        carried_states(connection, "source")
        connection.execute(
            f"INSERT INTO {STAGED} SELECT card_ref, {timestamp('answered_ms')}, rating, "
            f"duration_ms, kind, state_before, state_after, {timestamp('due_after_ms')} "
            f"FROM ({review_rows_sql('source')}) ORDER BY answered_ms"
        )
        connection.commit()
    except sqlite3.DatabaseError as exc:
        raise ImportFileError(label, f"the collection is damaged ({exc})") from exc
    finally:
        connection.close()
