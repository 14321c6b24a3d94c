"""The search language parser: trees for valid queries, positions for invalid ones."""

from __future__ import annotations

import pytest

from pmstudy.domain.search import (
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
    Not,
    Op,
    Or,
    Prop,
    PropSearch,
    RatedSearch,
    SearchError,
    TagSearch,
    TextSearch,
    parse,
    walk,
)


def text(value: str, position: int = 0) -> TextSearch:
    return TextSearch(Glob((value,)), position)


def test_blank_query_matches_everything() -> None:
    assert parse("") == MatchAll()
    assert parse("   \t ") == MatchAll()


def test_words_are_anded_and_or_binds_looser() -> None:
    assert parse("dog cat") == And((text("dog"), text("cat", 4)))
    assert parse("a OR b c") == Or((text("a"), And((text("b", 5), text("c", 7)))))
    assert parse("a or b") == Or((text("a"), text("b", 5)))
    assert parse("a and b") == And((text("a"), text("b", 6)))


def test_parentheses_and_negation() -> None:
    tree = parse("-(a OR b) -c")
    assert tree == And((Not(Or((text("a", 2), text("b", 7)))), Not(text("c", 11))))


def test_quotes_keep_spaces_parentheses_and_operators_literal() -> None:
    assert parse('"scrum master"') == text("scrum master")
    assert parse('"OR"') == text("OR")
    assert parse('"-x"') == text("-x")
    assert parse('"a (b)"') == text("a (b)")
    assert parse('deck:"My Deck"') == DeckSearch(Glob(("My Deck",)), 6)


def test_backslash_makes_the_next_character_literal() -> None:
    assert parse(r"10\:30") == text("10:30")
    assert parse(r"a\*b") == text("a*b")
    assert parse(r"\-x") == text("-x")
    assert parse(r"\(x\)") == text("(x)")


def test_wildcards_split_patterns() -> None:
    assert parse("quest*99") == TextSearch(Glob(("quest", "99")))
    assert parse("deck:PMP*") == DeckSearch(Glob(("PMP", "")), 5)
    assert parse("tag:exam::*::people") == TagSearch(Glob(("exam::", "::people")), 4)
    assert Glob(("a", "b")).wildcard
    assert not Glob(("a",)).wildcard
    assert str(Glob(("a*", "b"))) == "a\\**b"


def test_every_filter() -> None:
    query = (
        "is:due flag:3 prop:r<0.8 prop:s>30 prop:d>=7 prop:due<=-1 rated:7 rated:30:1 "
        "added:2 exam:pmp domain:people cid:1,2 nid:3"
    )

    def at(value: str) -> int:
        return query.index(value)

    tree = parse(query)
    assert isinstance(tree, And)
    assert tree.children == (
        IsSearch(IsKind.DUE, at("due")),
        FlagSearch(3, at("3")),
        PropSearch(Prop.RETRIEVABILITY, Op.LT, 0.8, at("r<")),
        PropSearch(Prop.STABILITY, Op.GT, 30.0, at("s>")),
        PropSearch(Prop.DIFFICULTY, Op.GE, 7.0, at("d>=")),
        PropSearch(Prop.DUE, Op.LE, -1, at("due<=")),
        RatedSearch(7, None, at("7 rated")),
        RatedSearch(30, 1, at("30:1")),
        AddedSearch(2, at("2 exam")),
        ExamSearch(Glob(("pmp",)), at("pmp")),
        DomainSearch(Glob(("people",)), at("people")),
        IdSearch(False, (1, 2), at("1,2")),
        IdSearch(True, (3,), query.rindex("3")),
    )


@pytest.mark.parametrize("kind", list(IsKind))
def test_every_is_kind(kind: IsKind) -> None:
    assert parse(f"is:{kind.value.upper()}") == IsSearch(kind, 3)


@pytest.mark.parametrize(
    ("query", "op"),
    [
        ("prop:s<1", Op.LT),
        ("prop:s<=1", Op.LE),
        ("prop:s>1", Op.GT),
        ("prop:s>=1", Op.GE),
        ("prop:s=1", Op.EQ),
        ("prop:s!=1", Op.NE),
    ],
)
def test_comparison_operators(query: str, op: Op) -> None:
    node = parse(query)
    assert isinstance(node, PropSearch)
    assert node.op == op
    assert node.op.holds(1.0, 1.0) == (op in (Op.LE, Op.GE, Op.EQ))


@pytest.mark.parametrize(
    ("query", "position", "words"),
    [
        ("(a", 0, "never closed"),
        ("a)", 1, "no matching"),
        ("(a OR b", 0, "never closed"),
        ("()", 0, "empty parentheses"),
        ("is:foo", 3, "is: takes one of"),
        ("is:", 3, "is: takes one of"),
        ("prop:x<1", 5, "prop: knows"),
        ("prop:r", 6, "needs a comparison"),
        ("prop:r~1", 6, "needs a comparison"),
        ("prop:r<abc", 7, "needs a number"),
        ("prop:r<inf", 7, "finite"),
        ("prop:due<1.5", 9, "whole number"),
        ('prop:"r<abc"', 8, "needs a number"),
        ("flag:9", 5, "between 0 and 7"),
        ("flag:x", 5, "whole number"),
        ("OR a", 0, "both sides"),
        ("a OR", 2, "both sides"),
        ("a OR OR b", 2, "both sides"),
        ("a AND", 2, "both sides"),
        ("-", 0, "nothing to negate"),
        ("a -", 2, "nothing to negate"),
        ("-)", 0, "nothing to negate"),
        ('"abc', 0, "never closed"),
        ('x "abc', 2, "never closed"),
        ("a\\", 1, "backslash"),
        ("foo:bar", 0, "unknown filter"),
        ("deck:", 5, "needs a name"),
        ("tag:", 4, "needs a name"),
        ("rated:0", 6, "between 1 and"),
        ("rated:x", 6, "whole number"),
        ("rated:3:7", 8, "between 1 and 4"),
        ("rated:3:", 8, "whole number"),
        ("added:0", 6, "between 1 and"),
        ("cid:1,x", 6, "whole number"),
    ],
)
def test_errors_point_at_the_offending_character(query: str, position: int, words: str) -> None:
    with pytest.raises(SearchError) as info:
        parse(query)
    error = info.value
    assert error.position == position, str(error)
    assert words in str(error)
    assert f"(at character {position + 1})" in str(error)
    assert error.caret().splitlines() == [query, " " * position + "^"]


def test_walk_visits_every_node() -> None:
    nodes = walk(parse("-(a OR deck:x) b"))
    kinds = [type(n).__name__ for n in nodes]
    assert kinds == ["And", "Not", "Or", "TextSearch", "DeckSearch", "TextSearch"]
