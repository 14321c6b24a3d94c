"""The plan drives the day: the plan's new cards for today, the deck counts, the study queue
and the workload simulator's first day agree on one collection and day (issue 18, item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from pmstudy.clock import FixedClock
from pmstudy.domain.cards import ImportOptions
from pmstudy.domain.deck_tree import DeckNode, today_counts
from pmstudy.domain.exam import NewFrom
from pmstudy.domain.model import Rating
from pmstudy.services.container import Services
from tests.conftest import run_cli

KEPT_NEW = 230  # 230 new cards over the 46 days before a 14-day buffer: 5 a day


def _scrum(services: Services) -> DeckNode:
    return next(n for n in services.study.deck_tree() if n.name == "Scrum")


def _keep_new(services: Services, count: int) -> None:
    """Suspend all but ``count`` of the deck's cards (the plan counts the others out)."""
    with services.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE cards SET suspended = 1 WHERE id NOT IN "
                "(SELECT id FROM cards ORDER BY position, note_id, ord LIMIT :n)"
            ),
            {"n": count},
        )


def test_psm_in_60_days_the_plan_the_queue_and_the_deck_agree(
    services: Services, clock: FixedClock
) -> None:
    _keep_new(services, KEPT_NEW)
    before = _scrum(services)
    assert before.counts.new == 20  # the issue: the preset's 20
    assert before.new_limit is not None
    assert before.new_limit.source == NewFrom.PRESET
    goal = services.exams.add("psm-1", "2027-01-21")  # 60 days ahead
    report = services.exams.report(goal.id)
    assert report.plan is not None
    assert report.plan.new_per_day == 5
    assert report.progress.new_target == 5
    assert report.plan.days[0].new == 5  # the simulation's first day
    node = _scrum(services)
    assert node.counts.new == 5
    assert node.new_limit is not None
    assert (node.new_limit.source, node.new_limit.total) == (NewFrom.PLAN, 5)
    session = services.study.start(node.id)
    assert session.counts().new == 5
    # the workload simulator for the deck starts from the same number
    workload = services.workload.project(days=30, retention=0.9, deck="Scrum", advice=False)
    assert workload.result.new[0] == 5
    # two new cards studied: the plan's number holds, three are left everywhere
    studied = 0
    while studied < 2 and (card := session.next_card()) is not None:
        was_new = card.memory.reps == 0
        session.answer(Rating.GOOD, duration_ms=4000)
        studied += was_new
    clock.advance(seconds=61)  # the next minute: the report with the plan is computed again
    again = services.exams.report(goal.id)
    assert (again.progress.new_target, again.progress.new_done) == (5, 2)
    assert _scrum(services).counts.new == 3
    assert services.study.start(node.id).counts().new == 3


def test_two_top_level_decks_of_one_plan_share_its_number_in_todays_total(
    services: Services, tmp_path: Path
) -> None:
    _keep_new(services, KEPT_NEW)
    path = tmp_path / "extra.tsv"
    path.write_text("".join(f"extra question {i}?\tanswer {i}\n" for i in range(40)), "utf-8")
    services.imports.import_file(path, ImportOptions(deck="Extra"))
    goal = services.exams.add("psm-1", "2027-01-21")
    services.exams.link(goal.id, ["Extra"])
    nodes = services.study.deck_tree()
    shown = {n.name: n.counts.new for n in nodes if n.depth == 0}
    budget = next(n.plan_left for n in nodes if n.name == "Scrum")
    assert budget is not None
    assert shown == {"Scrum": budget, "Extra": budget}  # each offers what is left of the plan
    assert today_counts(nodes).new == budget  # but the day holds the plan's number once


def test_today_only_overrides_the_plan_visibly_and_lapses(
    services: Services, clock: FixedClock
) -> None:
    _keep_new(services, KEPT_NEW)
    goal = services.exams.add("psm-1", "2027-01-21")
    services.study.set_new_limit_today("Scrum", 12)
    node = _scrum(services)
    assert node.new_limit is not None
    assert (node.new_limit.source, node.counts.new) == (NewFrom.TODAY, 12)
    assert services.study.start(node.id).counts().new == 12
    clock.advance(days=1)  # another study day: the plan's number again (230 over 45 days)
    planned = services.exams.report(goal.id).progress.new_target
    assert planned == 6
    node = _scrum(services)
    assert node.new_limit is not None
    assert (node.new_limit.source, node.counts.new) == (NewFrom.PLAN, planned)
    services.study.set_new_limit_today("Scrum", 0)
    assert _scrum(services).counts.new == 0
    services.study.set_new_limit_today("Scrum", None)
    assert _scrum(services).counts.new == planned


def test_the_goal_option_hands_the_day_back_to_the_preset(services: Services) -> None:
    _keep_new(services, KEPT_NEW)
    goal = services.exams.add("psm-1", "2027-01-21", plan_sets_new=False)
    node = _scrum(services)
    assert node.new_limit is not None
    assert (node.new_limit.source, node.counts.new) == (NewFrom.PRESET, 20)
    services.exams.set_options(goal.id, final_pass_days=None, plan_sets_new=True)
    assert _scrum(services).counts.new == 5


@pytest.mark.usefixtures("env")
def test_cli_sets_and_shows_where_the_number_comes_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_cli(capsys, "exam", "add", "psm-1", "--date", "2027-01-21")[0] == 0
    code, out, _ = run_cli(capsys, "decks", "--json")
    scrum = next(d for d in json.loads(out) if d["name"] == "Scrum")
    assert (scrum["new"], scrum["new_from"], scrum["new_limit"]) == (16, "plan", 16)
    code, out, _ = run_cli(capsys, "decks")
    assert out.splitlines()[1].split()[-1] == "plan"
    code, out, _ = run_cli(capsys, "deck", "limit", "Scrum", "--new", "30", "--today")
    assert code == 0
    assert out.strip() == "Scrum: 30 new today (your number for today), 30 left to study"
    code, out, _ = run_cli(capsys, "decks", "--json")
    scrum = next(d for d in json.loads(out) if d["name"] == "Scrum")
    assert (scrum["new"], scrum["new_from"]) == (30, "today")
    code, out, err = run_cli(capsys, "deck", "limit", "Scrum", "--new", "30")
    assert code != 0
    assert "add --today" in err
    code, out, _ = run_cli(capsys, "deck", "limit", "Scrum", "--plan")
    assert "16 new today (the exam plan's number)" in out
    code, out, _ = run_cli(capsys, "exam", "edit", "1", "--no-plan-limit")
    assert "the decks' presets set today's new cards" in out
    code, out, _ = run_cli(capsys, "decks")
    assert out.splitlines()[1].split()[:2] == ["Scrum", "20"]
    assert out.splitlines()[1].split()[-1] == "preset"
    code, out, err = run_cli(capsys, "deck", "limit", "Nope", "--plan")
    assert code != 0
    assert "no deck named 'Nope'" in err


def test_a_break_today_gives_no_new_cards_in_the_plan_nor_the_deck(services: Services) -> None:
    _keep_new(services, KEPT_NEW)
    goal = services.exams.add("psm-1", "2027-01-21")
    today = services.days.day_of(services.clock.now())
    services.calendar.set_days([today], 0.0)
    report = services.exams.report(goal.id)
    assert report.progress.new_target == 0
    node = _scrum(services)
    assert node.new_limit is not None
    assert (node.new_limit.source, node.counts.new) == (NewFrom.PLAN, 0)
    assert services.study.start(node.id).counts().new == 0
