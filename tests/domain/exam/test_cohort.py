"""The group's weakest tasks: each learner's task recall pooled per task (golden values)."""

from __future__ import annotations

from pmstudy.domain.exam import Estimate, Readiness, TaskReadiness, weakest_tasks


def _task(domain: str, task: str | None, recall: float, cards: int = 10) -> TaskReadiness:
    return TaskReadiness(domain, task, f"{domain} {task}", cards, cards, recall, None, 0.0)


def _readiness(*tasks: TaskReadiness) -> Readiness:
    return Readiness(
        needed_to_pass=None,
        graded_items=0,
        domains=(),
        tasks=tasks,
        untagged=0,
        bands_assumed=False,
        today=Estimate(0.5, 0.4, 0.6),
    )


def test_tasks_are_pooled_over_learners_weakest_mean_first() -> None:
    ana = _readiness(
        _task("people", "1", 0.80), _task("people", "2", 0.40), _task("process", None, 0.9)
    )
    ben = _readiness(
        _task("people", "1", 0.60), _task("people", "2", 0.50), _task("process", None, 0.3)
    )
    found = weakest_tasks([(ana, 0.9), (ben, 0.55)], count=5)
    assert [(t.domain_id, t.task_id) for t in found] == [
        ("people", "2"),
        ("process", None),
        ("people", "1"),
    ]
    people_2, process, people_1 = found
    assert (people_2.learners, people_2.below_target) == (2, 2)
    assert round(people_2.mean_recall, 6) == 0.45
    assert people_2.lowest_recall == 0.40
    # ana's 0.9 is not below her 0.9 target; ben's 0.3 is below his 0.55
    assert (process.below_target, round(process.mean_recall, 6), process.lowest_recall) == (
        1,
        0.6,
        0.3,
    )
    assert (people_1.below_target, round(people_1.mean_recall, 6)) == (1, 0.7)


def test_a_task_without_cards_is_not_a_recall_of_zero() -> None:
    ana = _readiness(_task("people", "1", 0.0, cards=0), _task("people", "2", 0.5))
    ben = _readiness(_task("people", "1", 0.7), _task("people", "2", 0.6))
    found = weakest_tasks([(ana, 0.9), (ben, 0.9)])
    by_task = {t.task_id: t for t in found}
    assert by_task["1"].learners == 1
    assert by_task["1"].mean_recall == 0.7
    assert [t.task_id for t in found] == ["2", "1"]


def test_count_limits_and_ties_go_to_more_learners_below_target() -> None:
    ana = _readiness(_task("b", "1", 0.3), _task("z", "1", 0.5), _task("c", "1", 0.9))
    ben = _readiness(_task("b", "1", 0.7), _task("z", "1", 0.5))
    found = weakest_tasks([(ana, 0.6), (ben, 0.6)], count=2)
    # b::1 and z::1 tie on the mean (0.5): z::1 has both learners below target, b::1 one
    assert [(t.domain_id, t.below_target) for t in found] == [("z", 2), ("b", 1)]
    assert weakest_tasks([]) == ()
