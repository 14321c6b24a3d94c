"""The add-exam dialog: profile, date and time, daily budget, target, buffer, final pass, the
decks to link and exam mode. It books the exam itself, so a refused entry keeps the dialog and
what was typed, with the reason on an error line.

An exam none of the learner's decks has cards for is offered its bundled deck, ticked: adding
the exam installs it first (in a worker thread, the dialog showing it works meanwhile)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, Label, Select, SelectionList, Static

from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamGoal, ExamSpec

DEFAULT_TARGET_PERCENT = 90
DEFAULT_BUFFER_DAYS = 14
BUNDLED = "bundled:"
"""How the deck list names a bundled deck not installed yet (``bundled:<deck id>``)."""


@dataclass(frozen=True)
class NewExam:
    """What the add-exam dialog collected."""

    profile: str
    date: str
    time: str | None
    minutes_per_day: int | None
    exam_mode: bool
    target: float = DEFAULT_TARGET_PERCENT / 100
    buffer_days: int | None = None  # None: the service's default (14, kept for a near exam)
    decks: tuple[str, ...] = ()
    final_pass_days: int | None = None  # None: off (every card seen in the last N days)
    install: tuple[str, ...] = ()  # bundled decks to install and link first, by id


class FieldError(ValueError):
    """An entry the dialog refuses before asking the service: names the field's id."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class EnterAdds(Checkbox):
    """The exam-mode checkbox: space toggles, enter adds the exam (as the hint says)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Toggle", show=False),
        Binding("enter", "screen.save", "Add exam", show=False),
    ]


class DeckChoice(SelectionList[str]):
    """The decks to link: space toggles, enter adds the exam."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.save", "Add exam", show=False),
    ]


def whole(text: str, field: str, label: str, default: int | None) -> int | None:
    """A whole number typed in ``field`` (``default`` when empty)."""
    text = text.strip()
    if not text:
        return default
    if not text.isdigit():
        raise FieldError(field, f"{label}: '{text}' is not a whole number")
    return int(text)


def target_of(text: str) -> float:
    """The target recall as a share: ``90``, ``90 %`` and ``0.9`` all mean 0.90."""
    cleaned = text.strip().rstrip("%").strip()
    if not cleaned:
        return DEFAULT_TARGET_PERCENT / 100
    try:
        value = float(cleaned)
    except ValueError:
        raise FieldError("add-exam-target", f"Target: '{text.strip()}' is not a number") from None
    share = value / 100 if value > 1 else value
    if not 0.5 <= share <= 0.99:
        raise FieldError("add-exam-target", "Target: the target recall lies between 50 and 99 %")
    return share


# Which field a service message is about (its words name it), to focus it.
FIELD_WORDS = (
    ("exam date", "add-exam-date"),
    ("exam time", "add-exam-time"),
    ("daily budget", "add-exam-minutes"),
    ("final pass", "add-exam-final-pass"),  # before "buffer": its refusals name the buffer
    ("buffer", "add-exam-buffer"),
    ("target", "add-exam-target"),
    ("deck", "add-exam-decks"),
)


class AddExamScreen(ModalScreen["ExamGoal | None"]):
    """Ask for the exam and book it; a refused entry keeps the dialog open."""

    DEFAULT_CSS = """
    AddExamScreen { align: center middle; }
    AddExamScreen #add-exam {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    AddExamScreen #add-exam-title { text-style: bold; margin: 0 0 1 0; }
    AddExamScreen .add-exam-row { height: 1; margin: 0 0 1 0; }
    AddExamScreen .add-exam-row Label { width: 18; color: $text-muted; }
    AddExamScreen .add-exam-row Input, AddExamScreen .add-exam-row Select { width: 1fr; }
    AddExamScreen #add-exam-decks-label { color: $text-muted; }
    AddExamScreen #add-exam-decks { height: auto; max-height: 5; margin: 0 0 1 0; }
    AddExamScreen #add-exam-mode { margin: 0 0 1 0; }
    AddExamScreen #add-exam-error { color: $error; text-style: bold; height: auto; }
    AddExamScreen #add-exam-help { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Add exam"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        profiles: list[ExamSpec],
        deck_choices: Callable[[str], tuple[list[str], list[str]]],
        add: Callable[[NewExam], ExamGoal],
        bundled: Callable[[str], list[tuple[str, str]]],
    ) -> None:
        """``bundled``: the bundled decks serving a profile that are not installed, as
        (id, name); ``add`` installs those a request names, then books the exam."""
        super().__init__()
        self.profiles = profiles
        self.deck_choices = deck_choices
        self.add = add
        self.bundled = bundled

    def _row(self, label: str, *widgets: Input | Select[str]) -> Horizontal:
        return Horizontal(Label(label), *widgets, classes="add-exam-row")

    def compose(self) -> ComposeResult:
        """One labelled line per field, the decks, exam mode, the error line and the keys."""
        offered = [(f"{p.name} ({p.id})", p.id) for p in self.profiles if p.status != "retired"]
        with Vertical(id="add-exam"):
            yield Static("Add an exam", id="add-exam-title")
            yield self._row(
                "Exam",
                Select[str](offered, prompt="choose", compact=True, id="add-exam-profile"),
            )
            yield self._row(
                "Date, time",
                Input(placeholder="YYYY-MM-DD", compact=True, id="add-exam-date"),
                Input(placeholder="HH:MM (09:00)", compact=True, id="add-exam-time"),
            )
            yield self._row(
                "Minutes a day",
                Input(placeholder="optional", compact=True, id="add-exam-minutes"),
            )
            yield self._row(
                "Target recall %",
                Input(placeholder=f"{DEFAULT_TARGET_PERCENT}", compact=True, id="add-exam-target"),
            )
            yield self._row(
                "Buffer/final pass",
                Input(
                    placeholder=f"{DEFAULT_BUFFER_DAYS} (days, no new cards)",
                    compact=True,
                    id="add-exam-buffer",
                ),
                Input(
                    placeholder="off (N: see all in last N)",
                    compact=True,
                    id="add-exam-final-pass",
                ),
            )
            yield Static("Decks to link (space toggles)", id="add-exam-decks-label")
            yield DeckChoice(compact=True, id="add-exam-decks")
            yield EnterAdds(
                "Exam mode (move reviews before the exam)", True, compact=True, id="add-exam-mode"
            )
            yield Static("", id="add-exam-error")
            yield Static("enter or ctrl+s adds, space toggles, escape cancels", id="add-exam-help")
        yield Footer()

    def on_mount(self) -> None:
        """Start on the profile."""
        self.query_one("#add-exam-error").display = False
        self.query_one("#add-exam-profile", Select).focus()

    @on(Select.Changed, "#add-exam-profile")
    def _profile_chosen(self, event: Select.Changed) -> None:
        """Offer every deck, the ones tagged for this exam ticked (what the CLI links)."""
        if not isinstance(event.value, str):
            return
        names, tagged = self.deck_choices(event.value)
        options = [(name, name, name in tagged) for name in names]
        if not tagged:  # no deck of the learner's has cards for it: its bundled decks, ticked
            options += [
                (f"{name} (bundled: installed when the exam is added)", f"{BUNDLED}{deck_id}", True)
                for deck_id, name in self.bundled(event.value)
            ]
        decks = self.query_one(DeckChoice)
        decks.clear_options()
        decks.add_options(options)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def collected(self) -> NewExam:
        """What the fields hold (FieldError names a field that cannot be read)."""
        profile = self.query_one("#add-exam-profile", Select).value
        if not isinstance(profile, str):
            raise FieldError("add-exam-profile", "Exam: choose an exam profile")
        buffer_days = whole(self._value("add-exam-buffer"), "add-exam-buffer", "Buffer days", None)
        final_pass = whole(
            self._value("add-exam-final-pass"), "add-exam-final-pass", "Final pass days", None
        )
        chosen = self.query_one(DeckChoice).selected
        decks = tuple(d for d in chosen if not d.startswith(BUNDLED))
        install = tuple(d.removeprefix(BUNDLED) for d in chosen if d.startswith(BUNDLED))
        if not decks and not install:
            raise FieldError("add-exam-decks", "Decks: tick at least one deck to link")
        return NewExam(
            profile=profile,
            date=self._value("add-exam-date"),
            time=self._value("add-exam-time") or None,
            minutes_per_day=whole(
                self._value("add-exam-minutes"), "add-exam-minutes", "Minutes a day", None
            ),
            exam_mode=self.query_one(EnterAdds).value,
            target=target_of(self._value("add-exam-target")),
            buffer_days=buffer_days,
            decks=decks,
            final_pass_days=final_pass,
            install=install,
        )

    def _refuse(self, message: str, field: str | None) -> None:
        error = self.query_one("#add-exam-error", Static)
        error.update(Text(message))
        error.display = True
        if field is not None:
            self.query_one(f"#{field}").focus()

    def action_save(self) -> None:
        """Book the exam; on a refusal say why and keep everything typed."""
        try:
            request = self.collected()
        except FieldError as exc:
            self._refuse(str(exc), exc.field)
            return
        if not request.date:
            self._refuse("Date: type the exam date as YYYY-MM-DD", "add-exam-date")
            return
        if request.install:  # a deck install takes a second: off the app's thread
            self.query_one("#add-exam").loading = True
            self._add_installing(request)
            return
        try:
            goal = self.add(request)
        except PmStudyError as exc:
            self._not_added(exc)
            return
        self.dismiss(goal)

    @work(thread=True, exclusive=True)
    def _add_installing(self, request: NewExam) -> None:
        try:
            goal = self.add(request)
        except PmStudyError as exc:
            self.app.call_from_thread(self._not_added, exc)
        else:
            self.app.call_from_thread(self.dismiss, goal)

    def _not_added(self, exc: PmStudyError) -> None:
        self.query_one("#add-exam").loading = False
        message = str(exc)
        field = next((f for words, f in FIELD_WORDS if words in message), None)
        self._refuse(f"Not added: {message}", field)

    def action_cancel(self) -> None:
        """Close without adding."""
        self.dismiss(None)
