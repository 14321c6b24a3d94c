"""The search language's syntax tree: the node types ``pmstudy.domain.search.parser`` produces."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pmstudy.errors import PmStudyError

MAX_DAYS = 36_500


class SearchError(PmStudyError):
    """A query that cannot be parsed; ``position`` is the offending character (0-based)."""

    def __init__(self, message: str, position: int, query: str = "") -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.reason = message
        self.position = position
        self.query = query

    def caret(self) -> str:
        """The query with a caret under the offending character."""
        return f"{self.query}\n{' ' * self.position}^"


@dataclass(frozen=True, slots=True)
class Glob:
    """A pattern: literal ``parts`` with a ``*`` wildcard between consecutive parts."""

    parts: tuple[str, ...]

    @property
    def wildcard(self) -> bool:
        """Whether the pattern has a wildcard."""
        return len(self.parts) > 1

    @property
    def literal(self) -> str:
        """The literal text (only meaningful when there is no wildcard)."""
        return "".join(self.parts)

    def __str__(self) -> str:
        return "*".join(part.replace("*", "\\*") for part in self.parts)


class IsKind(StrEnum):
    """The ``is:`` filters."""

    NEW = "new"
    LEARN = "learn"
    REVIEW = "review"
    DUE = "due"
    SUSPENDED = "suspended"
    BURIED = "buried"
    LEECH = "leech"
    FLAGGED = "flagged"


class Prop(StrEnum):
    """The ``prop:`` properties."""

    RETRIEVABILITY = "r"
    STABILITY = "s"
    DIFFICULTY = "d"
    DUE = "due"
    INTERVAL = "ivl"
    REPS = "reps"
    LAPSES = "lapses"


INTEGER_PROPS = frozenset({Prop.DUE, Prop.INTERVAL, Prop.REPS, Prop.LAPSES})


class Op(StrEnum):
    """Comparison operators of ``prop:``."""

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    EQ = "="
    NE = "!="

    def holds(self, left: float, right: float) -> bool:
        """Whether ``left op right``."""
        return {
            Op.LT: left < right,
            Op.LE: left <= right,
            Op.GT: left > right,
            Op.GE: left >= right,
            Op.EQ: left == right,
            Op.NE: left != right,
        }[self]


# --- the tree --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchAll:
    """The empty query: every card."""


@dataclass(frozen=True, slots=True)
class TextSearch:
    """Text anywhere in the note's fields."""

    pattern: Glob
    position: int = 0


@dataclass(frozen=True, slots=True)
class DeckSearch:
    """``deck:NAME``: the matching decks and their sub-decks."""

    pattern: Glob
    position: int = 0


@dataclass(frozen=True, slots=True)
class TagSearch:
    """``tag:NAME``: the matching tags and their child tags."""

    pattern: Glob
    position: int = 0


@dataclass(frozen=True, slots=True)
class IsSearch:
    """``is:KIND``."""

    kind: IsKind
    position: int = 0


@dataclass(frozen=True, slots=True)
class FlagSearch:
    """``flag:N``."""

    flag: int
    position: int = 0


@dataclass(frozen=True, slots=True)
class PropSearch:
    """``prop:NAME OP VALUE``."""

    prop: Prop
    op: Op
    value: float
    position: int = 0


@dataclass(frozen=True, slots=True)
class RatedSearch:
    """``rated:DAYS[:RATING]``: answered in the last ``days`` days (today is day 1)."""

    days: int
    rating: int | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class AddedSearch:
    """``added:DAYS``: cards created in the last ``days`` days (today is day 1)."""

    days: int
    position: int = 0


@dataclass(frozen=True, slots=True)
class ExamSearch:
    """``exam:ID``: cards tagged ``exam::ID::...``."""

    profile: Glob
    position: int = 0


@dataclass(frozen=True, slots=True)
class DomainSearch:
    """``domain:NAME``: cards tagged ``exam::<any profile>::NAME[::task]``."""

    domain: Glob
    position: int = 0


@dataclass(frozen=True, slots=True)
class IdSearch:
    """``cid:1,2,3`` (cards) or ``nid:...`` (notes)."""

    notes: bool
    ids: tuple[int, ...]
    position: int = 0


@dataclass(frozen=True, slots=True)
class Not:
    """Negation."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """All of the children."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any of the children."""

    children: tuple[Node, ...]


Node = (
    MatchAll
    | TextSearch
    | DeckSearch
    | TagSearch
    | IsSearch
    | FlagSearch
    | PropSearch
    | RatedSearch
    | AddedSearch
    | ExamSearch
    | DomainSearch
    | IdSearch
    | Not
    | And
    | Or
)


def walk(node: Node) -> list[Node]:
    """``node`` and every node under it, depth first."""
    found: list[Node] = [node]
    if isinstance(node, Not):
        found.extend(walk(node.child))
    elif isinstance(node, And | Or):
        for child in node.children:
            found.extend(walk(child))
    return found
