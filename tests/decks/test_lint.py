"""``deck lint``: every measure fires on the give-away it names and stays quiet on a good item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmstudy.decks.check import load_profiles
from pmstudy.decks.lint import DeckLint, Thresholds, lint_files
from pmstudy.resources import profiles_dir
from tests.conftest import run_cli

HEADER = """schema_version = 1
id = "{id}"
name = "Lint {id}"
exams = ["psm-1"]

[[sources]]
key = "SG"
title = "The Scrum Guide 2020"
"""

TAG = 'tags = ["exam::psm-1::framework"]\nsource = "SG §Events"'


def choice(card_id: str, stem: str, options: list[tuple[str, bool]], why: str = "") -> str:
    """A multiple-choice card in deck-file TOML; ``why`` defaults to a teaching reason."""
    text = f'\n[[cards]]\nid = "{card_id}"\ntype = "multiple_choice"\nstem = "{stem}"\n{TAG}\n'
    for option, right in options:
        reason = why or ("It keeps the event inside its timebox." if right else "It runs long.")
        text += f'\n[[cards.options]]\ntext = "{option}"\ncorrect = {str(right).lower()}\n'
        text += f'why = "{reason}"\n'
    return text


def basic(card_id: str, front: str, back: str) -> str:
    return f'\n[[cards]]\nid = "{card_id}"\nfront = "{front}"\nback = """{back}"""\n{TAG}\n'


# Four plausible options of similar length, the key in each place in turn.
GOOD_OPTIONS = [
    "Hold it at the same time and place each day",
    "Move it to the afternoon for the stakeholders",
    "Let the Scrum Master run it as a status meeting",
    "Skip it on days when the board looks fine",
]
SETTINGS = ["a bank", "a hospital", "a game studio", "a city council", "a brewery"]


def good_items(count: int) -> str:
    text = ""
    for n in range(count):
        options = [(o, i == n % 4) for i, o in enumerate(GOOD_OPTIONS)]
        where = SETTINGS[n % 5]
        # distinct words per item, so that no two items are near-duplicates
        case = " ".join(f"{word}{n}" for word in ("client", "product", "release", "office"))
        stem = f"At {where} ({case}), how should the Daily Scrum run?"
        text += choice(f"good-{n}", stem, options)
    return text


def lint(tmp_path: Path, body: str, deck_id: str = "deck", **limits: int) -> DeckLint:
    path = tmp_path / f"{deck_id}.toml"
    path.write_text(HEADER.format(id=deck_id) + body)
    return lint_files([path], load_profiles(profiles_dir()), Thresholds(**limits))[0]  # type: ignore[arg-type]


def measure(report: DeckLint, rule: str) -> tuple[float, bool]:
    found = next(m for m in report.measures if m.rule == rule)
    return found.value, found.passed


def rules(report: DeckLint) -> set[tuple[str, str]]:
    return {(f.card_id, f.rule) for f in report.findings}


def test_a_well_made_deck_passes_every_measure(tmp_path: Path) -> None:
    report = lint(tmp_path, good_items(24))
    assert report.passed, [m for m in report.measures if not m.passed]
    assert report.findings == []
    assert measure(report, "position") == (0.25, True)


def test_the_longest_option_as_key_is_measured_over_single_answer_items(tmp_path: Path) -> None:
    body = good_items(4) + choice(
        "long",
        "Who orders the Product Backlog?",
        [
            ("The Product Owner, who may delegate the work but stays accountable", True),
            ("The Developers, who size each item", False),
            ("The Scrum Master, who serves the team", False),
            ("The stakeholders, who fund the product", False),
        ],
    )
    report = lint(tmp_path, body)
    value, passed = measure(report, "longest-key")
    assert value == pytest.approx(2 / 5)
    assert not passed
    assert ("long", "key-length") in rules(report)


def test_the_shortest_option_as_key_is_a_give_away_too(tmp_path: Path) -> None:
    body = ""
    for n in range(4):
        body += choice(
            f"short-{n}",
            f"Case {n} at {SETTINGS[n]}: who orders the Product Backlog?",
            [
                ("The Product Owner", True),
                ("The Developers, who size each item in refinement", False),
                ("The Scrum Master, who facilitates every event", False),
                ("The stakeholders, who fund and use the product", False),
            ],
        )
    report = lint(tmp_path, body + good_items(4))
    # the four good items take each place in turn: one of them has the shortest key
    assert measure(report, "shortest-key") == (pytest.approx(5 / 8), False)
    assert measure(report, "longest-key")[1]


def test_wrong_options_that_argue_for_themselves_are_a_cue(tmp_path: Path) -> None:
    argued = choice(
        "argued",
        "The sponsor asks to drop a Sprint Review. What should the Scrum Master do?",
        [
            ("Explain what the review is for and keep it", True),
            ("Drop it this once, since the sponsor asked", False),
            ("Shorten it to fifteen minutes because time is short", False),
            ("Replace it with an email summary of the increment", False),
        ],
    )
    both = argued.replace('id = "argued"', 'id = "both"').replace(
        "and keep it", "and keep it, since it inspects the increment"
    )
    both = both.replace("The sponsor asks", "This time the sponsor asks")
    report = lint(tmp_path, good_items(4) + argued + both)
    assert measure(report, "rationale-cue") == (pytest.approx(1 / 6), False)


def test_keys_always_in_one_place_fail_the_position_balance(tmp_path: Path) -> None:
    items = []
    for n in range(20):
        options = [(o, i == 0) for i, o in enumerate(GOOD_OPTIONS)]
        items.append(
            choice(f"first-{n}", f"Case {n} at {SETTINGS[n % 5]} number {n * 31}?", options)
        )
    value, passed = measure(lint(tmp_path, "".join(items)), "position")
    assert value == 1.0
    assert not passed
    # Below twenty four-option items the balance is reported, not judged.
    value, passed = measure(lint(tmp_path, "".join(items[:19])), "position")
    assert value == 1.0
    assert passed


def test_strawman_distractors_and_circular_explanations_are_named(tmp_path: Path) -> None:
    body = good_items(8) + choice(
        "straw",
        "A developer misses the Daily Scrum twice. What should the Scrum Master do first?",
        [
            ("Ask the developer what is getting in the way", True),
            ("Ignore it because attendance is their own business", False),
            ("Raise it at the next Sprint Retrospective", False),
            ("Move the event to a time that suits everyone", False),
        ],
    )
    body += choice(
        "circle",
        "Which event inspects progress toward the Sprint Goal every working day?",
        [("Daily Scrum", True), ("Sprint Review", False), ("Sprint Planning", False)],
        why="This is an enabler of task 3 in the framework domain.",
    )
    report = lint(tmp_path, body)
    found = {(f.card_id, f.rule): f.message for f in report.findings}
    assert "'Ignore'" in found[("straw", "strawman")]
    assert "enabler" in found[("circle", "circular")]
    assert measure(report, "strawman") == (pytest.approx(1 / 10), False)
    assert measure(report, "circular") == (1, False)


def test_a_prompt_that_gives_its_answer_away(tmp_path: Path) -> None:
    body = good_items(40) + basic(
        "echo", "Is the Sprint Goal set in Sprint Planning?", "Sprint Planning"
    )
    body += choice(
        "stem-echo",
        "Which principle makes the board stop a project that no longer has continued business "
        "justification?",
        [
            ("Continued business justification", True),
            ("Manage by exception", False),
            ("Focus on products", False),
            ("Learn from experience", False),
        ],
    )
    report = lint(tmp_path, body)
    found = {(f.card_id, f.rule): f.message for f in report.findings}
    assert "'Sprint Planning'" in found[("echo", "answer-in-prompt")]
    assert "continued business justification" in found[("stem-echo", "answer-in-prompt")]
    assert measure(report, "answer-in-prompt")[1]  # 2 of 42 cards: under 5 %


def test_long_lists_identical_and_near_duplicate_prompts(tmp_path: Path) -> None:
    seven = "\n".join(f"- item {n}" for n in range(7))
    body = basic("list", "What are the seven steps?", seven)
    body += basic("six", "What are the six steps?", "a; b; c; d; e; f")
    body += basic(
        "names",
        "Which are the knowledge areas?",
        "Integration, Scope, Schedule, Cost, Quality, Resource, Risk and Stakeholder",
    )
    body += basic(
        "prose",
        "Why control changes?",
        "So that every change is recorded, its impact on scope, schedule, cost and risk is "
        "assessed, and an authorised person decides before any baseline is changed.",
    )
    body += basic("same-a", "What is the longest a Sprint may last?", "One month")
    body += basic("same-b", "What is the longest a Sprint may last?", "Four weeks at most")
    body += basic(
        "near-a",
        "Who is accountable for ordering the Product Backlog items by value?",
        "The Product Owner",
    )
    body += basic(
        "near-b",
        "Who is accountable for ordering Product Backlog items by value?",
        "The Product Owner alone",
    )
    # a recall card and an exam item on one fact are a pair by design, not duplicates
    body += choice(
        "near-item",
        "Who is accountable for ordering the Product Backlog items by value?",
        [("The Product Owner", True), ("The Developers", False), ("The Scrum Master", False)],
    )
    report = lint(tmp_path, body)
    assert ("near-item", "near-duplicate") not in rules(report)
    assert ("list", "long-list") in rules(report)
    assert ("six", "long-list") not in rules(report)
    assert ("names", "long-list") in rules(report)
    assert ("prose", "long-list") not in rules(report)
    assert ("same-b", "identical-prompt") in rules(report)
    assert ("near-b", "near-duplicate") in rules(report)
    assert not report.passed


def test_near_duplicates_across_decks_are_a_share_of_each_deck(tmp_path: Path) -> None:
    card = basic("twin", "Who is accountable for ordering the Product Backlog by value?", "The PO")
    (tmp_path / "other.toml").write_text(HEADER.format(id="other") + card)
    (tmp_path / "mine.toml").write_text(HEADER.format(id="mine") + card + good_items(3))
    profiles = load_profiles(profiles_dir())
    paths = [tmp_path / "mine.toml", tmp_path / "other.toml"]
    mine = lint_files(paths, profiles, Thresholds(near_across=0.2))[0]
    assert measure(mine, "near-duplicate-across") == (pytest.approx(1 / 4), False)
    assert measure(mine, "near-duplicate") == (0, True)


def test_exam_items_per_task_and_the_minimum(tmp_path: Path) -> None:
    report = lint(tmp_path, good_items(3), min_per_task=2)
    assert report.per_task["psm-1::framework"] == 3
    thin = [k for k, v in report.per_task.items() if v == 0]
    assert thin  # the other PSM I domains have no item here
    found = next(m for m in report.measures if m.rule == "per-task")
    assert not found.passed
    assert thin[0].split("::", 1)[1] in found.detail


def test_cli_exit_status_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.toml"
    good.write_text(HEADER.format(id="good") + good_items(24))
    code, out, _ = run_cli(capsys, "deck", "lint", str(good))
    assert code == 0
    assert "1 deck(s) pass" in out
    bad = tmp_path / "bad.toml"
    bad.write_text(
        HEADER.format(id="bad") + basic("b", "What is in the Sprint?", "\n".join("abcdefgh"))
    )
    code, out, _ = run_cli(capsys, "deck", "lint", str(good), str(bad), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["passed"] is False
    assert [d["passed"] for d in data["decks"]] == [True, False]
    assert data["decks"][1]["findings"][0]["rule"] == "long-list"
    assert data["decks"][1]["findings"][0]["line"] == 10


def test_cli_invalid_file_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('schema_version = 1\nid = "b"\nname = "B"\n\n[[cards]]\nid = "x"\n')
    code, _, err = run_cli(capsys, "deck", "lint", str(broken))
    assert code == 1
    assert f"{broken}:5:" in err
    assert "Traceback" not in err


def test_every_bundled_deck_passes_with_few_near_copies_across_decks() -> None:
    from pmstudy.resources import decks_dir

    paths = sorted(decks_dir().glob("*.toml"))
    reports = lint_files(paths, load_profiles(profiles_dir()), Thresholds(near_across=0.05))
    failing = {r.deck_id: [m.rule for m in r.measures if not m.passed] for r in reports}
    assert len(reports) == 6
    assert not any(failing.values()), failing
