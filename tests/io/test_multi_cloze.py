"""Multi-card cloze ``{{c1,2::…}}`` through real files: an Anki package, deck files and CSV in
and out, ``pmstudy deck check``, and a re-import that adds or removes card 2 while card 1 keeps
its progress."""

from __future__ import annotations

import zipfile
from pathlib import Path

import genanki
import pytest
from sqlalchemy import select

from pmstudy.db.models import CardRow, DeckRow, NoteRow
from pmstudy.db.repo import Repository
from pmstudy.domain.cards import render
from pmstudy.domain.model import Rating
from pmstudy.services.container import Services
from tests.conftest import run_cli, write_deck

TEXT = "{{c1,2::Sprint}} lasts {{c2::one month::at most}}"
Fronts = dict[int, tuple[str, int]]


def _package(path: Path, text: str, ords: list[int]) -> Path:
    """An Anki package with one cloze note whose cards are ``ords``, as Anki 25.09 makes them
    (genanki itself reads only ``{{cN::``, so the cards are given)."""
    deck = genanki.Deck(2_059_400_120, "Multi")
    note = genanki.Note(model=genanki.CLOZE_MODEL, fields=[text, "Scrum Guide"], guid="multi-1")
    note.cards = [genanki.Card(o) for o in ords]  # replaces genanki's c<digits>-only reading
    deck.add_note(note)
    genanki.Package(deck).write_to_file(str(path))
    return path


def _fronts(services: Services, deck: str) -> Fronts:
    """Ordinal -> (the card's front as shown, its answer count), for the deck's cards."""
    with services.sessions() as session:
        ids = session.execute(
            select(CardRow.ord, CardRow.id).join(DeckRow).where(DeckRow.name == deck)
        ).all()
        repo = Repository(session)
        cards = {o: repo.card(i) for o, i in ids}
    return {o: ("".join(t for t, _ in render(c).front), c.memory.reps) for o, c in cards.items()}


def _answer_card_1(services: Services, deck: str) -> None:
    node = next(n for n in services.study.deck_tree() if n.name == deck)
    session = services.study.start(node.id)
    card = session.next_card()
    assert card is not None
    assert card.ord == 0
    session.answer(Rating.GOOD, duration_ms=1000)


def test_an_anki_package_with_a_multi_card_deletion_gives_both_cards(
    empty_services: Services, second: Services, tmp_path: Path
) -> None:
    result = empty_services.imports.import_file(_package(tmp_path / "m.apkg", TEXT, [0, 1]))
    assert (result.notes_added, result.cards_added) == (1, 2)
    assert _fronts(empty_services, "Multi") == {
        0: ("[...] lasts one month", 0),
        1: ("[...] lasts [at most]", 0),
    }
    # exported again, Anki's layout: the same note, both cards
    out = tmp_path / "again.apkg"
    summary = empty_services.imports.export("Multi", "apkg", out)
    assert (summary.notes, summary.cards) == (1, 2)
    assert zipfile.is_zipfile(out)
    again = second.imports.import_file(out)
    assert (again.notes_added, again.cards_added) == (1, 2)
    assert _fronts(second, "Multi") == _fronts(empty_services, "Multi")


def test_an_updated_package_adds_card_2_and_card_1_keeps_its_progress(
    empty_services: Services, tmp_path: Path
) -> None:
    empty_services.imports.import_file(_package(tmp_path / "v1.apkg", "{{c1::Sprint}} x", [0]))
    _answer_card_1(empty_services, "Multi")
    updated = empty_services.imports.import_file(_package(tmp_path / "v2.apkg", TEXT, [0, 1]))
    assert (updated.notes_updated, updated.cards_added) == (1, 1)
    assert _fronts(empty_services, "Multi") == {
        0: ("[...] lasts one month", 1),
        1: ("[...] lasts [at most]", 0),
    }


def _deck(path: Path, text: str) -> Path:
    return write_deck(
        path, f'[[cards]]\nid = "m1"\ntype = "cloze"\ntext = "{text}"\nextra = "Scrum Guide"\n'
    )


def test_a_deck_file_re_import_gains_and_loses_card_2(
    empty_services: Services, tmp_path: Path
) -> None:
    deck = _deck(tmp_path / "m.toml", "{{c1::Sprint}} lasts one month")
    assert empty_services.imports.import_file(deck).cards_added == 1
    _answer_card_1(empty_services, "Test")

    gained = empty_services.imports.import_file(_deck(deck, TEXT))
    assert (gained.notes_updated, gained.cards_added, gained.cards_removed) == (1, 1, 0)
    assert _fronts(empty_services, "Test") == {
        0: ("[...] lasts one month", 1),
        1: ("[...] lasts [at most]", 0),
    }

    lost = empty_services.imports.import_file(_deck(deck, "{{c1::Sprint}} lasts one month"))
    assert (lost.cards_added, lost.cards_removed) == (0, 1)
    assert _fronts(empty_services, "Test") == {0: ("[...] lasts one month", 1)}


@pytest.mark.parametrize("form", ["deck", "csv", "apkg"])
def test_export_round_trips_the_note_unchanged(
    empty_services: Services, second: Services, tmp_path: Path, form: str
) -> None:
    empty_services.imports.import_file(_deck(tmp_path / "m.toml", TEXT))
    out = tmp_path / f"out.{ {'deck': 'toml', 'csv': 'txt'}.get(form, form) }"
    assert empty_services.imports.export("Test", form, out).cards == 2
    if form != "apkg":
        assert TEXT in out.read_text(encoding="utf-8")
    result = second.imports.import_file(out)
    assert (result.notes_added, result.cards_added) == (1, 2)
    with second.sessions() as session:
        assert session.scalar(select(NoteRow.fields)) == {"Text": TEXT, "Extra": "Scrum Guide"}
    assert _fronts(second, "Test") == _fronts(empty_services, "Test")


def test_deck_check_accepts_a_multi_card_deletion_and_names_a_broken_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _deck(tmp_path / "good.toml", TEXT)
    code, out, _ = run_cli(capsys, "deck", "check", str(good))
    assert code == 0, out
    bad = _deck(tmp_path / "bad.toml", "{{c1,::Sprint}} lasts a month")
    code, out, _ = run_cli(capsys, "deck", "check", str(bad))
    assert code == 1
    assert f"{bad}:" in out
    assert "broken cloze marker" in out
