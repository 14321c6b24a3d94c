"""The deck checker and the about-the-exam tag: where it is valid, and never beside a domain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pmstudy.decks.check import check_files, load_profiles
from pmstudy.decks.profile_format import DomainSpec
from pmstudy.resources import profiles_dir

DECK = """schema_version = 1
id = "about"
name = "About"
exams = ["psm-1"]
"""


def _problems(tmp_path: Path, *tag_lists: list[str]) -> list[str]:
    cards = "".join(
        f'\n[[cards]]\nid = "c{n}"\nfront = "Q{n}"\nback = "A"\ntags = {json.dumps(tags)}\n'
        for n, tags in enumerate(tag_lists)
    )
    path = tmp_path / "about.toml"
    path.write_text(DECK + cards, encoding="utf-8")
    return [p.message for p in check_files([path], load_profiles(profiles_dir()))]


def test_about_tag_alone_or_beside_another_exams_domain_is_clean(tmp_path: Path) -> None:
    assert _problems(tmp_path, ["exam::psm-1::about-the-exam"]) == []
    # About PSM I's exam, teaching CSM content: two exams, no conflict.
    assert _problems(tmp_path, ["exam::psm-1::about-the-exam", "exam::csm::scrum"]) == []


def test_about_tag_beside_its_own_exams_domain_is_an_error(tmp_path: Path) -> None:
    (message,) = _problems(
        tmp_path, ["topic::x", "exam::psm-1::about-the-exam", "exam::psm-1::framework"]
    )
    assert message == (
        "card 'c0': exam::psm-1::about-the-exam marks a card about the exam itself; "
        "drop its psm-1 domain tags (exam::psm-1::framework)"
    )


def test_about_tag_needs_an_exam_the_deck_names(tmp_path: Path) -> None:
    (message,) = _problems(tmp_path, ["exam::csm::about-the-exam"])
    assert "exam tag 'exam::csm::about-the-exam': the deck's exams do not name csm" in message
    (message,) = _problems(tmp_path, ["exam::nope::about-the-exam"])
    assert "unknown exam profile 'nope'" in message


def test_malformed_about_tag(tmp_path: Path) -> None:
    (message,) = _problems(tmp_path, ["exam::psm-1::about-the-exam::t1"])
    assert "is not exam::<profile>::about-the-exam" in message


def test_a_card_needs_a_domain_or_the_about_tag(tmp_path: Path) -> None:
    (message,) = _problems(tmp_path, ["topic::x"])
    assert message.endswith("no exam::<profile>::<domain> or exam::<profile>::about-the-exam tag")


def test_no_profile_may_name_a_domain_about_the_exam() -> None:
    with pytest.raises(ValidationError, match="reserved"):
        DomainSpec(id="about-the-exam", name="About", weight=10)
