"""The search language (tokens, syntax tree, parser) and the browser's value types.

Other packages import from here, not from the modules.
"""

from __future__ import annotations

from pmstudy.domain.search.browse import (
    FLAG_NAMES,
    BrowseRow,
    BulkResult,
    CardPreview,
    SearchResult,
    SortKey,
    one_line,
    parse_due_spec,
    parse_tag_list,
)
from pmstudy.domain.search.parser import parse
from pmstudy.domain.search.tree import (
    AddedSearch,
    And,
    DeckSearch,
    DomainSearch,
    ExamSearch,
    FlagSearch,
    Glob,
    IdSearch,
    IsKind,
    IsSearch,
    MatchAll,
    Node,
    Not,
    Op,
    Or,
    Prop,
    PropSearch,
    RatedSearch,
    SearchError,
    TagSearch,
    TextSearch,
    walk,
)

__all__ = [
    "FLAG_NAMES",
    "AddedSearch",
    "And",
    "BrowseRow",
    "BulkResult",
    "CardPreview",
    "DeckSearch",
    "DomainSearch",
    "ExamSearch",
    "FlagSearch",
    "Glob",
    "IdSearch",
    "IsKind",
    "IsSearch",
    "MatchAll",
    "Node",
    "Not",
    "Op",
    "Or",
    "Prop",
    "PropSearch",
    "RatedSearch",
    "SearchError",
    "SearchResult",
    "SortKey",
    "TagSearch",
    "TextSearch",
    "one_line",
    "parse",
    "parse_due_spec",
    "parse_tag_list",
    "walk",
]
