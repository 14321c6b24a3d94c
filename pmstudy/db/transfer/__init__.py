"""Imports and exports in bulk: the writer that adds notes, cards and review rows in large batches,
the import's own connection, and the read an export takes.

Other packages import from here, not from the modules. The import's connection loads with the
package (every unit of work may need it); the writers and the export read load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmstudy.db.transfer.import_connection import SOURCE, import_connection
from pmstudy.faces import loaded_on_first_use

if TYPE_CHECKING:
    from pmstudy.db.transfer.bulk import BulkWriter, sqlite_datetime
    from pmstudy.db.transfer.bulk_reviews import ImportWriter, copies_in_sql, sql_datetime
    from pmstudy.db.transfer.export_read import card_note, read_slice

_HOMES = {
    "BulkWriter": ".bulk",
    "sqlite_datetime": ".bulk",
    "ImportWriter": ".bulk_reviews",
    "copies_in_sql": ".bulk_reviews",
    "sql_datetime": ".bulk_reviews",
    "card_note": ".export_read",
    "read_slice": ".export_read",
}
__getattr__ = loaded_on_first_use(__name__, _HOMES)

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
