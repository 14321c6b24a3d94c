"""Cards as columns (NumPy arrays): what readiness and the plan simulation read.

Instants are float seconds since the Unix epoch (UTC); a missing value is NaN. Which exam
domain and task each card serves is a list of (card, group) pairs, because a card may serve
more than one task.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from pmstudy.domain.exam.blueprint import (
    ABOUT_THE_EXAM,
    NOT_ON_EXAM,
    ExamSpec,
    exam_tag,
    set_aside,
)
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class Groups:
    """The exam's domains and tasks as numbered groups.

    Domain ``i`` is group ``i`` of ``domains``; tasks are numbered separately in ``tasks`` as
    (domain id, task id). A card tagged with a domain but no task counts for the domain only.
    """

    domains: tuple[str, ...]
    tasks: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, spec: ExamSpec) -> Groups:
        """The groups of an exam profile."""
        return cls(
            domains=tuple(d.id for d in spec.domains),
            tasks=tuple((d.id, t.id) for d in spec.domains for t in d.tasks),
        )


@dataclass(frozen=True)
class Membership:
    """Which cards serve which domain and task: parallel index arrays.

    ``untagged`` counts the cards not mapped to the exam: no domain tag of it, and not set
    aside; ``not_examined`` the cards tagged as about the exam itself
    (``exam::<profile>::about-the-exam``) and ``not_on_exam`` those said to be off its
    blueprint (``exam::<profile>::not-on-exam``): both serve no domain even where they also
    carry domain tags.
    """

    domain_cards: IntArray
    domain_groups: IntArray
    task_cards: IntArray
    task_groups: IntArray
    untagged: int = 0
    not_examined: int = 0
    not_on_exam: int = 0


def _expand(
    per_unique: list[tuple[int, ...]], unique_of_card: IntArray
) -> tuple[IntArray, IntArray]:
    """(card, group) pairs: every card takes the groups of its distinct tag set."""
    lengths = np.asarray([len(g) for g in per_unique], dtype=np.int64)
    flat = np.asarray([g for groups in per_unique for g in groups], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    per_card = lengths[unique_of_card]
    total = int(per_card.sum())
    cards = np.repeat(np.arange(len(unique_of_card), dtype=np.int64), per_card)
    first_pair = np.repeat(np.cumsum(per_card) - per_card, per_card)
    within = np.arange(total, dtype=np.int64) - first_pair
    positions = np.repeat(starts[unique_of_card], per_card) + within
    return cards, flat[positions] if total else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class CardTags:
    """Each card's tags, stored once per distinct tag set: ``sets[index[card]]``."""

    sets: tuple[tuple[str, ...], ...]
    index: IntArray

    @classmethod
    def of(cls, per_card: Sequence[tuple[str, ...]]) -> CardTags:
        """From one tag tuple per card."""
        unique: dict[tuple[str, ...], int] = {}
        index = np.fromiter(
            (unique.setdefault(tags, len(unique)) for tags in per_card),
            dtype=np.int64,
            count=len(per_card),
        )
        return cls(tuple(unique), index)

    def of_card(self, card: int) -> tuple[str, ...]:
        """The tags of card number ``card`` (row in the table)."""
        return self.sets[int(self.index[card])]


def membership(tags: CardTags, profile_id: str, groups: Groups) -> Membership:
    """Map each card's tags to the exam's domain and task groups.

    Tag sets repeat (every card of a task has the same exam tags): each distinct set is parsed
    once and the (card, group) pairs are expanded with NumPy. A card set aside (about the exam
    itself, or not on it: :func:`set_aside`) belongs to no group, whatever domain tags it also
    carries.
    """
    domain_index = {d: i for i, d in enumerate(groups.domains)}
    task_index = {t: i for i, t in enumerate(groups.tasks)}
    domains_of: list[tuple[int, ...]] = []
    tasks_of: list[tuple[int, ...]] = []
    aside_of: list[str | None] = []
    for tag_set in tags.sets:
        domains: set[int] = set()
        tasks: set[int] = set()
        aside = set_aside(tag_set, profile_id)
        aside_of.append(aside)
        for tag in () if aside else tag_set:
            parts = exam_tag(tag)
            if parts is None or parts[0] != profile_id or parts[1] not in domain_index:
                continue
            domains.add(domain_index[parts[1]])
            if parts[2] is not None and (parts[1], parts[2]) in task_index:
                tasks.add(task_index[(parts[1], parts[2])])
        domains_of.append(tuple(sorted(domains)))
        tasks_of.append(tuple(sorted(tasks)))
    domain_cards, domain_groups = _expand(domains_of, tags.index)
    task_cards, task_groups = _expand(tasks_of, tags.index)
    about_sets = np.asarray([a == ABOUT_THE_EXAM for a in aside_of], dtype=np.bool_)
    off_sets = np.asarray([a == NOT_ON_EXAM for a in aside_of], dtype=np.bool_)
    untagged_sets = (
        np.asarray([not d for d in domains_of], dtype=np.bool_) & ~about_sets & ~off_sets
    )

    def cards_in(chosen: BoolArray) -> int:
        return int(np.count_nonzero(chosen[tags.index])) if len(tags.index) else 0

    return Membership(
        domain_cards,
        domain_groups,
        task_cards,
        task_groups,
        untagged=cards_in(untagged_sets),
        not_examined=cards_in(about_sets),
        not_on_exam=cards_in(off_sets),
    )


class Memories(Protocol):
    """What exam-day recall reads of each card: its memory and its preset's parameters."""

    @property
    def stability(self) -> FloatArray: ...
    @property
    def last_review(self) -> FloatArray: ...
    @property
    def preset(self) -> IntArray: ...
    def __len__(self) -> int: ...
    def parameters(self) -> FloatArray: ...


def _parameters(presets: tuple[Preset, ...]) -> FloatArray:
    return np.array([p.fsrs_params or DEFAULT_PARAMETERS for p in presets], dtype=np.float64)


@dataclass(frozen=True)
class MemoryColumns:
    """The columns of a :class:`CardTable` that readiness "if you stop today" needs."""

    stability: FloatArray
    last_review: FloatArray
    preset: IntArray
    presets: tuple[Preset, ...] = field(default=(Preset(),))

    def __len__(self) -> int:
        return int(self.stability.shape[0])

    def parameters(self) -> FloatArray:
        """FSRS parameters per preset: shape (presets, 21)."""
        return _parameters(self.presets)


@dataclass(frozen=True)
class CardTable:
    """The cards linked to an exam, column-wise (``step`` is -1 where FSRS has none).

    ``preset`` indexes ``presets`` (each card's deck options: FSRS parameters, desired
    retention, steps). ``position`` orders new cards as the study queue introduces them.
    """

    ids: IntArray
    state: IntArray
    step: IntArray
    stability: FloatArray
    difficulty: FloatArray
    last_review: FloatArray
    due: FloatArray
    suspended: BoolArray
    position: IntArray
    preset: IntArray
    presets: tuple[Preset, ...] = field(default=(Preset(),))

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @classmethod
    def empty(cls) -> CardTable:
        """No cards."""
        return cls.from_columns([], [], [], [], [], [], [], [], [], [])

    @classmethod
    def from_columns(
        cls,
        ids: Sequence[int],
        state: Sequence[int],
        step: Sequence[int | None],
        stability: Sequence[float | None],
        difficulty: Sequence[float | None],
        last_review: Sequence[float | None],
        due: Sequence[float | None],
        suspended: Sequence[bool],
        position: Sequence[int],
        preset: Sequence[int],
        presets: tuple[Preset, ...] = (Preset(),),
    ) -> CardTable:
        """Build from plain sequences (None becomes NaN)."""

        def floats(values: Sequence[float | None]) -> FloatArray:
            # NumPy turns None into NaN for a float dtype.
            return np.array(values, dtype=np.float64).reshape(-1)

        steps = floats(step)
        return cls(
            ids=np.asarray(ids, dtype=np.int64).reshape(-1),
            state=np.asarray(state, dtype=np.int64).reshape(-1),
            step=np.where(np.isnan(steps), -1, steps).astype(np.int64),
            stability=floats(stability),
            difficulty=floats(difficulty),
            last_review=floats(last_review),
            due=floats(due),
            suspended=np.asarray(suspended, dtype=np.bool_).reshape(-1),
            position=np.asarray(position, dtype=np.int64).reshape(-1),
            preset=np.asarray(preset, dtype=np.int64).reshape(-1),
            presets=presets,
        )

    def parameters(self) -> FloatArray:
        """FSRS parameters per preset: shape (presets, 21)."""
        return _parameters(self.presets)

    def memory(self) -> MemoryColumns:
        """The columns exam-day recall reads."""
        return MemoryColumns(self.stability, self.last_review, self.preset, self.presets)
