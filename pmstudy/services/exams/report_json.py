"""The JSON the exam commands print (``--json``), as typed dictionaries.

The key order is the order the dictionaries are built in (report_data.py, coverage.py) and is
part of the contract: scripts read these objects, and tests compare them.
"""

from __future__ import annotations

from typing import TypedDict


class EstimateJson(TypedDict):
    """A central value and its interval (``Estimate.as_dict``)."""

    value: float
    low: float
    high: float
    level: float


class AdherenceJson(EstimateJson):
    """The adherence estimate and whether it came from the readiness history."""

    from_history: bool


class PassMarkJson(TypedDict):
    """Items needed to pass, of the graded items."""

    correct: int
    of: int


class DomainJson(TypedDict):
    """One domain of ``pmstudy readiness``."""

    id: str
    name: str
    weight: float
    cards: int
    seen: int
    coverage: float | None
    recall_today: float | None
    recall_today_interval: EstimateJson
    recall_plan: float | None
    recall_plan_interval: EstimateJson | None
    task_weighted: bool
    tasks_without_cards: int
    expected_score_today: float | None
    expected_score_plan: float | None
    expected_score_today_interval: EstimateJson
    expected_score_plan_interval: EstimateJson | None
    band_today: str | None
    band_plan: str | None


class WeakTaskJson(TypedDict):
    """One of the weakest tasks."""

    domain: str
    task: str | None
    name: str
    cards: int
    recall_today: float | None
    priority: float | None


class SimulationJson(TypedDict):
    """How the plan's figures were obtained."""

    runs: int
    stderr: float | None
    seed: int
    reviews_moved_by_exam_mode: float
    reviews_moved_by_final_pass: float


class TodayJson(TypedDict):
    """Today's targets and progress."""

    new_target: int
    new_done: int
    reviews_due: int
    reviews_done: int
    minutes_target: float
    minutes_done: float


class MockDomainJson(TypedDict):
    """One domain of the last mock exam, beside its prediction."""

    id: str
    name: str
    right: int
    items: int
    score: float
    band: str
    predicted: EstimateJson
    predicted_band: str | None


class LastMockJson(TypedDict):
    """The latest finished mock exam of the exam, against today's prediction (last_mock.py)."""

    id: int
    title: str
    date: str
    finished_at: str
    items: int
    full_length: bool
    right: int
    scored: int
    score: float
    needed: int | None
    passed: bool | None
    predicted: EstimateJson
    expected_range: dict[str, float]
    difference: float
    compared: str
    bands_assumed: bool
    domains: list[MockDomainJson]


class UnmappedJson(TypedDict):
    """A linked deck's cards not on the exam's blueprint yet (``pmstudy classify`` maps them)."""

    deck: str
    cards: int


class ReadinessJson(TypedDict):
    """``pmstudy readiness --json``."""

    exam_id: int
    exam: str
    name: str
    date: str
    time: str
    timezone: str
    days_left: int
    past: bool
    target: float
    exam_mode: bool
    cards: int
    untagged_cards: int
    unmapped: list[UnmappedJson]
    overall_today: float | None
    overall_plan: float | None
    pass_mark: PassMarkJson | None
    pass_probability_today: float | None
    pass_probability_plan: float | None
    pass_note: str | None
    band_thresholds_assumed: dict[str, float] | None
    options_per_item: int
    domains: list[DomainJson]
    weakest_tasks: list[WeakTaskJson]
    interval_level: float
    readiness_today: EstimateJson
    readiness_plan: EstimateJson | None
    adherence: AdherenceJson | None
    pass_today: EstimateJson | None
    pass_plan: EstimateJson | None
    verdict_today: str | None
    verdict_plan: str | None
    missing: list[dict[str, object]]
    plan_missing: list[dict[str, object]]
    mock_exam_answers: int
    not_examined_cards: int
    not_on_exam_cards: int
    simulation: SimulationJson | None
    today: TodayJson
    last_mock: LastMockJson | None


class PlanDayJson(TypedDict):
    """One day of the plan."""

    date: str
    new: float
    reviews: float
    minutes: float


class WarningJson(TypedDict):
    """The plan does not fit the budget: why, and what could be done."""

    message: str
    options: list[str]


class FinalPassJson(TypedDict):
    """The exam's final pass: its window and the load the plan expects in it."""

    days: int
    first_day: str
    reviews_moved: float | None
    reviews_per_day: float | None
    peak_minutes: float | None


class PlanHeadJson(TypedDict):
    """What ``pmstudy plan --json`` says with or without a plan."""

    exam_id: int
    exam: str
    date: str
    days_left: int
    buffer_days: int
    final_pass: FinalPassJson | None
    plan_sets_new: bool
    budget_minutes: int | None
    seconds_per_answer: float
    seconds_from_log: bool
    rating_mix_from_log: bool
    today: TodayJson


class NoPlanJson(PlanHeadJson):
    """``pmstudy plan --json`` once the exam is over: nothing left to plan."""

    new_per_day: int
    new_remaining: int
    introduce_by: str | None
    days: list[PlanDayJson]
    warning: WarningJson | None


class FullPlanJson(PlanHeadJson):
    """``pmstudy plan --json`` with a plan."""

    new_per_day: int
    new_remaining: int
    introduce_by: str | None
    inside_buffer: bool
    peak_minutes: float
    days: list[PlanDayJson]
    warning: WarningJson | None


# The key order differs too: ``inside_buffer`` and ``peak_minutes`` come before ``days``.
PlanJson = NoPlanJson | FullPlanJson


class TaskCoverageJson(TypedDict):
    """Cards of one task."""

    id: str
    name: str
    cards: int


class DomainCoverageJson(TypedDict):
    """Cards of one domain."""

    id: str
    name: str
    weight: float
    cards: int
    without_task: int
    tasks: list[TaskCoverageJson]


class CoverageJson(TypedDict):
    """``pmstudy coverage --json``."""

    exam: str
    name: str
    cards: int
    domains: list[DomainCoverageJson]
    not_examined: int
    not_on_exam: int
    unmapped: list[UnmappedJson]
    gaps: list[str]
