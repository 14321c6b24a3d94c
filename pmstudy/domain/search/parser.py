"""The card search language: a query string to a syntax tree. Pure; the database layer compiles it.

Anki's syntax, for the filters pmstudy knows::

    scrum master            both words (anywhere in the note's fields), implicit AND
    "scrum master"          the phrase; quotes keep spaces, parentheses, OR and '-' literal
    sprint OR increment     either; AND binds tighter than OR:  a OR b c  is  a OR (b AND c)
    -tag:leech  -(a OR b)   negation
    deck:PMP  deck:PMP*     a deck and its sub-decks; * matches any run of characters
    tag:exam::pmp::*        a tag and its child tags (tag:exam matches exam::pmp too)
    is:new|learn|review|due|suspended|buried|leech|flagged
    flag:1                  flag colour 0-7 (0: no flag)
    prop:r<0.8 prop:s>30 prop:d>7 prop:due<3 prop:ivl>=21 prop:reps>5 prop:lapses>2
    rated:7  rated:7:1      answered in the last 7 days (today counts as 1), with Again
    added:3                 added in the last 3 days
    exam:pmp  domain:people exam tags: exam::pmp::*  and  exam::*::people(::*)
    cid:1,2  nid:7          card or note ids

A backslash makes the next character literal (``\\*``, ``\\:``, ``\\"``, ``\\-``, ``\\(``).
Matching is case-insensitive. Every error carries the 0-based position of the offending
character in the query.
"""

from __future__ import annotations

import math

from pmstudy.domain.search.tokens import Char, Token, tokenize
from pmstudy.domain.search.tree import (
    INTEGER_PROPS,
    MAX_DAYS,
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
)

__all__ = ["parse"]


# --- terms -----------------------------------------------------------------------------


def _glob(chars: tuple[Char, ...]) -> Glob:
    parts: list[str] = [""]
    for c in chars:
        if c.char == "*" and not c.escaped:
            parts.append("")
        else:
            parts[-1] += c.char
    return Glob(tuple(parts))


def _text(chars: tuple[Char, ...]) -> str:
    return "".join(c.char for c in chars)


def _at(chars: tuple[Char, ...], index: int, default: int) -> int:
    """Where character ``index`` of a term stood in the query (just past the end if beyond)."""
    if index < len(chars):
        return chars[index].position
    return chars[-1].position + 1 if chars else default


class _TermParser:
    """Turns one term's characters into a leaf node."""

    def __init__(self, query: str) -> None:
        self.query = query

    def fail(self, message: str, position: int) -> SearchError:
        return SearchError(message, position, self.query)

    def parse(self, token: Token) -> Node:
        chars = token.chars
        colon = next(
            (i for i, c in enumerate(chars) if c.char == ":" and not c.escaped),
            None,
        )
        if colon is None:
            return TextSearch(_glob(chars), token.position)
        key = _text(chars[:colon]).lower()
        value = chars[colon + 1 :]
        value_at = value[0].position if value else chars[colon].position + 1
        handler = _HANDLERS.get(key)
        if handler is None:
            raise self.fail(
                f"unknown filter '{_text(chars[:colon])}:' (known: {', '.join(sorted(_HANDLERS))});"
                " write \\: to search for a colon",
                token.position,
            )
        return handler(self, value, value_at)

    def name(self, key: str, value: tuple[Char, ...], at: int) -> Glob:
        if not value:
            raise self.fail(f"{key}: needs a name", at)
        return _glob(value)

    def integer(self, text: str, at: int, *, low: int, high: int, what: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise self.fail(f"{what} must be a whole number, not '{text}'", at) from None
        if not low <= number <= high:
            raise self.fail(f"{what} must lie between {low} and {high}", at)
        return number

    def deck(self, value: tuple[Char, ...], at: int) -> Node:
        return DeckSearch(self.name("deck", value, at), at)

    def tag(self, value: tuple[Char, ...], at: int) -> Node:
        return TagSearch(self.name("tag", value, at), at)

    def exam(self, value: tuple[Char, ...], at: int) -> Node:
        return ExamSearch(self.name("exam", value, at), at)

    def domain(self, value: tuple[Char, ...], at: int) -> Node:
        return DomainSearch(self.name("domain", value, at), at)

    def is_(self, value: tuple[Char, ...], at: int) -> Node:
        word = _text(value).lower()
        try:
            return IsSearch(IsKind(word), at)
        except ValueError:
            known = "|".join(k.value for k in IsKind)
            raise self.fail(f"is: takes one of {known}, not '{_text(value)}'", at) from None

    def flag(self, value: tuple[Char, ...], at: int) -> Node:
        return FlagSearch(self.integer(_text(value), at, low=0, high=7, what="flag"), at)

    def prop(self, value: tuple[Char, ...], at: int) -> Node:
        text = _text(value)
        name_end = 0
        while name_end < len(text) and text[name_end].isalpha():
            name_end += 1
        name = text[:name_end].lower()
        try:
            prop = Prop(name)
        except ValueError:
            known = ", ".join(p.value for p in Prop)
            raise self.fail(f"prop: knows {known}, not '{text[:name_end]}'", at) from None
        op_at = _at(value, name_end, at)
        rest = text[name_end:]
        op = next((o for o in sorted(Op, key=lambda o: -len(o.value)) if rest.startswith(o)), None)
        if op is None:
            raise self.fail(f"prop:{name} needs a comparison (< <= > >= = !=)", op_at)
        number_text = rest[len(op.value) :]
        number_at = _at(value, name_end + len(op.value), at)
        if prop in INTEGER_PROPS:
            number: float = self.integer(
                number_text, number_at, low=-MAX_DAYS, high=MAX_DAYS, what=f"prop:{name}"
            )
        else:
            try:
                number = float(number_text)
            except ValueError:
                raise self.fail(
                    f"prop:{name} needs a number, not '{number_text}'", number_at
                ) from None
            if not math.isfinite(number):
                raise self.fail(f"prop:{name} needs a finite number", number_at)
        return PropSearch(prop, op, number, at)

    def rated(self, value: tuple[Char, ...], at: int) -> Node:
        text = _text(value)
        days_text, _, rating_text = text.partition(":")
        days = self.integer(days_text, at, low=1, high=MAX_DAYS, what="rated: days")
        if not rating_text and ":" not in text:
            return RatedSearch(days, None, at)
        rating_at = _at(value, len(days_text) + 1, at)
        rating = self.integer(rating_text, rating_at, low=1, high=4, what="rated: answer")
        return RatedSearch(days, rating, at)

    def added(self, value: tuple[Char, ...], at: int) -> Node:
        days = self.integer(_text(value), at, low=1, high=MAX_DAYS, what="added: days")
        return AddedSearch(days, at)

    def ids(self, value: tuple[Char, ...], at: int, *, notes: bool) -> Node:
        found: list[int] = []
        offset = 0
        for piece in _text(value).split(","):
            piece_at = _at(value, offset, at)
            found.append(self.integer(piece, piece_at, low=1, high=2**62, what="an id"))
            offset += len(piece) + 1
        return IdSearch(notes, tuple(found), at)

    def cid(self, value: tuple[Char, ...], at: int) -> Node:
        return self.ids(value, at, notes=False)

    def nid(self, value: tuple[Char, ...], at: int) -> Node:
        return self.ids(value, at, notes=True)


_HANDLERS = {
    "deck": _TermParser.deck,
    "tag": _TermParser.tag,
    "is": _TermParser.is_,
    "flag": _TermParser.flag,
    "prop": _TermParser.prop,
    "rated": _TermParser.rated,
    "added": _TermParser.added,
    "exam": _TermParser.exam,
    "domain": _TermParser.domain,
    "cid": _TermParser.cid,
    "nid": _TermParser.nid,
}


# --- the grammar -----------------------------------------------------------------------
#   query := or EOF;  or := and ("OR" and)*;  and := unary (["AND"] unary)*
#   unary := "-" unary | "(" or ")" | term


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = tokenize(query)
        self.index = 0
        self.terms = _TermParser(query)

    def fail(self, message: str, position: int) -> SearchError:
        return SearchError(message, position, self.query)

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            return MatchAll()
        node = self.or_()
        token = self.peek()
        if token is not None:  # only an unmatched ')' stops or_() early
            raise self.fail("this ')' has no matching '('", token.position)
        return node

    def or_(self) -> Node:
        children = [self.and_()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            following = self.peek()
            if following is None or following.kind in ("or", "and", ")"):
                raise self.fail("OR needs a search on both sides", token.position)
            children.append(self.and_())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_(self) -> Node:
        children = [self.unary()]
        while (token := self.peek()) is not None and token.kind not in ("or", ")"):
            if token.kind == "and":
                self.take()
                following = self.peek()
                if following is None or following.kind in ("or", "and", ")"):
                    raise self.fail("AND needs a search on both sides", token.position)
            children.append(self.unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        token = self.peek()
        if token is None:
            raise self.fail("the query ends too early", len(self.query))
        if token.kind in ("or", "and"):
            raise self.fail(f"{token.kind.upper()} needs a search on both sides", token.position)
        if token.kind == ")":
            raise self.fail("this ')' has no matching '('", token.position)
        self.take()
        if token.kind == "not":
            following = self.peek()
            if following is None or following.kind in ("or", "and", ")"):
                raise self.fail("nothing to negate after '-'", token.position)
            return Not(self.unary())
        if token.kind == "(":
            following = self.peek()
            if following is not None and following.kind == ")":
                raise self.fail("empty parentheses", token.position)
            if following is None:
                raise self.fail("this '(' is never closed", token.position)
            inner = self.or_()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self.fail("this '(' is never closed", token.position)
            self.take()
            return inner
        return self.terms.parse(token)


def parse(query: str) -> Node:
    """The syntax tree of ``query`` (``MatchAll`` when it is blank); raises SearchError."""
    return _Parser(query).parse()
