"""What each screen and the readiness panel need from the services, as protocols.

The screens and widgets are typed against these instead of the service classes, so that they
import nothing that reaches the database layer (``pmstudy.services.container.Services``
satisfies them structurally). A screen that opens another includes that screen's port, so the
dashboard's port is the union of everything reachable from it, and ``AppServices`` (what
``PmStudyApp`` holds) adds the screens the command palette opens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from pmstudy.clock import Clock
from pmstudy.domain.cards import (
    ExportSummary,
    ImportOptions,
    ImportSummary,
    MediaFile,
    NoteDraft,
    NoteTypeInfo,
    Progress,
    SaveResult,
    TextPreview,
)
from pmstudy.domain.model import NoteKind, Preset, StudyCard
from pmstudy.domain.search import BrowseRow, BulkResult, CardPreview, SearchResult, SortKey
from pmstudy.domain.stats import Calibration, StatsReport

if TYPE_CHECKING:
    # For typing only: these load when their screens are first opened, not at start-up.
    from pmstudy.domain.custom import CustomChoice, CustomOptions, CustomSource
    from pmstudy.domain.deck_tree import DeckNode
    from pmstudy.domain.exam import Backtest, EligibilityStatus, ExamGoal, ExamSpec
    from pmstudy.domain.scheduling import MoveKind, StudyCalendar
    from pmstudy.services.calendar import CalendarChange
    from pmstudy.services.classify import Applied, Classification, UndoOutcome, UndoStep
    from pmstudy.services.deck_edits import DeckRemoval
    from pmstudy.services.decks import BundledDeck, ExamChoice
    from pmstudy.services.exams import ExamReport, LastMock
    from pmstudy.services.group_report import GroupReport
    from pmstudy.services.session import StudySession
    from pmstudy.services.stats import Overview
    from pmstudy.services.tuning import (
        DeckRetention,
        MoveReport,
        MoveScope,
        MoveUndo,
        OptimizeProgress,
        OptimizeResult,
        RescheduleReport,
        UndoReport,
        WorkloadReport,
    )
    from pmstudy.tui.mock_ports import MockPort  # the mock screens' ports (tui/mock_ports.py)


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
    def postpone(self, card_ids: Sequence[int], days: str) -> BulkResult: ...
    def advance(self, card_ids: Sequence[int]) -> BulkResult: ...
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


class CustomStudyPort(Protocol):
    """Custom study: the cards of a source, and a session over them."""

    def choose(self, source: CustomSource, options: CustomOptions) -> CustomChoice: ...
    def start(self, choice: CustomChoice, options: CustomOptions) -> StudySession: ...


class BrowserServices(Protocol):
    """Services with a browser and an editor, and a card's media for the preview's images."""

    @property
    def browser(self) -> BrowserPort: ...
    @property
    def editor(self) -> EditorPort: ...
    @property
    def imports(self) -> MediaPort: ...
    @property
    def settings(self) -> MediaSettings: ...


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
    """Where the crash log goes, and where imported media files are stored (the one folder
    'open image' opens from)."""

    @property
    def data_dir(self) -> Path: ...
    @property
    def media_dir(self) -> Path: ...


class MediaSettings(DataDirSettings, Protocol):
    """The data folders, and how a card's images show (``inline``, ``external``, ``off``)."""

    @property
    def images(self) -> Literal["inline", "external", "off"]: ...


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


class GroupReportPort(Protocol):
    """The trainer's report over every learner this account can see."""

    def report(self, *, with_plan: bool = ...) -> GroupReport: ...


class GroupReportServices(Protocol):
    """Services with the group report, and the data folder for the crash log."""

    @property
    def group_report(self) -> GroupReportPort: ...
    @property
    def settings(self) -> DataDirSettings: ...


# --- review and exams ------------------------------------------------------------------------


class CardPort(Protocol):
    """One card by id (``NotFoundError`` once it is gone)."""

    def card(self, card_id: int) -> StudyCard: ...


class MediaPort(Protocol):
    """The media files a card shows."""

    def media_for_card(self, card_id: int) -> list[MediaFile]: ...


class SourceTitlesPort(Protocol):
    """The titles of the sources a card cites (by the note's source and its Source field)."""

    def cited(self, note_source: str | None, source: str) -> tuple[tuple[str, str], ...]: ...


class ExamProfilePort(Protocol):
    """An exam profile by id: the names of the exam and its domains."""

    def profile(self, profile_id: str) -> ExamSpec: ...


class ReviewServices(EditorServices, Protocol):
    """The review screen's: the time, a card's media (and the folder it may be opened from)
    and the card itself, source titles, the exam profiles (the summary names their domains),
    and the editor."""

    @property
    def clock(self) -> Clock: ...
    @property
    def imports(self) -> MediaPort: ...
    @property
    def library(self) -> CardPort: ...
    @property
    def source_titles(self) -> SourceTitlesPort: ...
    @property
    def exams(self) -> ExamProfilePort: ...
    @property
    def settings(self) -> MediaSettings: ...


class CustomStudyServices(ReviewServices, Protocol):
    """Custom study's: choosing the cards, and the review screen's over them."""

    @property
    def custom_study(self) -> CustomStudyPort: ...


class BrowserStudyServices(BrowserServices, CustomStudyServices, Protocol):
    """The browser's, with studying its cards now (``c``)."""


class LastMockPort(Protocol):
    """An exam's latest mock exam against today's prediction (None: no mock yet)."""

    def last_mock(self, goal_id: int | None = ...) -> LastMock | None: ...


class LastMockServices(Protocol):
    """Services with the latest mock exam, and the data folder for the crash log."""

    @property
    def exams(self) -> LastMockPort: ...
    @property
    def settings(self) -> DataDirSettings: ...


class ExamsPort(ExamReportPort, LastMockPort, ExamProfilePort, Protocol):
    """Exam profiles and goals: list, add, remove, exam mode, the cards of some tasks, the last
    mock exam."""

    def goals(self) -> list[ExamGoal]: ...
    def profiles(self) -> list[ExamSpec]: ...
    def add(
        self,
        profile_id: str,
        date: str,
        time: str | None,
        *,
        decks: Sequence[str],
        target: float,
        exam_mode: bool,
        buffer_days: int | None,
        minutes_per_day: int | None,
        final_pass_days: int | None = None,
    ) -> ExamGoal: ...
    def deck_choices(self, profile_id: str) -> tuple[list[str], list[str]]: ...
    def remove(self, goal_id: int) -> None: ...
    def set_exam_mode(self, goal_id: int, on: bool) -> int: ...
    def set_options(
        self, goal_id: int, *, final_pass_days: int | None, plan_sets_new: bool
    ) -> int: ...
    def card_ids_for_tasks(
        self, goal_id: int | None, tasks: Sequence[tuple[str, str | None]]
    ) -> list[int]: ...


class FilteredStudyPort(Protocol):
    """A study session over chosen cards."""

    def start_filtered(self, card_ids: list[int]) -> StudySession: ...


class EligibilityPort(Protocol):
    """The eligibility log's totals against an exam goal's requirement (None: it has none)."""

    def goal_status(self, goal: ExamGoal) -> EligibilityStatus | None: ...


class BundledDecksPort(Protocol):
    """The bundled decks serving exams, and installing them (an exam added with its deck)."""

    def decks_for_exams(self, exam_ids: list[str]) -> list[BundledDeck]: ...
    def install(self, deck_ids: list[str]) -> list[ImportSummary]: ...


class ExamsServices(ReadinessServices, CustomStudyServices, Protocol):
    """The exams screen's: exams, a session over the weakest tasks (and the review screen's),
    the bundled decks an exam is added with."""

    @property
    def exams(self) -> ExamsPort: ...
    @property
    def decks(self) -> BundledDecksPort: ...
    @property
    def eligibility(self) -> EligibilityPort: ...
    @property
    def settings(self) -> MediaSettings: ...
    @property
    def study(self) -> FilteredStudyPort: ...


# --- import ----------------------------------------------------------------------------------


class TextPreviewPort(Protocol):
    """How a CSV/TSV/TXT file reads (in the given encoding, or the detected one)."""

    def preview(self, path: Path, *, encoding: str | None = ...) -> TextPreview: ...


class CsvMappingServices(Protocol):
    """The column-mapping dialog's."""

    @property
    def imports(self) -> TextPreviewPort: ...


class ImportPort(TextPreviewPort, Protocol):
    """Importing a file."""

    def import_file(
        self, path: Path, options: ImportOptions, progress: Progress
    ) -> ImportSummary: ...


class DeckNamesPort(Protocol):
    """Every deck's full name (the import screen offers them as targets)."""

    def deck_names(self) -> list[str]: ...


class ImportServices(CsvMappingServices, Protocol):
    """The import screen's (and the mapping dialog's it opens)."""

    @property
    def imports(self) -> ImportPort: ...
    @property
    def editor(self) -> DeckNamesPort: ...


# --- deck options and workload ---------------------------------------------------------------


class PresetsPort(Protocol):
    """Deck-option presets."""

    def get(self, preset_id: int) -> Preset: ...
    def of_deck(self, deck_id: int) -> Preset: ...
    def save(self, preset: Preset) -> Preset: ...
    def with_decks(self) -> list[tuple[Preset, list[str]]]: ...
    def clone(self, preset_id: int, name: str) -> Preset: ...
    def use(self, deck_id: int, preset_id: int) -> Preset: ...
    def deck_retention(self, deck: int | str) -> DeckRetention: ...
    def set_deck_retention(self, deck: int | str, retention: float | None) -> DeckRetention: ...


class OptimizePort(Protocol):
    """Fitting a preset's parameters."""

    def optimize(
        self, *, preset: str | None, progress: OptimizeProgress
    ) -> list[OptimizeResult]: ...


class ReschedulePort(Protocol):
    """Moving a preset's cards to its intervals, and taking that back."""

    def reschedule(self, *, preset: str | None, dry_run: bool = ...) -> RescheduleReport: ...
    def undo(self) -> UndoReport: ...


class DeckOptionsServices(Protocol):
    """The deck-options screen's."""

    @property
    def presets(self) -> PresetsPort: ...
    @property
    def optimizer(self) -> OptimizePort: ...
    @property
    def rescheduler(self) -> ReschedulePort: ...


class WorkloadPort(Protocol):
    """The workload projection."""

    def project(
        self, *, days: int, new_per_day: int, retention: float, preset: str | None, deck: str | None
    ) -> WorkloadReport: ...


class SimulatorServices(Protocol):
    """The workload simulator's."""

    @property
    def workload(self) -> WorkloadPort: ...


# --- deck actions (rename, delete, move, exam links, export) ---------------------------------


class DeckEditsPort(Protocol):
    """Renaming, moving and removing a deck, and undoing the last removal."""

    def removal(self, name: str) -> DeckRemoval: ...
    def remove(self, name: str) -> DeckRemoval: ...
    @property
    def undoable(self) -> DeckRemoval | None: ...
    def undo_remove(self) -> DeckRemoval | None: ...
    def rename(self, old: str, new: str) -> int: ...
    def parents(self, name: str) -> list[str]: ...
    def move(self, name: str, parent: str | None) -> tuple[str, int]: ...


class ExamLinksPort(ExamProfilePort, Protocol):
    """The exam goals, and linking decks to them or taking decks off."""

    def goals(self) -> list[ExamGoal]: ...
    def link(self, goal_id: int, decks: Sequence[str]) -> ExamGoal: ...
    def unlink(self, goal_id: int, decks: Sequence[str]) -> ExamGoal: ...


class ExportPort(Protocol):
    """Writing a deck to a file."""

    def export(
        self,
        deck: str,
        fmt: str,
        path: Path,
        *,
        history: bool = ...,
        raw: bool = ...,
        progress: Progress | None = ...,
    ) -> ExportSummary: ...


class DeckActionsServices(Protocol):
    """The deck-action dialogs' (tui/screens/deck_actions.py)."""

    @property
    def deck_edits(self) -> DeckEditsPort: ...
    @property
    def exams(self) -> ExamLinksPort: ...
    @property
    def imports(self) -> ExportPort: ...


# --- classify --------------------------------------------------------------------------------


class ClassifyPort(Protocol):
    """A deck classified onto an exam; writing the chosen tags, and taking that back."""

    def profiles(self) -> list[ExamSpec]: ...
    def deck_names(self) -> list[str]: ...
    def classify(self, deck: str, profile_id: str) -> Classification: ...
    def apply(self, profile_id: str, deck: str, tags: Mapping[int, str]) -> Applied: ...
    def undo_step(self) -> UndoStep | None: ...
    def undo(self) -> UndoOutcome: ...


class ClassifyServices(Protocol):
    """The classify screen's, and the data folder for the crash log."""

    @property
    def classify(self) -> ClassifyPort: ...
    @property
    def settings(self) -> DataDirSettings: ...


# --- the dashboard and the app ---------------------------------------------------------------


class DecksPort(BundledDecksPort, Protocol):
    """Bundled decks and the first run's exam choice."""

    def exams_chosen(self) -> list[str] | None: ...
    def exam_choices(self) -> list[ExamChoice]: ...
    def choose_exams(self, exam_ids: list[str]) -> list[ImportSummary]: ...
    def bundled(self) -> list[BundledDeck]: ...


class StudyPort(FilteredStudyPort, Protocol):
    """The deck tree and a session over a deck."""

    def deck_tree(self) -> list[DeckNode]: ...
    def start(self, deck_id: int) -> StudySession: ...
    def set_new_limit_today(self, deck_name: str, limit: int | None) -> None: ...


class OverviewPort(StatsPort, Protocol):
    """Today's totals, besides the statistics screen's numbers."""

    def overview(self) -> Overview: ...


class DashboardImportsPort(ImportPort, MediaPort, ExportPort, Protocol):
    """Importing (the import screen), a card's media (the review screen), exporting a deck."""


class DashboardExamsPort(ExamsPort, ExamLinksPort, Protocol):
    """The exams screen's, and linking decks (the deck actions)."""


class PostponePort(Protocol):
    """Postpone, advance and breaks (a preview with ``dry_run``), and their undo."""

    def today(self) -> dt.date: ...
    def postpone(
        self,
        scope: MoveScope,
        *,
        count: int | None = ...,
        by_days: int | None = ...,
        dry_run: bool = ...,
    ) -> MoveReport: ...
    def advance(
        self, scope: MoveScope, *, count: int | None = ..., dry_run: bool = ...
    ) -> MoveReport: ...
    def schedule_break(
        self, scope: MoveScope, start: dt.date, end: dt.date, *, dry_run: bool = ...
    ) -> MoveReport: ...
    def undo(self, kind: MoveKind | None = ..., step: str | None = ...) -> MoveUndo: ...
    def breaks(self) -> list[tuple[dt.date, dt.date]]: ...


class PostponeServices(Protocol):
    """The dashboard's postpone / advance / break menu (``p``)."""

    @property
    def postponer(self) -> PostponePort: ...


class CalendarPort(Protocol):
    """The study calendar: specific dates' loads, their undo, the load balancer switch."""

    def today(self) -> dt.date: ...
    def calendar(self, preset_id: int | None = ...) -> StudyCalendar: ...
    def set_days(self, days: Iterable[dt.date], load: float) -> CalendarChange: ...
    def clear_days(self, days: Iterable[dt.date]) -> CalendarChange: ...
    def restore(self, change: CalendarChange) -> None: ...
    def balancing(self) -> bool: ...
    def set_balancing(self, on: bool) -> None: ...


class CalendarServices(Protocol):
    """The dashboard's calendar dialog (``k``)."""

    @property
    def calendar(self) -> CalendarPort: ...


class DashboardServices(
    CalendarServices,
    PostponeServices,
    BrowserServices,
    StatsServices,
    ImportServices,
    DeckOptionsServices,
    SimulatorServices,
    ExamsServices,
    DeckActionsServices,
    Protocol,
):
    """The dashboard's, and those of every screen it opens."""

    @property
    def decks(self) -> DecksPort: ...
    @property
    def exams(self) -> DashboardExamsPort: ...
    @property
    def study(self) -> StudyPort: ...
    @property
    def stats(self) -> OverviewPort: ...
    @property
    def imports(self) -> DashboardImportsPort: ...
    @property
    def mocks(self) -> MockPort: ...


class ProfileSettings(MediaSettings, Protocol):
    """The data folders, the learner profile studying (None: the default one) and the database
    URL (profiles are folders on SQLite, schemas on PostgreSQL)."""

    @property
    def profile(self) -> str | None: ...
    @property
    def database_url(self) -> str | None: ...


class AppServices(
    DashboardServices, BacktestServices, ClassifyServices, GroupReportServices, Protocol
):
    """What the app holds: the dashboard's, and the screens the command palette opens."""

    @property
    def settings(self) -> ProfileSettings: ...
