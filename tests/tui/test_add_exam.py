"""The add-exam dialog (issue 21): a refused entry keeps the dialog and what was typed, enter on
the exam-mode box adds, target, buffer and decks are asked; no empty box without an exam."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, Select, SelectionList, Static

from pmstudy.services.container import Services
from pmstudy.tui.screens.add_exam import AddExamScreen, target_of
from pmstudy.tui.screens.exams import ExamsScreen
from tests.tui.support import screen_text
from tests.tui.test_exams_screen import Host

SIZE = (80, 24)


def _open_dialog(app: Host) -> AddExamScreen:
    dialog = app.screen
    assert isinstance(dialog, AddExamScreen)
    return dialog


async def _dialog_for(app: Host, pilot: Pilot[None], profile: str) -> AddExamScreen:
    """Open the dialog with ``a`` and choose the exam ``profile``."""
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    dialog = _open_dialog(app)
    dialog.query_one("#add-exam-profile", Select).value = profile
    await pilot.pause()
    return dialog


async def test_a_bad_date_keeps_the_dialog_and_what_was_typed(scrum_services: Services) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog_for(app, pilot, "psm-1")
        dialog.query_one("#add-exam-date", Input).value = "2027-02-30"
        dialog.query_one("#add-exam-minutes", Input).value = "25"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # still open
        assert scrum_services.exams.goals() == []
        error = dialog.query_one("#add-exam-error", Static)
        assert error.display
        assert "exam date '2027-02-30' is not a real date" in str(error.render())
        assert dialog.focused is dialog.query_one("#add-exam-date")
        assert dialog.query_one("#add-exam-date", Input).value == "2027-02-30"
        assert dialog.query_one("#add-exam-minutes", Input).value == "25"
        assert dialog.query_one("#add-exam-profile", Select).value == "psm-1"
        assert "is not a real date" in screen_text(app)  # fits at 80x24
        # mended, the same dialog adds it
        dialog.query_one("#add-exam-date", Input).value = "2027-02-28"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExamsScreen)
        assert [g.profile_id for g in scrum_services.exams.goals()] == ["psm-1"]


async def test_a_bad_number_names_its_field(scrum_services: Services) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        dialog = _open_dialog(app)
        dialog.query_one("#add-exam-profile", Select).value = "psm-1"
        dialog.query_one("#add-exam-date", Input).value = "2027-01-10"
        dialog.query_one("#add-exam-buffer", Input).value = "two"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "Buffer days: 'two' is not a whole number" in screen_text(app)
        assert dialog.focused is dialog.query_one("#add-exam-buffer")


async def test_enter_on_the_exam_mode_box_adds_and_space_toggles(
    scrum_services: Services,
) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog_for(app, pilot, "csm")
        dialog.query_one("#add-exam-date", Input).value = "2027-02-01"
        mode = dialog.query_one("#add-exam-mode", Checkbox)
        mode.focus()
        await pilot.press("space")
        assert mode.value is False
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamsScreen)
        (goal,) = scrum_services.exams.goals()
        assert goal.profile_id == "csm"
        assert goal.exam_mode is False


async def test_target_buffer_and_decks(scrum_services: Services) -> None:
    services = scrum_services
    services.decks.import_file(Path(__file__).parent / "decks" / "basics.toml")
    app = Host(services)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog_for(app, pilot, "psm-1")
        decks = dialog.query_one(SelectionList)
        names = [decks.get_option_at_index(i).value for i in range(decks.option_count)]
        assert "Scrum" in names
        assert "Sample::Basics" in names
        assert decks.selected == ["Scrum"]  # the tagged deck, as the CLI links
        decks.select("Sample::Basics")
        dialog.query_one("#add-exam-date", Input).value = "2027-01-10"
        dialog.query_one("#add-exam-target", Input).value = "85"
        dialog.query_one("#add-exam-buffer", Input).value = "7"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExamsScreen)
        (goal,) = services.exams.goals()
        assert goal.target == 0.85
        assert goal.buffer_days == 7
        assert sorted(goal.deck_names) == ["Sample::Basics", "Scrum"]


def test_target_reads_percent_or_share() -> None:
    assert target_of("") == 0.9
    assert target_of("85") == 0.85
    assert target_of("85 %") == 0.85
    assert target_of("0.8") == 0.8


async def test_no_exam_shows_no_empty_box(scrum_services: Services) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamsScreen)
        assert not screen.query_one("#exams-list", OptionList).display
        shown = screen_text(app)
        assert "Press a to add one" in shown
        assert "╭" not in shown
        assert "┌" not in shown


async def test_a_buffer_longer_than_the_days_left_is_refused(scrum_services: Services) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog_for(app, pilot, "psm-1")
        dialog.query_one("#add-exam-date", Input).value = "2026-11-30"  # 8 days ahead
        dialog.query_one("#add-exam-buffer", Input).value = "10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "buffer of 10 day(s)" in str(dialog.query_one("#add-exam-error", Static).render())
        assert dialog.focused is dialog.query_one("#add-exam-buffer")
        dialog.query_one("#add-exam-buffer", Input).value = ""  # the default, as the CLI keeps it
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExamsScreen)
        assert scrum_services.exams.goals()[0].buffer_days == 14


async def test_a_final_pass_is_asked_and_refused_when_it_does_not_fit(
    scrum_services: Services,
) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog_for(app, pilot, "psm-1")
        dialog.query_one("#add-exam-date", Input).value = "2027-01-10"
        dialog.query_one("#add-exam-buffer", Input).value = "7"
        dialog.query_one("#add-exam-final-pass", Input).value = "10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # longer than the buffer: refused, everything kept
        assert "final pass of 10 day(s)" in str(
            dialog.query_one("#add-exam-error", Static).render()
        )
        assert dialog.focused is dialog.query_one("#add-exam-final-pass")
        assert dialog.query_one("#add-exam-date", Input).value == "2027-01-10"
        dialog.query_one("#add-exam-final-pass", Input).value = "5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExamsScreen)
        (goal,) = scrum_services.exams.goals()
        assert goal.final_pass_days == 5


async def test_an_exam_without_a_deck_is_offered_its_bundled_deck(
    scrum_services: Services,
) -> None:
    """PRINCE2 7 with only the Scrum deck installed: its bundled deck is in the list, ticked;
    adding the exam installs it (in a worker thread) and links it."""
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog_for(app, pilot, "prince2-7-foundation")
        decks = dialog.query_one(SelectionList)
        offered = [str(decks.get_option_at_index(i).prompt) for i in range(decks.option_count)]
        assert offered == ["Scrum", "PRINCE2 7 (bundled: installed when the exam is added)"]
        assert decks.selected == ["bundled:prince2-7"]
        assert "PRINCE2 7 (bundled" in screen_text(app)  # in sight at 80x24
        dialog.query_one("#add-exam-date", Input).value = "2027-03-15"
        await pilot.press("ctrl+s")
        for _ in range(300):
            await pilot.pause(0.02)
            if isinstance(app.screen, ExamsScreen):
                break
        assert isinstance(app.screen, ExamsScreen)
        [goal] = scrum_services.exams.goals()
        assert goal.profile_id == "prince2-7-foundation"
        installed = {b.id for b in scrum_services.decks.bundled() if b.installed}
        assert "prince2-7" in installed
        ids = {n.name: n.id for n in scrum_services.study.deck_tree()}
        assert list(goal.deck_ids) == [ids["PRINCE2 7"]]  # linked: the installed deck only


async def test_an_exam_with_a_deck_of_the_learners_offers_no_bundled_one(
    scrum_services: Services,
) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog_for(app, pilot, "psm-1")
        decks = dialog.query_one(SelectionList)
        assert [str(decks.get_option_at_index(i).prompt) for i in range(decks.option_count)] == [
            "Scrum"
        ]
        assert decks.selected == ["Scrum"]


async def test_unticked_the_bundled_deck_is_not_installed(scrum_services: Services) -> None:
    app = Host(scrum_services)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _dialog_for(app, pilot, "prince2-7-foundation")
        dialog.query_one(SelectionList).deselect_all()
        dialog.query_one("#add-exam-date", Input).value = "2027-03-15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "Decks: tick at least one deck to link" in screen_text(app)
        assert not any(b.installed for b in scrum_services.decks.bundled() if b.id == "prince2-7")
