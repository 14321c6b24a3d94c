"""The mock a profile and a bank allow: real format, shortened, practice; the draw; scoring."""

from __future__ import annotations

import random

from pmstudy.domain.exam import ExamDomain, ExamSpec, ExamTask, PassKind, PassRule, Sitting
from pmstudy.domain.mock import (
    ItemOutcome,
    PoolItem,
    draw,
    exam_format,
    needed_to_pass,
    practice_format,
    score,
    shares,
)


def spec(*, rule: PassRule | None = None) -> ExamSpec:
    return ExamSpec(
        id="pmp",
        name="PMP",
        provider="PMI",
        version="2026",
        status="current",
        items_total=180,
        items_scored=170,
        minutes=240,
        options_per_item=4,
        pass_rule=rule or PassRule(PassKind.NOT_PUBLISHED, bands=("Above Target",)),
        domains=(
            ExamDomain("people", "People", 33, (ExamTask("t1", "a"), ExamTask("t2", "b"))),
            ExamDomain("process", "Process", 41),
            ExamDomain("business", "Business", 26),
        ),
        sitting=Sitting(
            (60, 60, 60), (10, 10), lock=True, note="sizes assumed", confidence="uncertain"
        ),
    )


def test_a_big_enough_bank_gets_the_real_format() -> None:
    fmt = exam_format(spec(), spec().sitting_or_single, 500)
    assert fmt is not None
    assert (fmt.items, fmt.limit_s, fmt.sections, fmt.break_s) == (
        180,
        240 * 60,
        (60, 60, 60),
        (600, 600),
    )
    assert fmt.full_length
    assert fmt.lock
    assert not fmt.pause
    assert fmt.unscored == 10
    assert any(n.startswith("Uncertain: sizes assumed") for n in fmt.notes)


def test_a_small_bank_gets_a_shortened_mock_at_the_real_pace() -> None:
    fmt = exam_format(spec(), spec().sitting_or_single, 97)
    assert fmt is not None
    assert not fmt.full_length
    assert fmt.items == 97
    assert fmt.limit_s == 130 * 60  # ceil(240 * 97 / 180) minutes
    assert sum(fmt.sections) == 97
    assert len(fmt.sections) == 3
    assert fmt.unscored == 5
    assert "Shortened" in fmt.notes[0]


def test_no_mock_from_a_handful_of_items() -> None:
    assert exam_format(spec(), spec().sitting_or_single, 9) is None


def test_practice_is_one_pausable_section_at_the_exam_pace_when_timed() -> None:
    timed = practice_format(spec(), "p", 18, timed=True)
    assert (timed.sections, timed.limit_s, timed.pause) == ((18,), 24 * 60, True)
    assert practice_format(spec(), "p", 18, timed=False).limit_s is None


def pool() -> list[PoolItem]:
    items = [PoolItem(i, "people", "t1" if i % 4 else "t2") for i in range(40)]
    items += [PoolItem(100 + i, "process") for i in range(10)]
    items += [PoolItem(200 + i, "business", used=1 if i < 30 else 0) for i in range(40)]
    return items


def test_domains_get_their_weight_and_a_short_domain_gives_its_rest_away() -> None:
    counts = shares(spec(), pool(), 60)
    assert counts["process"] == 10  # 41 % of 60 is 24.6, but only 10 exist
    assert sum(counts.values()) == 60
    assert abs(counts["people"] - counts["business"]) <= 15


def test_the_draw_spreads_tasks_prefers_fresh_items_and_marks_pretest() -> None:
    drawn = draw(spec(), pool(), 60, 5, random.Random(3))
    assert len(drawn) == 60
    assert len({d.card_id for d in drawn}) == 60
    assert sum(not d.scored for d in drawn) == 5
    people = [d for d in drawn if d.domain == "people"]
    tasks = [d.task for d in people]
    assert tasks.count("t2") >= min(10, len(people) // 2 - 1)
    business = {d.card_id for d in drawn if d.domain == "business"}
    fresh = set(range(230, 240))
    assert fresh <= business  # the ten never-used items come before any used one
    assert draw(spec(), pool(), 60, 5, random.Random(3)) == drawn


def test_mocks_in_a_row_ask_a_small_task_again_only_when_every_item_is_used() -> None:
    # t1 has 6 items, t2 30: three draws of 12 take t1's six fresh ones in turn with t2's,
    # then only t2's, so nothing repeats until the domain's 36 items are spent.
    items = [PoolItem(i, "people", "t1") for i in range(6)]
    items += [PoolItem(100 + i, "people", "t2") for i in range(30)]
    rng = random.Random(5)
    asked: list[int | None] = []
    for _ in range(3):
        drawn = draw(spec(), items, 12, 0, rng)
        asked += [d.card_id for d in drawn]
        used = {d.card_id for d in drawn}
        items = [PoolItem(i.card_id, i.domain, i.task, i.used + (i.card_id in used)) for i in items]
    assert len(set(asked)) == len(asked) == 36
    first = asked[:12]
    assert sum(1 for c in first if c is not None and c < 100) == 6  # the tasks took turns


def outcome(position: int, domain: str, correct: bool, *, scored: bool = True) -> ItemOutcome:
    return ItemOutcome(
        position, position, domain, None, scored, True, correct, 60_000, position * 60_000
    )


def test_scoring_counts_scored_items_applies_the_pass_mark_and_bands() -> None:
    rule = PassRule(PassKind.PERCENT, value=85)
    outcomes = [outcome(i, "people", i < 9) for i in range(10)]
    outcomes += [outcome(10 + i, "process", i < 5) for i in range(10)]
    outcomes.append(outcome(20, "process", True, scored=False))
    result = score(spec(rule=rule), outcomes, 21 * 60_000)
    assert (result.right, result.scored, result.needed) == (14, 20, 17)
    assert result.passed is False
    assert (result.pretest_right, result.pretest) == (1, 1)
    bands = {d.domain: d.band for d in result.domains}
    assert bands == {"people": "Above Target", "process": "Needs Improvement"}
    assert result.pace[-1].target_ms == 21 * 60_000


def test_a_count_pass_mark_becomes_its_share_of_a_shortened_mock() -> None:
    rule = PassRule(PassKind.COUNT, value=37, out_of=50)
    assert needed_to_pass(spec(rule=rule), 50) == 37
    assert needed_to_pass(spec(rule=rule), 20) == 15  # 74 % of 20 is 14.8
    assert needed_to_pass(spec(), 50) is None


def test_pacing_reads_by_when_the_items_up_to_a_checkpoint_were_answered() -> None:
    outcomes = [outcome(i, "people", True) for i in range(8)]
    # item 3 skipped; item 7 answered early (the learner jumped ahead)
    outcomes[3] = ItemOutcome(3, 3, "people", None, True, False, False, 0, None)
    outcomes[7] = ItemOutcome(7, 7, "people", None, True, True, True, 60_000, 30_000)
    marks = score(spec(), outcomes, 8 * 60_000).pace
    assert [(m.item, m.used_ms) for m in marks] == [
        (2, 60_000),
        (4, 120_000),
        (6, 300_000),
        (8, 360_000),
    ]
    assert [m.target_ms for m in marks] == [120_000, 240_000, 360_000, 480_000]
