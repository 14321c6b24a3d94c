"""A learner's own deck on an exam: its cards count once mapped (tagged
``exam::<profile>::<domain>[::<task>]``); until then the report lists them per linked deck;
cards marked ``exam::<profile>::not-on-exam`` leave that list and count for no domain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmstudy.commands.exam_printers import classify_command, print_coverage
from pmstudy.domain.cards import ImportOptions
from pmstudy.domain.exam import (
    ABOUT_THE_EXAM,
    NOT_ON_EXAM,
    CardTags,
    Groups,
    membership,
    set_aside,
    unmapped,
)
from pmstudy.services.container import Services
from pmstudy.services.exams import coverage_from_tags
from pmstudy.services.session_summary import domains_of
from tests.conftest import run_cli
from tests.domain.exam.test_readiness_report import SPEC

EXAM = "pmp-2026"
PEOPLE_T1 = "exam::pmp-2026::people::t1"
NOT_ON = "exam::pmp-2026::not-on-exam"

# One tuple per card of the demo exam (domains a and b).
TAGS = [
    ("exam::demo::a::t1",),
    ("exam::demo::not-on-exam",),
    ("exam::demo::not-on-exam", "exam::demo::b"),  # said to be off the exam: no domain
    ("exam::demo::about-the-exam", "exam::demo::not-on-exam"),  # about wins
    ("exam::other::not-on-exam", "exam::demo::b"),  # another exam's mark changes nothing
    ("exam::demo::unknown-domain",),
    ("topic::x",),
]


def test_set_aside_and_unmapped() -> None:
    assert set_aside(("exam::demo::not-on-exam", "topic::x"), "demo") == NOT_ON_EXAM
    assert set_aside(("exam::demo::not-on-exam", "exam::demo::about-the-exam"), "demo") == (
        ABOUT_THE_EXAM
    )
    assert set_aside(("exam::other::not-on-exam",), "demo") is None
    assert set_aside(("exam::demo::not-on-exam::t1",), "demo") is None
    domains = ("a", "b")
    assert unmapped(("topic::x",), "demo", domains)
    assert unmapped(("exam::demo::unknown-domain",), "demo", domains)
    assert unmapped(("exam::other::a",), "demo", domains)
    assert not unmapped(("exam::demo::a::t9",), "demo", domains)
    assert not unmapped(("exam::demo::not-on-exam",), "demo", domains)
    assert not unmapped(("exam::demo::about-the-exam",), "demo", domains)


def test_the_session_summary_names_no_domain_for_the_mark() -> None:
    assert domains_of(("exam::demo::not-on-exam", "exam::demo::a::t1")) == (("demo", "a"),)
    assert domains_of(("exam::demo::not-on-exam",)) == ()


def test_membership_counts_not_on_exam_cards_apart() -> None:
    member = membership(CardTags.of(TAGS), "demo", Groups.of(SPEC))
    pairs = sorted(zip(member.domain_cards.tolist(), member.domain_groups.tolist(), strict=True))
    assert pairs == [(0, 0), (4, 1)]
    assert member.not_on_exam == 2  # cards 1 and 2
    assert member.not_examined == 1  # card 3
    assert member.untagged == 2  # cards 5 and 6: unmapped


def test_coverage_counts_not_on_exam_cards_apart(capsys: pytest.CaptureFixture[str]) -> None:
    coverage = coverage_from_tags(SPEC, [(tags, 3) for tags in TAGS])
    assert [d.cards for d in coverage.domains] == [3, 3]
    assert coverage.not_on_exam == 6
    assert coverage.not_examined == 3
    assert coverage.as_dict()["not_on_exam"] == 6
    print_coverage(coverage)
    assert "6 marked not on this exam (not counted)" in capsys.readouterr().out


def _import(services: Services, tmp_path: Path, deck: str, count: int) -> list[int]:
    """A tab-separated export with ``count`` untagged notes into ``deck``; its card ids."""
    path = tmp_path / f"{deck.replace(':', '_')}.tsv"
    path.write_text(
        "".join(f"{deck} question {i}?\t{deck} answer {i}\n" for i in range(count)),
        encoding="utf-8",
    )
    services.imports.import_file(path, ImportOptions(deck=deck))
    found = services.browser.search(f'"deck:{deck}" -"deck:{deck}::*"')
    assert len(found.ids) == count
    return list(found.ids)


def _domain_cards(services: Services) -> dict[str, int]:
    return {d.id: d.cards for d in services.exams.report(with_plan=False).readiness.domains}


def _unmapped(services: Services) -> list[tuple[str, int]]:
    return [(u.deck, u.cards) for u in services.exams.report(with_plan=False).unmapped]


def test_mapped_cards_count_and_the_unmapped_list_shrinks(
    services: Services, tmp_path: Path
) -> None:
    quiz = _import(services, tmp_path, "Quiz", 12)
    flash = _import(services, tmp_path, "Flash", 6)
    extra = _import(services, tmp_path, "Flash::Extra", 4)
    services.exams.add(EXAM, "2027-01-10", decks=["Quiz", "Flash"], exam_mode=False)
    coverage_before = services.exams.coverage(EXAM)

    before = services.exams.report(with_plan=False)
    assert sum(d.cards for d in before.readiness.domains) == 0
    assert before.readiness.untagged == 22
    # a sub-deck's cards count for the linked deck above it
    assert _unmapped(services) == [("Flash", 10), ("Quiz", 12)]
    assert [(u.deck, u.cards) for u in coverage_before.unmapped] == [("Flash", 10), ("Quiz", 12)]

    # the browser's bulk add-tag, as a learner would map them by hand
    services.browser.add_tags(quiz[:5], [PEOPLE_T1])
    services.browser.add_tags(extra, ["exam::pmp-2026::process"])
    report = services.exams.report(with_plan=False)
    assert _domain_cards(services) == {"people": 5, "process": 4, "business-environment": 0}
    people = next(t for t in report.readiness.tasks if (t.domain_id, t.task_id) == ("people", "t1"))
    assert people.cards == 5
    assert report.readiness.untagged == 13
    assert _unmapped(services) == [("Flash", 6), ("Quiz", 7)]
    coverage = services.exams.coverage(EXAM)
    gained = {
        d.id: d.cards - b.cards
        for d, b in zip(coverage.domains, coverage_before.domains, strict=True)
    }
    assert gained == {"people": 5, "process": 4, "business-environment": 0}
    assert [(u.deck, u.cards) for u in coverage.unmapped] == [("Flash", 6), ("Quiz", 7)]

    services.browser.add_tags(quiz[5:] + flash, [PEOPLE_T1])
    assert _unmapped(services) == []
    assert _domain_cards(services)["people"] == 18
    assert services.exams.coverage(EXAM).unmapped == ()


def test_not_on_exam_cards_leave_the_list_and_count_for_no_domain(
    services: Services, tmp_path: Path
) -> None:
    quiz = _import(services, tmp_path, "Quiz", 8)
    services.exams.add(EXAM, "2027-01-10", decks=["Quiz"], exam_mode=False)
    services.browser.add_tags(quiz[:2], [PEOPLE_T1])
    assert _unmapped(services) == [("Quiz", 6)]

    services.browser.add_tags(quiz[2:], [NOT_ON])
    report = services.exams.report(with_plan=False)
    assert report.unmapped == ()
    assert report.readiness.untagged == 0
    assert report.readiness.not_on_exam == 6
    assert _domain_cards(services) == {"people": 2, "process": 0, "business-environment": 0}
    data = report.readiness_dict()
    assert (data["unmapped"], data["not_on_exam_cards"]) == ([], 6)
    coverage = services.exams.coverage(EXAM)
    assert (coverage.not_on_exam, coverage.unmapped) == (6, ())

    # a card marked not on the exam counts for no domain, even with a domain tag beside
    services.browser.add_tags(quiz[:1], [NOT_ON])
    assert _domain_cards(services)["people"] == 1


def test_classify_command_quotes_deck_names() -> None:
    assert classify_command("Quiz", EXAM) == "pmstudy classify --deck Quiz --exam pmp-2026"
    assert classify_command("PMP Questions", EXAM) == (
        'pmstudy classify --deck "PMP Questions" --exam pmp-2026'
    )
    assert classify_command('Say "$HOME"', EXAM) == (
        "pmstudy classify --deck 'Say \"$HOME\"' --exam pmp-2026"
    )


def test_cli_lists_unmapped_cards_per_deck(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.tsv"
    export.write_text("".join(f"q{i}\ta{i}\n" for i in range(5)), encoding="utf-8")
    assert run_cli(capsys, "import", str(export), "--deck", "PMP Questions")[0] == 0
    assert (
        run_cli(capsys, "exam", "add", EXAM, "--date", "2027-02-05", "--deck", "PMP Questions")[0]
        == 0
    )

    code, out, err = run_cli(capsys, "readiness")
    assert (code, err) == (0, "")
    line = (
        "PMP Questions: 5 cards not on the blueprint yet — map them: "
        'pmstudy classify --deck "PMP Questions" --exam pmp-2026'
    )
    assert line in out.splitlines()
    # every linked card unmapped: what is missing, not a figure
    assert "Readiness today   no number yet: no linked card is on the pmp-2026 blueprint" in out
    assert "%" not in out.split("Readiness today", 1)[1].splitlines()[0]

    code, out, _ = run_cli(capsys, "readiness", "--json")
    assert json.loads(out)["unmapped"] == [{"deck": "PMP Questions", "cards": 5}]
    code, out, _ = run_cli(capsys, "coverage", "--exam", EXAM, "--json")
    assert json.loads(out)["unmapped"] == [{"deck": "PMP Questions", "cards": 5}]
    code, out, _ = run_cli(capsys, "coverage", "--exam", EXAM)
    assert line in out.splitlines()
