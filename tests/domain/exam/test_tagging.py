"""Placing a note on an exam by its tags: the tag of a choice, replacing a profile's tags, and
what a re-import keeps."""

from __future__ import annotations

import pytest

from pmstudy.domain.exam.tagging import (
    exam_tags_of,
    kept_on_reimport,
    placement_tag,
    retagged,
)


def test_placement_tag_with_and_without_task() -> None:
    assert placement_tag("pmp-2026", "people") == "exam::pmp-2026::people"
    assert placement_tag("pmp-2026", "people", "p1") == "exam::pmp-2026::people::p1"
    assert placement_tag("capm", "not-on-exam") == "exam::capm::not-on-exam"


def test_exam_tags_of_one_profile_only() -> None:
    tags = ("leech", "exam::pmp-2026::people::p1", "exam::capm::agile", "exam::pmp-2026x::a")
    assert exam_tags_of(tags, "pmp-2026") == ("exam::pmp-2026::people::p1",)


def test_retagged_replaces_the_profile_and_keeps_every_other_tag() -> None:
    tags = ("b", "exam::pmp-2026::people::p1", "exam::pmp-2026::process", "exam::capm::x", "a")
    assert retagged(tags, "pmp-2026", "exam::pmp-2026::not-on-exam") == (
        "b",
        "exam::capm::x",
        "a",
        "exam::pmp-2026::not-on-exam",
    )


def test_retagged_refuses_a_tag_of_another_profile() -> None:
    with pytest.raises(ValueError, match="capm"):
        retagged(("a",), "capm", "exam::pmp-2026::people")


def test_reimport_keeps_exam_tags_the_package_does_not_set() -> None:
    old = ("old", "exam::pmp-2026::people::p1", "exam::capm::agile")
    assert kept_on_reimport(old, ("new",)) == (
        "new",
        "exam::pmp-2026::people::p1",
        "exam::capm::agile",
    )


def test_reimport_package_tags_win_for_their_profile() -> None:
    old = ("exam::pmp-2026::people::p1", "exam::capm::agile")
    incoming = ("exam::pmp-2026::process::p2",)
    assert kept_on_reimport(old, incoming) == (
        "exam::pmp-2026::process::p2",
        "exam::capm::agile",
    )


def test_reimport_drops_plain_tags_and_keeps_no_duplicate() -> None:
    old = ("plain", "exam::capm::agile")
    assert kept_on_reimport(old, ("exam::capm::agile",)) == ("exam::capm::agile",)
    assert kept_on_reimport((), ()) == ()


def test_reimport_of_a_deck_that_owns_an_exam_drops_its_old_tags_there() -> None:
    old = ("exam::capm::agile", "exam::psm-1::not-on-exam")
    assert kept_on_reimport(old, ("basics",), owned=("capm",)) == (
        "basics",
        "exam::psm-1::not-on-exam",
    )
