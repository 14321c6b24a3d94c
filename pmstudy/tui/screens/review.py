"""The review screen: one card at a time, rated Again / Hard / Good / Easy."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Input, Static

from pmstudy.domain.cards import LETTERS, RenderedCard, SaveResult, kind_of, one_line
from pmstudy.domain.model import Rating
from pmstudy.errors import (
    DatabaseBusyError,
    DatabaseUnavailableError,
    NotFoundError,
    PmStudyError,
)
from pmstudy.tui.opener import open_in_system_viewer, open_media
from pmstudy.tui.screens.attempt import Attempt
from pmstudy.tui.screens.editor import EditorScreen
from pmstudy.tui.screens.review_text import done_message, removed_message, wait_message
from pmstudy.tui.screens.summary import SummaryScreen, domain_names
from pmstudy.tui.widgets.card_images import ImageSource
from pmstudy.tui.widgets.card_view import CardFace, CardView
from pmstudy.tui.widgets.choice_list import ChoiceList
from pmstudy.tui.widgets.counts_bar import CountsBar
from pmstudy.tui.widgets.key_bar import KeyBar
from pmstudy.tui.widgets.rating_bar import RATING_NAMES, RatingBar

if TYPE_CHECKING:
    from pmstudy.services.session import StudySession
    from pmstudy.tui.ports import ReviewServices

RATE_GROUP = Binding.Group("Rate", compact=True)
PICK_GROUP = Binding.Group("Pick", compact=True)


def has_media(rendered: RenderedCard) -> bool:
    """Whether a card shows an image or sound placeholder."""
    return any(style == "media" for _, style in (*rendered.front, *rendered.back))


@dataclass(frozen=True)
class PendingAnswer:
    """An answer given on screen, as the session saves it."""

    rating: Rating
    duration_ms: int
    answer: str | None
    correct: bool | None


class ReviewScreen(Screen[None]):
    """Study a session's cards; every answer is saved before the next card shows."""

    POLL_SECONDS: ClassVar[float] = 2.0
    # A busy database (another process writing) is tried again this often with a kept answer.
    RETRY_SECONDS: ClassVar[float] = 1.0
    AUTO_FOCUS = "#review-card"

    # Toasts stand above the rating bar (Textual docks them over the last lines: key bar,
    # its spacer and the bar).
    DEFAULT_CSS = """
    ReviewScreen ToastRack { margin-bottom: 3; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show answer"),
        Binding("enter", "reveal", "Show answer", show=False),
        Binding("space", "accept", "Next", show=False, tooltip="Next card (Good, or Again)"),
        Binding("enter", "accept", "Next", show=False, tooltip="Next card (Good, or Again)"),
        *(
            Binding(str(int(rating)), f"rate({int(rating)})", name, group=RATE_GROUP)
            for rating, name in RATING_NAMES.items()
        ),
        *(
            Binding(k, f"pick('{k.upper()}')", f"Pick {k.upper()}", group=PICK_GROUP)
            for k in LETTERS.lower()
        ),
        Binding("u", "undo", "Undo", tooltip="Undo the last answer, suspension or burial"),
        Binding("exclamation_mark", "suspend", "Suspend", tooltip="Suspend this card"),
        Binding("minus", "bury", "Bury", tooltip="Bury this card until tomorrow"),
        Binding("e", "edit", "Edit", tooltip="Edit this card's note"),
        Binding("o", "open_media", "Open image", tooltip="Open this card's image or sound"),
        Binding("i", "next_image", "Next image", show=False, tooltip="Show the card's next image"),
        Binding("escape", "end", "End", tooltip="End the session and show its summary"),
    ]

    app_opener: Callable[[Path], None] = staticmethod(open_in_system_viewer)

    def __init__(self, services: ReviewServices, session: StudySession, deck_name: str) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.deck_name = deck_name
        self.sub_title = "Review"
        self.attempt: Attempt | None = None
        self._poll: Timer | None = None
        # An answer the database could not take yet (busy): saved by a timer, keys wait.
        self.pending: PendingAnswer | None = None

    def compose(self) -> ComposeResult:
        """Top bar, the card, the answer buttons, the footer."""
        yield Header()
        with Horizontal(id="review-top"), Horizontal(id="review-top-inner"):
            yield Static(Text(self.deck_name, "bold"), id="review-deck")
            yield CountsBar(id="review-counts")
        settings = self.services.settings
        images = ImageSource(
            settings.images, settings.media_dir, self.services.imports.media_for_card
        )
        yield CardView(id="review-card", images=images)
        yield RatingBar(id="review-ratings")
        # ^p is listed in the help (?): at 80 columns the footer has no room for it, nor (on a
        # multiple-choice card) for q, - and ! (the help lists them too).
        yield KeyBar(show_palette=False, optional=("quit", "bury", "suspend"))

    def on_mount(self) -> None:
        """Show the first card."""
        self._advance()

    @property
    def card_view(self) -> CardView:
        """The card widget."""
        return self.query_one(CardView)

    @property
    def revealed(self) -> bool:
        """Whether the answer of the card on screen is shown."""
        return self.attempt is not None and self.attempt.revealed

    # --- what is on screen ---------------------------------------------------------

    def _focus(self, widget: Widget) -> None:
        # Focus changes refresh the footer: skip needless ones.
        if self.focused is not widget:
            widget.focus()

    def _update_counts(self) -> None:
        card = self.session.current
        self.query_one(CountsBar).show(
            self.session.counts(), card.memory.state if card is not None else None
        )

    def _show_current(self) -> None:
        """Show the session's current card, answer hidden."""
        self._stop_polling()
        card = self.session.current
        if card is None:
            return
        face = CardFace.of(card, self.session.rendered(), self.services.source_titles.cited)
        self.attempt = Attempt(
            face, shown_at=self.services.clock.now(), kind=kind_of(card.note.kind)
        )
        view = self.card_view
        view.show_front(face)
        typing = face.rendered.expected is not None
        self.query_one(RatingBar).show_front(typing=typing)
        self._focus(view.typed_input if typing else view)
        self._update_counts()
        self.refresh_bindings()

    def _show_back(self) -> None:
        attempt = self.attempt
        if attempt is None:
            return
        view = self.card_view
        self._focus(view)
        view.show_back(attempt.feedback)
        self.query_one(RatingBar).show_ratings(self.session.intervals(), attempt.allowed())
        self.refresh_bindings()

    def _advance(self) -> None:
        """Move on to the next card, or say when the next one comes, or that we are done."""
        if self.session.next_card() is not None:
            self._show_current()
            return
        self.attempt = None
        self.query_one(RatingBar).show_idle()
        if self.session.next_learning_due() is not None:
            self._show_waiting()
            if self._poll is None:
                self._poll = self.set_interval(self.POLL_SECONDS, self._check_queue)
        else:
            self._stop_polling()
            self.card_view.show_message(done_message(self.session.summary.answered))
        self._update_counts()
        self.refresh_bindings()

    def _show_waiting(self) -> None:
        due = self.session.next_learning_due()
        if due is not None:
            seconds = (due - self.services.clock.now()).total_seconds()
            self.card_view.show_message(wait_message(max(1, math.ceil(seconds / 60))))

    def _check_queue(self) -> None:
        """Poll while waiting for a learning card to come due."""
        if self.session.current is not None:
            return
        if self.session.next_card() is not None:
            self._show_current()
        elif self.session.next_learning_due() is None:
            self._advance()
        else:
            self._show_waiting()

    def _stop_polling(self) -> None:
        if self._poll is not None:
            self._poll.stop()
            self._poll = None

    # --- actions -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what makes sense now (None: shown but disabled)."""
        attempt = self.attempt
        if self.pending is not None:
            return False
        if action == "reveal":
            return attempt is not None and not attempt.revealed
        if action == "accept":
            return attempt is not None and attempt.revealed
        if action == "rate":
            if attempt is None or not attempt.revealed:
                return False
            return True if Rating(int(str(parameters[0]))) in attempt.allowed() else None
        if action == "pick":
            return attempt is not None and attempt.can_pick(str(parameters[0]))
        if action == "undo":
            return True if self.session.can_undo else None
        if action in ("suspend", "bury", "edit"):
            # hidden, not greyed, when no card is shown (waiting, done, removed by an edit)
            return attempt is not None
        if action == "open_media":
            shown = self.services.settings.images != "off"
            return shown and attempt is not None and has_media(attempt.face.rendered)
        if action == "next_image":
            return attempt is not None and self.services.settings.images == "inline"
        return True

    def action_open_media(self) -> None:
        """Open the card's first media file in the system viewer."""
        card = self.session.current
        if card is None:
            return
        try:
            files = [m for m in self.services.imports.media_for_card(card.id) if m.path]
        except PmStudyError as exc:
            self._tell(str(exc))
            return
        if not files or files[0].path is None:
            self._tell("The image this card names is not in the collection's media.")
            return
        name = one_line(files[0].name)  # a package's name, shown in a toast
        try:
            refused = open_media(files[0].path, self.services.settings.media_dir, self.app_opener)
        except OSError as exc:
            self._tell(f"Could not open {name}: {exc.strerror}")
            return
        self._tell(refused or f"Opened {name}")

    def action_next_image(self) -> None:
        """Show the card's next image (after the last: the first)."""
        if not self.card_view.next_image():
            self._tell("This side of the card has no other image.")

    def _tell(self, message: str) -> None:
        # One short note at a time: quick bury/suspend presses must not pile up toasts.
        self.app.clear_notifications()
        self.notify(message, timeout=2, markup=False)

    def action_reveal(self) -> None:
        """Show the back (grading a typed answer or the picked options)."""
        if self.attempt is not None and not self.attempt.revealed:
            self.attempt.reveal(self.card_view.typed_input.value)
            self._show_back()

    def action_accept(self) -> None:
        """Enter/space on the back: Good (Again after a wrong choice)."""
        if self.attempt is not None:
            self.action_rate(int(self.attempt.default_rating()))

    def action_rate(self, rating: int) -> None:
        """Answer the card with ``rating`` (1-4); the review is saved at once."""
        attempt, chosen = self.attempt, Rating(rating)
        if attempt is None or not attempt.revealed or chosen not in attempt.allowed():
            return
        self._save(
            PendingAnswer(
                chosen,
                attempt.duration_ms(self.services.clock.now()),
                attempt.logged_answer(),
                attempt.correct,
            )
        )

    def _save(self, pending: PendingAnswer) -> None:
        """Save an answer; when the database is busy keep it and try again on a timer (the
        card stays, its keys wait); when the disk is full say so (nothing was written: the
        card stays to be answered again)."""
        try:
            result = self.session.answer(
                pending.rating,
                duration_ms=pending.duration_ms,
                answer=pending.answer,
                correct=pending.correct,
            )
        except DatabaseBusyError as exc:
            if self.pending is None:
                self._fail(f"{exc}. Your answer is kept and saved when it is free.")
            self.pending = pending
            self.set_timer(self.RETRY_SECONDS, self._retry)
            self.refresh_bindings()
            return
        except DatabaseUnavailableError as exc:
            self.pending = None
            self.refresh_bindings()
            self._fail(f"{exc}. Answer again when there is room.")
            return
        if self.pending is not None:
            self.pending = None
            self._tell("Answer saved.")
        if result.leech:
            self.notify("This card is a leech (forgotten often): tagged 'leech'.", markup=False)
        self._advance()

    def unsaved(self) -> str | None:
        """Why quitting now would lose something (the app asks before it quits)."""
        if self.pending is None:
            return None
        return "An answer is waiting for the database to be free; it is saved then. Quit after."

    def _retry(self) -> None:
        if self.pending is not None:
            self._save(self.pending)

    def _fail(self, message: str) -> None:
        self.app.clear_notifications()
        self.notify(message, title="Not saved", severity="error", timeout=10, markup=False)

    def action_pick(self, letter: str) -> None:
        """Pick an option (toggle when more than one is correct)."""
        if self.attempt is not None:
            self.attempt.pick(letter)
            self.card_view.choices.show(self.attempt.picks)

    def action_undo(self) -> None:
        """Take back the last answer, suspension or burial."""
        try:
            undone = self.session.undo()
        except DatabaseUnavailableError as exc:
            self._fail(str(exc))
            return
        if undone is None:
            self._tell("Nothing to undo.")
            return
        if not undone.restored:
            self._tell("Not undone: another window has answered or moved that card since.")
            return
        self._show_current()

    def action_suspend(self) -> None:
        """Suspend the card (it stays out of reviews until unsuspended)."""
        if self.session.current is not None:
            try:
                self.session.suspend()
            except DatabaseUnavailableError as exc:
                self._fail(str(exc))
                return
            self._tell("Card suspended (u to undo).")
            self._advance()

    def action_bury(self) -> None:
        """Bury the card until tomorrow."""
        if self.session.current is not None:
            try:
                self.session.bury()
            except DatabaseUnavailableError as exc:
                self._fail(str(exc))
                return
            self._tell("Card buried until tomorrow (u to undo).")
            self._advance()

    def action_edit(self) -> None:
        """Edit the card's note in the editor (the one the browser uses: the same rules)."""
        card = self.session.current
        if card is None:
            return
        try:
            draft = self.services.editor.draft(card.id)
        except PmStudyError as exc:
            self.notify(str(exc), title="Cannot edit", severity="error", markup=False)
            return
        self.app.push_screen(EditorScreen(self.services, draft), self._edited)

    def _edited(self, saved: SaveResult | None) -> None:
        card, before = self.session.current, self.attempt
        if saved is None or card is None:
            return
        typed = self.card_view.typed_input.value
        try:
            self.session.refresh_current()
            if saved.cards_removed:
                self.services.library.card(card.id)  # NotFoundError: this card was removed
        except NotFoundError:
            self.attempt = None
            self.query_one(RatingBar).show_idle()
            self.card_view.show_message(removed_message())
            self.refresh_bindings()
            return
        except PmStudyError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self._show_current()
        if before is not None and self.attempt is not None:
            # same attempt on the edited text: keep the clock, the picks and the reveal
            self.attempt.shown_at, self.attempt.picks = before.shown_at, before.picks
            self.card_view.choices.show(before.picks)
            self.card_view.typed_input.value = typed
            if before.revealed:
                self.attempt.reveal(typed)
                self._show_back()
        self.notify("Note saved.")

    def action_end(self) -> None:
        """End the session and show its summary."""
        self._stop_polling()
        summary = self.session.summary
        names = domain_names(summary.by_domain, self.services.exams.profile)
        self.app.push_screen(SummaryScreen(summary, self.deck_name, names), self._summary_closed)

    def _summary_closed(self, _: None) -> None:
        self.dismiss()

    # --- messages from widgets -----------------------------------------------------

    @on(Input.Submitted, "#card-typed")
    def _typed_answer(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_reveal()

    @on(RatingBar.ShowRequested)
    def _show_requested(self) -> None:
        self.action_reveal()

    @on(RatingBar.Rated)
    def _rated(self, event: RatingBar.Rated) -> None:
        self.action_rate(int(event.rating))

    @on(ChoiceList.Toggled)
    def _toggled(self, event: ChoiceList.Toggled) -> None:
        self.action_pick(event.letter)
