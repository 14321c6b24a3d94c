"""Deck files: validation with file:line messages, bundled decks valid, re-import in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmstudy.decks.check import check_files, load_profiles
from pmstudy.decks.loader import DeckFileError, iter_deck_files, load_deck
from pmstudy.domain.model import Rating
from pmstudy.resources import decks_dir, profiles_dir
from pmstudy.services.container import Services
from tests.conftest import write_deck

BAD = """schema_version = 1
id = "bad"
name = "Bad"
exams = ["psm-1", "no-such-exam"]

[[cards]]
id = "a"
front = "Q"
back = "A"
tags = ["exam::psm-1::framework"]

[[cards]]
id = "a"
type = "reversed"
front = "Q2"
back = ""
tags = ["exam::psm-1::nowhere"]

[[cards]]
id = "c"
type = "cloze"
text = "A {{c1::broken} cloze }}"
tags = ["exam::psm-1::framework"]

[[cards]]
id = "mc"
type = "multiple_choice"
stem = "Which?"
tags = ["exam::psm-1::framework"]

[[cards.options]]
text = "x"
why = "no"

[[cards.options]]
text = "y"
why = "no"

[[cards.options]]
text = "z"
why = "no"
"""


def test_every_bundled_deck_and_profile_is_valid() -> None:
    profiles = load_profiles(profiles_dir())
    assert {"pmp-2026", "pmp-2021", "capm", "psm-1", "csm", "prince2-7-foundation"} <= set(profiles)
    paths = list(iter_deck_files(decks_dir()))
    assert len(paths) >= 6
    assert check_files(paths, profiles) == []


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    position = -1
    for _ in range(occurrence):
        position = text.index(needle, position + 1)
    return text[:position].count("\n") + 1


def test_schema_problems_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD, encoding="utf-8")
    messages = [str(p) for p in check_files([path], load_profiles(profiles_dir()))]
    back_line = _line_of(BAD, 'back = ""')
    mc_line = _line_of(BAD, 'id = "mc"') - 1
    assert f"{path}:{back_line}: cards[1]: a reversed card needs a non-empty 'back'" in messages
    assert any(m.startswith(f"{path}:{mc_line}:") and "correct option" in m for m in messages)


def test_semantic_problems(tmp_path: Path) -> None:
    first = BAD.split('[[cards]]\nid = "mc"', maxsplit=1)[0].replace('back = ""', 'back = "fine"')
    # A card its kind refuses (the same rule the editor applies) stops the file at reading,
    # with the card's line; with that card fixed, the checks across cards run.
    broken = tmp_path / "broken.toml"
    broken.write_text(first, encoding="utf-8")
    messages = [str(p) for p in check_files([broken], load_profiles(profiles_dir()))]
    cloze = _line_of(first, 'id = "c"') - 1  # the card's [[cards]] line
    assert any(m.startswith(f"{broken}:{cloze}:") and "stray brace" in m for m in messages)
    text = first.replace("{{c1::broken} cloze }}", "{{c1::fixed}} cloze")
    path = tmp_path / "sem.toml"
    path.write_text(text, encoding="utf-8")
    messages = [str(p) for p in check_files([path], load_profiles(profiles_dir()))]
    assert f"{path}:4: unknown exam profile 'no-such-exam'" in messages
    duplicate = _line_of(text, 'id = "a"', 2)
    assert any(f":{duplicate}:" in m and "duplicate card id 'a'" in m for m in messages)
    tag = _line_of(text, "nowhere")
    assert any(f":{tag}:" in m and "'nowhere' is not a domain of psm-1" in m for m in messages)


def test_toml_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = tmp_path / "syntax.toml"
    path.write_text('schema_version = 1\nid = "x"\nname = "X\n', encoding="utf-8")
    with pytest.raises(DeckFileError) as info:
        load_deck(path)
    assert str(info.value).startswith(f"{path}:3: TOML syntax error")


def test_invalid_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(b'schema_version = 1\nid = "x"\nname = "caf\xe9"\n')
    with pytest.raises(DeckFileError, match=r":3: file is not valid UTF-8"):
        load_deck(path)


def test_reimport_updates_in_place_and_keeps_scheduling(
    empty_services: Services, tmp_path: Path
) -> None:
    cards = (
        '[[cards]]\nid = "one"\nfront = "Q1"\nback = "A1"\n\n'
        '[[cards]]\nid = "two"\ntype = "cloze"\ntext = "{{c1::x}} and {{c2::y}}"\n'
    )
    path = write_deck(tmp_path / "d.toml", cards)
    first = empty_services.decks.import_file(path)
    assert (first.notes_added, first.cards_added) == (2, 3)
    deck_id = next(n.id for n in empty_services.study.deck_tree() if n.name == "Test")
    session = empty_services.study.start(deck_id)
    card = session.next_card()
    assert card is not None
    session.answer(Rating.EASY, duration_ms=1000)
    answered = empty_services.library.card(card.id)

    edited = cards.replace('back = "A1"', 'back = "A1, corrected"').replace(
        "{{c2::y}}", "{{c2::y}} or {{c3::z}}"
    )
    write_deck(path, edited + '\n[[cards]]\nid = "three"\nfront = "Q3"\nback = "A3"\n')
    again = empty_services.decks.import_file(path)
    assert (again.notes_added, again.notes_updated, again.notes_unchanged) == (1, 2, 0)
    assert again.cards_added == 2
    kept = empty_services.library.card(card.id)
    assert kept.memory == answered.memory
    dry = empty_services.decks.import_file(path, dry_run=True)
    assert (dry.notes_added, dry.notes_updated, dry.notes_unchanged) == (0, 0, 3)
    node = next(n for n in empty_services.study.deck_tree() if n.name == "Test")
    assert node.total == 5


def test_published_json_schemas_are_current() -> None:
    import json

    from pmstudy.decks.schema import SCHEMAS

    docs = Path(__file__).resolve().parents[2] / "docs"
    for name, schema in SCHEMAS.items():
        published = json.loads((docs / name).read_text(encoding="utf-8"))
        assert published == schema(), f"run scripts/write_schemas.py to refresh docs/{name}"


def test_bundled_decks_validate_against_the_json_schema() -> None:
    import tomllib

    import jsonschema

    from pmstudy.decks.schema import deck_schema

    schema = deck_schema()
    for path in iter_deck_files(decks_dir()):
        jsonschema.validate(tomllib.loads(path.read_text(encoding="utf-8")), schema)
