"""The classify screen: a CSV deck with no tags classified onto CAPM in a worker, sorted by
confidence, the threshold changed, suggestions accepted, one note placed with the picker and
one marked not on the exam, written after a preview in one step, and undone."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from pmstudy.domain.cards import ImportOptions
from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.classify import ClassifyScreen
from pmstudy.tui.screens.classify_pick import PlacementPicker
from pmstudy.tui.screens.dialogs import ConfirmScreen
from pmstudy.tui.screens.exams import ExamsScreen
from pmstudy.tui.widgets.classify_table import NotesTable
from tests.tui.screen_shots import settle
from tests.tui.support import screen_text

SIZE = (120, 40)
NOTES = """\
What does a project charter authorize?,The project manager to use resources
What is a risk register?,A list of risks with owners and responses
What is earned value?,The budgeted cost of the work performed
Who prioritises the product backlog?,The product owner
What is the critical path?,The longest chain of dependent activities
What does a burndown chart show?,The work left against time
"""


def add_found_deck(services: Services, tmp_path: Path) -> None:
    """A deck 'Found' of six notes with no tags, as a CSV import makes it."""
    csv = tmp_path / "found.csv"
    csv.write_text(NOTES, encoding="utf-8")
    services.imports.import_file(csv, ImportOptions(deck="Found"))


def found_tags(services: Services) -> dict[str, tuple[str, ...]]:
    """Front -> tags of the Found deck's notes."""
    ids = services.browser.search('"deck:Found"').ids
    return {row.front: row.tags for row in services.browser.rows(ids)}


def order(table: NotesTable) -> list[int]:
    """The note ids in table order."""
    return [int(str(key.value)) for key in table.rows]


async def test_sort_accept_change_not_on_exam_write_and_undo(
    services: Services, tmp_path: Path
) -> None:
    add_found_deck(services, tmp_path)
    app = PmStudyApp(services)
    async with app.run_test(size=SIZE) as pilot:
        app.action_classify("Found", "capm")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClassifyScreen)
        await settle(pilot)
        result = screen.result
        assert result is not None
        assert len(result.notes) == 6
        table = screen.query_one(NotesTable)
        confidence = {n.note_id: n.domain_confidence for n in result.notes}
        lowest_first = order(table)
        assert [confidence[i] for i in lowest_first] == sorted(confidence.values())
        await pilot.press("s")
        assert order(table) == lowest_first[::-1]
        assert "highest first (s)" in screen_text(app)

        # a threshold of 0: every unmapped note is sure; a accepts them all
        threshold = screen.query_one("#classify-threshold", Input)
        await pilot.press("t")
        assert threshold.has_focus
        threshold.value = "0"
        await pilot.press("enter")
        assert table.has_focus
        await pilot.press("a")
        assert screen.choices == result.to_apply(0.0)
        assert len(screen.choices) == 6

        # the first row (highest confidence) placed on a task with the picker
        table.move_cursor(row=0)
        first = lowest_first[-1]
        await pilot.press("c")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PlacementPicker)
        listing = picker.query_one(OptionList)
        listing.highlighted = listing.get_option_index("exam::capm::agile::t1")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.choices[first] == "exam::capm::agile::t1"

        # the second row not on the exam
        table.move_cursor(row=1)
        second = lowest_first[-2]
        await pilot.press("n")
        assert screen.choices[second] == "exam::capm::not-on-exam"
        assert "→ not on exam" in screen_text(app)

        # w previews the six notes, y writes them
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert "Write capm tags on 6 notes?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        tags = found_tags(services)
        fronts = {n.note_id: n.front for n in result.notes}
        assert tags[fronts[first]] == ("exam::capm::agile::t1",)
        assert tags[fronts[second]] == ("exam::capm::not-on-exam",)
        assert all(len(t) == 1 and t[0].startswith("exam::capm::") for t in tags.values())
        assert screen.choices == {}
        assert screen.result is not None
        assert all(n.mapped for n in screen.result.notes)
        assert services.exams.coverage("capm").cards == 5

        # u takes the whole write back
        await pilot.press("u")
        await settle(pilot)
        assert set(found_tags(services).values()) == {()}
        assert screen.result is not None
        assert not any(n.mapped for n in screen.result.notes)


async def test_choices_are_not_dropped_without_asking(services: Services, tmp_path: Path) -> None:
    add_found_deck(services, tmp_path)
    app = PmStudyApp(services)
    async with app.run_test(size=SIZE) as pilot:
        app.action_classify("Found", "capm")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClassifyScreen)
        await pilot.press("n")
        assert len(screen.choices) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert len(screen.choices) == 1
        await pilot.press("x")
        assert screen.choices == {}
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ClassifyScreen)
        assert set(found_tags(services).values()) == {()}


async def test_from_the_palette_deck_and_exam_are_chosen(
    services: Services, tmp_path: Path
) -> None:
    add_found_deck(services, tmp_path)
    app = PmStudyApp(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Classify a deck")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClassifyScreen)
        assert "Choose a deck and an exam" in screen_text(app)
        screen.query_one("#classify-deck").value = "Found"  # type: ignore[attr-defined]
        await pilot.pause()
        assert screen.result is None
        screen.query_one("#classify-exam").value = "capm"  # type: ignore[attr-defined]
        await settle(pilot)
        assert screen.result is not None
        assert len(screen.result.notes) == 6


async def test_c_on_the_exams_screen_opens_it_for_that_exam(
    services: Services, tmp_path: Path
) -> None:
    """With the linked deck that has the most cards not on the blueprint yet."""
    add_found_deck(services, tmp_path)
    alpha = tmp_path / "alpha.csv"
    alpha.write_text("What is a stakeholder?,Anyone affected by the project\n", encoding="utf-8")
    services.imports.import_file(alpha, ImportOptions(deck="Alpha"))
    services.exams.add(
        "capm",
        "2027-03-01",
        None,
        decks=["Alpha", "Found"],
        target=0.9,
        exam_mode=True,
        buffer_days=None,
        minutes_per_day=None,
    )
    app = PmStudyApp(services)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ExamsScreen(services))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClassifyScreen)
        assert (screen.deck, screen.exam) == ("Found", "capm")
        assert screen.result is not None
        assert len(screen.result.notes) == 6


async def test_the_note_under_the_cursor_is_named_in_words(
    services: Services, tmp_path: Path
) -> None:
    """Below the table: the suggestion with the blueprint's names and the whole front."""
    add_found_deck(services, tmp_path)
    app = PmStudyApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_classify("Found", "capm")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClassifyScreen)
        await settle(pilot)
        result = screen.result
        assert result is not None
        note = screen.note
        assert note is not None
        domain = next(d for d in result.spec.domains if d.id == note.domain)
        shown = str(screen.query_one("#classify-detail").render())
        assert domain.name[:20] in shown
        assert note.front[:20] in shown
        await pilot.press("down")
        moved = screen.note
        assert moved is not None
        assert moved.note_id != note.note_id
        assert moved.front[:20] in str(screen.query_one("#classify-detail").render())


def test_a_cut_label_keeps_its_task() -> None:
    """Narrow label columns cut the domain, not the task id ('fundamenta…::t2')."""
    from rich.text import Text

    from pmstudy.tui.widgets.classify_table import fit_label

    assert fit_label(Text("fundamentals::t2"), 15).plain == "fundamenta…::t2"
    assert fit_label(Text("→ predictive::t3"), 15).plain == "→ predicti…::t3"
    assert fit_label(Text("agile::t3"), 15).plain == "agile::t3"
    assert fit_label(Text("not on exam"), 5).plain == "not …"
