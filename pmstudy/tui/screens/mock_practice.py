"""The practice-set dialog: how many items, from where (a domain, the weakest tasks, a search),
timed at the exam's pace or not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamSpec

DEFAULT_ITEMS = 10


@dataclass(frozen=True)
class PracticeRequest:
    """What the dialog collected: ``source`` is ``all``, ``domain``, ``weakest`` or ``search``."""

    items: int
    source: str
    timed: bool
    domain: str | None = None
    query: str = ""


def sources(spec: ExamSpec, *, weakest: bool) -> list[tuple[str, str]]:
    """The Select's (label, value) pairs: every domain, one domain, the weakest tasks (with an
    exam date set), a search."""
    options = [("All domains, in the blueprint's proportions", "all")]
    options += [(f"Domain: {d.name}", f"domain:{d.id}") for d in spec.domains]
    if weakest:
        options.append(("Your weakest tasks (from readiness)", "weakest"))
    options.append(("Cards matching a search (browser syntax)", "search"))
    return options


def check(items_text: str, source: str, query: str) -> str | None:
    """What is wrong with the form, if anything."""
    if not items_text.isdigit() or int(items_text) <= 0:
        return "Items: a whole number of at least 1."
    if source == "search" and not query:
        return "Type a search, e.g. tag:exam::psm-1::product, or choose another source."
    return None


class PracticeScreen(ModalScreen[PracticeRequest | None]):
    """Ask for the practice set's size, source and timing."""

    DEFAULT_CSS = """
    PracticeScreen { align: center middle; }
    PracticeScreen #practice {
        width: 76; max-width: 100%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    PracticeScreen #practice-title { text-style: bold; }
    PracticeScreen .practice-row { height: 3; }
    PracticeScreen .practice-label { width: 8; padding: 1 0 0 0; color: $text-muted; }
    PracticeScreen .practice-row Input, PracticeScreen .practice-row Select { width: 1fr; }
    PracticeScreen #practice-help { color: $text-muted; }
    PracticeScreen #practice-error { color: $error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", tooltip="Start the practice set"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, spec: ExamSpec, *, weakest: bool) -> None:
        super().__init__()
        self.spec = spec
        self.weakest = weakest

    def compose(self) -> ComposeResult:
        """Items, source, search, timed."""
        with Vertical(id="practice"):
            yield Static(Text(f"Practice set: {self.spec.name}"), id="practice-title")
            with Horizontal(classes="practice-row"):
                yield Label("Items", classes="practice-label")
                yield Input(str(DEFAULT_ITEMS), placeholder="how many", id="practice-items")
            with Horizontal(classes="practice-row"):
                yield Label("From", classes="practice-label")
                yield Select[str](
                    sources(self.spec, weakest=self.weakest),
                    value="all",
                    allow_blank=False,
                    id="practice-source",
                )
            with Horizontal(classes="practice-row"):
                yield Label("Search", classes="practice-label")
                yield Input(placeholder="e.g. tag:exam::capm::agile is:new", id="practice-query")
            yield Checkbox("Timed at the exam's pace", False, id="practice-timed")
            yield Static("", id="practice-error")
            yield Static("enter or ctrl+s starts · escape cancels", id="practice-help")

    def on_mount(self) -> None:
        """Start on the item count."""
        self.query_one("#practice-items", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_start()

    @on(Select.Changed, "#practice-source")
    def _source_changed(self, event: Select.Changed) -> None:
        if event.value == "search":
            self.query_one("#practice-query", Input).focus()

    def action_start(self) -> None:
        """Return what was entered."""
        items = self.query_one("#practice-items", Input).value.strip()
        source = str(self.query_one("#practice-source", Select).value)
        query = self.query_one("#practice-query", Input).value.strip()
        problem = check(items, source, query)
        if problem is not None:
            self.query_one("#practice-error", Static).update(Text(problem))
            return
        kind, _, domain = source.partition(":")
        self.dismiss(
            PracticeRequest(
                items=int(items),
                source=kind,
                timed=self.query_one(Checkbox).value,
                domain=domain or None,
                query=query,
            )
        )

    def action_cancel(self) -> None:
        """Close without starting."""
        self.dismiss(None)
