"""Bundled decks: first-run starter, exam choice, updates in place on a new version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.domain.model import Rating
from pmstudy.errors import PmStudyError
from pmstudy.resources import decks_dir
from pmstudy.services.container import Services, build_services
from pmstudy.services.decks import DeckService
from pmstudy.settings import Settings


def test_choosing_exams_installs_matching_decks(services: Services) -> None:
    assert services.decks.exams_chosen() is None
    services.decks.choose_exams(["pmp-2026"])
    assert services.decks.exams_chosen() == ["pmp-2026"]
    installed = {b.id for b in services.decks.bundled() if b.installed}
    assert installed == {"scrum", "pmp-2026"}
    with pytest.raises(PmStudyError, match="no bundled deck serves nope"):
        services.decks.choose_exams(["nope"])


def test_a_new_bundled_version_updates_in_place(
    tmp_path: Path, settings: Settings, clock: FixedClock
) -> None:
    bundled = tmp_path / "decks"
    shutil.copytree(decks_dir(), bundled)
    services = build_services(settings, clock, seed=1)
    services.decks = DeckService(services.db, clock, bundled)
    deck_id = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
    session = services.study.start(deck_id)
    card = session.next_card()
    assert card is not None
    session.answer(Rating.GOOD, duration_ms=1000)
    memory = services.library.card(card.id).memory
    assert services.decks.sync() == []  # nothing changed

    # "a later pmstudy version": one card's text is corrected
    path = bundled / "scrum.toml"
    text = path.read_text(encoding="utf-8")
    field = "Back" if "Back" in card.note.fields else next(iter(card.note.fields))
    old = card.note.fields[field]
    first_line = old.splitlines()[0]
    assert first_line in text
    path.write_text(text.replace(first_line, first_line + " (clarified)", 1), encoding="utf-8")
    summaries = services.decks.sync()
    assert len(summaries) == 1
    assert summaries[0].notes_updated >= 1
    assert summaries[0].notes_added == 0
    updated = services.library.card(card.id)
    assert "(clarified)" in "".join(updated.note.fields.values())
    assert updated.memory == memory
    services.close()


def test_the_deck_list_reads_headers_exactly_as_the_full_parser() -> None:
    from pmstudy.decks.format import DeckFile
    from pmstudy.decks.loader import parse_model, read_text
    from pmstudy.services.decks import read_header

    paths = sorted(decks_dir().glob("*.toml"))
    assert paths
    for path in paths:
        header = read_header(path.read_bytes())
        deck = parse_model(read_text(path), str(path), DeckFile)
        assert header is not None, path
        assert (header.id, header.name, header.description, header.version) == (
            deck.id,
            deck.name,
            deck.description,
            deck.version,
        )
        assert header.exams == tuple(deck.exams)
        assert header.cards == len(deck.cards)


def test_a_header_the_fast_reader_cannot_read_falls_back_to_the_full_parser(
    tmp_path: Path, services: Services, clock: FixedClock
) -> None:
    from pmstudy.services.decks import DeckError, read_header

    assert read_header(b'id = "x"\nname = 3\n') is None
    assert read_header(b"\xff\xfe") is None
    bundled = tmp_path / "decks"
    bundled.mkdir()
    (bundled / "bad.toml").write_text('schema_version = 1\nid = "bad"\nname = [\n')
    with pytest.raises(DeckError, match=r"bad\.toml"):
        DeckService(services.db, clock, bundled).bundled()
