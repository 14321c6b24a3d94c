"""Exams: your exam dates, readiness per domain (today vs the plan), the last mock exam against
the prediction, the weakest tasks (which one key turns into a study session), readiness by day,
and the plan as a chart and week by week. With no exam, what the screen is for and how to add
one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Header,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from pmstudy.domain.fmt import percent
from pmstudy.errors import PmStudyError
from pmstudy.tui.screens.add_exam import AddExamScreen, NewExam
from pmstudy.tui.screens.classify_text import OpenClassify
from pmstudy.tui.screens.custom_study import (
    CustomRequest,
    CustomStudyDialog,
    exam_sources,
    study_now,
)
from pmstudy.tui.screens.dialogs import ConfirmScreen
from pmstudy.tui.screens.eligibility_text import status_line
from pmstudy.tui.screens.plan_day_text import final_pass_line
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.widgets.key_bar import KeyBar
from pmstudy.tui.widgets.last_mock import LastMockPanel
from pmstudy.tui.widgets.plan_chart import PlanChart
from pmstudy.tui.widgets.readiness import ExamReadiness
from pmstudy.tui.widgets.readiness_chart import ReadinessChart
from pmstudy.tui.widgets.tables import headed_table

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamGoal, ExamSpec, TaskReadiness
    from pmstudy.services.exams import ExamReport
    from pmstudy.tui.ports import ExamsServices

WEAKEST = 5
NEEDS_AN_EXAM = frozenset(
    {"remove", "toggle_mode", "study_weakest", "custom_study", "refresh", "goal_options"}
)


def empty_text(profiles: list[ExamSpec]) -> Text:
    """What the screen is for and how to start, when no exam is set."""
    text = Text()
    text.append("No exam yet\n\n", "bold")
    text.append("Press ")
    text.append("a", "bold reverse")
    text.append(" to add one: choose the exam and its date.\n\nFor each exam this screen shows\n")
    for line in (
        "readiness per domain, today and with the plan, with 80 % intervals",
        "the chance of passing, once your reviews give enough evidence",
        "your weakest tasks (w studies just those)",
        "readiness day by day, and the plan to the exam, drawn and by week",
    ):
        text.append(f"  • {line}\n")
    names = ", ".join(p.name for p in profiles if p.status != "retired")
    text.append(f"\nExams on offer: {names}.", "dim")
    return text


def weakest_table(tasks: list[TaskReadiness]) -> Table:
    """The weakest tasks with column headers (names wrap, never cut)."""
    table = headed_table("Weakest tasks (w studies just these)", expand=True)
    table.add_column("Today", justify="right", no_wrap=True)
    table.add_column("Task", ratio=1, overflow="fold")
    table.add_column("Cards", justify="right", no_wrap=True)
    table.add_column("Seen", justify="right", no_wrap=True)
    for task in tasks:
        label = f"{task.domain_id}{'::' + task.task_id if task.task_id else ''}"
        name = Text(task.name)
        name.append(f"  {label}", "dim")
        seen = task.seen / task.cards if task.cards else 0.0
        table.add_row(
            Text(percent(task.recall_today, 0), "bold"),
            name,
            str(task.cards),
            Text(percent(seen, 0), "dim"),
        )
    return table


def goal_label(goal: ExamGoal, spec_name: str) -> Text:
    """``PSM I  2027-01-10`` for the exam list (names shown literally)."""
    text = Text(spec_name, "bold")
    text.append(f"  {goal.exam_at:%Y-%m-%d}", "")
    if not goal.exam_mode:
        text.append("  (exam mode off)", "dim")
    return text


class ExamsScreen(Screen[None]):
    """Your exams with readiness, plan and weakest tasks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add exam"),
        Binding("x", "remove", "Remove exam"),
        Binding("m", "toggle_mode", "Exam mode", tooltip="Exam mode on/off"),
        Binding("w", "study_weakest", "Study weakest", tooltip="Study the weakest tasks"),
        Binding(
            "s",
            "custom_study",
            "Study…",
            tooltip="Custom study: a domain, a task or the weakest tasks of this exam now",
        ),
        Binding("c", "classify", "Classify", tooltip="Classify a deck onto this exam"),
        Binding(
            "f",
            "goal_options",
            "Options",
            tooltip="Exam options: final pass, the plan sets today's new cards…",
        ),
        Binding("r", "refresh", "Refresh"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, services: ExamsServices) -> None:
        super().__init__()
        self.services = services
        self.sub_title = "Exams"
        self.goals: list[ExamGoal] = []

    def compose(self) -> ComposeResult:
        """Exam list on top; readiness, plan and weakest tasks below it."""
        yield Header()
        with Vertical(id="exams-body"):
            listing = OptionList(id="exams-list")
            listing.display = False  # shown once there is an exam: never an empty box
            yield listing
            with VerticalScroll(id="exams-detail"):
                yield Static(id="exams-empty")
                eligibility = Static(id="exams-eligibility")
                eligibility.styles.padding = (0, 1)  # in line with the readiness panel
                eligibility.display = False
                yield eligibility
                yield ExamReadiness(self.services, id="exams-readiness")
                yield LastMockPanel(self.services, id="exams-mock")
                yield Static(id="exams-weakest")
                yield ReadinessChart(id="exams-history")
                yield PlanChart(id="exams-plan")
        # at 80 columns ^p, q, r, c, s and f are left out of the footer (all are in ? help)
        yield KeyBar(optional=("quit", "refresh", "classify", "custom_study", "goal_options"))

    def on_mount(self) -> None:
        """The classify key's words; the exams come with the first resume (``on_screen_resume``
        runs as the screen is first shown too: loading here as well computed everything twice)."""
        self.query_one(ExamReadiness).classify_hint = "press c to classify"

    def on_screen_resume(self) -> None:
        """Shown, first or again (studying changes readiness): reload."""
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on an exam are hidden while there is none."""
        return not (action in NEEDS_AN_EXAM and not self.goals)

    # --- reading -----------------------------------------------------------------------

    @property
    def selected(self) -> ExamGoal | None:
        """The highlighted exam."""
        index = self.query_one("#exams-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.goals):
            return None
        return self.goals[index]

    @property
    def report(self) -> ExamReport | None:
        """The report shown (once computed)."""
        return self.query_one(ExamReadiness).report

    def action_refresh(self) -> None:
        """Reload the exams and the highlighted one's readiness."""
        keep = self.selected.id if self.selected else None
        self.goals = self.services.exams.goals()
        listing = self.query_one("#exams-list", OptionList)
        listing.clear_options()
        listing.add_options(
            [Option(goal_label(g, self._exam_name(g)), str(g.id)) for g in self.goals]
        )
        self.refresh_bindings()
        empty = self.query_one("#exams-empty", Static)
        empty.display = not self.goals
        listing.display = bool(self.goals)
        if not self.goals:
            self._show_eligibility(None)
        for part in (ExamReadiness, LastMockPanel, ReadinessChart, PlanChart):
            self.query_one(part).display = bool(self.goals)
        self.query_one("#exams-weakest").display = bool(self.goals)
        if not self.goals:
            empty.update(empty_text(self.services.exams.profiles()))
            return
        index = next((i for i, g in enumerate(self.goals) if g.id == keep), 0)
        listing.highlighted = index
        listing.focus()
        self._show(self.goals[index])

    def _exam_name(self, goal: ExamGoal) -> str:
        """The exam's name (its one profile is read, not all of them: this runs before the
        first frame)."""
        try:
            return self.services.exams.profile(goal.profile_id).name
        except PmStudyError:
            return goal.profile_id

    def _show(self, goal: ExamGoal) -> None:
        self._show_eligibility(goal)
        self.query_one("#exams-weakest", Static).update(Text(""))
        self.query_one(PlanChart).clear()
        self.query_one(ReadinessChart).clear()
        self.query_one(LastMockPanel).clear()
        self.query_one(ExamReadiness).show(goal.id)

    def _show_eligibility(self, goal: ExamGoal | None) -> None:
        """The one-line eligibility status above the countdown (hidden: no requirement)."""
        line = None if goal is None else status_line(self.services.eligibility.goal_status(goal))
        box = self.query_one("#exams-eligibility", Static)
        box.update(Text(line or "", "dim"))
        box.display = line is not None

    @on(OptionList.OptionHighlighted, "#exams-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        goal = self.selected
        # the highlight that refresh sets arrives after it asked for that exam already
        if goal is not None and self.query_one(ExamReadiness).goal_id != goal.id:
            self._show(goal)

    @on(ExamReadiness.Computed)
    def _computed(self, message: ExamReadiness.Computed) -> None:
        """Today's figures first (the last mock and the weakest tasks with them); the plan, its
        chart and readiness by day with the final report."""
        report = message.report
        if report is None:
            return
        if message.final:
            self.query_one(ReadinessChart).show(
                list(report.history), report.goal.target, report.exam_day
            )
            self.query_one(PlanChart).show(report.plan, final_pass_line(report))
        self.query_one(LastMockPanel).show(report)
        weakest = report.readiness.weakest(WEAKEST)
        box = self.query_one("#exams-weakest", Static)
        box.update(weakest_table(weakest))
        # no task has a card (no linked card is on the blueprint yet): no empty table
        box.display = bool(weakest)

    # --- actions -----------------------------------------------------------------------

    def action_add(self) -> None:
        """Ask for a new exam (the dialog books it and stays open when refused)."""
        exams = self.services.exams
        dialog = AddExamScreen(exams.profiles(), exams.deck_choices, self._book, self._bundled)
        self.app.push_screen(dialog, self._added)

    def _bundled(self, profile_id: str) -> list[tuple[str, str]]:
        """The bundled decks serving an exam that are not installed, as (id, name)."""
        serving = self.services.decks.decks_for_exams([profile_id])
        return [(b.id, b.name) for b in serving if not b.installed]

    def _book(self, request: NewExam) -> ExamGoal:
        """Install the bundled decks the request names, then book the exam on them and the
        decks it ticked (called from the dialog, in a worker thread when it installs)."""
        decks = request.decks
        if request.install:
            serving = self.services.decks.decks_for_exams([request.profile])
            self.services.decks.install(list(request.install))
            decks += tuple(b.name for b in serving if b.id in request.install)
        return self.services.exams.add(
            request.profile,
            request.date,
            request.time,
            decks=decks,
            target=request.target,
            exam_mode=request.exam_mode,
            buffer_days=request.buffer_days,
            minutes_per_day=request.minutes_per_day,
            final_pass_days=request.final_pass_days,
        )

    def _added(self, goal: ExamGoal | None) -> None:
        if goal is None:
            return
        self.notify(f"Exam added: {goal.profile_id} on {goal.exam_at:%Y-%m-%d}.", markup=False)
        self.goals = []
        self.action_refresh()
        listing = self.query_one("#exams-list", OptionList)
        listing.highlighted = next(i for i, g in enumerate(self.goals) if g.id == goal.id)

    def action_remove(self) -> None:
        """Forget the highlighted exam (after a yes)."""
        goal = self.selected
        if goal is None:
            return

        def remove(yes: bool | None) -> None:
            if yes:
                self.services.exams.remove(goal.id)
                self.notify("Exam removed; cards keep their schedule.", markup=False)
                self.action_refresh()

        question = f"Remove the exam {goal.profile_id}?"
        self.app.push_screen(ConfirmScreen(question, yes="Remove", danger=True), remove)

    def action_goal_options(self) -> None:
        """The highlighted exam's options: its final pass, whether its plan sets the day."""
        from pmstudy.tui.screens.plan_day import GoalOptionsScreen

        goal = self.selected
        if goal is None:
            return

        def save(goal_id: int, days: int | None, plan: bool) -> int:
            return self.services.exams.set_options(
                goal_id, final_pass_days=days, plan_sets_new=plan
            )

        def saved(sentence: str | None) -> None:
            if sentence:
                self.notify(sentence, markup=False)
                self.action_refresh()

        dialog = GoalOptionsScreen(goal, self._exam_name(goal), save)
        self.app.push_screen(dialog, saved)

    def action_toggle_mode(self) -> None:
        """Switch exam-mode scheduling for the highlighted exam."""
        goal = self.selected
        if goal is None:
            return
        moved = self.services.exams.set_exam_mode(goal.id, not goal.exam_mode)
        state = "off" if goal.exam_mode else "on"
        extra = f"; {moved} review(s) moved before the exam" if moved else ""
        self.notify(f"Exam mode {state}{extra}.", markup=False)
        self.action_refresh()

    def action_study_weakest(self) -> None:
        """A study session over the cards of the weakest tasks only."""
        report = self.report
        if report is None:
            self.notify("Readiness is still being computed.", markup=False)
            return
        weakest = report.readiness.weakest(WEAKEST)
        tasks = [(t.domain_id, t.task_id) for t in weakest]
        card_ids = self.services.exams.card_ids_for_tasks(report.goal.id, tasks)
        if not card_ids:
            self.notify("No cards for those tasks.", markup=False)
            return
        session = self.services.study.start_filtered(card_ids)
        if session.counts().total == 0:
            self.notify("Nothing to study in those tasks right now.", markup=False)
            return
        title = f"{report.spec.name}: weakest tasks"
        self.app.push_screen(ReviewScreen(self.services, session, title))

    def action_custom_study(self) -> None:
        """Custom study of the highlighted exam: its weakest tasks, a domain or a task."""
        goal = self.selected
        if goal is None:
            return
        spec = self.services.exams.profile(goal.profile_id)

        def chosen(request: CustomRequest | None) -> None:
            if request is not None:
                study_now(self, self.services, request)

        dialog = CustomStudyDialog(
            exam_sources(goal, spec, tasks=True), title=f"Custom study: {spec.name}"
        )
        self.app.push_screen(dialog, chosen)

    def action_classify(self) -> None:
        """Classify a deck onto the highlighted exam: the linked deck with the most cards not
        on the blueprint yet (else its first linked deck) to start with."""
        goal = self.selected
        deck = goal.deck_names[0] if goal is not None and goal.deck_names else None
        report = self.report
        if report is not None and goal is not None and report.goal.id == goal.id:
            unmapped = max(report.unmapped, key=lambda u: u.cards, default=None)
            deck = unmapped.deck if unmapped is not None else deck
        self.post_message(OpenClassify(deck, goal.profile_id if goal is not None else None))

    def action_back(self) -> None:
        """Return to the previous screen."""
        self.app.pop_screen()
