"""The search language's tokens: a query string as terms, parentheses, OR, AND and '-'.

Every character keeps its position in the query (errors point at it) and whether a backslash
escaped it; quotes keep spaces, parentheses, OR and '-' inside a term.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmstudy.domain.search.tree import SearchError


@dataclass(frozen=True, slots=True)
class Char:
    """One character of a term: where it stood in the query, and whether it was escaped."""

    char: str
    position: int
    escaped: bool


@dataclass(frozen=True, slots=True)
class Token:
    """A term (with its characters) or an operator, at its position in the query."""

    kind: str  # "term", "(", ")", "or", "and", "not"
    position: int
    chars: tuple[Char, ...] = ()


SEPARATORS = frozenset("()")


def tokenize(query: str) -> list[Token]:
    """The tokens of ``query``; raises SearchError on a dangling quote, backslash or '-'."""
    tokens: list[Token] = []
    index = 0
    length = len(query)
    while index < length:
        char = query[index]
        if char.isspace():
            index += 1
            continue
        if char in SEPARATORS:
            tokens.append(Token(char, index))
            index += 1
            continue
        if char == "-" and index + 1 < length and not query[index + 1].isspace():
            tokens.append(Token("not", index))
            index += 1
            continue
        if char == "-":
            raise SearchError("nothing to negate after '-'", index, query)
        start = index
        chars: list[Char] = []
        quoted_at: int | None = None
        bare = True  # no quote or escape anywhere: OR / AND are operators only when bare
        while index < length:
            char = query[index]
            if char == "\\":
                if index + 1 >= length:
                    raise SearchError("a backslash must be followed by a character", index, query)
                chars.append(Char(query[index + 1], index + 1, True))
                bare = False
                index += 2
                continue
            if char == '"':
                quoted_at = index if quoted_at is None else None
                bare = False
                index += 1
                continue
            if quoted_at is None and (char.isspace() or char in SEPARATORS):
                break
            chars.append(Char(char, index, False))
            index += 1
        if quoted_at is not None:
            raise SearchError("this quote is never closed", quoted_at, query)
        word = "".join(c.char for c in chars)
        if bare and word.lower() in ("or", "and"):
            tokens.append(Token(word.lower(), start))
        elif chars:
            tokens.append(Token("term", start, tuple(chars)))
        # an empty pair of quotes searches for nothing in particular: skip it
    return tokens
