"""How an exam is sat (sections, breaks, locks, pause) and the format of one mock.

A profile states the real sitting (``[sitting]`` in its file); a mock takes it whole when the
learner's bank holds enough exam items, else a shortened form of it with the time scaled to the
items, said on the start screen. A practice set is one section, timed or not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from pmstudy.domain.exam import ExamSpec, Sitting, allocate

# A mock shorter than this is no rehearsal of the exam: the start screen says what is missing.
MIN_MOCK_ITEMS = 10


class MockKind(StrEnum):
    """A full (or shortened) exam in its format, or a practice set."""

    EXAM = "exam"
    PRACTICE = "practice"


@dataclass(frozen=True, slots=True)
class MockFormat:
    """The shape of one mock: items, time limit (None: untimed), sections and breaks."""

    kind: MockKind
    profile_id: str
    title: str
    items: int
    limit_s: int | None
    sections: tuple[int, ...]
    break_s: tuple[int, ...] = ()
    lock: bool = False
    pause: bool = True
    unscored: int = 0
    full_length: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def exam_format(spec: ExamSpec, sitting: Sitting, available: int) -> MockFormat | None:
    """The mock of ``spec`` a bank of ``available`` exam items allows: the real format when it
    is big enough, else a shortened one (time and pretest items scaled to the items, the
    sections and breaks kept); None below ``MIN_MOCK_ITEMS``."""
    total = spec.items_total
    n = min(available, total)
    if n < MIN_MOCK_ITEMS:
        return None
    notes: list[str] = []
    full = n == total
    minutes = spec.minutes if full else math.ceil(spec.minutes * n / total)
    unscored = (total - spec.items_scored) * n // total
    sections = sitting.sections if full else _scaled(sitting.sections, n)
    if not full:
        notes.append(
            f"Shortened: your bank has {available} exam items for a {total}-item exam, so this "
            f"mock has {n} items in {minutes} minutes (the real pace)."
        )
    if sitting.confidence != "solid" and sitting.note:
        notes.append(f"{sitting.confidence.capitalize()}: {sitting.note}")
    elif sitting.note:
        notes.append(sitting.note)
    if unscored:
        notes.append(
            (
                "1 of the items is an unscored pretest item"
                if unscored == 1
                else f"{unscored} of the items are unscored pretest items"
            )
            + ", mixed in and not marked, as on the real exam; the results say which they were."
        )
    if not sitting.pause:
        notes.append("The clock cannot be paused, as on the real exam.")
    # sections scaled to nothing are merged away, with their breaks
    kept = [i for i, count in enumerate(sections) if count > 0]
    breaks = tuple(sitting.break_minutes[i] * 60 for i in kept[:-1])
    return MockFormat(
        kind=MockKind.EXAM,
        profile_id=spec.id,
        title=f"{spec.name} mock exam",
        items=n,
        limit_s=minutes * 60,
        sections=tuple(sections[i] for i in kept),
        break_s=breaks,
        lock=sitting.lock,
        pause=sitting.pause,
        unscored=unscored,
        full_length=full,
        notes=tuple(notes),
    )


def practice_format(spec: ExamSpec, title: str, items: int, *, timed: bool) -> MockFormat:
    """A practice set of ``items`` items: one section, at the exam's pace when timed, pausable."""
    limit = math.ceil(spec.minutes * 60 * items / spec.items_total) if timed else None
    return MockFormat(
        kind=MockKind.PRACTICE,
        profile_id=spec.id,
        title=title,
        items=items,
        limit_s=limit,
        sections=(items,),
        pause=True,
        notes=(
            ("Timed at the exam's pace." if timed else "Untimed."),
            "Answers are checked at the end, as in a mock.",
        ),
    )


def _scaled(sections: tuple[int, ...], items: int) -> list[int]:
    return allocate([float(s) for s in sections], items)
