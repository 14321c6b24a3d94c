"""The exams screen in a tiny host app: list, readiness, plan, weakest tasks, add, remove."""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable, Input, Select

from pmstudy.services.container import Services
from pmstudy.tui.screens.exams import AddExamScreen, ExamsScreen
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.widgets.readiness import ExamReadiness, bar

SIZE = (120, 44)


class Host(App[None]):
    """Just enough app to show the screen."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def on_mount(self) -> None:
        """Open the exams screen."""
        self.push_screen(ExamsScreen(self.services))


async def _settle(app: App[None]) -> None:
    await app.workers.wait_for_complete()
    for _ in range(3):
        await app.workers.wait_for_complete()


def test_bar_has_eighths() -> None:
    assert bar(0.0, 4) == "    "
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 4) == "██  "
    assert bar(None, 3) == "   "


async def test_readiness_plan_and_weakest_tasks(scrum_services: Services) -> None:
    services = scrum_services
    services.exams.add("psm-1", "2027-01-10")
    app = Host(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _settle(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamsScreen)
        report = screen.report
        assert report is not None
        assert report.spec.id == "psm-1"
        shown = str(screen.query_one(ExamReadiness).render())
        assert "Professional Scrum Master I" in shown
        assert "with the plan" in shown
        assert "68 of 80 needed" in shown
        table = screen.query_one("#exams-plan", DataTable)
        assert table.row_count == 49
        assert "Weakest tasks" in str(screen.query_one("#exams-weakest").render())
        await pilot.press("w")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        card = review.session.current or review.session.next_card()
        assert card is not None
        assert any(tag.startswith("exam::psm-1::") for tag in card.note.tags)


async def test_add_and_remove_an_exam(scrum_services: Services) -> None:
    services = scrum_services
    app = Host(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamsScreen)
        assert screen.goals == []
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddExamScreen)
        dialog.query_one("#add-exam-profile", Select).value = "csm"
        dialog.query_one("#add-exam-date", Input).value = "2027-02-01"
        dialog.query_one("#add-exam-minutes", Input).value = "20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await _settle(app)
        assert app.screen is screen
        assert [g.profile_id for g in screen.goals] == ["csm"]
        assert services.exams.goals()[0].minutes_per_day == 20
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await _settle(app)
        assert services.exams.goals() == []
        assert screen.goals == []


async def test_a_bad_date_is_refused_with_a_message(scrum_services: Services) -> None:
    services = scrum_services
    app = Host(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddExamScreen)
        dialog.query_one("#add-exam-profile", Select).value = "psm-1"
        dialog.query_one("#add-exam-date", Input).value = "2020-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert services.exams.goals() == []
        assert any("in the past" in n.message for n in app._notifications)
