"""What the browser reads and changes: the search compiled to SQL with what it needs from the
database, rows and previews, bulk actions with undo.

Other packages import from here, not from the modules.
"""

from __future__ import annotations

from pmstudy.db.browse.search_context import load_context
from pmstudy.db.browse.search_sql import compile_search, ratio_limit

__all__ = [
    "compile_search",
    "load_context",
    "ratio_limit",
]
