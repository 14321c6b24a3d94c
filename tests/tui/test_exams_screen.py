"""The exams screen in a tiny host app: list, readiness, plan, weakest tasks, add, remove."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, RenderableType
from textual.app import App
from textual.widgets import Input, OptionList, Select

from pmstudy.clock import FixedClock
from pmstudy.services.container import Services
from pmstudy.services.exams import ExamReport
from pmstudy.tui.screens.add_exam import AddExamScreen
from pmstudy.tui.screens.exams import ExamsScreen
from pmstudy.tui.screens.review import ReviewScreen
from pmstudy.tui.widgets.last_mock import LastMockPanel, last_mock_view
from pmstudy.tui.widgets.plan_chart import PlanChart, y_scale
from pmstudy.tui.widgets.readiness_view import MAX_BAR, bar, layout, readiness_view
from tests.cli.mock_sitting import sit_mock
from tests.tui.support import screen_text

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


def text_of(renderable: RenderableType, width: int) -> str:
    """What ``renderable`` prints in ``width`` columns, as plain text."""
    console = Console(width=width, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(renderable)
    return console.export_text()


def words_in_order(text: str, name: str) -> bool:
    """Every word of ``name`` appears in ``text``, in order (a wrapped name counts)."""
    at = 0
    for word in name.split():
        at = text.find(word, at)
        if at < 0:
            return False
        at += len(word)
    return True


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
        shown = screen_text(app)
        assert "Professional Scrum Master I" in shown
        for header in ("Domain", "Weight", "Today", "With the plan", "Seen"):
            assert header in shown
        assert "68 of 80 needed" in shown
        assert "Weakest tasks" in shown
        chart = screen.query_one(PlanChart)
        assert chart.plan is not None
        assert len(chart.plan.days) == 49
        assert chart.query_one("#plan-chart-plot").display
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


def test_bar_widths_leave_the_names_room() -> None:
    assert layout(106) == (MAX_BAR, 25)
    assert layout(76)[0] == 0  # at 80 columns the names come first
    band = len("score 100% → Needs Improvement")
    assert layout(106, band) == (MAX_BAR, band)
    for width in range(40, 200):
        for second in (0, len("score 64%"), band):
            bars, cell = layout(width, second)
            assert bars == 0 or 24 + 18 + 2 * cell <= width
            assert cell >= 14
            assert bars == 0 or cell >= second


def test_y_scale_is_round_and_covers_the_peak() -> None:
    for peak in (0.0, 0.4, 3.0, 7.0, 45.2, 99.0, 101.0, 512.0, 3000.0):
        top, step = y_scale(peak)
        assert top >= peak
        assert top % step == 0
        assert top // step <= 5
        assert str(step).strip("0") in ("1", "2", "5")
    assert y_scale(45.2) == (50, 10)


def _report(services: Services, profile: str) -> ExamReport:
    goal = services.exams.add(profile, "2027-01-20")
    return services.exams.report(goal.id)


@pytest.mark.parametrize("width", [76, 106])
def test_every_domain_name_is_shown_whole(scrum_services: Services, width: int) -> None:
    report = _report(scrum_services, "psm-1")
    text = text_of(readiness_view(report, width), width)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    header = next(line for line in text.splitlines() if "Domain" in line)
    for title in ("Weight", "Today", "With the plan", "Seen"):
        assert title in header
    for domain in report.readiness.domains:
        assert len(domain.name) > 24 or domain.name in text
        assert words_in_order(text, domain.name), domain.name
    assert "Whole exam" in text
    assert "Pass (68 of 80 needed)" in text


@pytest.mark.parametrize(
    ("width", "first_line"),
    [
        (
            106,
            "PMI-ACP (ECO Oct/Nov 2024)  ·  Wed 2027-01-20 09:00  ·  59 days left  ·  exam mode on",
        ),
        (76, "PMI-ACP (ECO Oct/Nov 2024) · 2027-01-20 09:00 · 59 days left · exam mode on"),
        (66, "PMI-ACP (ECO Oct/Nov 2024) · 2027-01-20 09:00 · 59 days left"),
    ],
)
def test_the_title_line_is_never_cut_mid_phrase(
    scrum_services: Services, width: int, first_line: str
) -> None:
    scrum_services.decks.install(["pmi-acp"])
    report = _report(scrum_services, "pmi-acp")
    lines = text_of(readiness_view(report, width), width).splitlines()
    assert lines[0].rstrip() == first_line
    if width < 70:
        assert lines[1].strip() == "exam mode on"


@pytest.mark.parametrize("width", [76, 106])
def test_each_band_sits_under_the_score_it_describes(scrum_services: Services, width: int) -> None:
    scrum_services.decks.install(["pmp-2026"])
    report = _report(scrum_services, "pmp-2026")
    r = report.readiness
    assert r.needed_to_pass is None
    assert r.bands_assumed
    lines = text_of(readiness_view(report, width), width).splitlines()
    header = next(line for line in lines if "Domain" in line)
    today_at, plan_at = header.index("Today"), header.index("With the plan")
    for domain in r.domains:
        row = next(i for i, line in enumerate(lines) if line.startswith(domain.name.split()[0]))
        below = lines[row + 1]
        assert below.index("score") == today_at
        assert below.index("score", today_at + 1) == plan_at
        assert f"score {domain.expected_today * 100:.0f}%" in below
        cells = "".join(lines[row + 1 : row + 3])
        for band in (domain.band_today, domain.band_plan):
            assert band is not None
            assert words_in_order(cells, band)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_no_exam_says_what_the_screen_is_for(
    scrum_services: Services, size: tuple[int, int]
) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamsScreen)
        assert not screen.query_one("#exams-list", OptionList).display
        shown = screen_text(app)
        assert "No exam yet" in shown
        assert "Press a to add one" in shown
        assert "Professional Scrum Master I" in shown or size[1] < 30  # the profiles on offer
        assert not screen.query_one(PlanChart).display


async def test_the_plan_is_drawn_and_summed_by_week(scrum_services: Services) -> None:
    services = scrum_services
    services.exams.add("psm-1", "2027-01-10")
    app = Host(services)
    async with app.run_test(size=(120, 80)) as pilot:
        await pilot.pause()
        await _settle(app)
        await pilot.pause()
        chart = app.screen.query_one(PlanChart)
        plan = chart.plan
        assert plan is not None
        drawn = str(chart.query_one("#plan-chart-plot").render())
        assert "Answers per day to the exam" in drawn
        assert f"last new card {plan.introduce_by:%m-%d}" in drawn
        for label in ("11-22", "01-09"):  # today and the eve of the exam on the x axis
            assert label in drawn
        shown = screen_text(app)
        for header in ("Week", "New", "Reviews", "Minutes", "Min/day", "Busiest day"):
            assert header in shown
        assert len(plan.weeks()) == 7
        assert "Sun 11-22 – Sat 11-28" in shown
        assert "Sun 01-03 – Sat 01-09" in shown


async def test_keys_for_an_exam_show_only_with_one(scrum_services: Services) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Add exam" in footer
        assert "Remove exam" not in footer
        assert "Study weakest" not in footer
        screen = app.screen
        assert isinstance(screen, ExamsScreen)
        scrum_services.exams.add("psm-1", "2027-01-10")
        screen.action_refresh()
        await pilot.pause()
        await _settle(app)
        footer = screen_text(app).splitlines()[-1]
        assert "Remove exam" in footer
        assert "Study weakest" in footer


async def test_the_last_mock_sits_beside_the_prediction(
    scrum_services: Services, clock: FixedClock
) -> None:
    services = scrum_services
    services.exams.add("psm-1", "2027-01-10")
    sit_mock(services, clock, wrong=3, blank=2)
    app = Host(services)
    async with app.run_test(size=(120, 80)) as pilot:
        await pilot.pause()
        await _settle(app)
        await pilot.pause()
        panel = app.screen.query_one(LastMockPanel)
        last = panel.last
        assert last is not None
        assert last.result.summary.id == 1
        points = round(last.check.difference * 100)
        items, right = last.result.summary.items, last.check.right
        assert right == items - 5
        shown = screen_text(app)
        # full length once the bundled Scrum deck holds a whole PSM I mock (80 items)
        length = "full length" if last.result.summary.full_length else "shortened"
        assert (
            f"Last mock (2026-11-22, {items} items, {length}): {100 * right / items:.0f}% — "
            "predicted today" in shown
        )
        assert f"{points} points above the prediction" in shown
        assert f"{right} of {items} right, passed ({last.result.score.needed} needed)" in shown
        assert "this one is above it" in shown
        for header in ("Last mock", "Band", "Predicted today"):
            assert header in shown
        assert "learnt without this mock" in shown
        block = text_of(last_mock_view(panel.report, last), 100)  # type: ignore[arg-type]
        for domain in last.check.domains:
            assert words_in_order(block, domain.name)


async def test_no_mock_says_how_to_take_one(scrum_services: Services) -> None:
    scrum_services.exams.add("psm-1", "2027-01-10")
    app = Host(scrum_services)
    async with app.run_test(size=(120, 80)) as pilot:
        await pilot.pause()
        await _settle(app)
        await pilot.pause()
        assert app.screen.query_one(LastMockPanel).report is not None
        assert (
            "No mock exam yet: take one (m on the dashboard / palette 'Mock exam') to check this "
            "prediction." in screen_text(app)
        )
