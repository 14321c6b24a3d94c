"""Imports and exports in bulk: the writer that adds notes, cards and review rows in large batches,
the import's own connection, and the read an export takes.

Other packages import from here, not from the modules.
"""

from __future__ import annotations

from pmstudy.db.transfer.bulk import BulkWriter, sqlite_datetime
from pmstudy.db.transfer.bulk_reviews import ImportWriter, copies_in_sql, sql_datetime
from pmstudy.db.transfer.export_read import card_note, read_slice
from pmstudy.db.transfer.import_connection import SOURCE, import_connection

__all__ = [
    "SOURCE",
    "BulkWriter",
    "ImportWriter",
    "card_note",
    "copies_in_sql",
    "import_connection",
    "read_slice",
    "sql_datetime",
    "sqlite_datetime",
]
