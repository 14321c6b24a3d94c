"""Exports: .apkg (re-imported by our importer), CSV with Anki's headers, deck files that
round-trip to the same notes and ids."""

from __future__ import annotations

import json
import sqlite3
import tomllib
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from pmstudy.cli import main
from pmstudy.clock import FixedClock
from pmstudy.db.models import CardRow, NoteRow, NoteTypeRow, ReviewLogRow
from pmstudy.db.transfer import BulkWriter
from pmstudy.domain.cards import Response, kind_of, plain, render
from pmstudy.domain.model import NoteKind, Rating
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.io.export_deck import slug, toml_string
from pmstudy.services.container import Services
from tests.conftest import anki_expected, anki_package, anki_totals
from tests.decks.test_exam_items import EXAM_ITEMS


def _snapshot(services: Services) -> dict[str, object]:
    """Notes, cards and reviews keyed by guid (and ordinal): what must survive a round trip."""
    with services.sessions() as session:
        notes = {}
        for note, kind in session.execute(
            select(NoteRow, NoteTypeRow.kind).join(NoteTypeRow)
        ).all():
            notes[note.guid] = (kind, {k: v for k, v in note.fields.items() if v}, note.tags)
        cards = {}
        reviews: dict[tuple[str, int], list[tuple[object, ...]]] = {}
        for card, guid in session.execute(select(CardRow, NoteRow.guid).join(NoteRow)).all():
            cards[(guid, card.ord)] = (
                card.state,
                card.step,
                card.stability,
                card.difficulty,
                card.due,
                card.last_review,
                card.reps,
                card.lapses,
                card.suspended,
                card.buried_until,
                card.flag,
            )
            reviews[(guid, card.ord)] = [
                (r.answered_at, r.rating, r.kind, r.duration_ms, r.state_before, r.state_after)
                for r in session.scalars(
                    select(ReviewLogRow)
                    .where(ReviewLogRow.card_id == card.id)
                    .order_by(ReviewLogRow.answered_at)
                )
            ]
    return {"notes": notes, "cards": cards, "reviews": reviews}


def test_apkg_export_reimports_to_the_same_notes_cards_and_history(
    empty_services: Services, second: Services, tmp_path: Path
) -> None:
    empty_services.imports.import_file(anki_package())
    out = tmp_path / "pmp.apkg"
    summary = empty_services.imports.export("PMP", "apkg", out)
    pmp_notes, pmp_cards = anki_expected()["decks"]["PMP"]
    assert (summary.notes, summary.cards, summary.media) == (pmp_notes, pmp_cards, 2)
    with zipfile.ZipFile(out) as archive:
        assert {"collection.anki21", "media", "meta", "0", "1"} <= set(archive.namelist())
        assert sorted(json.loads(archive.read("media")).values()) == [
            "pmp_triple_constraint.png",
            "risk matrix é.png",
        ]
    result = second.imports.import_file(out)
    assert (result.notes_added, result.cards_added) == (pmp_notes, pmp_cards)
    assert result.reviews_added == summary.reviews > 0
    assert result.media_added == 2
    original = _snapshot(empty_services)
    copy = _snapshot(second)
    for key in ("notes", "cards", "reviews"):
        part = original[key]
        assert isinstance(part, dict)
        subset = {k: v for k, v in part.items() if k in copy[key]}  # type: ignore[operator]
        assert len(subset) == len(copy[key])  # type: ignore[arg-type]
        assert copy[key] == subset, key
    with second.sessions() as session:
        types = set(session.scalars(select(NoteTypeRow.name)))
    assert "Basic (HTML)" in types


def test_apkg_export_of_plain_text_notes_escapes_them(
    scrum_services: Services, second: Services, tmp_path: Path
) -> None:
    """Anki shows the plain notes literally (escaped, line breaks as <br>); pmstudy reads its
    own export back as the same plain notes, in the same plain note types."""
    out = tmp_path / "scrum.apkg"
    scrum_services.imports.export("Scrum", "apkg", out)
    with zipfile.ZipFile(out) as archive:
        collection = tmp_path / "c.anki21"
        collection.write_bytes(archive.read("collection.anki21"))
    with sqlite3.connect(collection) as db:
        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
        stored = [r[0] for r in db.execute("SELECT flds FROM notes")]
    assert all(m.get("pmstudyPlainText") is True for m in models.values())
    assert any("&lt;" in f or "<br>" in f for f in stored)  # escaped for Anki

    second.imports.import_file(out)
    assert _notes_and_types(second) == _notes_and_types(scrum_services)


def _notes_and_types(services: Services) -> dict[str, tuple[dict[str, str], str, bool]]:
    with services.sessions() as session:
        types = {t.id: (t.name, t.html) for t in session.scalars(select(NoteTypeRow))}
        return {
            n.guid: (n.fields, *types[n.note_type_id]) for n in session.scalars(select(NoteRow))
        }


def test_reimporting_an_own_apkg_export_changes_nothing(
    scrum_services: Services, tmp_path: Path
) -> None:
    """A backup taken as .apkg and imported again: every note unchanged, no "(HTML)" copy
    of a note type (the plain notes once moved there, with the choices listed as HTML)."""
    before = _notes_and_types(scrum_services)
    out = tmp_path / "scrum.apkg"
    scrum_services.imports.export("Scrum", "apkg", out)
    summary = scrum_services.imports.import_file(out)
    assert (summary.notes_added, summary.notes_updated) == (0, 0)
    assert summary.notes_unchanged == len(before)
    assert _notes_and_types(scrum_services) == before


def test_markup_added_in_anki_keeps_that_note_type_html(
    scrum_services: Services, second: Services, tmp_path: Path
) -> None:
    """A plain note type edited in Anki (bold added to one note) comes back as HTML, as any
    Anki note type: its notes are not the escaped form of plain text any more."""
    out = tmp_path / "scrum.apkg"
    scrum_services.imports.export("Scrum", "apkg", out)
    collection = tmp_path / "c.anki21"
    with zipfile.ZipFile(out) as archive:
        collection.write_bytes(archive.read("collection.anki21"))
        members = {n: archive.read(n) for n in archive.namelist()}
    with sqlite3.connect(collection) as db:
        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
        basic = next(m for m in models.values() if m["name"] == "Basic")
        nid, flds = db.execute(
            "SELECT id, flds FROM notes WHERE mid = ? LIMIT 1", (basic["id"],)
        ).fetchone()
        db.execute("UPDATE notes SET flds = ? WHERE id = ?", ("<b>Bold</b>" + flds, nid))
    members["collection.anki21"] = collection.read_bytes()
    edited = tmp_path / "edited.apkg"
    with zipfile.ZipFile(edited, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    second.imports.import_file(edited)
    kinds = dict({v[1:] for v in _notes_and_types(second).values()})
    # the edited type: HTML, its notes as Anki has them, beside the plain type of that name
    assert kinds["Basic (HTML)"] is True
    assert "Basic" not in kinds
    assert kinds["Cloze"] is False  # the others plain again
    assert kinds["Multiple choice"] is False


def test_deck_file_export_round_trips_notes_and_ids(
    scrum_services: Services, second: Services, tmp_path: Path
) -> None:
    out = tmp_path / "scrum.toml"
    summary = scrum_services.imports.export("Scrum", "deck", out)
    assert summary.skipped == []
    assert summary.converted == []
    bundled = tomllib.loads(
        (scrum_services.decks.bundled()[0].path.parent / "scrum.toml").read_text()
    )
    written = tomllib.loads(out.read_text(encoding="utf-8"))
    assert written["id"] == bundled["id"]
    assert [c["id"] for c in written["cards"]] == [c["id"] for c in bundled["cards"]]
    result = second.imports.import_file(out)
    assert result.notes_added == len(bundled["cards"])
    assert _snapshot(second)["notes"] == _snapshot(scrum_services)["notes"]
    again = second.imports.import_file(out)
    assert (again.notes_added, again.notes_updated) == (0, 0)


def test_deck_file_of_anki_notes_keeps_their_guids(
    empty_services: Services, second: Services, tmp_path: Path
) -> None:
    empty_services.imports.import_file(anki_package())
    out = tmp_path / "pmp.toml"
    summary = empty_services.imports.export("PMP", "deck", out)
    result = second.imports.import_file(out)
    with empty_services.sessions() as session:
        originals = set(session.scalars(select(NoteRow.guid)))
    with second.sessions() as session:
        copies = set(session.scalars(select(NoteRow.guid)))
    assert copies <= originals
    assert len(copies) == result.notes_added == summary.notes
    # a deck file holds plain text: the HTML list became readable lines
    with second.sessions() as session:
        note = session.scalar(select(NoteRow).where(NoteRow.guid == anki_expected()["list_guid"]))
        assert note is not None
        assert note.fields["Back"].splitlines()[0] == "• Forming"


def test_csv_export_has_anki_headers_and_reimports(
    scrum_services: Services, second: Services, tmp_path: Path
) -> None:
    out = tmp_path / "scrum.txt"
    scrum_services.imports.export("Scrum", "csv", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[:5] == [
        "#separator:tab",
        "#html:false",
        "#guid column:1",
        "#notetype column:2",
        "#deck column:3",
    ]
    assert lines[5].startswith("#tags column:")
    result = second.imports.import_file(out)
    assert result.skipped == []

    def columns(snapshot: dict[str, object]) -> dict[str, object]:
        # Anki's plain-text format has a column per field of the note kind, nothing more:
        # a deck file's Source and Confidence fields are not part of it.
        notes = snapshot["notes"]
        assert isinstance(notes, dict)
        return {
            guid: (
                kind,
                {k: v for k, v in fields.items() if k not in ("Source", "Confidence")},
                tags,
            )
            for guid, (kind, fields, tags) in notes.items()
        }

    assert columns(_snapshot(second)) == columns(_snapshot(scrum_services))


def test_export_errors_are_clear(scrum_services: Services, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no deck named 'Nope'"):
        scrum_services.imports.export("Nope", "apkg", tmp_path / "x.apkg")
    with pytest.raises(PmStudyError, match="does not exist"):
        scrum_services.imports.export("Scrum", "apkg", tmp_path / "missing" / "x.apkg")
    with pytest.raises(PmStudyError, match="unknown export format"):
        scrum_services.imports.export("Scrum", "pdf", tmp_path / "x.pdf")
    assert not list(tmp_path.glob(".pmstudy-export-*"))


def test_cli_export_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "import", str(anki_package())]) == 0
    assert f"imported notes added {anki_totals()[0]}" in capsys.readouterr().out
    out = tmp_path / "scrum.apkg"
    code = main(
        [
            "--data-dir",
            str(data),
            "export",
            "--deck",
            "Scrum",
            "--format",
            "apkg",
            "-o",
            str(out),
            "--json",
        ]
    )
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    scrum_notes = anki_expected()["decks"]["Scrum"][0]
    assert printed["notes"] == scrum_notes
    assert printed["reviews"] > 0
    assert main(["--data-dir", str(data), "import", str(out), "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] is True
    assert dry["notes"] == {"added": 0, "updated": 0, "unchanged": scrum_notes, "skipped": 0}


@given(st.text(max_size=200))
def test_toml_strings_read_back_exactly(value: str) -> None:
    assert tomllib.loads(f"v = {toml_string(value)}")["v"] == value


def test_slugs() -> None:
    assert slug("PMP::People & Teams") == "pmp-people-teams"
    assert slug("日本語") == "deck"


def test_the_core_path_other_databases_use_writes_the_same(
    empty_services: Services, second: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_services.imports.import_file(anki_package())
    monkeypatch.setattr(BulkWriter, "core_only", True)
    summary = second.imports.import_file(anki_package())
    assert (summary.notes_added, summary.cards_added, summary.reviews_added) == anki_totals()
    assert _snapshot(second) == _snapshot(empty_services)
    again = second.imports.import_file(anki_package())
    assert (again.notes_unchanged, again.reviews_present) == anki_totals()[::2]


def _own_fields(services: Services) -> dict[str, tuple[str, dict[str, object]]]:
    """Each note's kind and the fields of its kind, by guid: JSON fields parsed, HTML read."""
    notes: dict[str, tuple[str, dict[str, object]]] = {}
    with services.sessions() as session:
        for note, note_type in session.execute(select(NoteRow, NoteTypeRow).join(NoteTypeRow)):
            fields: dict[str, object] = {}
            for name in kind_of(NoteKind(note_type.kind)).fields:
                value = note.fields.get(name, "")
                if value.startswith("["):
                    fields[name] = json.loads(value)
                else:
                    fields[name] = plain(value, html=note_type.html)
            notes[note.guid] = (note_type.kind, fields)
    return notes


@pytest.mark.parametrize("form", ["apkg", "csv"])
def test_exam_items_export_and_reimport_as_the_same_kinds(
    empty_services: Services, second: Services, tmp_path: Path, form: str
) -> None:
    """Multiple choice's round trip, for the other exam items: the kind is recognised again
    (an Anki package by pmstudy's own note-type names and fields) and the note restored."""
    empty_services.decks.import_file(EXAM_ITEMS)
    empty_services.decks.import_file(Path(__file__).parents[1] / "tui" / "decks" / "choice.toml")
    out = tmp_path / f"items.{form}"
    for deck in ("Items::Exam", "Sample::Choice"):
        empty_services.imports.export(deck, form, out)
        summary = second.imports.import_file(out)
        assert summary.skipped == []
    original, copy = _own_fields(empty_services), _own_fields(second)
    assert copy == original
    assert sorted(kind for kind, _ in copy.values()) == [
        "matching",
        "multiple_choice",
        "multiple_response",
        "numeric",
        "ordering",
    ]
    # and the copies are graded as the originals are
    with second.sessions() as session:
        ids = list(session.scalars(select(CardRow.id)))
    for card_id in ids:
        card = second.library.card(card_id)
        rendered = render(card, shuffle_seed="s")
        if rendered.expected is not None:
            right = kind_of(card.note.kind).grade(rendered, Response(typed=rendered.expected))
            assert right.correct is True, card.note.kind


@pytest.mark.parametrize("core_only", [False, True])
def test_answers_exported_and_imported_back_are_not_logged_twice(
    scrum_services: Services,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    core_only: bool,
) -> None:
    # answers given here carry microseconds; an Anki package keeps milliseconds
    clock.advance(seconds=0.123456)
    deck_id = next(n.id for n in scrum_services.study.deck_tree() if n.name == "Scrum")
    session = scrum_services.study.start(deck_id)
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY):
        assert session.next_card() is not None
        session.answer(rating, duration_ms=2000)
        clock.advance(seconds=7.000333)
    out = tmp_path / "scrum.apkg"
    assert scrum_services.imports.export("Scrum", "apkg", out).reviews == 4
    monkeypatch.setattr(BulkWriter, "core_only", core_only)
    summary = scrum_services.imports.import_file(out)
    assert (summary.reviews_added, summary.reviews_present) == (0, 4)
    with scrum_services.sessions() as session_:
        assert len(session_.scalars(select(ReviewLogRow)).all()) == 4
