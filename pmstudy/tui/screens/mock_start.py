"""The mock-exam start screen: choose the exam (yours first), see the mock its bank allows and
the bank per domain, then start a full mock or a practice set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from pmstudy import crashlog
from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.mock_practice import PracticeRequest, PracticeScreen
from pmstudy.tui.screens.mock_text import (
    format_text,
    notes_text,
    stock_table,
    unfinished_text,
)
from pmstudy.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamGoal, ExamSpec
    from pmstudy.services.mock import MockOffer, MockRun, Unfinished
    from pmstudy.tui.mock_ports import MockServices

# A practice set of the weakest tasks takes as many as the exams screen's "w" studies.
WEAKEST_TASKS = 5


@dataclass(frozen=True)
class ExamEntry:
    """An exam the list offers: its profile, and the learner's goal for it if any."""

    spec: ExamSpec
    goal: ExamGoal | None = None


def exam_entries(goals: list[ExamGoal], profiles: list[ExamSpec]) -> list[ExamEntry]:
    """The learner's exams first (soonest first), then every other current profile."""
    specs = {p.id: p for p in profiles}
    entries: list[ExamEntry] = []
    for goal in sorted(goals, key=lambda g: g.exam_at):
        spec = specs.get(goal.profile_id)
        if spec is not None and all(e.spec.id != spec.id for e in entries):
            entries.append(ExamEntry(spec, goal))
    mine = {e.spec.id for e in entries}
    entries += [ExamEntry(p) for p in profiles if p.id not in mine and p.status != "retired"]
    return entries


def entry_label(entry: ExamEntry) -> Text:
    """``PSM I  your exam 2027-01-10`` (names shown literally)."""
    text = Text(entry.spec.name, "bold" if entry.goal else "")
    if entry.goal is not None:
        text.append(f"  your exam {entry.goal.exam_at:%Y-%m-%d}", "green")
    return text


class MockStartScreen(Screen[None]):
    """Pick an exam and start its mock or a practice set."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "start",
            "Start mock",
            priority=True,
            tooltip="Start a mock of the highlighted exam",
        ),
        Binding("p", "practice", "Practice set", tooltip="N items from a domain, tasks, a search"),
        Binding("u", "resume", "Resume", tooltip="Resume the unfinished mock"),
        Binding("h", "history", "History", tooltip="Past mocks and the score over time"),
        Binding("escape", "back", "Back"),
    ]

    class WeakestFound(Message):
        """The weakest tasks of the highlighted exam (read in a worker thread)."""

        def __init__(
            self, request: PracticeRequest, tasks: list[tuple[str, str | None]], error: str = ""
        ) -> None:
            self.request = request
            self.tasks = tasks
            self.error = error
            super().__init__()

    def __init__(self, services: MockServices) -> None:
        super().__init__()
        self.services = services
        self.sub_title = "Mock exam"
        self.entries: list[ExamEntry] = []
        self.offer: MockOffer | None = None
        self.unfinished: Unfinished | None = None

    def compose(self) -> ComposeResult:
        """The exams on top; the format and the bank of the highlighted one below."""
        yield Header()
        with Vertical(id="mock-start"):
            yield OptionList(id="mock-start-exams")
            with VerticalScroll(id="mock-start-detail"):
                yield Static(id="mock-start-unfinished")
                yield Static(id="mock-start-format")
                yield Static(id="mock-start-stock")
                yield Static(id="mock-start-notes")
        yield KeyBar()

    def on_mount(self) -> None:
        """The exams, the highlighted one's offer."""
        self.entries = exam_entries(self.services.exams.goals(), self.services.exams.profiles())
        listing = self.query_one(OptionList)
        listing.add_options([Option(entry_label(e), e.spec.id) for e in self.entries])
        if self.entries:
            listing.highlighted = 0
        listing.focus()
        self._refresh()

    def on_screen_resume(self) -> None:
        """A mock may have been taken or left open since: read again."""
        self._refresh()

    @property
    def selected(self) -> ExamEntry | None:
        """The highlighted exam."""
        index = self.query_one(OptionList).highlighted
        return self.entries[index] if index is not None and index < len(self.entries) else None

    def _refresh(self) -> None:
        self.unfinished = self.services.mocks.unfinished()
        line = self.query_one("#mock-start-unfinished", Static)
        line.display = self.unfinished is not None
        if self.unfinished is not None:
            text = unfinished_text(self.unfinished)
            text.append("  (u resumes it)\n", "dim")
            line.update(text)
        self._show_offer()

    def _show_offer(self) -> None:
        entry = self.selected
        self.offer = None if entry is None else self.services.mocks.offer(entry.spec.id)
        self.refresh_bindings()
        if self.offer is None:
            return
        self.query_one("#mock-start-format", Static).update(format_text(self.offer))
        self.query_one("#mock-start-stock", Static).update(stock_table(self.offer))
        self.query_one("#mock-start-notes", Static).update(notes_text(self.offer))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        entry, shown = self.selected, self.offer
        if entry is not None and (shown is None or shown.spec.id != entry.spec.id):
            self._show_offer()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Start only what the bank allows; resume only an open mock."""
        offer = self.offer
        if action == "start":
            return True if offer is not None and offer.format is not None else None
        if action == "practice":
            return True if offer is not None and any(s.have for s in offer.stock) else None
        if action == "resume":
            return self.unfinished is not None
        return True

    # --- actions -------------------------------------------------------------------------

    def _open(self, run: MockRun) -> None:
        from pmstudy.tui.screens.mock import MockScreen

        self.app.push_screen(MockScreen(self.services, run))

    def _fail(self, message: str) -> None:
        self.notify(message, title="Mock not started", severity="error", markup=False)

    def action_start(self) -> None:
        """A mock of the highlighted exam in its format (shortened to the bank)."""
        offer = self.offer
        if offer is None or offer.format is None:
            if offer is not None:
                self._fail(f"No mock possible: {offer.missing}.")
            return
        try:
            run = self.services.mocks.start_exam(offer.spec.id)
        except PmStudyError as exc:
            self._fail(str(exc))
            return
        self._open(run)

    def action_practice(self) -> None:
        """Ask for a practice set's size, source and timing, then start it."""
        entry = self.selected
        if entry is not None and self.check_action("practice", ()):
            dialog = PracticeScreen(entry.spec, weakest=entry.goal is not None)
            self.app.push_screen(dialog, self._practice)

    def _practice(self, request: PracticeRequest | None) -> None:
        entry = self.selected
        if request is None or entry is None:
            return
        if request.source == "weakest" and entry.goal is not None:
            self.notify("Finding your weakest tasks…", timeout=2, markup=False)
            self._find_weakest(entry.goal.id, request)
            return
        card_ids = None
        if request.source == "search":
            try:
                card_ids = list(self.services.browser.search(request.query).ids)
            except PmStudyError as exc:
                self._fail(str(exc))
                return
        self._start_practice(request, card_ids=card_ids)

    @work(thread=True, exclusive=True, group="mock-weakest")
    def _find_weakest(self, goal_id: int, request: PracticeRequest) -> None:
        try:
            report = self.services.exams.report(goal_id, with_plan=False)
            weakest = report.readiness.weakest(WEAKEST_TASKS)
        except PmStudyError as exc:
            self.post_message(self.WeakestFound(request, [], str(exc)))
        except Exception as exc:
            line = crashlog.logged(exc, self.services.settings.data_dir)
            self.post_message(self.WeakestFound(request, [], line))
        else:
            tasks = [(t.domain_id, t.task_id) for t in weakest]
            self.post_message(self.WeakestFound(request, tasks))

    @on(WeakestFound)
    def _weakest_found(self, message: WeakestFound) -> None:
        if message.error:
            self._fail(message.error)
        elif not message.tasks:
            self._fail("Readiness names no weak task yet.")
        else:
            self._start_practice(message.request, tasks=message.tasks)

    def _start_practice(
        self,
        request: PracticeRequest,
        *,
        card_ids: list[int] | None = None,
        tasks: list[tuple[str, str | None]] | None = None,
    ) -> None:
        entry = self.selected
        if entry is None:
            return
        spec = entry.spec
        domain = spec.domain(request.domain) if request.domain else None
        about = {
            "domain": domain.name if domain else "",
            "weakest": "weakest tasks",
            "search": request.query,
        }.get(request.source, "")
        title = f"{spec.name} practice" + (f": {about}" if about else " set")
        try:
            run = self.services.mocks.start_practice(
                spec.id,
                items=request.items,
                domain=request.domain,
                tasks=tasks,
                card_ids=card_ids,
                timed=request.timed,
                title=title,
            )
        except PmStudyError as exc:
            self._fail(str(exc))
            return
        self._open(run)

    def action_resume(self) -> None:
        """Take up the unfinished mock where it stood."""
        if self.unfinished is None:
            return
        try:
            run = self.services.mocks.resume(self.unfinished.id)
        except PmStudyError as exc:
            self._fail(str(exc))
            return
        self._open(run)

    def action_history(self) -> None:
        """Every finished mock and the score over time."""
        from pmstudy.tui.screens.mock_history import MockHistoryScreen

        self.app.push_screen(MockHistoryScreen(self.services))

    def action_back(self) -> None:
        """Return."""
        self.dismiss()
