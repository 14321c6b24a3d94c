"""Cards about the exam itself (``exam::<profile>::about-the-exam``) serve no domain."""

from __future__ import annotations

import pytest

from pmstudy.commands.exam_printers import print_coverage
from pmstudy.decks.check import load_profiles
from pmstudy.decks.format import DeckFile
from pmstudy.decks.loader import iter_deck_files, parse_model, read_text
from pmstudy.domain.exam import (
    CardTags,
    Groups,
    about_exam,
    about_exam_tag,
    exam_tag,
    is_about_exam,
    membership,
)
from pmstudy.resources import decks_dir, profiles_dir
from pmstudy.services.exams import coverage_from_tags, spec_from_profile
from tests.domain.exam.test_readiness_report import SPEC

# One tuple per card: two ordinary cards, then cards about the exam.
TAGS = [
    ("exam::demo::a::t1",),
    ("exam::demo::b",),
    ("exam::demo::about-the-exam",),
    ("exam::demo::about-the-exam", "exam::demo::a::t1", "exam::demo::b"),
    ("exam::other::about-the-exam", "exam::demo::b"),
    ("exam::other::about-the-exam",),
    ("topic::x",),
]


def test_the_reserved_tag() -> None:
    assert about_exam_tag("pmp-2026") == "exam::pmp-2026::about-the-exam"
    assert about_exam("exam::pmp-2026::about-the-exam") == "pmp-2026"
    assert is_about_exam("exam::pmp-2026::about-the-exam", "pmp-2026")
    assert not is_about_exam("exam::pmp-2026::about-the-exam", "capm")
    assert not is_about_exam("exam::pmp-2026::people", "pmp-2026")
    for other in ("exam::pmp-2026::about-the-exam::t1", "exam::::about-the-exam", "topic::x"):
        assert about_exam(other) is None
    # It names no domain, so the domain parsers (stats, coverage) pass it by.
    assert exam_tag("exam::pmp-2026::about-the-exam") is None


def test_membership_sets_about_cards_apart() -> None:
    member = membership(CardTags.of(TAGS), "demo", Groups.of(SPEC))
    pairs = sorted(zip(member.domain_cards.tolist(), member.domain_groups.tolist(), strict=True))
    # Cards 2 and 3 are about the exam: no domain, even card 3 with its domain tags; another
    # exam's about tag changes nothing for this one (card 4 still serves b).
    assert pairs == [(0, 0), (1, 1), (4, 1)]
    assert member.task_cards.tolist() == [0]
    assert member.not_examined == 2
    assert member.untagged == 2  # cards 5 and 6


def test_membership_for_the_other_exam() -> None:
    # The same domains read for exam "other": only its own about tag counts.
    member = membership(CardTags.of(TAGS), "other", Groups.of(SPEC))
    assert member.domain_cards.size == 0
    assert member.not_examined == 2
    assert member.untagged == 5


def test_coverage_counts_about_cards_separately(capsys: pytest.CaptureFixture[str]) -> None:
    counts = [(tags, 2) for tags in TAGS]
    coverage = coverage_from_tags(SPEC, counts)
    assert coverage.cards == 6  # cards 0, 1 and 4, two each
    assert [d.cards for d in coverage.domains] == [2, 4]
    assert coverage.not_examined == 4
    assert coverage.as_dict()["not_examined"] == 4
    print_coverage(coverage)
    assert "4 cards about the exam itself (not counted)" in capsys.readouterr().out


def _bundled() -> list[DeckFile]:
    return [parse_model(read_text(p), str(p), DeckFile) for p in iter_deck_files(decks_dir())]


def test_no_bundled_exam_facts_card_counts_for_a_domain() -> None:
    profiles = load_profiles(profiles_dir())
    checked = 0
    for deck in _bundled():
        facts = [
            c
            for c in deck.cards
            # prince2's cards on its exams carry topic::exam; the others topic::exam-facts[::x]
            if any(t.startswith("topic::exam-facts") or t == "topic::exam" for t in c.tags)
        ]
        tags = CardTags.of([tuple(c.tags) for c in facts])
        for exam in deck.exams:
            member = membership(tags, exam, Groups.of(spec_from_profile(profiles[exam])))
            assert member.domain_cards.size == 0, (deck.id, exam)
        assert all(any(about_exam(t) for t in c.tags) for c in facts), deck.id
        checked += len(facts)
    assert checked == 116
