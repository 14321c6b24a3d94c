"""The SQL functions' spelling in each dialect (the text the databases run)."""

from __future__ import annotations

import pytest
from sqlalchemy import ColumnElement, column, select, table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from pmstudy.db.sqlfuncs import epoch_days, epoch_seconds, id_list, time_prefix, unindexed

_T = table("t", column("a"))


def _sql(expression: ColumnElement[object], dialect: Dialect) -> str:
    compiled = select(expression).compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    return str(compiled).rsplit(" AS ", 1)[0].removeprefix("SELECT ")


@pytest.mark.parametrize(
    ("expression", "in_sqlite", "in_postgresql"),
    [
        (epoch_days(_T.c.a), "(julianday(t.a) - 2440587.5)", "(EXTRACT(EPOCH FROM t.a) / 86400.0)"),
        (
            epoch_seconds(_T.c.a),
            "((julianday(t.a) - 2440587.5) * 86400.0)",
            "EXTRACT(EPOCH FROM t.a)",
        ),
        (
            time_prefix(_T.c.a, 13),
            "substr(t.a, 1, 13)",
            "substr(to_char(t.a, 'YYYY-MM-DD HH24:MI:SS'), 1, 13)",
        ),
        (unindexed(_T.c.a) > 3, "+t.a > 3", "t.a > 3"),
        (id_list(_T.c.a), "group_concat(t.a, ',')", "string_agg(CAST(t.a AS TEXT), ',')"),
    ],
)
def test_each_dialect_has_its_spelling(
    expression: ColumnElement[object], in_sqlite: str, in_postgresql: str
) -> None:
    assert _sql(expression, sqlite.dialect()) == in_sqlite
    assert _sql(expression, postgresql.dialect()) == in_postgresql


def test_the_functions_are_cached_under_their_own_names() -> None:
    for function in (epoch_days, epoch_seconds, unindexed, id_list):
        assert function.name == function.__name__
        assert select(function(_T.c.a))._generate_cache_key() is not None
