"""The mock state machine under an injected clock: timer, breaks, locks, pause, auto-submit."""

from __future__ import annotations

import datetime as dt

from pmstudy.domain.mock import EndReason, MockFormat, MockKind, MockState, Phase

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def pmp_like(*, lock: bool = True, pause: bool = False, limit_s: int | None = 600) -> MockState:
    """Three sections of 4 items, 10-minute breaks, 10 minutes in all."""
    fmt = MockFormat(
        kind=MockKind.EXAM,
        profile_id="x",
        title="x",
        items=12,
        limit_s=limit_s,
        sections=(4, 4, 4),
        break_s=(600, 600),
        lock=lock,
        pause=pause,
    )
    return MockState.start(fmt, T0)


def test_the_exam_clock_runs_and_charges_the_item_on_screen() -> None:
    state = pmp_like().tick(at(30)).go(1, at(40)).tick(at(100))
    assert state.elapsed_ms == 100_000
    assert state.remaining_ms() == 500_000
    assert [i.time_ms for i in state.items[:2]] == [40_000, 60_000]


def test_time_running_out_submits_by_itself_and_charges_no_more_than_the_limit() -> None:
    state = pmp_like().answer("A", at(5)).tick(at(601))
    assert state.phase == Phase.FINISHED
    assert state.ended == EndReason.TIME_UP
    assert state.elapsed_ms == 600_000
    assert sum(i.time_ms for i in state.items) == 600_000
    # nothing changes after the end
    assert state.answer("B", at(700)).items[0].response == "A"


def test_a_section_locks_after_its_break() -> None:
    state = pmp_like().answer("A", at(5)).end_section(at(10))
    assert state.phase == Phase.BREAK
    assert state.break_left_ms() == 600_000
    # the break clock is its own: exam time does not run
    state = state.tick(at(310))
    assert state.elapsed_ms == 10_000
    assert state.break_left_ms() == 300_000
    state = state.end_break(at(320))
    assert (state.phase, state.section, state.position) == (Phase.SECTION, 1, 4)
    # section 1's items cannot be visited or changed any more
    assert list(state.visible()) == [4, 5, 6, 7]
    assert state.go(0, at(330)).position == 4
    assert state.items[0].response == "A"


def test_a_break_that_runs_out_starts_the_next_section() -> None:
    state = pmp_like().end_section(at(10)).tick(at(10 + 600))
    assert (state.phase, state.section) == (Phase.SECTION, 1)
    # the exam clock starts again only once the section does
    assert state.tick(at(10 + 600 + 20)).elapsed_ms == 30_000


def test_the_last_section_ends_the_mock() -> None:
    state = pmp_like().end_section(at(1)).end_break(at(2)).end_section(at(3)).end_break(at(4))
    assert state.section == 2
    finished = state.end_section(at(5))
    assert (finished.phase, finished.ended) == (Phase.FINISHED, EndReason.SUBMITTED)


def test_without_locks_every_item_stays_open() -> None:
    state = pmp_like(lock=False).go(11, at(1))
    assert state.position == 11


def test_pause_only_where_the_format_allows_it() -> None:
    assert not pmp_like(pause=False).set_paused(True, at(1)).paused
    state = pmp_like(pause=True).set_paused(True, at(10)).tick(at(500))
    assert state.paused
    assert state.elapsed_ms == 10_000
    # no answer while paused (the item is hidden on screen)
    assert not state.answer("A", at(501)).items[0].answered
    state = state.set_paused(False, at(600)).tick(at(610))
    assert state.elapsed_ms == 20_000


def test_answers_change_until_submit_and_flags_toggle() -> None:
    state = pmp_like().answer("A", at(1)).answer("C", at(2)).toggle_flag(at(3))
    assert state.items[0].response == "C"
    assert state.items[0].answered_ms == 1000  # first answered at 1 s: pacing keeps that
    assert state.flagged() == [0]
    assert state.unanswered() == [1, 2, 3]
    state = state.answer("", at(4)).toggle_flag(at(5))
    assert not state.items[0].answered
    assert state.items[0].answered_ms is None
    assert state.flagged() == []


def test_a_resumed_mock_is_not_charged_for_the_time_no_process_ran() -> None:
    state = pmp_like().tick(at(100))
    resumed = state.resumed(at(5000)).tick(at(5010))
    assert resumed.elapsed_ms == 110_000


def test_untimed_practice_never_runs_out() -> None:
    state = pmp_like(limit_s=None).tick(at(10**6))
    assert state.phase == Phase.SECTION
    assert state.remaining_ms() is None


def test_a_clock_that_goes_back_charges_nothing() -> None:
    state = pmp_like().tick(at(100)).tick(at(50))
    assert state.elapsed_ms == 100_000
