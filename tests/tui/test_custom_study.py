"""Custom study from its three entry points, driven by keys: the browser's c (the marked cards,
else every match), the exams screen's s (a domain of the highlighted exam) and the dashboard's c
(a search, the flagged cards; a preview), each ending on the review screen over the right cards."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select

from pmstudy.db.models import ReviewLogRow
from pmstudy.domain.model import Rating
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.commands import help_rows, palette_commands
from pmstudy.tui.screens.browser import BrowserScreen
from pmstudy.tui.screens.custom_study import CustomStudyDialog
from pmstudy.tui.screens.exams import ExamsScreen
from pmstudy.tui.screens.review import ReviewScreen
from tests.tui.screen_shots import settle

SIZE = (120, 40)


class Host(App[None]):
    """Just enough app to show one screen."""

    def __init__(self, services: Services, screen: Any) -> None:
        super().__init__()
        self.services = services
        self.first = screen

    def on_mount(self) -> None:
        """Open the screen under test."""
        self.push_screen(self.first)


def _log_rows(services: Services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(ReviewLogRow)) or 0


def _dialog(app: App[Any]) -> CustomStudyDialog:
    dialog = app.screen
    assert isinstance(dialog, CustomStudyDialog)
    return dialog


def _review(app: App[Any]) -> ReviewScreen:
    review = app.screen
    assert isinstance(review, ReviewScreen)
    return review


def _notes(app: App[Any]) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def _study(pilot: Pilot[Any], *, new: bool = True, limit: str | None = None) -> None:
    dialog = _dialog(pilot.app)
    dialog.query_one("#custom-new", Checkbox).value = new
    if limit is not None:
        dialog.query_one("#custom-limit", Input).value = limit
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_browser_c_studies_the_marked_cards_else_every_match(services: Services) -> None:
    query = 'deck:"Sample::Basics"'
    matches = services.browser.search(query).ids
    app = Host(services, BrowserScreen(services, query))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, BrowserScreen)
        marked = browser.marked
        await pilot.press("space", "space")  # mark the first two
        await pilot.press("c")
        await settle(pilot)
        assert "The 2 marked card(s)" in str(_dialog(app).choices[0].label)
        await _study(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.session.counts().total == 2
        shown = review.session.current or review.session.next_card()
        assert shown is not None
        assert shown.id in marked
        await pilot.press("space", "3")  # answer it Good: rescheduled and logged
        await settle(pilot)
        assert _log_rows(services) == 1
        assert services.browser.rows([shown.id])[0].deck == "Sample::Basics"
        await pilot.press("escape")  # end: the summary
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is browser
        marked.clear()
        await pilot.press("c")
        await settle(pilot)
        assert f"The {len(matches)} card(s) matching" in _dialog(app).choices[0].label
        await _study(pilot, limit="3")
        again = _review(app)
        assert again.session.counts().total == 3
        assert again.deck_name.startswith("Custom: The ")


async def test_browser_c_says_why_nothing_is_studied(services: Services) -> None:
    app = Host(services, BrowserScreen(services, 'deck:"Sample::Basics"'))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await _study(pilot, new=False)  # every card is new: none is left
        assert type(app.screen) is BrowserScreen
        assert "new (tick New cards)" in _notes(app)


async def test_exams_s_studies_a_domain_of_the_highlighted_exam(
    scrum_services: Services,
) -> None:
    services = scrum_services
    goal = services.exams.add("psm-1", "2027-01-20")
    spec = services.exams.profile("psm-1")
    app = Host(services, ExamsScreen(services))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        dialog = _dialog(app)
        labels = [c.label for c in dialog.choices]
        assert labels[0] == "The 5 weakest tasks"
        domain = spec.domains[1]
        index = labels.index(domain.name)
        dialog.query_one("#custom-source", Select).value = index
        await _study(pilot, limit="10")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        wanted = set(services.exams.card_ids_for_tasks(goal.id, [(domain.id, None)]))
        assert 0 < review.session.counts().total <= 10
        card = review.session.current or review.session.next_card()
        assert card is not None
        assert card.id in wanted
        assert any(t.startswith(f"exam::psm-1::{domain.id}") for t in card.note.tags)
        assert domain.name in review.deck_name


async def test_dashboard_c_flagged_cards_in_preview_change_nothing(
    scrum_services: Services,
) -> None:
    services = scrum_services
    flagged = list(services.browser.search("deck:Scrum").ids[:2])
    services.browser.set_flag(flagged, 3)
    app = PmStudyApp(services=services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = [c.name for c in palette_commands(app.screen)]
        assert any(name.startswith("Custom study…") for name in names)
        assert any(
            row.keys == "c" and "Custom study" in row.description for row in help_rows(app.screen)
        )
        await pilot.press("c")
        await settle(pilot)
        dialog = _dialog(app)
        assert dialog.query_one("#custom-query", Input).value == 'deck:"Scrum"'
        labels = [c.label for c in dialog.choices]
        dialog.query_one("#custom-source", Select).value = labels.index("Flagged cards")
        dialog.query_one("#custom-reschedule", Checkbox).value = False
        await _study(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.session.counts().total == 2
        assert review.deck_name == "Custom: Flagged cards (preview)"
        before = services.browser.rows(flagged)
        card = review.session.current or review.session.next_card()
        assert card is not None
        assert review.session.intervals()[Rating.GOOD] == "done"
        review.session.answer(Rating.GOOD, duration_ms=1000)
        assert _log_rows(services) == 0
        assert services.browser.rows(flagged) == before
