"""The dashboard: today's numbers and the deck tree; Enter studies the highlighted deck."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static

from pmstudy import crashlog
from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.dashboard_deck_actions import DeckActions, services_open
from pmstudy.tui.screens.dashboard_exams import eligibility_lines, show_exams
from pmstudy.tui.screens.first_run import FirstRunScreen
from pmstudy.tui.screens.install import InstallDecksScreen
from pmstudy.tui.screens.profile_switch import SWITCH_TITLE, switch_hint
from pmstudy.tui.widgets.counts_bar import LEARNING_STYLE, NEW_STYLE, REVIEW_STYLE
from pmstudy.tui.widgets.deck_table import DeckTable
from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.domain.cards import ImportSummary
    from pmstudy.domain.deck_tree import DeckNode
    from pmstudy.domain.exam import ExamGoal
    from pmstudy.services.mock import Unfinished
    from pmstudy.services.stats import Overview
    from pmstudy.tui.ports import DashboardServices

# the keys the footer has no room for at 80 columns (74 cells: one line there), the
# highlighted deck's actions (tui/screens/deck_actions.py) on a second line and the day's
# (custom study, today's new cards, postpone / advance / break, the calendar) on a third
HINT = Text("a add decks · i import · o options · w workload · r refresh · ? every key", "dim")
DECK_HINT = "deck: n rename · d delete · v move · l exams · e export"
UNDO_HINT = " · u undo delete"
DAY_HINT = "day: c custom study · t new today · p postpone/advance/break · k calendar"
OPENING = "Opening your collection…"


def hint_text(undo: bool, learner: str | None = None) -> Text:
    """The hint lines under the deck table (with undo while a deletion can be undone, and
    the profile switch's line ``learner`` once profiles exist: profile_switch.switch_hint)."""
    deck = DECK_HINT + (UNDO_HINT if undo else "")
    text = Text.assemble(HINT, "\n", (deck, "dim"), "\n", (DAY_HINT, "dim"))
    return text if learner is None else text.append("\n" + learner, "dim")


TABLE_MAX_WIDTH = 100  # #dash-decks max-width in app.tcss
TABLE_MARGIN = 6  # #dashboard's padding (2 each side) and room for its scroll bar


def today_text(nodes: list[DeckNode], overview: Overview | None) -> Text:
    """``Today  20 new · 3 learning · 41 due   Reviewed 12 (4 min)   Streak 3 days``.

    Without ``overview`` (still loading) only the counts, which the deck tree already has.
    """
    from pmstudy.domain.deck_tree import today_counts  # not in the first frame: no counts yet

    due = today_counts(nodes)
    text = Text("Today  ", "bold")
    text.append(f"{due.new} new", NEW_STYLE)
    text.append(" · ", "dim")
    text.append(f"{due.learning} learning", LEARNING_STYLE)
    text.append(" · ", "dim")
    text.append(f"{due.review} due", REVIEW_STYLE)
    if overview is None:
        return text
    minutes = round(overview.seconds_today / 60)
    text.append("    Reviewed ", "bold")
    text.append(f"{overview.reviews_today} ({minutes} min)")
    text.append("    Streak ", "bold")
    text.append(f"{overview.streak_days} day{'s' if overview.streak_days != 1 else ''}")
    if overview.retention_30d is not None:
        text.append("    Retention 30d ", "bold")
        text.append(f"{overview.retention_30d:.0%}")
    return text


class DashboardScreen(DeckActions):
    """Decks with what is due today."""

    # the deck table, not the scroll container around it (the first focusable widget): the
    # arrows move the deck cursor and enter studies the deck the learner sees highlighted
    AUTO_FOCUS = "#dash-decks"

    # The footer holds the daily keys and fits 80 columns with the app's q, ? and ^p (77
    # cells); the rest are in the hint line under the table, in ? help and in the palette.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "study", "Study deck", priority=True, tooltip="Study the highlighted deck"
        ),
        Binding("x", "exams", "Exams", tooltip="Exam dates, readiness, study plan"),
        Binding("m", "mock", "Mock", tooltip="Mock exam or practice set, timed like the exam"),
        Binding("b", "browse", "Browse", tooltip="Search, edit and change cards"),
        Binding("s", "stats", "Stats", tooltip="Statistics, forecast, retention, calibration"),
        Binding("a", "add_decks", "Add decks", show=False, tooltip="Add (install) bundled decks"),
        Binding(
            "i",
            "import_file",
            "Import",
            show=False,
            tooltip="Import an Anki package, CSV/TSV or deck",
        ),
        Binding(
            "o",
            "options",
            "Options",
            show=False,
            tooltip="Options of the highlighted deck's preset",
        ),
        Binding(
            "w", "simulate", "Workload", show=False, tooltip="Simulate the review workload ahead"
        ),
        Binding("r", "refresh", "Refresh", show=False, tooltip="Refresh the deck counts"),
        Binding(
            "c",
            "custom_study",
            "Custom study",
            show=False,
            tooltip="Custom study… (a search, a domain, the weakest tasks, the flagged cards)",
        ),
        # the highlighted deck's actions: the second hint line, ? help and the palette
        Binding("n", "rename_deck", "Rename", show=False, tooltip="Rename deck…"),
        Binding(
            "d",
            "delete_deck",
            "Delete",
            show=False,
            tooltip="Delete deck… (cards, notes, history; undo with u)",
        ),
        Binding("u", "undo_delete", "Undo delete", show=False, tooltip="Undo the deck deletion"),
        Binding("v", "move_deck", "Move", show=False, tooltip="Move deck… under another deck"),
        Binding("l", "link_exams", "Exams", show=False, tooltip="Link deck to exams…"),
        Binding(
            "t",
            "today_limit",
            "New today",
            show=False,
            tooltip="New cards today for the deck… (over its plan's or preset's number)",
        ),
        Binding(
            "e", "export_deck", "Export", show=False, tooltip="Export deck… (.apkg, CSV, deck file)"
        ),
        Binding(
            "k",
            "calendar",
            "Calendar",
            show=False,
            tooltip="Calendar… breaks, easy days, the load balancer",
        ),
        Binding(
            "p",
            "postpone",
            "Reschedule",
            show=False,
            tooltip="Postpone, advance, break for the deck… (undoable)",
        ),
        # the palette's entry for it is this key's (the app's own entry serves other screens)
        Binding("L", "app.switch_profile", "Learner", show=False, tooltip=SWITCH_TITLE),
    ]

    class Installed(Message):
        """Bundled decks finished installing (sent from the worker thread)."""

        def __init__(self, summaries: list[ImportSummary], error: str | None = None) -> None:
            self.summaries = summaries
            self.error = error
            super().__init__()

    class TodayLoaded(Message):
        """Today's totals, the exam goals and their eligibility lines by goal id (read in a
        worker thread after the first frame)."""

        def __init__(
            self,
            overview: Overview | None,
            goals: list[ExamGoal],
            error: str | None = None,
            eligibility: dict[int, str] | None = None,
        ) -> None:
            self.overview = overview
            self.goals = goals
            self.error = error
            self.eligibility = eligibility or {}
            super().__init__()

    class Opened(Message):
        """The worker opened the database (``error``: it could not)."""

        def __init__(self, error: Exception | None = None) -> None:
            self.error = error
            super().__init__()

    def __init__(self, services: DashboardServices) -> None:
        super().__init__()
        self.services = services
        self.sub_title = "Decks"
        self._deck_nodes: list[DeckNode] = []
        self._overview: Overview | None = None  # the last one read, shown until the next

    def compose(self) -> ComposeResult:
        """Today's line, the deck table, a hint."""
        yield Header()
        with VerticalScroll(id="dashboard"):
            yield Static(id="dash-today")
            yield DeckTable(id="dash-decks")
            yield Static(hint_text(False), id="dash-hint")
            yield Vertical(id="dash-exams")
        yield KeyBar()

    def on_mount(self) -> None:
        """On the very first run, ask which exams the learner prepares for.

        When the app starts before its database is open (``pmstudy``: services/opening.py),
        the today line says so (no number yet), and a worker opens it after this first frame.
        """
        if not services_open(self.services):
            # a still line: an animation would take turns with the worker for the CPU
            self.query_one("#dash-today", Static).update(Text(OPENING, "dim"))
            self.call_after_refresh(self._open_services)
            return
        self._first_look()

    @work(thread=True, exclusive=True, group="dashboard-open")
    def _open_services(self) -> None:
        ahead = getattr(self.services, "deck_tree_ahead", None)
        nodes = ahead() if callable(ahead) else None  # waits for the child: no GIL held
        if nodes is not None:
            # painted before the opening below takes the GIL and the app's thread waits on it
            painted = threading.Event()
            self.app.call_from_thread(self._show_ahead, nodes, painted)
            painted.wait(timeout=1)
        try:
            self.services.decks.exams_chosen()  # the first use opens the database
        except Exception as exc:  # the app ends on it, as when it opened before the app
            self.post_message(self.Opened(exc))
        else:
            self.post_message(self.Opened())

    def _show_ahead(self, nodes: list[DeckNode], painted: threading.Event) -> None:
        """The deck counts the read-ahead child read (services/opening.py), until the
        services are open and read them again."""
        if services_open(self.services):
            painted.set()
            return
        self._deck_nodes = nodes
        self.query_one(DeckTable).show(nodes)
        self.query_one("#dash-today", Static).update(today_text(nodes, None))
        self.call_after_refresh(painted.set)

    def on_dashboard_screen_opened(self, message: Opened) -> None:
        """The database is open: the first-run question or the deck counts."""
        if message.error is not None:
            raise message.error
        self._first_look()
        self.action_refresh()

    def _first_look(self) -> None:
        if self.services.decks.exams_chosen() is None:
            choices = self.services.decks.exam_choices()
            installed = [b.name for b in self.services.decks.bundled() if b.installed]
            self.app.push_screen(FirstRunScreen(choices, installed), self._exams_chosen)
        else:  # a mock a killed process left open is offered for resuming
            self.call_after_refresh(self._find_unfinished_mock)

    @work(thread=True, exclusive=True, group="dashboard-mock")
    def _find_unfinished_mock(self) -> None:
        try:
            unfinished = self.services.mocks.unfinished()
        except PmStudyError:
            return  # the mock screens say what is wrong when opened
        if unfinished is not None:
            self.app.call_from_thread(self._offer_resume, unfinished)

    def _offer_resume(self, unfinished: Unfinished) -> None:
        from pmstudy.tui.screens.mock_resume import offer_resume

        offer_resume(self.app, self.services, unfinished)

    def _exams_chosen(self, exam_ids: list[str] | None) -> None:
        self.query_one(DeckTable).loading = bool(exam_ids)
        self._choose_worker(exam_ids or [])

    @work(thread=True, exclusive=True)
    def _choose_worker(self, exam_ids: list[str]) -> None:
        try:
            summaries = self.services.decks.choose_exams(exam_ids)
        except PmStudyError as exc:
            self.post_message(self.Installed([], str(exc)))
        else:
            self.post_message(self.Installed(summaries))

    def on_resize(self, event: events.Resize) -> None:
        """Fit the deck table to the screen: its rows never run past the edge."""
        self.query_one(DeckTable).fit(min(TABLE_MAX_WIDTH, event.size.width - TABLE_MARGIN))

    def on_screen_resume(self) -> None:
        """Counts change while studying: refresh whenever the dashboard is shown again.

        The deck table takes the focus back too (after help, a session, any screen on top).
        """
        self.query_one(DeckTable).focus()
        if services_open(self.services):  # else the deck counts follow the opening
            self.action_refresh()

    def action_refresh(self) -> None:
        """Reload the deck counts now; today's totals and each exam's readiness follow.

        The deck tree is all the first frame needs. Today's totals (a scan of the review log)
        and the exams (NumPy and every linked card) are read in a worker thread, so the
        dashboard is interactive at once and fills in a moment later.
        """
        self._deck_nodes = self.services.study.deck_tree()
        self.query_one(DeckTable).show(self._deck_nodes)
        undo = self.services.deck_edits.undoable is not None
        learner = switch_hint(self.app.title)
        self.query_one("#dash-hint", Static).update(hint_text(undo, learner))
        self.refresh_bindings()
        self.query_one("#dash-today", Static).update(today_text(self._deck_nodes, self._overview))
        # after the frame is painted: the worker's imports would otherwise hold the GIL first
        self.call_after_refresh(self._load_today)

    @work(thread=True, exclusive=True, group="dashboard-today")
    def _load_today(self) -> None:
        try:
            overview = self.services.stats.overview()
            now = self.services.clock.now()
            goals = [g for g in self.services.exams.goals() if g.exam_at > now]
            lines = eligibility_lines(self.services, goals)
        except PmStudyError as exc:
            self.post_message(self.TodayLoaded(None, [], str(exc)))
        except Exception as exc:
            line = crashlog.logged(exc, self.services.settings.data_dir)
            self.post_message(self.TodayLoaded(None, [], line))
        else:
            self.post_message(self.TodayLoaded(overview, goals, eligibility=lines))

    def on_dashboard_screen_today_loaded(self, message: TodayLoaded) -> None:
        """Show today's totals and a readiness panel per exam ahead."""
        if message.error is not None:
            self.notify(message.error, title="Dashboard", severity="error", markup=False)
        self._overview = message.overview
        self.query_one("#dash-today", Static).update(today_text(self._deck_nodes, self._overview))
        box = self.query_one("#dash-exams", Vertical)
        if box.is_attached:  # else the app is closing (a profile switch right after a reload)
            show_exams(box, self.services, message.goals, message.eligibility)

    def action_browse(self) -> None:
        """The card browser (search, preview, bulk actions, editor)."""
        from pmstudy.tui.screens.browser import BrowserScreen

        self.app.push_screen(BrowserScreen(self.services))

    def action_stats(self) -> None:
        """Statistics with plots and calibration."""
        from pmstudy.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.services))

    def action_import_file(self) -> None:
        """Import a file; the deck tree is refreshed when the screen closes."""
        from pmstudy.tui.screens.import_screen import ImportScreen

        self.app.push_screen(ImportScreen(self.services))

    def action_options(self) -> None:
        """Deck options (preset) of the highlighted deck: limits, retention, FSRS, optimize."""
        from pmstudy.tui.screens.deck_options import DeckOptionsScreen

        node = self.query_one(DeckTable).selected
        if node is not None:
            self.app.push_screen(
                DeckOptionsScreen(self.services, deck_id=node.id, deck_name=node.title)
            )

    def action_simulate(self) -> None:
        """The workload simulator for the highlighted deck."""
        from pmstudy.tui.screens.simulator import SimulatorScreen

        node = self.query_one(DeckTable).selected
        if node is None:
            self.app.push_screen(SimulatorScreen(self.services, deck=None))
            return
        # starts at the retention the deck's cards follow (its own, else its preset's)
        retention = self.services.presets.deck_retention(node.id).effective
        # and at the deck's new cards for today (its exam plan's, while one drives the day)
        new = node.new_limit.total if node.new_limit is not None else 20
        self.app.push_screen(
            SimulatorScreen(self.services, deck=node.name, retention=retention, new_per_day=new)
        )

    def action_exams(self) -> None:
        """Exam dates, readiness, plan and weakest tasks."""
        from pmstudy.tui.screens.exams import ExamsScreen

        self.app.push_screen(ExamsScreen(self.services))

    def action_custom_study(self) -> None:
        """Custom study: a search (the highlighted deck to start with), the flagged cards, an
        exam's weakest tasks or one of its domains, now, without moving any card."""
        from pmstudy.tui.screens.custom_study import (
            CustomRequest,
            CustomStudyDialog,
            general_sources,
            study_now,
        )

        exams = self.services.exams
        goals = []
        for goal in exams.goals():
            try:
                goals.append((goal, exams.profile(goal.profile_id)))
            except PmStudyError:  # its profile is gone: the other sources still work
                continue
        node = self.query_one(DeckTable).selected
        query = "" if node is None else 'deck:"{}"'.format(node.name.replace('"', '\\"'))

        def chosen(request: CustomRequest | None) -> None:
            if request is not None:
                study_now(self, self.services, request)

        self.app.push_screen(CustomStudyDialog(general_sources(goals), query=query), chosen)

    def action_mock(self) -> None:
        """Mock exams and practice sets: choose the exam, see its format and bank, start."""
        from pmstudy.tui.screens.mock_start import MockStartScreen

        self.app.push_screen(MockStartScreen(self.services))

    def action_study(self) -> None:
        """Start a review session on the highlighted deck."""
        node = self.query_one(DeckTable).selected
        if node is None:
            return
        if node.counts.total == 0:
            self.notify(f"Nothing left to study in {node.title} today.", markup=False)
            return
        try:
            session = self.services.study.start(node.id)
        except PmStudyError as exc:
            self.notify(str(exc), title="Cannot study", severity="error", markup=False)
            return
        from pmstudy.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.services, session, node.title))

    def action_add_decks(self) -> None:
        """Choose bundled decks to install."""
        self.app.push_screen(InstallDecksScreen(self.services.decks.bundled()), self._install)

    def _install(self, deck_ids: list[str] | None) -> None:
        if deck_ids:
            self.query_one(DeckTable).loading = True
            self._install_worker(deck_ids)

    @work(thread=True, exclusive=True)
    def _install_worker(self, deck_ids: list[str]) -> None:
        try:
            summaries = self.services.decks.install(deck_ids)
        except PmStudyError as exc:
            self.post_message(self.Installed([], str(exc)))
        else:
            self.post_message(self.Installed(summaries))

    @on(Installed)
    def _installed(self, message: Installed) -> None:
        table = self.query_one(DeckTable)
        table.loading = False
        table.focus()
        if message.error is not None:
            self.notify(message.error, title="Not installed", severity="error", markup=False)
        elif message.summaries:  # nothing to say when the learner skipped the exam choice
            added = sum(s.notes_added for s in message.summaries)
            updated = sum(s.notes_updated for s in message.summaries)
            self.notify(f"Installed: {added} notes added, {updated} updated.", markup=False)
        self.action_refresh()
