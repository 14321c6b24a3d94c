"""A mock being taken: the state, the items on screen, and a commit for every change.

The screen calls one method per key press and ``tick`` about once a second; each change is
written in its own small transaction before the method returns (a tick writes the exam time
every ``SAVE_EVERY`` at most), so a killed process loses at most a couple of seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from pmstudy.clock import Clock
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.cards import CardKind, Grade, RenderedCard, Response, kind_of, render
from pmstudy.domain.mock import DrawnItem, MockFormat, MockKind, MockState, Phase
from pmstudy.domain.model import StudyCard

SAVE_EVERY = dt.timedelta(seconds=2)


@dataclass(frozen=True, slots=True)
class MockItem:
    """One item as the screen shows it; ``card`` None when the card was deleted since."""

    position: int
    drawn: DrawnItem
    card: StudyCard | None
    rendered: RenderedCard | None
    kind: CardKind | None

    @property
    def picks_letters(self) -> bool:
        """Whether the item is answered by picking lettered options (else by typing)."""
        return self.rendered is not None and bool(self.rendered.choices)

    @property
    def multi(self) -> bool:
        """Whether several options are to be picked."""
        return self.rendered is not None and len(self.rendered.correct_letters) > 1

    def grade(self, response: str) -> Grade | None:
        """How ``response`` (picked letters or typed text) is graded."""
        if self.rendered is None or self.kind is None:
            return None
        return self.kind.grade(self.rendered, response_of(self.rendered, response))


def response_of(rendered: RenderedCard, response: str) -> Response:
    """A stored response as the card kind grades it: letters for a choice item, else text."""
    if rendered.choices:
        return Response(picks=frozenset(response.strip().upper()))
    return Response(typed=response)


def shuffle_seed(mock_id: int, position: int) -> str:
    """The options' order of an item: fixed per mock and position, so a resume shows it the
    same."""
    return f"mock:{mock_id}:{position}"


def items_of(
    mock_id: int, drawn: tuple[DrawnItem, ...], cards: dict[int, StudyCard]
) -> list[MockItem]:
    """The mock's items, rendered in their fixed option order."""
    items = []
    for position, item in enumerate(drawn):
        card = None if item.card_id is None else cards.get(item.card_id)
        rendered = (
            None if card is None else render(card, shuffle_seed=shuffle_seed(mock_id, position))
        )
        kind = None if card is None else kind_of(card.note.kind)
        items.append(MockItem(position, item, card, rendered, kind))
    return items


class MockRun:
    """A mock in progress (or just finished): one object per sitting of the screen."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        mock_id: int,
        fmt: MockFormat,
        items: list[MockItem],
        state: MockState,
        on_finish: Callable[[MockRun], None],
    ) -> None:
        self._db = db
        self._clock = clock
        self.id = mock_id
        self.format = fmt
        self.items = items
        self.state = state
        self._saved_at = clock.now()
        self._pending: set[int] = set()  # items changed since the last write
        self._on_finish = on_finish

    @property
    def kind(self) -> MockKind:
        """An exam or a practice set."""
        return self.format.kind

    @property
    def finished(self) -> bool:
        """Whether the mock has ended (submitted, or the time ran out)."""
        return self.state.phase == Phase.FINISHED

    @property
    def current(self) -> MockItem:
        """The item on screen."""
        return self.items[self.state.position]

    def tick(self) -> MockState:
        """Charge the time since the last change; writes it now and then, and finishes the
        mock when the time is up."""
        now = self._clock.now()
        return self._apply(self.state.tick(now), force=now - self._saved_at >= SAVE_EVERY)

    def go(self, position: int) -> MockState:
        """Show another item of the section."""
        return self._apply(self.state.go(position, self._clock.now()), force=True)

    def answer(self, response: str) -> MockState:
        """Answer (or change the answer to) the item on screen."""
        return self._apply(self.state.answer(response, self._clock.now()), force=True)

    def toggle_flag(self) -> MockState:
        """Flag the item on screen for review (or unflag it)."""
        return self._apply(self.state.toggle_flag(self._clock.now()), force=True)

    def set_paused(self, paused: bool) -> MockState:
        """Pause or restart the clock (only where the format allows it)."""
        return self._apply(self.state.set_paused(paused, self._clock.now()), force=True)

    def end_section(self) -> MockState:
        """Leave the section (to its break, the next section, or the end of the mock)."""
        return self._apply(self.state.end_section(self._clock.now()), force=True)

    def end_break(self) -> MockState:
        """Start the next section before the break is over."""
        return self._apply(self.state.end_break(self._clock.now()), force=True)

    def submit(self) -> MockState:
        """End the mock now and score it."""
        return self._apply(self.state.submit(self._clock.now()), force=True)

    def _apply(self, state: MockState, *, force: bool) -> MockState:
        before = self.state
        self._pending.update(
            i
            for i, (old, new) in enumerate(zip(before.items, state.items, strict=True))
            if old != new
        )
        self.state = state
        moved = (before.phase, before.section) != (state.phase, state.section)
        if force or moved:
            now = self._clock.now()
            with self._db.write() as uow:
                uow.mocks.save(self.id, state, sorted(self._pending), now=now)
            self._pending.clear()
            self._saved_at = now
        if state.phase == Phase.FINISHED and before.phase != Phase.FINISHED:
            self._on_finish(self)
        return state
