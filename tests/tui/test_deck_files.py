"""Cards from a deck file written by the test: hostile text at 80x24, long cards, five options."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static, TextArea

from pmstudy.services.container import Services
from pmstudy.tui.app import PmStudyApp
from pmstudy.tui.screens.editor import EditorScreen
from pmstudy.tui.widgets.card_view import CardView
from tests.tui.support import attempt_of, open_deck, screen_text

HOSTILE = "[bold red]red?[/] [@click=app.quit]quit[/] \x1b[2Jcleared? \x07"


def _import(services: Services, tmp_path: Path, name: str, cards: str) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(
        f'schema_version = 1\nid = "{name}"\nname = "Extra::{name}"\n\n{cards}', encoding="utf-8"
    )
    services.decks.import_file(path)


async def test_hostile_text_at_80_by_24(services: Services, tmp_path: Path) -> None:
    front = json.dumps(HOSTILE)  # a TOML basic string is a JSON string here
    _import(services, tmp_path, "hostile", f'[[cards]]\nid = "h"\nfront = {front}\nback = "ok"\n')
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_deck(pilot, "Extra::hostile")
        text = screen_text(app)
        assert "[bold red]red?[/] [@click=app.quit]quit[/] cleared?" in text
        content = review.query_one("#card-front", Static).content
        assert str(content) == "[bold red]red?[/] [@click=app.quit]quit[/] cleared? "
        await pilot.press("space", "3")
        assert app.is_running


async def test_a_long_card_scrolls(services: Services, tmp_path: Path) -> None:
    back = "\\n".join(f"line {n}" for n in range(1, 81))
    _import(services, tmp_path, "long", f'[[cards]]\nid = "l"\nfront = "Long?"\nback = "{back}"\n')
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_deck(pilot, "Extra::long")
        await pilot.press("space")
        view = review.query_one(CardView)
        assert view.max_scroll_y > 50
        assert "line 80" not in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        assert "line 80" in screen_text(app)
        await pilot.press("3")  # the next card starts at the top again
        assert view.scroll_y == 0


FIVE = """
[[cards]]
id = "five"
type = "multiple_choice"
stem = "Pick E."
{options}
"""


async def test_five_options_e_picks_until_the_answer_shows(
    services: Services, tmp_path: Path
) -> None:
    options = "".join(
        f'\n[[cards.options]]\ntext = "option {n}"\nwhy = "why {n}"\ncorrect = {n == 5}\n'.lower()
        for n in range(1, 6)
    )
    _import(services, tmp_path, "five", FIVE.format(options=options))
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_deck(pilot, "Extra::five")
        await pilot.press("e")
        assert attempt_of(review).picks == {"E"}
        assert app.screen is review  # not the editor
        await pilot.press("enter")
        await pilot.press("e")  # on the back, e edits again
        assert isinstance(app.screen, EditorScreen)


async def test_an_edit_that_removes_the_card_on_screen(services: Services, tmp_path: Path) -> None:
    text = "Pillars: {{c1::transparency}}, {{c2::inspection}} and adaptation."
    _import(services, tmp_path, "cloze", f'[[cards]]\nid = "c"\ntype = "cloze"\ntext = "{text}"\n')
    app = PmStudyApp(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_deck(pilot, "Extra::cloze")
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        next(iter(editor.query(TextArea))).load_text(
            "Pillars: transparency, {{c2::inspection}} and adaptation."
        )
        await pilot.press("ctrl+s")
        assert review.attempt is None
        assert "The edit removed this card" in screen_text(app)
        await pilot.press("3", "space")  # nothing to answer
        assert services.stats.overview().reviews_total == 0
