"""A mock in progress: where the learner is, what they answered, and the clocks.

Every change is a pure function of the state and the instant it happens (the clock is
injected): the exam clock runs in a section, a break has its own clock, a section left
behind locks when the format says so, and the mock ends by itself when the time is up.
Time spent while no process watched (a killed process, a power cut) is not charged: the
state keeps the exam time used, and a resumed mock starts its clocks at the moment of resume.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from pmstudy.domain.mock.sitting import MockFormat


class Phase(StrEnum):
    """What the learner is doing."""

    SECTION = "section"
    BREAK = "break"
    FINISHED = "finished"


class EndReason(StrEnum):
    """Why a mock ended."""

    SUBMITTED = "submitted"
    TIME_UP = "time-up"
    ABANDONED = "abandoned"  # the learner declined to resume it: scored as it stood


@dataclass(frozen=True, slots=True)
class ItemState:
    """One item's answer (picked letters or typed text; empty: unanswered), flag and time."""

    response: str = ""
    flagged: bool = False
    time_ms: int = 0
    answered_ms: int | None = None  # exam time used when first answered (pacing)

    @property
    def answered(self) -> bool:
        """Whether an answer is given."""
        return bool(self.response.strip())


@dataclass(frozen=True, slots=True)
class MockState:
    """The whole of a mock's progress."""

    sections: tuple[int, ...]
    break_s: tuple[int, ...]
    lock: bool
    pause: bool
    limit_ms: int | None
    items: tuple[ItemState, ...]
    ticked_at: dt.datetime
    phase: Phase = Phase.SECTION
    section: int = 0
    position: int = 0
    elapsed_ms: int = 0
    break_ms: int = 0
    paused: bool = False
    ended: EndReason | None = None

    @classmethod
    def start(cls, fmt: MockFormat, now: dt.datetime) -> MockState:
        """A fresh mock of ``fmt`` whose clock starts at ``now``."""
        return cls(
            sections=fmt.sections,
            break_s=fmt.break_s,
            lock=fmt.lock,
            pause=fmt.pause,
            limit_ms=None if fmt.limit_s is None else fmt.limit_s * 1000,
            items=tuple(ItemState() for _ in range(fmt.items)),
            ticked_at=now,
        )

    # -- reading ------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Items in the mock."""
        return len(self.items)

    def section_range(self, section: int | None = None) -> range:
        """Item positions of a section (the current one by default)."""
        index = self.section if section is None else section
        start = sum(self.sections[:index])
        return range(start, start + self.sections[index])

    def visible(self) -> range:
        """Positions the learner may visit now: the current section when sections lock, else
        every item."""
        return self.section_range() if self.lock else range(self.total)

    def remaining_ms(self) -> int | None:
        """Exam time left (None: untimed)."""
        return None if self.limit_ms is None else max(0, self.limit_ms - self.elapsed_ms)

    def break_left_ms(self) -> int:
        """Time left in the current break."""
        if self.phase != Phase.BREAK:
            return 0
        return max(0, self.break_s[self.section] * 1000 - self.break_ms)

    @property
    def last_section(self) -> bool:
        """Whether the current section is the last."""
        return self.section == len(self.sections) - 1

    def unanswered(self, positions: range | None = None) -> list[int]:
        """Positions without an answer."""
        where = self.visible() if positions is None else positions
        return [i for i in where if not self.items[i].answered]

    def flagged(self, positions: range | None = None) -> list[int]:
        """Flagged positions."""
        where = self.visible() if positions is None else positions
        return [i for i in where if self.items[i].flagged]

    # -- changes ------------------------------------------------------------------------

    def tick(self, now: dt.datetime) -> MockState:
        """The state at ``now``: time charged to the clock that runs, a break that ran out
        ended, a mock whose time is up finished."""
        spent = max(0, int((now - self.ticked_at).total_seconds() * 1000))
        state = replace(self, ticked_at=max(now, self.ticked_at))
        if state.phase == Phase.FINISHED or spent == 0:
            return state
        if state.phase == Phase.BREAK:
            state = replace(state, break_ms=state.break_ms + spent)
            if state.break_left_ms() == 0:
                return state._next_section()
            return state
        if state.paused:
            return state
        charged = spent
        if state.limit_ms is not None:
            charged = min(spent, max(0, state.limit_ms - state.elapsed_ms))
        item = state.items[state.position]
        state = state._with_item(state.position, replace(item, time_ms=item.time_ms + charged))
        state = replace(state, elapsed_ms=state.elapsed_ms + charged)
        if state.limit_ms is not None and state.elapsed_ms >= state.limit_ms:
            return replace(state, phase=Phase.FINISHED, ended=EndReason.TIME_UP)
        return state

    def resumed(self, now: dt.datetime) -> MockState:
        """The state as a new process takes it up: the clocks restart at ``now``."""
        return replace(self, ticked_at=now)

    def go(self, position: int, now: dt.datetime) -> MockState:
        """Show item ``position`` (ignored outside what may be visited)."""
        state = self.tick(now)
        if state.phase != Phase.SECTION or position not in state.visible():
            return state
        return replace(state, position=position)

    def answer(self, response: str, now: dt.datetime) -> MockState:
        """Give (or change, or clear with ``""``) the current item's answer."""
        state = self.tick(now)
        if state.phase != Phase.SECTION or state.paused:
            return state
        item = state.items[state.position]
        # pacing wants when the item was first answered: a later change keeps that time
        first = item.answered_ms if item.answered_ms is not None else state.elapsed_ms
        answered_ms = first if response.strip() else None
        return state._with_item(
            state.position, replace(item, response=response, answered_ms=answered_ms)
        )

    def toggle_flag(self, now: dt.datetime) -> MockState:
        """Flag the current item for review, or unflag it."""
        state = self.tick(now)
        if state.phase != Phase.SECTION:
            return state
        item = state.items[state.position]
        return state._with_item(state.position, replace(item, flagged=not item.flagged))

    def set_paused(self, paused: bool, now: dt.datetime) -> MockState:
        """Pause or restart the clock, where the format allows pausing."""
        state = self.tick(now)
        if not state.pause or state.phase != Phase.SECTION:
            return state
        return replace(state, paused=paused)

    def end_section(self, now: dt.datetime) -> MockState:
        """Leave the current section: to its break, to the next section, or (the last one)
        submit the mock."""
        state = self.tick(now)
        if state.phase != Phase.SECTION:
            return state
        if state.last_section:
            return replace(state, phase=Phase.FINISHED, ended=EndReason.SUBMITTED, paused=False)
        if state.break_s[state.section] > 0:
            return replace(state, phase=Phase.BREAK, break_ms=0, paused=False)
        return state._next_section()

    def end_break(self, now: dt.datetime) -> MockState:
        """End the break early and start the next section."""
        state = self.tick(now)
        return state._next_section() if state.phase == Phase.BREAK else state

    def submit(self, now: dt.datetime, reason: EndReason = EndReason.SUBMITTED) -> MockState:
        """End the mock now, whatever section it is in."""
        state = self.tick(now)
        if state.phase == Phase.FINISHED:
            return state
        return replace(state, phase=Phase.FINISHED, ended=reason, paused=False)

    def _next_section(self) -> MockState:
        section = self.section + 1
        return replace(
            self,
            phase=Phase.SECTION,
            section=section,
            position=self.section_range(section).start,
            break_ms=0,
        )

    def _with_item(self, position: int, item: ItemState) -> MockState:
        items = list(self.items)
        items[position] = item
        return replace(self, items=tuple(items))
