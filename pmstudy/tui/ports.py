"""What the browser, editor, statistics and back-test screens and the readiness panel need from
the services, as protocols.

The screens and widgets are typed against these instead of the service classes, so that they
import nothing that reaches the database layer (``pmstudy.services.container.Services``
satisfies them structurally).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pmstudy.domain.cards import NoteDraft, NoteTypeInfo, SaveResult
from pmstudy.domain.model import NoteKind
from pmstudy.domain.search import BrowseRow, BulkResult, CardPreview, SearchResult, SortKey
from pmstudy.domain.stats import Calibration, StatsReport

if TYPE_CHECKING:
    # For typing only: these load when their screens are first opened, not at start-up.
    from pmstudy.domain.exam import Backtest
    from pmstudy.services.exams import ExamReport


class BrowserPort(Protocol):
    """Search, rows, preview and bulk actions with undo."""

    def search(
        self, query: str, *, sort: SortKey = ..., descending: bool = ...
    ) -> SearchResult: ...
    def rows(self, card_ids: Sequence[int]) -> list[BrowseRow]: ...
    def preview(self, card_id: int) -> CardPreview: ...
    def deck_names(self) -> list[str]: ...
    @property
    def can_undo(self) -> bool: ...
    @property
    def undo_label(self) -> str | None: ...
    def undo(self) -> str | None: ...
    def suspend(self, card_ids: Sequence[int]) -> BulkResult: ...
    def unsuspend(self, card_ids: Sequence[int]) -> BulkResult: ...
    def bury(self, card_ids: Sequence[int]) -> BulkResult: ...
    def set_flag(self, card_ids: Sequence[int], flag: int) -> BulkResult: ...
    def add_tags(self, card_ids: Sequence[int], tags: Sequence[str]) -> BulkResult: ...
    def remove_tags(self, card_ids: Sequence[int], tags: Sequence[str]) -> BulkResult: ...
    def move(self, card_ids: Sequence[int], deck_name: str) -> BulkResult: ...
    def reset(self, card_ids: Sequence[int]) -> BulkResult: ...
    def set_due(self, card_ids: Sequence[int], days: str) -> BulkResult: ...
    def delete(self, card_ids: Sequence[int]) -> BulkResult: ...


class EditorPort(Protocol):
    """Drafts of new and existing notes, and saving them."""

    def kinds(self) -> list[NoteTypeInfo]: ...
    def blank(self, kind: NoteKind, deck: str = ...) -> NoteDraft: ...
    def draft(self, card_id: int) -> NoteDraft: ...
    def save(self, draft: NoteDraft) -> SaveResult: ...
    def deck_names(self) -> list[str]: ...


class StatsPort(Protocol):
    """The statistics screen's numbers."""

    def report(self) -> StatsReport: ...
    def calibration(self, *, days: int = ...) -> Calibration: ...


class EditorServices(Protocol):
    """Services with an editor."""

    @property
    def editor(self) -> EditorPort: ...


class BrowserServices(Protocol):
    """Services with a browser and an editor."""

    @property
    def browser(self) -> BrowserPort: ...
    @property
    def editor(self) -> EditorPort: ...


class StatsServices(Protocol):
    """Services with statistics."""

    @property
    def stats(self) -> StatsPort: ...


class ExamReportPort(Protocol):
    """An exam's readiness report: quick (``with_plan=False``) or with the plan simulated."""

    def report(
        self, goal_id: int | None = ..., *, with_plan: bool = ..., backtest: bool = ...
    ) -> ExamReport: ...


class DataDirSettings(Protocol):
    """Where the crash log goes."""

    @property
    def data_dir(self) -> Path: ...


class ReadinessServices(Protocol):
    """Services with exam reports, and the data folder for the crash log."""

    @property
    def exams(self) -> ExamReportPort: ...
    @property
    def settings(self) -> DataDirSettings: ...


class BacktestPort(Protocol):
    """The back-test of recall predictions."""

    def run(self, *, since: dt.datetime | None = ...) -> Backtest: ...


class BacktestServices(Protocol):
    """Services with a back-test, and the data folder for the crash log."""

    @property
    def backtest(self) -> BacktestPort: ...
    @property
    def settings(self) -> DataDirSettings: ...
