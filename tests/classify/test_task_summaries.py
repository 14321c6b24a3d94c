"""Every task of every bundled exam profile says what it covers (``summary``), and the summary
reaches the blueprint the classifier learns from."""

from __future__ import annotations

from pmstudy.decks.check import load_profiles
from pmstudy.decks.profile_format import TaskSpec
from pmstudy.resources import profiles_dir
from pmstudy.services.exams import load_specs


def test_every_task_of_every_bundled_profile_has_a_summary() -> None:
    profiles = load_profiles(profiles_dir())
    tasks = [
        (profile.id, domain.id, task)
        for profile in profiles.values()
        for domain in profile.domains
        for task in domain.tasks
    ]
    assert len(tasks) >= 148  # pmp-2026 26, pmp-2021 35, capm 19, pmi-acp 23, project+ 24, ...
    missing = [f"{p}::{d}::{t.id}" for p, d, t in tasks if not t.summary.strip()]
    assert missing == []


def test_a_summary_says_more_than_the_task_name() -> None:
    for profile in load_profiles(profiles_dir()).values():
        for domain in profile.domains:
            for task in domain.tasks:
                assert task.summary.strip().lower() != task.name.strip().lower(), task.id


def test_the_summary_reaches_the_exam_blueprint() -> None:
    pmp = next(s for s in load_specs(profiles_dir()) if s.id == "pmp-2026")
    finance = next(t for d in pmp.domains if d.id == "process" for t in d.tasks if t.id == "t6")
    assert finance.name == "Plan and manage finance"
    assert "reserves" in finance.summary


def test_a_summary_is_optional() -> None:
    assert TaskSpec(id="t1", name="Manage conflicts").summary == ""
