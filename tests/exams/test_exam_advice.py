"""The workload simulator's advice before an exam: the lowest-workload desired retention whose
exam-day recall reaches the target, or 'none does' (issue 18, item 9)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pmstudy.domain.exam import exam_retention_advice
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling import CardArrays, LearnerProfile, WorkloadSetup
from pmstudy.services.container import Services
from tests.conftest import run_cli


def _empty() -> CardArrays:
    none = np.zeros(0)
    ints = np.zeros(0, dtype=np.int64)
    return CardArrays(ints, ints, none, none, none, none, ints)


def test_the_advice_is_the_cheapest_retention_that_reaches_the_target() -> None:
    setup = WorkloadSetup(days=40, new_per_day=20, new_cards=300, learner=LearnerProfile(), seed=3)
    advice = exam_retention_advice(_empty(), Preset(), setup, exam_t=40.4, target=0.85)
    assert advice.reached
    reaching = [i for i, r in enumerate(advice.recall) if r >= 0.85]
    assert advice.best == advice.grid[min(reaching, key=lambda i: advice.minutes[i])]
    assert advice.best_recall >= 0.85
    # a higher retention costs more and remembers more on exam day (the grid's two ends)
    assert advice.minutes[-1] > advice.minutes[0]
    assert advice.recall[-1] > advice.recall[0]
    # a target no retention reaches: said so, and the closest one named
    short = WorkloadSetup(days=10, new_per_day=20, new_cards=300, learner=LearnerProfile(), seed=3)
    out_of_reach = exam_retention_advice(_empty(), Preset(), short, exam_t=10.4, target=0.9)
    assert not out_of_reach.reached  # 200 of 300 cards introduced: at most two thirds
    assert out_of_reach.best_recall == max(out_of_reach.recall)


def test_the_simulator_advises_for_the_exam_the_deck_serves(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = services.workload.project(days=30, retention=0.9, deck="Scrum")
    assert plain.exam is None
    assert plain.exam_advice is None
    goal = services.exams.add("psm-1", "2027-01-21")
    report = services.workload.project(days=30, retention=0.9, deck="Scrum")
    assert report.exam == ("psm-1", goal.id)
    assert report.exam_advice is not None
    assert report.exam_advice.exam_days == 60
    assert report.exam_advice.target == pytest.approx(0.9)
    data = report.as_dict()
    assert data["exam"] is not None
    assert data["new_per_day"] == 16  # the plan's number for today


@pytest.mark.usefixtures("env")
def test_cli_simulate_says_the_exam_advice(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "exam", "add", "psm-1", "--date", "2027-01-21")[0] == 0
    code, out, _ = run_cli(capsys, "simulate", "--deck", "Scrum", "--days", "30")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("advice for the exam:"))
    assert "psm-1 in 60 day(s), target 90% recall on exam day" in line
    code, out, _ = run_cli(capsys, "simulate", "--deck", "Scrum", "--days", "30", "--json")
    exam = json.loads(out)["exam"]
    assert exam["profile"] == "psm-1"
    assert 0.7 <= exam["advice"]["best_retention"] <= 0.95
