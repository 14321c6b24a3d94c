"""The readiness report: task weighting, intervals, evidence gates, verdicts, the item link.

Pure: per-card inputs are built by hand and the generator is seeded.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmstudy.domain.exam import (
    DRAWS,
    MIN_REVIEWS,
    PRIOR_A,
    CardInputs,
    CardTags,
    Estimate,
    ExamDomain,
    ExamSpec,
    ExamTask,
    Groups,
    MissingKind,
    PassKind,
    PassRule,
    PlanInputs,
    UncertaintyInputs,
    Verdict,
    item_right,
    link_draws,
    membership,
    pass_probabilities,
    prior_c,
    recall_after,
    stability_sd,
    summarise,
    verdict_of,
)
from pmstudy.domain.fmt import probability, span

DECAY = 0.1542
SPEC = ExamSpec(
    id="demo",
    name="Demo",
    provider="p",
    version="1",
    status="current",
    items_total=40,
    items_scored=40,
    minutes=60,
    options_per_item=4,
    pass_rule=PassRule(PassKind.COUNT, value=26, out_of=40),
    domains=(
        ExamDomain("a", "A", 60.0, (ExamTask("t1", "one"), ExamTask("t2", "two"))),
        ExamDomain("b", "B", 40.0),
    ),
)


def _inputs(reviews: int, rng: np.random.Generator, sd: float = 0.08) -> UncertaintyInputs:
    return UncertaintyInputs(
        review_answers=reviews,
        backtest_bias=0.0,
        backtest_sd=sd,
        link=link_draws(4, [], [], rng, DRAWS),
    )


def _cards(ratio: list[float]) -> CardInputs:
    r = np.asarray(ratio, dtype=np.float64)
    recall = recall_after(np.ones(len(r)), np.where(np.isfinite(r), r, np.nan), DECAY)
    return CardInputs(recall=recall, ratio=r, decay=np.full(len(r), DECAY), seen=np.isfinite(r))


def _report(tags: list[tuple[str, ...]], ratio: list[float], reviews: int = 500, **kw: object):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    groups = Groups.of(SPEC)
    member = membership(CardTags.of(tags), "demo", groups)
    return summarise(SPEC, groups, member, _cards(ratio), _inputs(reviews, rng), rng, **kw)  # type: ignore[arg-type]


def test_tasks_weigh_equally_and_an_empty_task_pulls_its_domain_down() -> None:
    # ten cards on t1, none on t2: domain A is half of t1's recall, not t1's recall
    tags = [("exam::demo::a::t1",)] * 10 + [("exam::demo::b",)] * 2
    r = _report(tags, [1.0] * 12)
    a, b = r.domains
    assert a.recall_today == pytest.approx(0.5 * 0.9)
    assert a.empty_tasks == 1
    assert a.by_task
    assert b.recall_today == pytest.approx(0.9)
    assert r.overall_today == pytest.approx(0.6 * 0.45 + 0.4 * 0.9)


def test_a_domain_without_task_tags_falls_back_to_its_mean() -> None:
    tags = [("exam::demo::a",)] * 4 + [("exam::demo::b",)] * 4
    r = _report(tags, [1.0, 1.0, np.nan, np.nan] + [1.0] * 4)
    a = r.domains[0]
    assert not a.by_task
    assert a.recall_today == pytest.approx(0.45)


def test_nothing_seen_no_pass_probability_and_what_is_missing() -> None:
    tags = [("exam::demo::a::t1",), ("exam::demo::a::t2",), ("exam::demo::b",)] * 10
    r = _report(tags, [np.nan] * 30, reviews=0)
    assert r.pass_today is None
    assert r.verdict_today is None
    kinds = {m.kind for m in r.missing}
    assert kinds == {MissingKind.SEEN, MissingKind.REVIEWS}
    seen_a = next(m for m in r.missing if m.domain_id == "a")
    assert seen_a.count == 10  # half of domain A's 20 cards
    assert "review about 10 more A card(s)" in seen_a.sentence()
    assert next(m for m in r.missing if m.kind == MissingKind.REVIEWS).count == MIN_REVIEWS
    assert r.today.value == 0
    assert r.today.high == 0


def test_a_learner_who_has_seen_nothing_is_not_told_they_will_pass_with_the_plan() -> None:
    tags = [("exam::demo::a::t1",), ("exam::demo::a::t2",), ("exam::demo::b",)] * 10
    plan = PlanInputs(card_recall=np.full(30, 0.96), task_recall=np.full(2, 0.96))
    r = _report(tags, [np.nan] * 30, reviews=0, plan=plan)
    assert r.plan is not None
    assert r.pass_plan is None  # no history of one's own: no pass probability
    assert [m.kind for m in r.plan_missing] == [MissingKind.REVIEWS]
    # the projection is tempered by unknown adherence: well below the simulated 96 %
    assert r.plan.value < 0.8
    assert r.plan.high - r.plan.low > 0.3


def test_enough_evidence_gives_a_bounded_probability_and_a_verdict() -> None:
    tags = [("exam::demo::a::t1",), ("exam::demo::a::t2",), ("exam::demo::b",)] * 20
    r = _report(tags, [0.5] * 60, reviews=2000)
    assert not r.missing
    assert r.pass_today is not None
    assert r.pass_today.low <= r.pass_today.value <= r.pass_today.high
    assert r.pass_today.low > 0
    assert r.pass_today.high < 1
    assert r.verdict_today == verdict_of(r.pass_today)
    for d in r.domains:
        assert d.today_range.low <= d.recall_today <= d.today_range.high
        assert d.expected_today_range.low <= d.expected_today <= d.expected_today_range.high


def test_intervals_narrow_with_more_history() -> None:
    tags = [("exam::demo::a::t1",), ("exam::demo::a::t2",), ("exam::demo::b",)] * 20
    few = _report(tags, [3.0] * 60, reviews=0)
    many = _report(tags, [3.0] * 60, reviews=20_000)
    assert few.today.high - few.today.low > many.today.high - many.today.low
    assert stability_sd(0) > stability_sd(1000) > stability_sd(20_000)


def test_about_the_exam_and_other_profiles_do_not_count() -> None:
    tags = [("exam::demo::a::t1",), ("exam::other::a::t1",), ("topic::x",)]
    r = _report(tags, [1.0, 1.0, 1.0])
    assert r.untagged == 2
    assert r.domains[0].cards == 1


def test_verdict_words() -> None:
    assert verdict_of(Estimate(0.9, 0.7, 0.97)) == Verdict.LIKELY
    assert verdict_of(Estimate(0.8, 0.4, 0.95)) == Verdict.UNCERTAIN
    assert verdict_of(Estimate(0.1, 0.02, 0.3)) == Verdict.UNLIKELY
    assert verdict_of(Estimate(0.3, 0.1, 0.6)) == Verdict.UNCERTAIN


def test_probabilities_are_never_shown_as_certain() -> None:
    assert probability(1.0) == "> 99%"
    assert probability(0.0) == "< 1%"
    assert probability(0.5) == "50%"
    assert span(0.0, 1.0, bounded=True) == "< 1–> 99%"
    assert span(0.2, 0.45) == "20–45%"


def test_pass_probabilities_match_an_exact_binomial() -> None:
    # one domain of 10 items at p = 0.5: P(X ≥ 6) = 386/1024
    shares = np.full((1, 1), 0.5)
    assert pass_probabilities(shares, [10], 6)[0] == pytest.approx(386 / 1024)
    # two domains convolve: 5 + 5 items at 0.5 is the same
    assert pass_probabilities(np.full((1, 2), 0.5), [5, 5], 6)[0] == pytest.approx(386 / 1024)


def test_link_prior_and_posterior() -> None:
    rng = np.random.default_rng(3)
    prior = link_draws(4, [], [], rng, 4000)
    a, c = prior.mean()
    assert a == pytest.approx(PRIOR_A[0] / sum(PRIOR_A), abs=0.02)
    assert c == pytest.approx(prior_c(4)[0] / sum(prior_c(4)), abs=0.02)
    assert not prior.from_mocks
    # a learner whose recalled items are always right and forgotten ones at chance
    recall = np.concatenate([np.ones(300), np.zeros(300)])
    right = np.concatenate([np.ones(300, bool), rng.random(300) < 0.25])
    post = link_draws(4, recall, right, rng, 4000)
    a2, c2 = post.mean()
    assert a2 > 0.97
    assert c2 == pytest.approx(0.25, abs=0.05)
    assert post.a.std() < prior.a.std()
    assert np.all(post.a >= post.c)
    assert item_right(0.5, 0.9, 0.3) == pytest.approx(0.6)


tag_choice = st.sampled_from(
    [
        (),
        ("exam::demo::a",),
        ("exam::demo::a::t1",),
        ("exam::demo::a::t2",),
        ("exam::demo::a::t9",),
        ("exam::demo::b",),
        ("exam::demo::b::x",),
        ("exam::demo::zz",),
        ("exam::other::a::t1",),
        ("exam::demo::a::t1", "exam::demo::b"),
        ("exam::demo::a::t1", "exam::demo::a::t2"),
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    layout=st.lists(
        st.tuples(tag_choice, st.one_of(st.just(float("nan")), st.floats(0.01, 50.0))),
        max_size=40,
    ),
    reviews=st.integers(0, 5000),
    with_plan=st.booleans(),
)
def test_any_tag_layout_gives_numbers_or_sentences(
    layout: list[tuple[tuple[str, ...], float]], reviews: int, with_plan: bool
) -> None:
    """Random tag layouts (none, partial, foreign, unknown tasks, empty): never an error."""
    tags = [t for t, _ in layout]
    ratio = [x for _, x in layout]
    plan = (
        PlanInputs(card_recall=np.full(len(tags), 0.8), task_recall=np.full(2, 0.8))
        if with_plan
        else None
    )
    r = _report(tags, ratio, reviews=reviews, plan=plan)
    estimates = [r.today, *(d.today_range for d in r.domains)]
    estimates += [e for e in (r.plan, r.pass_today, r.pass_plan) if e is not None]
    for e in estimates:
        assert 0.0 <= e.low <= e.value <= e.high <= 1.0
    if r.pass_today is None:
        assert r.missing
    else:
        assert not r.missing
    if any(d.cards == 0 for d in r.domains) or reviews < MIN_REVIEWS:
        assert r.pass_today is None
        assert r.pass_plan is None


def test_no_pass_mark_means_no_probability() -> None:
    spec = replace(SPEC, pass_rule=PassRule(PassKind.NOT_PUBLISHED))
    rng = np.random.default_rng(7)
    groups = Groups.of(spec)
    tags = [("exam::demo::a::t1",), ("exam::demo::a::t2",), ("exam::demo::b",)] * 20
    member = membership(CardTags.of(tags), "demo", groups)
    r = summarise(spec, groups, member, _cards([0.5] * 60), _inputs(5000, rng), rng)
    assert not r.missing
    assert r.pass_probability_today is None


def test_a_scaled_pass_mark_gives_no_probability_and_says_why() -> None:
    spec = replace(SPEC, pass_rule=PassRule(PassKind.SCALED, 710, scale=(100, 900)))
    rng = np.random.default_rng(7)
    groups = Groups.of(spec)
    tags = [("exam::demo::a::t1",), ("exam::demo::a::t2",), ("exam::demo::b",)] * 20
    member = membership(CardTags.of(tags), "demo", groups)
    r = summarise(spec, groups, member, _cards([0.5] * 60), _inputs(5000, rng), rng)
    assert r.needed_to_pass is None
    assert r.pass_probability_today is None
    assert r.pass_note.startswith("the pass mark is 710 on a 100–900 scaled score")
    assert not r.bands_assumed
