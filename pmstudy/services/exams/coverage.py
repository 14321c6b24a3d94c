"""Coverage: how many cards serve each domain and task of an exam, and the cards of chosen
tasks (the exams screen's "study these")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pmstudy.db.unit_of_work import Database
from pmstudy.domain.exam import ABOUT_THE_EXAM, NOT_ON_EXAM, ExamSpec, exam_tag, set_aside
from pmstudy.services.exams.goals import Goals
from pmstudy.services.exams.profiles import Profiles
from pmstudy.services.exams.reads import ExamReads
from pmstudy.services.exams.report_data import UnmappedDeck
from pmstudy.services.exams.report_json import CoverageJson


@dataclass(frozen=True)
class TaskCoverage:
    """Cards carrying one task's tag."""

    id: str
    name: str
    cards: int


@dataclass(frozen=True)
class DomainCoverage:
    """Cards of one domain: all of them, those with no task tag, and per task."""

    id: str
    name: str
    weight: float
    cards: int
    without_task: int
    tasks: tuple[TaskCoverage, ...]


@dataclass(frozen=True)
class Coverage:
    """How many cards of the collection serve each domain and task of an exam.

    ``cards`` counts the cards serving a domain; ``not_examined`` the cards about the exam
    itself (``exam::<profile>::about-the-exam``) and ``not_on_exam`` those said to be off its
    blueprint (``exam::<profile>::not-on-exam``), which serve none. ``unmapped``: the decks
    linked to the exam (to this goal, or to any goal of this profile) with cards not on the
    blueprint yet.
    """

    spec: ExamSpec
    cards: int
    domains: tuple[DomainCoverage, ...]
    not_examined: int = 0
    not_on_exam: int = 0
    unmapped: tuple[UnmappedDeck, ...] = ()

    @property
    def gaps(self) -> list[str]:
        """Domains and tasks with no card at all, as 'domain' or 'domain::task'."""
        found = []
        for d in self.domains:
            if d.cards == 0:
                found.append(d.id)
            found.extend(f"{d.id}::{t.id}" for t in d.tasks if t.cards == 0)
        return found

    def as_dict(self) -> CoverageJson:
        """JSON of ``pmstudy coverage``."""
        return {
            "exam": self.spec.id,
            "name": self.spec.name,
            "cards": self.cards,
            "domains": [
                {
                    "id": d.id,
                    "name": d.name,
                    "weight": d.weight,
                    "cards": d.cards,
                    "without_task": d.without_task,
                    "tasks": [{"id": t.id, "name": t.name, "cards": t.cards} for t in d.tasks],
                }
                for d in self.domains
            ],
            "not_examined": self.not_examined,
            "not_on_exam": self.not_on_exam,
            "unmapped": [u.as_dict() for u in self.unmapped],
            "gaps": self.gaps,
        }


def coverage_from_tags(spec: ExamSpec, tag_counts: list[tuple[tuple[str, ...], int]]) -> Coverage:
    """Count cards per domain and task from (tags of a note, its cards) pairs."""
    domain_cards: dict[str, int] = {d.id: 0 for d in spec.domains}
    without: dict[str, int] = {d.id: 0 for d in spec.domains}
    task_cards: dict[tuple[str, str], int] = {}
    total = 0
    aside = {ABOUT_THE_EXAM: 0, NOT_ON_EXAM: 0}
    for tags, count in tag_counts:
        reason = set_aside(tags, spec.id)
        if reason is not None:
            aside[reason] += count
            continue
        domains: set[str] = set()
        tasks: set[tuple[str, str]] = set()
        for tag in tags:
            parts = exam_tag(tag)
            if parts is None or parts[0] != spec.id or parts[1] not in domain_cards:
                continue
            domains.add(parts[1])
            if parts[2] is not None:
                tasks.add((parts[1], parts[2]))
        if not domains:
            continue
        total += count
        for domain in domains:
            domain_cards[domain] += count
            if not any(t[0] == domain for t in tasks):
                without[domain] += count
        for task in tasks:
            task_cards[task] = task_cards.get(task, 0) + count
    return Coverage(
        spec=spec,
        cards=total,
        domains=tuple(
            DomainCoverage(
                id=d.id,
                name=d.name,
                weight=d.weight,
                cards=domain_cards[d.id],
                without_task=without[d.id],
                tasks=tuple(
                    TaskCoverage(t.id, t.name, task_cards.get((d.id, t.id), 0)) for t in d.tasks
                ),
            )
            for d in spec.domains
        ),
        not_examined=aside[ABOUT_THE_EXAM],
        not_on_exam=aside[NOT_ON_EXAM],
    )


class CoverageReads:
    """Coverage of a profile or a goal, and the goal's cards of chosen tasks."""

    def __init__(self, db: Database, reads: ExamReads, goals: Goals, profiles: Profiles) -> None:
        self._db = db
        self._reads = reads
        self._goals = goals
        self._profiles = profiles

    def coverage(self, exam: str) -> Coverage:
        """Cards per domain and task of an exam (a profile id, or an exam goal's id)."""
        if exam.isdigit():
            goals = [self._goals.goal(int(exam))]
            profile_id = goals[0].profile_id
        else:
            profile_id = exam
            goals = [g for g in self._goals.goals() if g.profile_id == exam]
        spec = self._profiles.get(profile_id)
        with self._db.read() as uow:
            counts = uow.exams.tag_counts(spec.id)
        found = coverage_from_tags(spec, [(tuple(t.split()), c) for t, c in counts])
        roots = {d: n for g in goals for d, n in zip(g.deck_ids, g.deck_names, strict=True)}
        ordered = sorted(roots.items(), key=lambda deck: deck[1])
        return replace(found, unmapped=self._reads.unmapped(ordered, spec))

    def card_ids_for_tasks(
        self, goal_id: int | None, tasks: Sequence[tuple[str, str | None]]
    ) -> list[int]:
        """The exam's cards tagged with any of (domain, task or None for the whole domain)."""
        goal = self._goals.goal(goal_id)
        wanted_domains = {d for d, t in tasks if t is None}
        wanted_tasks = {(d, t) for d, t in tasks if t is not None}
        prefix = f"exam::{goal.profile_id}::"
        table, tags = self._reads.table(self._reads.decks(goal))
        chosen = []
        for row, card_id in enumerate(table.ids.tolist()):
            for tag in tags.of_card(row):
                if not tag.startswith(prefix):
                    continue
                parts = tag[len(prefix) :].split("::")
                if parts[0] in wanted_domains or (
                    len(parts) == 2 and (parts[0], parts[1]) in wanted_tasks
                ):
                    chosen.append(int(card_id))
                    break
        return chosen
