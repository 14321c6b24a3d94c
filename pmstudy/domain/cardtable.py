"""Cards as columns (NumPy arrays): what readiness and the plan simulation read.

Instants are float seconds since the Unix epoch (UTC); a missing value is NaN. Which exam
domain and task each card serves is a list of (card, group) pairs, because a card may serve
more than one task.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from pmstudy.domain.exam import ExamSpec, exam_tag
from pmstudy.domain.model import Preset
from pmstudy.domain.scheduler import DEFAULT_PARAMETERS

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
    """Which cards serve which domain and task: parallel index arrays."""

    domain_cards: IntArray
    domain_groups: IntArray
    task_cards: IntArray
    task_groups: IntArray
    untagged: int = 0


def membership(tag_sets: Sequence[tuple[str, ...]], profile_id: str, groups: Groups) -> Membership:
    """Map each card's tags (one tuple per card) to the exam's domain and task groups.

    Tag tuples repeat (every card of a task has the same exam tags), so each distinct tuple is
    parsed once.
    """
    domain_index = {d: i for i, d in enumerate(groups.domains)}
    task_index = {t: i for i, t in enumerate(groups.tasks)}
    parsed: dict[tuple[str, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
    d_cards: list[int] = []
    d_groups: list[int] = []
    t_cards: list[int] = []
    t_groups: list[int] = []
    untagged = 0
    for card, tags in enumerate(tag_sets):
        found = parsed.get(tags)
        if found is None:
            domains: set[int] = set()
            tasks: set[int] = set()
            for tag in tags:
                parts = exam_tag(tag)
                if parts is None or parts[0] != profile_id or parts[1] not in domain_index:
                    continue
                domains.add(domain_index[parts[1]])
                if parts[2] is not None and (parts[1], parts[2]) in task_index:
                    tasks.add(task_index[(parts[1], parts[2])])
            found = (tuple(sorted(domains)), tuple(sorted(tasks)))
            parsed[tags] = found
        if not found[0]:
            untagged += 1
        for group in found[0]:
            d_cards.append(card)
            d_groups.append(group)
        for group in found[1]:
            t_cards.append(card)
            t_groups.append(group)
    as_int = np.int64
    return Membership(
        domain_cards=np.asarray(d_cards, dtype=as_int),
        domain_groups=np.asarray(d_groups, dtype=as_int),
        task_cards=np.asarray(t_cards, dtype=as_int),
        task_groups=np.asarray(t_groups, dtype=as_int),
        untagged=untagged,
    )


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
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

        return cls(
            ids=np.asarray(ids, dtype=np.int64),
            state=np.asarray(state, dtype=np.int64),
            step=np.array([-1 if v is None else v for v in step], dtype=np.int64),
            stability=floats(stability),
            difficulty=floats(difficulty),
            last_review=floats(last_review),
            due=floats(due),
            suspended=np.asarray(suspended, dtype=np.bool_),
            position=np.asarray(position, dtype=np.int64),
            preset=np.asarray(preset, dtype=np.int64),
            presets=presets,
        )

    def parameters(self) -> FloatArray:
        """FSRS parameters per preset: shape (presets, 21)."""
        return np.array(
            [p.fsrs_params or DEFAULT_PARAMETERS for p in self.presets], dtype=np.float64
        )
