"""Closed-form readiness: FSRS recall at the exam, domain means, blueprint weighting."""

from __future__ import annotations

import datetime as dt

import fsrs
import numpy as np
import pytest

from pmstudy.domain.cardtable import CardTable, CardTags, Groups, membership
from pmstudy.domain.exam import ExamDomain, ExamSpec, ExamTask, PassKind, PassRule, exam_tag
from pmstudy.domain.model import CardState, Memory, Preset
from pmstudy.domain.readiness import exam_day_recall, recall_after, summarise
from pmstudy.domain.scheduler import DEFAULT_PARAMETERS, retrievability

EXAM = dt.datetime(2027, 3, 15, 9, tzinfo=dt.UTC)
SPEC = ExamSpec(
    id="demo",
    name="Demo",
    provider="p",
    version="1",
    status="current",
    items_total=10,
    items_scored=10,
    minutes=60,
    options_per_item=4,
    pass_rule=PassRule(PassKind.COUNT, value=6, out_of=10),
    domains=(
        ExamDomain("a", "A", 60.0, (ExamTask("t1", "one"), ExamTask("t2", "two"))),
        ExamDomain("b", "B", 40.0),
    ),
)


def _formula(stability: float, days: float) -> float:
    decay = DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * days / stability) ** -decay)


@pytest.mark.parametrize(
    ("stability", "days"), [(10.0, 10.0), (3.0, 30.0), (50.0, 0.5), (0.5, 2.0), (200.0, 365.0)]
)
def test_recall_matches_the_fsrs_formula(stability: float, days: float) -> None:
    last = EXAM - dt.timedelta(days=days)
    memory = Memory(CardState.REVIEW, None, stability, 5.0, EXAM, last, 3, 0)
    table = CardTable.from_columns(
        [1],
        [2],
        [None],
        [stability],
        [5.0],
        [last.timestamp()],
        [EXAM.timestamp()],
        [False],
        [0],
        [0],
    )
    got = float(exam_day_recall(table, EXAM.timestamp())[0])
    assert got == pytest.approx(_formula(stability, days), rel=1e-12)
    assert got == pytest.approx(retrievability(memory, EXAM, DEFAULT_PARAMETERS), rel=1e-12)
    if days == int(days):  # py-fsrs counts whole days
        card = fsrs.Card(
            state=fsrs.State.Review, stability=stability, difficulty=5.0, last_review=last, due=EXAM
        )
        assert got == pytest.approx(fsrs.Scheduler().get_card_retrievability(card, EXAM))


def test_known_values_and_unseen_cards() -> None:
    assert recall_after(np.array([10.0]), np.array([10.0]), 0.1542)[0] == pytest.approx(0.9)
    assert recall_after(np.array([np.nan, 0.0]), np.array([1.0, 1.0]), 0.1542).tolist() == [0, 0]
    table = CardTable.from_columns(
        [1], [0], [None], [None], [None], [None], [None], [False], [0], [0]
    )
    assert exam_day_recall(table, EXAM.timestamp()).tolist() == [0.0]


def test_each_card_uses_its_own_presets_decay() -> None:
    slow = list(DEFAULT_PARAMETERS)
    slow[20] = 0.5
    presets = (Preset(), Preset(name="other", fsrs_params=tuple(slow)))
    last = (EXAM - dt.timedelta(days=30)).timestamp()
    table = CardTable.from_columns(
        [1, 2],
        [2, 2],
        [None, None],
        [10.0, 10.0],
        [5, 5],
        [last, last],
        [None, None],
        [False, False],
        [0, 1],
        [0, 1],
        presets,
    )
    recall = exam_day_recall(table, EXAM.timestamp())
    assert recall[0] == pytest.approx(_formula(10, 30))
    assert recall[0] != pytest.approx(recall[1])


def test_exam_tags() -> None:
    assert exam_tag("exam::pmp-2026::process::t6") == ("pmp-2026", "process", "t6")
    assert exam_tag("exam::psm-1::framework") == ("psm-1", "framework", None)
    assert exam_tag("topic::x") is None
    assert exam_tag("exam::psm-1") is None


def test_domain_means_weighted_overall_and_weakest() -> None:
    tags = [
        ("exam::demo::a::t1",),
        ("exam::demo::a::t1",),
        ("exam::demo::a::t2", "exam::demo::b"),
        ("exam::demo::b",),
        ("exam::other::a::t1",),
        ("topic::x",),
    ]
    groups = Groups.of(SPEC)
    member = membership(CardTags.of(tags), "demo", groups)
    assert member.untagged == 2
    recall = np.array([1.0, 0.5, 0.2, 0.6, 0.9, 0.9])
    seen = np.array([True, True, True, False, True, True])
    r = summarise(SPEC, groups, member, recall, seen)
    a, b = r.domains
    assert (a.cards, a.seen, a.recall_today) == (3, 3, pytest.approx((1.0 + 0.5 + 0.2) / 3))
    assert (b.cards, b.seen, b.recall_today) == (2, 1, pytest.approx(0.4))
    assert r.overall_today == pytest.approx(0.6 * a.recall_today + 0.4 * 0.4)
    assert a.expected_today == pytest.approx(a.recall_today + (1 - a.recall_today) / 4)
    assert r.pass_probability_today is not None
    assert 0 < r.pass_probability_today < 1
    assert r.overall_plan is None
    assert r.pass_probability_plan is None
    assert a.band_today is None  # a published pass mark: no bands
    by_task = {(t.domain_id, t.task_id): t for t in r.tasks}
    assert by_task[("a", "t1")].recall_today == pytest.approx(0.75)
    assert by_task[("a", "t2")].recall_today == pytest.approx(0.2)
    assert by_task[("b", None)].cards == 2
    weakest = r.weakest(2)
    assert weakest[0].priority >= weakest[1].priority
    assert (weakest[0].domain_id, weakest[0].task_id) == ("a", "t2")


def test_empty_domain_counts_zero() -> None:
    groups = Groups.of(SPEC)
    member = membership(CardTags.of([("exam::demo::b",)]), "demo", groups)
    r = summarise(
        SPEC, groups, member, np.array([1.0]), np.array([True]), np.array([0.0, 1.0]), np.zeros(2)
    )
    assert r.domains[0].cards == 0
    assert r.domains[0].recall_today == 0
    assert r.overall_today == pytest.approx(0.4)
    assert r.overall_plan == pytest.approx(0.4)
