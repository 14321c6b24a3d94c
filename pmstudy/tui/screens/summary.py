"""The end-of-session summary: cards answered, time spent, again rate, the graded cards'
accuracy and right answers per exam domain."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from pmstudy.domain.fmt import clip
from pmstudy.domain.model import ANSWER_RATINGS
from pmstudy.errors import PmStudyError
from pmstudy.services.session import SessionSummary
from pmstudy.tui.widgets.rating_bar import RATING_NAMES

if TYPE_CHECKING:
    from pmstudy.domain.exam import ExamSpec

DomainKey = tuple[str, str]  # (exam profile id, domain id)
DOMAIN_WIDTH = 50  # the domain column: the bundled profiles' longest name is 49


def duration_text(seconds: float) -> str:
    """``4 min 05 s`` (or ``12 s`` under a minute)."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def domain_names(
    keys: Iterable[DomainKey], profile: Callable[[str], ExamSpec]
) -> dict[DomainKey, tuple[str, str]]:
    """(exam name, domain name) of each (profile id, domain id), by exam and the profile's
    domain order; an id stands in for a name no profile knows."""
    found: dict[DomainKey, tuple[str, str, int]] = {}
    for key in keys:
        profile_id, domain_id = key
        try:
            spec = profile(profile_id)
        except PmStudyError:
            found[key] = (profile_id, domain_id, 0)
            continue
        order = [d.id for d in spec.domains]
        position = order.index(domain_id) if domain_id in order else len(order)
        name = next((d.name for d in spec.domains if d.id == domain_id), domain_id)
        found[key] = (spec.name, name, position)
    ordered = sorted(found.items(), key=lambda item: (item[1][0], item[1][2], item[1][1]))
    return {key: (exam, domain) for key, (exam, domain, _) in ordered}


def summary_text(
    summary: SessionSummary,
    deck_name: str,
    names: Mapping[DomainKey, tuple[str, str]] | None = None,
) -> Text:
    """The summary's lines (``names``: the exam and domain names of ``domain_names``)."""
    text = Text()
    text.append("Session summary: ", "bold")
    text.append(deck_name, "bold")
    text.append("\n\n")
    rows = [
        ("Cards done", str(summary.answered)),
        ("Time", duration_text(summary.seconds)),
        ("Again rate", f"{summary.again_rate:.0%}" if summary.answered else "-"),
    ]
    if summary.answered:
        per_card = summary.seconds / summary.answered
        rows.append(("Per card", f"{per_card:.1f} s"))
        rows.append(
            (
                "Ratings",
                "  ".join(
                    f"{RATING_NAMES[r]} {summary.by_rating.get(int(r), 0)}" for r in ANSWER_RATINGS
                ),
            )
        )
        graded = summary.graded
        if graded.answers:
            share = f"{graded.right} of {graded.answers} graded right ({graded.share:.0%})"
            rows.append(("Accuracy", share))
    for label, value in rows:
        text.append(f"{label:<12}", "dim")
        text.append(f"{value}\n")
    domains = summary.by_domain
    if domains:
        text.append(f"\n{'By exam domain':<{DOMAIN_WIDTH + 2}}", "bold")
        text.append("answers  right\n", "dim")
        names = names or {}
        ordered = [k for k in names if k in domains] + sorted(k for k in domains if k not in names)
        exam = None
        for key in ordered:
            exam_name, domain_name = names.get(key, key)
            if exam_name != exam:
                exam = exam_name
                text.append(f"{clip(exam_name, DOMAIN_WIDTH + 2)}\n", "italic")
            tally = domains[key]
            name = clip(domain_name, DOMAIN_WIDTH)
            text.append(f"  {name:<{DOMAIN_WIDTH}}{tally.answers:>7}  {tally.share:>5.0%}\n")
    text.append("\nenter or escape returns to the decks", "dim italic")
    return text


class SummaryScreen(ModalScreen[None]):
    """Shows a finished session's numbers until dismissed."""

    DEFAULT_CSS = """
    SummaryScreen {
        align: center middle;
    }
    SummaryScreen #summary-dialog {
        width: 74;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
        Binding("space", "close", "Close", show=False),
    ]

    def __init__(
        self,
        summary: SessionSummary,
        deck_name: str,
        names: Mapping[DomainKey, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.deck_name = deck_name
        self.names = names or {}

    def compose(self) -> ComposeResult:
        """The summary box."""
        with Vertical(id="summary-dialog"):
            yield Static(summary_text(self.summary, self.deck_name, self.names), id="summary-text")

    def action_close(self) -> None:
        """Back to where the session was started from."""
        self.dismiss(None)
