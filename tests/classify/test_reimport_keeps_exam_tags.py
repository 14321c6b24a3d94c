"""Re-importing a deck keeps the exam tags the learner (or the classifier) put on its notes: a
real Anki package (genanki) and a CSV file, imported, tagged, imported again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import genanki

from pmstudy.domain.cards import ImportOptions
from pmstudy.services.container import Services

MODEL = genanki.Model(
    1_607_392_319,
    "Basic (test)",
    fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr>{{Back}}"}],
)


def _package(path: Path, notes: list[tuple[str, str, list[str]]]) -> Path:
    """An Anki package of Basic notes (front, back, tags); guids from the front."""
    deck = genanki.Deck(2_059_400_110, "Found deck")
    for front, back, tags in notes:
        deck.add_note(genanki.Note(model=MODEL, fields=[front, back], tags=tags, guid=front))
    genanki.Package(deck).write_to_file(str(path))
    return path


def _tags(services: Services, deck: str) -> dict[str, tuple[str, ...]]:
    """Front -> tags of the deck's notes."""
    ids = services.browser.search(f'"deck:{deck}"').ids
    return {row.front: tuple(sorted(row.tags)) for row in services.browser.rows(ids)}


def _note_ids(services: Services, deck: str) -> dict[str, int]:
    ids = services.browser.search(f'"deck:{deck}"').ids
    return {row.front: row.note_id for row in services.browser.rows(ids)}


def test_apkg_reimport_keeps_exam_tags_and_takes_the_package_tags(
    empty_services: Services, tmp_path: Path
) -> None:
    notes = [("Charter?", "Authorises the project", ["basics"]), ("WBS?", "Deliverables", [])]
    first = empty_services.imports.import_file(_package(tmp_path / "v1.apkg", notes))
    assert first.notes_added == 2
    ids = _note_ids(empty_services, "Found deck")
    empty_services.classify.apply(
        "capm",
        "Found deck",
        {ids["Charter?"]: "exam::capm::fundamentals::t2", ids["WBS?"]: "exam::capm::not-on-exam"},
    )
    empty_services.classify.apply(
        "pmp-2026", "Found deck", {ids["WBS?"]: "exam::pmp-2026::process"}
    )

    again = empty_services.imports.import_file(tmp_path / "v1.apkg")
    assert (again.notes_added, again.notes_updated, again.notes_unchanged) == (0, 0, 2)
    assert _tags(empty_services, "Found deck") == {
        "Charter?": ("basics", "exam::capm::fundamentals::t2"),
        "WBS?": ("exam::capm::not-on-exam", "exam::pmp-2026::process"),
    }

    # a new version: its own tags replace the old plain ones; exam tags stay
    notes = [("Charter?", "Authorises the PM", ["core"]), ("WBS?", "Deliverables", ["core"])]
    updated = empty_services.imports.import_file(_package(tmp_path / "v2.apkg", notes))
    assert updated.notes_updated == 2
    assert _tags(empty_services, "Found deck") == {
        "Charter?": ("core", "exam::capm::fundamentals::t2"),
        "WBS?": ("core", "exam::capm::not-on-exam", "exam::pmp-2026::process"),
    }


def test_a_package_with_its_own_exam_tags_wins_for_that_exam(
    empty_services: Services, tmp_path: Path
) -> None:
    notes = [("Charter?", "Authorises the project", [])]
    empty_services.imports.import_file(_package(tmp_path / "v1.apkg", notes))
    ids = _note_ids(empty_services, "Found deck")
    empty_services.classify.apply("capm", "Found deck", {ids["Charter?"]: "exam::capm::agile"})
    empty_services.classify.apply(
        "psm-1", "Found deck", {ids["Charter?"]: "exam::psm-1::not-on-exam"}
    )

    notes = [("Charter?", "Authorises the project", ["exam::capm::fundamentals::t4"])]
    empty_services.imports.import_file(_package(tmp_path / "v2.apkg", notes))
    assert _tags(empty_services, "Found deck") == {
        "Charter?": ("exam::capm::fundamentals::t4", "exam::psm-1::not-on-exam"),
    }


def test_csv_reimport_keeps_exam_tags(empty_services: Services, tmp_path: Path) -> None:
    csv = tmp_path / "notes.csv"
    csv.write_text("Charter?,Authorises the project\nWBS?,Deliverables\n", encoding="utf-8")
    options = ImportOptions(deck="Mine")
    empty_services.imports.import_file(csv, options)
    ids = _note_ids(empty_services, "Mine")
    empty_services.classify.apply("capm", "Mine", {ids["WBS?"]: "exam::capm::predictive::t1"})

    again = empty_services.imports.import_file(csv, options)
    assert (again.notes_updated, again.notes_unchanged) == (0, 2)
    csv.write_text("Charter?,Authorises the PM\nWBS?,The deliverables\n", encoding="utf-8")
    changed = empty_services.imports.import_file(csv, options)
    assert changed.notes_updated == 2
    assert _tags(empty_services, "Mine") == {
        "Charter?": (),
        "WBS?": ("exam::capm::predictive::t1",),
    }
    assert empty_services.exams.coverage("capm").cards == 1


def _deck_file(path: Path, tags: str) -> Path:
    """A deck file serving CAPM with one basic card tagged ``tags`` (a TOML list)."""
    path.write_text(
        'schema_version = 1\nid = "mine"\nname = "Mine"\nexams = ["capm"]\n\n'
        f'[[cards]]\nid = "c1"\nfront = "Charter?"\nback = "Authorises"\ntags = {tags}\n',
        encoding="utf-8",
    )
    return path


def test_deck_file_update_keeps_other_exams_tags_and_owns_its_exams(
    empty_services: Services, tmp_path: Path
) -> None:
    path = _deck_file(tmp_path / "mine.toml", '["exam::capm::fundamentals::t1"]')
    empty_services.decks.import_file(path)
    ids = _note_ids(empty_services, "Mine")
    empty_services.classify.apply("psm-1", "Mine", {ids["Charter?"]: "exam::psm-1::not-on-exam"})
    empty_services.classify.apply("capm", "Mine", {ids["Charter?"]: "exam::capm::agile"})

    # the author takes the card off CAPM: the deck serves CAPM, so its word stands there
    empty_services.decks.import_file(_deck_file(path, '["basics"]'))
    assert _tags(empty_services, "Mine") == {"Charter?": ("basics", "exam::psm-1::not-on-exam")}
    # an edit in the app replaces the tags as typed: nothing is kept there
    card = empty_services.browser.search('"deck:Mine"').ids[0]
    draft = empty_services.editor.draft(card)
    empty_services.editor.save(replace(draft, tags=("edited",)))
    assert _tags(empty_services, "Mine") == {"Charter?": ("edited",)}
