"""What the mock-exam screens need from the services, as protocols (the rest of the TUI's
ports are in ``ports.py``; the dashboard's port names ``mocks``, and its ``exams`` and
``browser`` are wider than the ones here, so it satisfies ``MockServices`` as it stands)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from pmstudy.domain.search import SearchResult, SortKey
from pmstudy.tui.ports import ExamReportPort, ReadinessServices

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamGoal, ExamSpec
    from pmstudy.services.mock import MockOffer, MockResult, MockRun, MockSummary, Unfinished


class MockPort(Protocol):
    """Mock exams and practice sets: what an exam's bank allows, starting one, taking up one a
    killed process left open, results and history."""

    def offer(self, profile_id: str) -> MockOffer: ...
    def start_exam(self, profile_id: str) -> MockRun: ...
    def start_practice(
        self,
        profile_id: str,
        *,
        items: int,
        domain: str | None = ...,
        tasks: Sequence[tuple[str, str | None]] | None = ...,
        card_ids: Sequence[int] | None = ...,
        timed: bool = ...,
        title: str = ...,
    ) -> MockRun: ...
    def unfinished(self) -> Unfinished | None: ...
    def resume(self, mock_id: int) -> MockRun: ...
    def abandon(self, mock_id: int) -> MockResult: ...
    def result(self, mock_id: int) -> MockResult: ...
    def history(self, profile_id: str | None = ...) -> list[MockSummary]: ...


class MockExamsPort(ExamReportPort, Protocol):
    """The exams a mock can be of (the learner's goals first), and the weakest tasks."""

    def goals(self) -> list[ExamGoal]: ...
    def profiles(self) -> list[ExamSpec]: ...


class SearchPort(Protocol):
    """The browser's search (a practice set from a query)."""

    def search(
        self, query: str, *, sort: SortKey = ..., descending: bool = ...
    ) -> SearchResult: ...


class MockServices(ReadinessServices, Protocol):
    """The mock screens': mocks, the exams and their weakest tasks, the search, and the data
    folder for the crash log."""

    @property
    def mocks(self) -> MockPort: ...
    @property
    def exams(self) -> MockExamsPort: ...
    @property
    def browser(self) -> SearchPort: ...
