"""Small SQL expressions with one spelling per dialect (SQLite and PostgreSQL).

Statistics and search over a million review rows must not convert each timestamp to a Python
``datetime`` (that alone costs seconds): these let the database do the arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, TypeVar

from sqlalchemy import ColumnElement, Connection, Executable, Float, String, and_, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

# Julian day number of 1970-01-01 00:00 UTC.
_UNIX_EPOCH_JULIAN = 2440587.5


_T = TypeVar("_T")


class _Spelled(FunctionElement[_T]):
    """A SQL function written ``sqlite`` in SQLite and ``other`` elsewhere (PostgreSQL).

    Both are templates in which ``{}`` stands for the compiled arguments; a subclass is
    registered with the compiler when it is defined, under its own class name.
    """

    inherit_cache = True
    name: ClassVar[str]
    sqlite: ClassVar[str]
    other: ClassVar[str]

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cls.name = cls.__name__
        # SQLAlchemy reads inherit_cache from each class itself, not from its bases.
        cls.inherit_cache = True
        compiles(cls, "sqlite")(_writer(cls.sqlite))
        compiles(cls)(_writer(cls.other))


def _writer(template: str) -> Callable[..., str]:
    def write(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
        return template.format(compiler.process(element.clauses, **kw))

    return write


class epoch_days(_Spelled[float]):  # noqa: N801 - SQL function naming
    """Fractional days since the Unix epoch of a naive-UTC timestamp column."""

    type = Float()
    sqlite = f"(julianday({{}}) - {_UNIX_EPOCH_JULIAN})"
    # PostgreSQL: EXTRACT(EPOCH ...) of a timestamp without time zone reads it as UTC.
    other = "(EXTRACT(EPOCH FROM {}) / 86400.0)"


class epoch_seconds(_Spelled[float]):  # noqa: N801 - SQL function naming
    """Seconds since the Unix epoch of a naive-UTC timestamp column, computed in SQL.

    Converting 100,000 datetimes in Python costs more than the whole readiness computation;
    the database does it for free.
    """

    type = Float()
    sqlite = f"((julianday({{}}) - {_UNIX_EPOCH_JULIAN}) * 86400.0)"
    other = "EXTRACT(EPOCH FROM {})"


class time_prefix(FunctionElement[str]):  # noqa: N801 - SQL function naming
    """The first N characters of a timestamp written ``YYYY-MM-DD HH:MM:SS`` (N a literal).

    Grouping by such a prefix buckets rows by hour (13), ten minutes (15) or minute (16)
    without any date arithmetic: SQLite stores the text already.
    """

    type = String()
    inherit_cache = True
    name = "time_prefix"


def _prefix_length(element: time_prefix) -> int:
    clauses = list(element.clauses)
    value = getattr(clauses[1], "value", None)
    if not isinstance(value, int):
        raise TypeError("time_prefix needs a literal integer length")
    return value


@compiles(time_prefix, "sqlite")
def _time_prefix_sqlite(element: time_prefix, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(next(iter(element.clauses)), **kw)
    return f"substr({column}, 1, {_prefix_length(element)})"


@compiles(time_prefix)
def _time_prefix_default(element: time_prefix, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(next(iter(element.clauses)), **kw)
    return f"substr(to_char({column}, 'YYYY-MM-DD HH24:MI:SS'), 1, {_prefix_length(element)})"


class unindexed(_Spelled[Any]):  # noqa: N801 - SQL function naming
    """The column itself, written so that SQLite will not use an index on it (``+column``).

    When a condition keeps most of a table, a sequential scan beats an index walk that visits
    the rows in random order; SQLite's planner cannot tell, so the query says so.
    """

    sqlite = "+{}"
    other = "{}"

    @property
    def type(self) -> Any:  # type: ignore[override]
        """The wrapped column's type (so comparisons bind values the same way)."""
        return next(iter(self.clauses)).type


class id_list(_Spelled[str]):  # noqa: N801 - SQL function naming
    """The grouped rows' values of an integer column as one comma-separated string."""

    type = String()
    sqlite = "group_concat({}, ',')"
    other = "string_agg(CAST({} AS TEXT), ',')"


def fetch_tuples(connection: Connection, statement: Executable) -> list[tuple[Any, ...]]:
    """Every row as a plain DBAPI tuple, skipping SQLAlchemy's per-row ``Row`` objects.

    For numbers, ids and text only: no result type processing happens (datetimes stay as the
    driver returns them). Fetching 100,000 ids this way takes a fifth of the time.
    """
    result = connection.execute(statement)
    cursor = getattr(result, "cursor", None)
    if cursor is None:  # pragma: no cover - DBAPI results always have one
        return [tuple(row) for row in result]
    return list(cursor.fetchall())


IN_LIST = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit


def chunks(items: Sequence[_T], size: int = IN_LIST) -> Iterator[list[_T]]:
    """``items`` in lists of at most ``size``, for the IN (...) lists of one statement each."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def study_answer() -> ColumnElement[bool]:
    """Whether a review-log row is a study answer: rated (not a manual row) and not a mock-exam
    answer. Mock answers are rated (right or wrong, for readiness's item link) but are no study:
    today's counts, statistics, the learner profile and ``rated:`` leave them out.

    Written as ``id NOT IN (the mock rows)``, not as a test of ``kind``: the mock rows come from
    their partial index, and the answer-time index stays covering for the statistics.
    """
    from pmstudy.db.models import ReviewLogRow
    from pmstudy.domain.model import ReviewKind

    log = ReviewLogRow.__table__.c
    mock = literal(ReviewKind.MOCK_EXAM.value, literal_execute=True)
    return and_(log.rating > 0, log.id.not_in(select(log.id).where(log.kind == mock)))
