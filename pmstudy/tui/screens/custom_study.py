"""Custom study: the dialog (where the cards come from, how many, their order, what to include,
reschedule or preview) and starting the session, from the browser, the exams screen and the
dashboard. The cards stay in their decks (Anki's filtered decks without the moving)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Checkbox, Input, Label, Select, Static

from pmstudy.domain.custom import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    CustomChoice,
    CustomOptions,
    CustomOrder,
    CustomSource,
    SourceKind,
)
from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamGoal, ExamSpec
    from pmstudy.services.session import StudySession
    from pmstudy.tui.ports import CustomStudyServices

SEARCH = "search"  # the Select's value for "the search typed below"

ORDERS = [
    ("Due first (most overdue)", CustomOrder.DUE.value),
    ("Lowest recall first", CustomOrder.RETRIEVABILITY.value),
    ("Random", CustomOrder.RANDOM.value),
    ("In the order added", CustomOrder.ADDED.value),
]


@dataclass(frozen=True)
class CustomRequest:
    """What the dialog collected, and the session's title (the summary names it too)."""

    source: CustomSource
    options: CustomOptions
    title: str


@dataclass(frozen=True)
class SourceChoice:
    """One entry of the dialog's source list (``source`` None: the search typed below)."""

    label: str
    source: CustomSource | None


def exam_sources(goal: ExamGoal, spec: ExamSpec, *, tasks: bool) -> list[SourceChoice]:
    """An exam's weakest tasks and each domain, named with the exam; with ``tasks`` (the exams
    screen, whose dialog names the exam) each task too, and the exam's name left out."""
    exam = "" if tasks else f"{spec.name}: "
    choices = [SourceChoice(f"{exam}The 5 weakest tasks", CustomSource.weakest(goal.id))]
    for domain in spec.domains:
        choices.append(
            SourceChoice(f"{exam}{domain.name}", CustomSource.exam_part(goal.id, domain.id))
        )
        if tasks:
            choices += [
                SourceChoice(
                    f"  · {task.name}", CustomSource.exam_part(goal.id, domain.id, task.id)
                )
                for task in domain.tasks
            ]
    return choices


def general_sources(exams: list[tuple[ExamGoal, ExamSpec]]) -> list[SourceChoice]:
    """The dashboard's four sources: a search, the flagged cards, each exam's weakest tasks
    and domains."""
    choices = [
        SourceChoice("Cards matching a search (browser syntax)", None),
        SourceChoice("Flagged cards", CustomSource.flagged()),
    ]
    for goal, spec in exams:
        choices += exam_sources(goal, spec, tasks=False)
    return choices


def check(limit_text: str, source: CustomSource | None, query: str) -> str | None:
    """What is wrong with the form, if anything."""
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
        return f"Cards: a whole number from 1 to {MAX_LIMIT}."
    if source is None and not query:
        return "Type a search, e.g. deck:PMP prop:r<0.8, or choose another source."
    return None


class CustomStudyDialog(ModalScreen[CustomRequest | None]):
    """Ask what to study now and how."""

    DEFAULT_CSS = """
    CustomStudyDialog { align: center middle; }
    CustomStudyDialog #custom {
        width: 78; max-width: 100%; height: auto; max-height: 100%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    CustomStudyDialog #custom-title { text-style: bold; }
    CustomStudyDialog .custom-row { height: 3; }
    CustomStudyDialog .custom-label { width: 8; padding: 1 0 0 0; color: $text-muted; }
    CustomStudyDialog .custom-row Input, CustomStudyDialog .custom-row Select { width: 1fr; }
    CustomStudyDialog #custom-limit { width: 10; }
    CustomStudyDialog #custom-fixed { padding: 1 0 0 0; width: 1fr; }
    CustomStudyDialog #custom-include Checkbox { width: auto; }
    CustomStudyDialog #custom-help { color: $text-muted; }
    CustomStudyDialog #custom-error { color: $error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Study", tooltip="Study these cards now"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        choices: list[SourceChoice],
        *,
        title: str = "Custom study",
        query: str = "",
    ) -> None:
        super().__init__()
        if not choices:
            raise ValueError("custom study needs at least one source")
        self.choices = choices
        self.heading = title
        self.query_text = query

    @property
    def _searchable(self) -> bool:
        return any(c.source is None for c in self.choices)

    def compose(self) -> ComposeResult:
        """Source (and search), how many and in what order, what to include, reschedule."""
        with Vertical(id="custom"):
            yield Static(Text(self.heading), id="custom-title")
            with Horizontal(classes="custom-row"):
                yield Label("Study", classes="custom-label")
                if len(self.choices) == 1:
                    yield Static(Text(self.choices[0].label), id="custom-fixed")
                else:
                    yield Select[int](
                        [(Text(c.label), i) for i, c in enumerate(self.choices)],
                        value=0,
                        allow_blank=False,
                        id="custom-source",
                    )
            if self._searchable:
                with Horizontal(classes="custom-row"):
                    yield Label("Search", classes="custom-label")
                    yield Input(
                        self.query_text,
                        placeholder="e.g. deck:PMP prop:r<0.8 tag:exam::pmp::*",
                        id="custom-query",
                    )
            with Horizontal(classes="custom-row"):
                yield Label("Cards", classes="custom-label")
                yield Input(str(DEFAULT_LIMIT), placeholder="how many", id="custom-limit")
                yield Label(" Order ", classes="custom-label")
                yield Select[str](
                    ORDERS, value=CustomOrder.DUE.value, allow_blank=False, id="custom-order"
                )
            yield Checkbox(
                "Answers reschedule the cards (off: a preview that changes nothing)",
                True,
                id="custom-reschedule",
            )
            with Horizontal(classes="custom-row", id="custom-include"):
                yield Checkbox("New cards", False, id="custom-new")
                yield Checkbox("Suspended", False, id="custom-suspended")
                yield Checkbox("Buried", False, id="custom-buried")
            yield Static("", id="custom-error")
            yield Static(
                "The cards stay in their decks · ctrl+s or enter studies · escape cancels",
                id="custom-help",
            )

    def on_mount(self) -> None:
        """Start on the search when there is one to type, else on the source or the count."""
        if self._searchable and self.choices[0].source is None:
            self.query_one("#custom-query", Input).focus()
        elif len(self.choices) > 1:
            self.query_one("#custom-source", Select).focus()
        else:
            self.query_one("#custom-limit", Input).focus()

    @property
    def chosen(self) -> SourceChoice:
        """The source entry chosen."""
        if len(self.choices) == 1:
            return self.choices[0]
        value = self.query_one("#custom-source", Select).value
        return self.choices[value if isinstance(value, int) else 0]

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_start()

    @on(Select.Changed, "#custom-source")
    def _source_changed(self) -> None:
        if self.chosen.source is None:
            self.query_one("#custom-query", Input).focus()

    def action_start(self) -> None:
        """Return what was entered."""
        choice = self.chosen
        limit = self.query_one("#custom-limit", Input).value.strip()
        query = self.query_one("#custom-query", Input).value.strip() if self._searchable else ""
        problem = check(limit, choice.source, query)
        if problem is not None:
            self.query_one("#custom-error", Static).update(Text(problem))
            return
        reschedule = self.query_one("#custom-reschedule", Checkbox).value
        options = CustomOptions(
            limit=int(limit),
            order=CustomOrder(str(self.query_one("#custom-order", Select).value)),
            reschedule=reschedule,
            new=self.query_one("#custom-new", Checkbox).value,
            suspended=self.query_one("#custom-suspended", Checkbox).value,
            buried=self.query_one("#custom-buried", Checkbox).value,
        )
        source = choice.source or CustomSource.search(query)
        label = query if choice.source is None else choice.label.strip(" ·")
        title = f"Custom: {label}" + ("" if reschedule else " (preview)")
        self.dismiss(CustomRequest(source, options, title))

    def action_cancel(self) -> None:
        """Close without studying."""
        self.dismiss(None)


# --- starting the session ---------------------------------------------------------------------


def nothing_text(choice: CustomChoice) -> str:
    """Why there is nothing to study, and which box takes the left-out cards in."""
    if choice.found == 0:
        return "No card matches."
    parts = []
    if choice.new_left_out:
        parts.append(f"{choice.new_left_out} new (tick New cards)")
    if choice.suspended_left_out:
        parts.append(f"{choice.suspended_left_out} suspended (tick Suspended)")
    if choice.buried_left_out:
        parts.append(f"{choice.buried_left_out} buried (tick Buried)")
    return f"Nothing to study of {choice.found} found: " + ", ".join(parts) + "."


def study_now(screen: Screen[Any], services: CustomStudyServices, request: CustomRequest) -> None:
    """Choose the cards (in a worker thread: the weakest tasks need readiness) and open the
    review screen over them; say why when there is nothing to study."""

    def prepare() -> None:
        try:
            choice = services.custom_study.choose(request.source, request.options)
            session = (
                services.custom_study.start(choice, request.options) if choice.card_ids else None
            )
        except PmStudyError as exc:
            screen.app.call_from_thread(
                screen.notify, str(exc), title="Custom study", severity="error", markup=False
            )
            return
        screen.app.call_from_thread(_open, screen, services, request, choice, session)

    screen.run_worker(prepare, thread=True, exclusive=True, group="custom-study")


def _open(
    screen: Screen[Any],
    services: CustomStudyServices,
    request: CustomRequest,
    choice: CustomChoice,
    session: StudySession | None,
) -> None:
    if session is None:
        screen.notify(nothing_text(choice), title="Custom study", markup=False)
        return
    from pmstudy.tui.screens.review import ReviewScreen

    if request.source.kind == SourceKind.WEAKEST or choice.over_limit:
        more = f" ({choice.over_limit} more over the limit)" if choice.over_limit else ""
        screen.notify(f"{len(choice.card_ids)} cards{more}.", timeout=3, markup=False)
    screen.app.push_screen(ReviewScreen(services, session, request.title))
