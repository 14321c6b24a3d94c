"""Compile a search tree (``pmstudy.domain.search.tree``) to a SQLAlchemy condition over cards.

Speed notes, for 100,000 cards and a million reviews:

* ``deck:`` is resolved to deck ids in Python (the deck list is small) and becomes an
  ``IN`` on the indexed ``cards.deck_id``.
* ``tag:`` without a wildcard is an exact ``LIKE`` on the space-delimited tag text; with one,
  a ``LIKE`` on the literal prefix narrows the rows before a regular expression decides.
* Free text is a ``LIKE`` on the fields' JSON text, which is exact when the words cannot
  occur in a field *name* or in JSON escapes; otherwise each candidate's field values are
  checked one by one (SQLite ``json_each``), so field names never match.
* ``prop:r`` needs no ``pow()``: retrievability falls as elapsed time over stability rises,
  so ``R < x`` is ``t / S > k(x)`` with ``k`` computed here once per FSRS decay.
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    String,
    Table,
    and_,
    cast,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)

from pmstudy.db.browse.search_context import SearchContext, epoch_days_of
from pmstudy.db.models import CardRow, NoteRow, ReviewLogRow
from pmstudy.db.sqlfuncs import epoch_days, study_answer
from pmstudy.domain.exam import NOT_ON_EXAM, not_on_exam_tag
from pmstudy.domain.model import LEECH_TAG, CardState
from pmstudy.domain.search import tree

cards = typing.cast(Table, CardRow.__table__)
notes = typing.cast(Table, NoteRow.__table__)
review_log = typing.cast(Table, ReviewLogRow.__table__)

# JSON text shows these characters as written (json.dumps escapes the rest).
_JSON_PLAIN = frozenset(chr(c) for c in range(32, 127)) - {'"', "\\"}

Condition = ColumnElement[bool]

# In a domain's place, the mark of a card said to be off the exam's blueprint: such a card is
# not on the exam (``exam:``) and names no domain (``domain:``).
_NOT_A_DOMAIN = f"(?!{re.escape(NOT_ON_EXAM)}(::| |$))"


@dataclass(frozen=True)
class Compiled:
    """A condition over ``cards`` (joined to ``notes`` when ``needs_notes``)."""

    where: Condition
    needs_notes: bool


def compile_search(node: tree.Node, context: SearchContext) -> Compiled:
    """The SQL condition for ``node``."""
    compiler = _Compiler(context)
    where = compiler.visit(node)
    return Compiled(where, compiler.needs_notes)


# --- patterns --------------------------------------------------------------------------


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(glob: tree.Glob) -> str:
    """A LIKE pattern matching the glob anywhere."""
    return "%" + "%".join(_like_escape(part) for part in glob.parts) + "%"


def _regex(glob: tree.Glob, *, segment: str = "[^ ]*") -> str:
    """A regular expression for the glob, ``*`` matching within one tag."""
    return segment.join(re.escape(part) for part in glob.parts)


def glob_regex(glob: tree.Glob) -> re.Pattern[str]:
    """A full-match, case-insensitive regular expression for a deck-name glob."""
    return re.compile(".*".join(re.escape(p) for p in glob.parts), re.IGNORECASE | re.DOTALL)


def decks_matching(glob: tree.Glob, all_decks: Iterable[tuple[int, str]]) -> list[int]:
    """Ids of the decks whose full name matches, and of all their sub-decks."""
    pattern = glob_regex(glob)
    listed = list(all_decks)
    roots = [name for _, name in listed if pattern.fullmatch(name)]
    lowered = [r.lower() for r in roots]
    return [
        deck_id
        for deck_id, name in listed
        if any(name.lower() == r or name.lower().startswith(r + "::") for r in lowered)
    ]


# --- the compiler ----------------------------------------------------------------------


class _Compiler:
    def __init__(self, context: SearchContext) -> None:
        self.context = context
        self.needs_notes = False
        self.sqlite = context.dialect == "sqlite"

    def visit(self, node: tree.Node) -> Condition:
        if isinstance(node, tree.MatchAll):
            return true()
        if isinstance(node, tree.Not):
            return not_(self.visit(node.child))
        if isinstance(node, tree.And):
            return and_(*(self.visit(child) for child in node.children))
        if isinstance(node, tree.Or):
            return or_(*(self.visit(child) for child in node.children))
        if isinstance(node, tree.TextSearch):
            return self.text(node.pattern)
        if isinstance(node, tree.DeckSearch):
            ids = decks_matching(node.pattern, self.context.decks)
            return cards.c.deck_id.in_(ids) if ids else false()
        if isinstance(node, tree.TagSearch):
            return self.tag(node.pattern)
        if isinstance(node, tree.ExamSearch):
            return self.exam(node.profile)
        if isinstance(node, tree.DomainSearch):
            return self.domain(node.domain)
        if isinstance(node, tree.IsSearch):
            return self.is_(node.kind)
        if isinstance(node, tree.FlagSearch):
            return cards.c.flag == node.flag
        if isinstance(node, tree.PropSearch):
            return self.prop(node)
        if isinstance(node, tree.RatedSearch):
            return self.rated(node)
        if isinstance(node, tree.AddedSearch):
            return cards.c.created_at >= self.context.day_start(1 - node.days)
        if isinstance(node, tree.IdSearch):
            column = cards.c.note_id if node.notes else cards.c.id
            return column.in_(node.ids)
        raise TypeError(f"unknown search node {node!r}")

    # --- text and tags -----------------------------------------------------------------

    def like(self, column: ColumnElement[str], pattern: str) -> Condition:
        # SQLite's LIKE ignores ASCII case already; ILIKE there would wrap both in lower().
        if self.sqlite:
            return column.like(pattern, escape="\\")
        return column.ilike(pattern, escape="\\")

    def regexp(self, column: ColumnElement[str], pattern: str) -> Condition:
        # SQLAlchemy's SQLite REGEXP (Python's re.search) ignores flags: inline them.
        if self.sqlite:
            return column.regexp_match("(?i)" + pattern)
        return column.regexp_match(pattern, flags="i")

    def text(self, glob: tree.Glob) -> Condition:
        self.needs_notes = True
        pattern = _like(glob)
        if not glob.literal:
            return true()  # only wildcards
        plain_json = all(ch in _JSON_PLAIN for ch in glob.literal)
        value_check = self.field_values_like(pattern, fold=not glob.literal.isascii())
        if not plain_json:
            return value_check
        raw = self.like(cast(notes.c.fields, String), pattern)
        lowered = glob.literal.lower()
        in_a_name = any(lowered in f'"{name.lower()}"' for name in self.context.field_names)
        if glob.wildcard or in_a_name:
            # The raw LIKE narrows; the per-value check keeps field names out.
            return and_(raw, value_check)
        return raw

    def field_values_like(self, pattern: str, *, fold: bool = False) -> Condition:
        """Some field *value* (never a field name) matches ``pattern``.

        ``fold``: the pattern has non-ASCII letters, which SQLite's LIKE compares with case;
        both sides are case-folded in Python first (only this slower path pays for it).
        """
        if self.sqlite:
            each = func.json_each(notes.c.fields).table_valued("value").alias("field_value")
            if fold:
                folded = func.pm_casefold(each.c.value)
                match = folded.like(pattern.casefold(), escape="\\")
                return exists(select(literal(1)).select_from(each).where(match))
        else:
            each = func.json_each_text(notes.c.fields).table_valued("key", "value")
            each = each.alias("field_value")
        return exists(select(literal(1)).select_from(each).where(self.like(each.c.value, pattern)))

    def tag(self, glob: tree.Glob) -> Condition:
        """The tag (or a child tag ``tag::...``) among the note's tags."""
        self.needs_notes = True
        tags = notes.c.tags
        if any(ch.isspace() for ch in glob.literal):
            return false()  # tags never hold spaces
        if not glob.wildcard:
            name = _like_escape(glob.literal)
            return or_(self.like(tags, f"% {name} %"), self.like(tags, f"% {name}::%"))
        prefix = _like_escape(glob.parts[0])
        if not any(glob.parts[1:]):
            # Only trailing wildcards ("exam::pmp::*"): a tag starting with the prefix
            # ("tag:*": any tag at all, so at least one character after a space).
            return self.like(tags, f"% {prefix}%" if prefix else "% _%")
        narrow = self.like(tags, "% " + "%".join(_like_escape(p) for p in glob.parts) + "%")
        regex = f"(^| ){_regex(glob)}(::[^ ]*)?( |$)"
        return and_(narrow, self.regexp(tags, regex))

    def exam(self, profile: tree.Glob) -> Condition:
        """``exam::<profile>[::...]``, but not ``exam::<profile>::not-on-exam``; with a literal
        profile, no card carrying that mark at all (it wins over a domain tag, as in
        readiness)."""
        tags = notes.c.tags
        tagged = self.tag(tree.Glob(("exam::" + profile.parts[0], *profile.parts[1:])))
        regex = f"(^| )exam::{_regex(profile, segment='[^ :]*')}(::{_NOT_A_DOMAIN}[^ ]*)?( |$)"
        found = and_(tagged, self.regexp(tags, regex))
        if profile.wildcard:
            return found
        mark = _like_escape(not_on_exam_tag(profile.literal))
        return and_(found, not_(self.like(tags, f"% {mark} %")))

    def domain(self, glob: tree.Glob) -> Condition:
        """``exam::<profile>::<domain>`` with or without a task."""
        self.needs_notes = True
        tags = notes.c.tags
        if any(ch.isspace() for ch in glob.literal):
            return false()
        if glob.wildcard:
            inner = "%".join(_like_escape(p) for p in glob.parts)
            narrow = self.like(tags, f"% exam::%::{inner}%")
        else:
            name = _like_escape(glob.literal)
            narrow = or_(
                self.like(tags, f"% exam::%::{name} %"),
                self.like(tags, f"% exam::%::{name}::%"),
            )
        # The LIKE may join pieces of two tags; the expression decides within one tag.
        regex = f"(^| )exam::[^ :]+::{_NOT_A_DOMAIN}{_regex(glob, segment='[^ :]*')}(::[^ ]*)?( |$)"
        return and_(narrow, self.regexp(tags, regex))

    # --- state -------------------------------------------------------------------------

    def is_(self, kind: tree.IsKind) -> Condition:
        now = self.context.now
        state = cards.c.state
        if kind == tree.IsKind.NEW:
            return state == int(CardState.NEW)
        if kind == tree.IsKind.LEARN:
            return state.in_((int(CardState.LEARNING), int(CardState.RELEARNING)))
        if kind == tree.IsKind.REVIEW:
            return state.in_((int(CardState.REVIEW), int(CardState.RELEARNING)))
        if kind == tree.IsKind.SUSPENDED:
            return cards.c.suspended.is_(True)
        if kind == tree.IsKind.BURIED:
            return and_(cards.c.buried_until.is_not(None), cards.c.buried_until > now)
        if kind == tree.IsKind.FLAGGED:
            return cards.c.flag > 0
        if kind == tree.IsKind.LEECH:
            self.needs_notes = True
            return self.like(notes.c.tags, f"% {LEECH_TAG} %")
        # due: what the study queue would show today (new cards are never "due")
        day_end = self.context.day_start(1)
        return and_(
            state != int(CardState.NEW),
            cards.c.due.is_not(None),
            cards.c.due < day_end,
            cards.c.suspended.is_(False),
            or_(cards.c.buried_until.is_(None), cards.c.buried_until <= now),
        )

    # --- properties --------------------------------------------------------------------

    def prop(self, node: tree.PropSearch) -> Condition:
        if node.prop == tree.Prop.RETRIEVABILITY:
            return self.retrievability(node.op, node.value)
        if node.prop == tree.Prop.DUE:
            return self.due_in(node.op, int(node.value))
        if node.prop == tree.Prop.INTERVAL:
            interval = epoch_days(cards.c.due) - epoch_days(cards.c.last_review)
            return and_(
                cards.c.state.in_((int(CardState.REVIEW), int(CardState.RELEARNING))),
                cards.c.due.is_not(None),
                cards.c.last_review.is_not(None),
                _compare(interval, node.op, node.value),
            )
        column = {
            tree.Prop.STABILITY: cards.c.stability,
            tree.Prop.DIFFICULTY: cards.c.difficulty,
            tree.Prop.REPS: cards.c.reps,
            tree.Prop.LAPSES: cards.c.lapses,
        }[node.prop]
        return and_(column.is_not(None), _compare(column, node.op, node.value))

    def due_in(self, op: tree.Op, offset: int) -> Condition:
        """Due ``op`` ``offset`` days from today, in whole study days (0: today)."""
        due = cards.c.due
        start = self.context.day_start(offset)
        end = self.context.day_start(offset + 1)
        condition = {
            tree.Op.LT: due < start,
            tree.Op.LE: due < end,
            tree.Op.GT: due >= end,
            tree.Op.GE: due >= start,
            tree.Op.EQ: and_(due >= start, due < end),
            tree.Op.NE: or_(due < start, due >= end),
        }[op]
        return and_(cards.c.state != int(CardState.NEW), due.is_not(None), condition)

    def retrievability(self, op: tree.Op, value: float) -> Condition:
        """Retrievability now ``op`` value, for cards with a memory state."""
        if op == tree.Op.NE:
            return and_(_has_memory(), not_(self.retrievability(tree.Op.EQ, value)))
        if op == tree.Op.EQ:
            # R shown to two decimals: equal means within half a hundredth.
            return and_(
                self.retrievability(tree.Op.GE, value - 0.005),
                self.retrievability(tree.Op.LT, value + 0.005),
            )
        now_days = epoch_days_of(self.context.now)
        ratio_of = (literal(now_days) - epoch_days(cards.c.last_review)) / cards.c.stability
        by_decay: dict[float, list[int]] = {}
        for deck_id, decay in self.context.decay_by_deck.items():
            by_decay.setdefault(decay, []).append(deck_id)
        branches = []
        for decay, deck_ids in by_decay.items():
            limit = ratio_limit(value, decay)
            # R falls as the ratio rises: R < x  <=>  ratio > k(x)
            flipped = {
                tree.Op.LT: tree.Op.GT,
                tree.Op.LE: tree.Op.GE,
                tree.Op.GT: tree.Op.LT,
                tree.Op.GE: tree.Op.LE,
            }[op]
            if limit == math.inf:
                condition: Condition = true() if flipped in (tree.Op.LT, tree.Op.LE) else false()
            elif limit == -math.inf:
                condition = true() if flipped in (tree.Op.GT, tree.Op.GE) else false()
            else:
                condition = _compare(ratio_of, flipped, limit)
            if len(by_decay) > 1:
                condition = and_(cards.c.deck_id.in_(deck_ids), condition)
            branches.append(condition)
        if not branches:
            return false()
        return and_(_has_memory(), or_(*branches))

    def rated(self, node: tree.RatedSearch) -> Condition:
        since = self.context.day_start(1 - node.days)
        answered = select(review_log.c.card_id).where(
            review_log.c.answered_at >= since, study_answer()
        )
        if node.rating is not None:
            answered = answered.where(review_log.c.rating == node.rating)
        return cards.c.id.in_(answered)


def _has_memory() -> Condition:
    return and_(
        cards.c.state != int(CardState.NEW),
        cards.c.stability.is_not(None),
        cards.c.stability > 0,
        cards.c.last_review.is_not(None),
    )


def _compare(column: ColumnElement[float], op: tree.Op, value: float) -> Condition:
    return {
        tree.Op.LT: column < value,
        tree.Op.LE: column <= value,
        tree.Op.GT: column > value,
        tree.Op.GE: column >= value,
        tree.Op.EQ: column == value,
        tree.Op.NE: column != value,
    }[op]


def ratio_limit(value: float, decay: float) -> float:
    """The elapsed-time / stability ratio at which FSRS retrievability equals ``value``.

    R(t) = (1 + F·t/S)^(−w20) with F = 0.9^(−1/w20) − 1, so t/S = (R^(−1/w20) − 1) / F.
    Below R = 0 nothing lies (+inf); at or above R = 1 only t <= 0 (ratio 0 or less).
    """
    if value <= 0:
        return math.inf
    if value >= 1:
        return 0.0 if value == 1 else -math.inf
    factor = 0.9 ** (-1 / decay) - 1
    return float((value ** (-1 / decay) - 1) / factor)
