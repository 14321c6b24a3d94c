"""Compare a live database's schema with the one the models describe.

The revision number alone does not prove the schema: migration 0001 was once edited after
release, and databases created before the edit reached the head revision without two of its
indexes (``db check`` said OK while the deck tree ran 2.5 times slower). This reads the tables,
columns, indexes and unique constraints through SQLAlchemy's inspector (SQLite and PostgreSQL
alike) and lists every difference from ``Base.metadata``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, Index, UniqueConstraint, inspect

from pmstudy.db.models import Base

DriftKind = Literal[
    "missing table",
    "missing column",
    "missing index",
    "index differs",
    "unexpected index",
    "missing unique constraint",
]


@dataclass(frozen=True)
class Drift:
    """One difference: what kind, on which table object, what was found and expected."""

    kind: DriftKind
    name: str
    found: str = ""
    expected: str = ""


def _shape(columns: tuple[str, ...], unique: bool) -> str:
    return f"({', '.join(columns)}){' unique' if unique else ''}"


def schema_drift(connection: Connection) -> list[Drift]:
    """Every difference between the live schema and the models; empty when they agree."""
    inspector = inspect(connection)
    live_tables = set(inspector.get_table_names())
    drifts: list[Drift] = []
    for table in Base.metadata.sorted_tables:
        if table.name not in live_tables:
            drifts.append(Drift("missing table", table.name))
            continue
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        drifts.extend(
            Drift("missing column", f"{table.name}.{column.name}")
            for column in table.columns
            if column.name not in columns
        )
        live = {
            str(index["name"]): _shape(
                tuple(str(c) for c in index["column_names"]), bool(index["unique"])
            )
            for index in inspector.get_indexes(table.name)
            # PostgreSQL lists the index behind each UNIQUE constraint too; those are checked
            # as constraints below
            if not index.get("duplicates_constraint")
        }
        expected = {
            str(index.name): _shape(tuple(c.name for c in index.columns), bool(index.unique))
            for index in table.indexes
            if isinstance(index, Index)
        }
        for name, shape in sorted(expected.items()):
            if name not in live:
                drifts.append(Drift("missing index", name, expected=shape))
            elif live[name] != shape:
                drifts.append(Drift("index differs", name, found=live[name], expected=shape))
        drifts.extend(
            Drift("unexpected index", name, found=shape)
            for name, shape in sorted(live.items())
            if name not in expected
        )
        live_unique = {
            tuple(str(c) for c in constraint["column_names"])
            for constraint in inspector.get_unique_constraints(table.name)
        }
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                wanted = tuple(c.name for c in constraint.columns)
                if wanted not in live_unique:
                    drifts.append(
                        Drift("missing unique constraint", f"{table.name}{_shape(wanted, True)}")
                    )
    return drifts
