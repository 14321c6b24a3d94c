"""Anki packages Anki itself wrote (tests/fixtures/anki) and one genanki writes at test time.

The same properties as test_apkg_import.py checks on the larger ../shared packages, in a fresh
clone: both layouts Anki writes (schema 18 zstd, schema 11), the bare ``collection.anki2`` layout,
scheduling and FSRS memory from ``cards.data``, presets, history, media, literal text, re-import.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path

import genanki
import pytest
from sqlalchemy import select

from pmstudy.db.models import CardRow, DeckRow, NoteRow, NoteTypeRow, PresetRow, ReviewLogRow
from pmstudy.db.repo import Repository
from pmstudy.domain.cards import ImportOptions, render
from pmstudy.domain.model import CardState, Memory, NoteKind, Rating
from pmstudy.domain.scheduling import Scheduler
from pmstudy.services.container import Services
from tests.conftest import anki_expected, anki_package, anki_totals
from tests.io.support import counts, extract, rezip

LAYOUTS = ["modern.apkg", "legacy.apkg"]
KINDS = {0: "learn", 1: "review", 2: "relearn", 4: "manual"}


def _legacy_rows(tmp_path: Path, query: str) -> list[tuple[object, ...]]:
    """Rows of the schema-11 collection Anki wrote (plain SQLite), to compare with."""
    collection = extract(anki_package("legacy.apkg"), "collection.anki21", tmp_path / "c.anki21")
    with sqlite3.connect(collection) as db:
        return db.execute(query).fetchall()


def _card(services: Services, guid: str, ord_: int) -> CardRow:
    with services.sessions() as session:
        row = session.scalar(
            select(CardRow).join(NoteRow).where(NoteRow.guid == guid, CardRow.ord == ord_)
        )
        assert row is not None
        return row


def test_the_packages_are_the_layouts_anki_writes() -> None:
    with zipfile.ZipFile(anki_package("modern.apkg")) as archive:
        names = set(archive.namelist())
        assert {"collection.anki21b", "collection.anki2", "meta", "media"} <= names
        assert archive.read("collection.anki21b")[:4] == b"\x28\xb5\x2f\xfd"  # zstd frame
    with zipfile.ZipFile(anki_package("legacy.apkg")) as archive:
        assert "collection.anki21" in archive.namelist()
        assert "collection.anki21b" not in archive.namelist()
        assert sorted(json.loads(archive.read("media")).values()) == anki_expected()["media"]


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_brings_notes_cards_states_and_history(
    empty_services: Services, name: str
) -> None:
    expected = anki_expected()
    summary = empty_services.imports.import_file(anki_package(name))
    assert (summary.notes_added, summary.cards_added, summary.reviews_added) == anki_totals()
    assert summary.media_added == len(expected["media"])
    assert summary.skipped == []
    assert counts(empty_services) == anki_totals()
    with empty_services.sessions() as session:
        decks = set(session.scalars(select(DeckRow.name)))
        assert {"PMP", "PMP::People", "PMP::Process", "Scrum"} <= decks
        assert "Default" not in decks  # empty in the package
        states = Counter(str(s) for s in session.scalars(select(CardRow.state)))
        assert states == expected["states"]
        assert sum(session.scalars(select(CardRow.suspended))) == expected["suspended"]
        buried = list(session.scalars(select(CardRow.id).where(CardRow.buried_until.is_not(None))))
        assert len(buried) == expected["buried"]
        assert sum(1 for f in session.scalars(select(CardRow.flag)) if f) == expected["flagged"]
        kinds = Counter(session.scalars(select(ReviewLogRow.kind)))
        assert kinds == {KINDS[int(t)]: n for t, n in expected["revlog_types"].items()}
        types = {t.name: (t.kind, t.html) for t in session.scalars(select(NoteTypeRow))}
        assert types["Basic (HTML)"] == ("basic", True)
        assert types["Cloze (HTML)"] == ("cloze", True)
        by_kind = Counter(
            session.scalars(
                select(NoteTypeRow.kind).join(NoteRow, NoteRow.note_type_id == NoteTypeRow.id)
            )
        )
        assert by_kind == expected["by_kind"]


def test_schema_18_and_schema_11_read_the_same(empty_services: Services) -> None:
    notes, _, reviews = anki_totals()
    modern = empty_services.imports.import_file(anki_package("modern.apkg"))
    legacy = empty_services.imports.import_file(anki_package("legacy.apkg"))
    assert modern.notes_added == notes
    assert (legacy.notes_added, legacy.notes_updated, legacy.notes_unchanged) == (0, 0, notes)
    assert (legacy.cards_added, legacy.reviews_added, legacy.reviews_present) == (0, 0, reviews)


def test_presets_keep_retention_steps_limits_and_fsrs_parameters(
    empty_services: Services,
) -> None:
    empty_services.imports.import_file(anki_package("modern.apkg"))
    with empty_services.sessions() as session:
        repo = Repository(session)
        presets = {p.name: repo.preset(p.id) for p in session.scalars(select(PresetRow))}
        people = repo.deck_by_name("PMP::People")
        scrum_deck = repo.deck_by_name("Scrum")
    pmp, scrum = presets["PMP preset"], presets["Scrum preset"]
    assert people is not None
    assert scrum_deck is not None
    assert (people.preset_id, scrum_deck.preset_id) == (pmp.id, scrum.id)
    assert pmp.desired_retention == pytest.approx(0.9)
    assert (pmp.learning_steps, pmp.relearning_steps) == ((60, 600), (600,))
    assert pmp.fsrs_params is None  # default parameters in Anki
    assert scrum.desired_retention == pytest.approx(0.85)
    assert (scrum.learning_steps, scrum.relearning_steps) == ((300, 1800), (900,))
    assert scrum.max_interval_days == 365
    assert scrum.fsrs_params == pytest.approx(tuple(anki_expected()["scrum_params"]))


@pytest.mark.parametrize("name", LAYOUTS)
def test_fsrs_state_comes_from_cards_data(
    empty_services: Services, tmp_path: Path, name: str
) -> None:
    empty_services.imports.import_file(anki_package(name))
    rows = _legacy_rows(
        tmp_path,
        "SELECT n.guid, c.ord, c.type, c.data, c.reps, c.lapses, c.flags "
        "FROM cards c JOIN notes n ON n.id = c.nid WHERE c.type != 0",
    )
    assert rows
    for guid, ord_, type_, data, reps, lapses, flags in rows:
        assert isinstance(guid, str)
        assert isinstance(ord_, int)
        assert isinstance(data, str)
        state = json.loads(data)
        card = _card(empty_services, guid, ord_)
        assert card.state == type_
        assert (card.stability, card.difficulty) == (state["s"], state["d"])
        assert card.last_review is not None
        assert int(card.last_review.timestamp()) == state["lrt"]
        assert (card.reps, card.lapses, card.flag) == (reps, lapses, flags)


def test_review_rows_carry_kind_rating_and_time(empty_services: Services, tmp_path: Path) -> None:
    empty_services.imports.import_file(anki_package("modern.apkg"))
    rows = _legacy_rows(
        tmp_path,
        "SELECT n.guid, c.ord, r.id, r.ease, r.type, r.time FROM revlog r "
        "JOIN cards c ON c.id = r.cid JOIN notes n ON n.id = c.nid ORDER BY r.id",
    )
    assert len(rows) == anki_totals()[2]
    for guid, ord_, rid, ease, type_, time in rows:
        assert isinstance(guid, str)
        assert isinstance(ord_, int)
        assert isinstance(rid, int)
        card = _card(empty_services, guid, ord_)
        with empty_services.sessions() as session:
            log = Repository(session).reviews_of(card.id)
        [entry] = [e for e in log if int(e.answered_at.timestamp() * 1000) == rid]
        assert entry.kind.value == KINDS[int(str(type_))]
        assert entry.rating == (Rating.MANUAL if ease == 0 else Rating(ease))
        assert entry.duration_ms == time


def test_card_text_is_shown_literally_and_media_are_found(empty_services: Services) -> None:
    empty_services.imports.import_file(anki_package("modern.apkg"))
    with empty_services.sessions() as session:
        repo = Repository(session)
        notes = {n.fields.get("Front", ""): n.id for n in session.scalars(select(NoteRow))}
        safety_id = next(i for f, i in notes.items() if f.startswith("[bold red]"))
        image_id = next(i for f, i in notes.items() if f.startswith("Read the risk matrix"))
        safety_card = session.scalar(select(CardRow.id).where(CardRow.note_id == safety_id))
        image_card = session.scalar(select(CardRow.id).where(CardRow.note_id == image_id))
        assert safety_card is not None
        assert image_card is not None
        shown = render(repo.card(safety_card))
        image = render(repo.card(image_card))
    front = "".join(t for t, _ in shown.front)
    assert "[bold red]x[/]" in front
    assert "[@click=app.quit]Click[/]" in front
    assert "\x1b" not in front
    assert "$(rm -rf ~)" in "".join(t for t, _ in shown.back)
    assert ("[image: risk matrix é.png]", "media") in image.front
    [found] = empty_services.imports.media_for_card(image_card)
    assert found.name == "risk matrix é.png"
    assert found.path is not None
    assert found.path.read_bytes().startswith(b"\x89PNG")
    assert found.path.is_relative_to(empty_services.settings.media_dir)


def test_reimport_of_an_edited_package_updates_in_place_and_keeps_our_answer(
    empty_services: Services, tmp_path: Path
) -> None:
    notes, cards, reviews = anki_totals()
    source = anki_package("legacy.apkg")
    empty_services.imports.import_file(source)
    guid = anki_expected()["list_guid"]
    card = _card(empty_services, guid, 0)
    session = empty_services.study.start(card.deck_id)
    while (current := session.next_card()) is not None and current.id != card.id:
        session.bury()
    assert current is not None
    session.answer(Rating.GOOD, duration_ms=3000)
    studied = _card(empty_services, guid, 0)
    collection = extract(source, "collection.anki21", tmp_path / "collection.anki21")
    with sqlite3.connect(collection) as db:
        db.execute(
            "UPDATE notes SET flds = 'Edited front' || char(31) || 'Edited back' WHERE guid = ?",
            (guid,),
        )
    edited = rezip(source, tmp_path / "legacy.apkg", {"collection.anki21": collection})
    summary = empty_services.imports.import_file(edited)
    assert (summary.notes_added, summary.notes_updated, summary.notes_unchanged) == (
        0,
        1,
        notes - 1,
    )
    assert (summary.cards_added, summary.reviews_added, summary.reviews_present) == (0, 0, reviews)
    assert summary.cards_rescheduled == 0  # our answer is newer than the package's
    assert counts(empty_services) == (notes, cards, reviews + 1)
    after = _card(empty_services, guid, 0)
    assert (after.id, after.stability, after.due, after.reps) == (
        studied.id,
        studied.stability,
        studied.due,
        studied.reps,
    )
    with empty_services.sessions() as db:
        note = db.scalar(select(NoteRow).where(NoteRow.guid == guid))
        assert note is not None
        assert note.fields == {"Front": "Edited front", "Back": "Edited back"}


def _most_reviewed(tmp_path: Path) -> tuple[str, int, int]:
    """(guid, ord, last answer id) of the card answered most often, none of it by hand."""
    [(guid, ord_, last)] = _legacy_rows(
        tmp_path,
        "SELECT n.guid, c.ord, max(r.id) FROM revlog r JOIN cards c ON c.id = r.cid "
        "JOIN notes n ON n.id = c.nid GROUP BY c.id HAVING sum(r.type = 4) = 0 "
        "ORDER BY count(*) DESC, c.id LIMIT 1",
    )
    assert isinstance(guid, str)
    assert isinstance(ord_, int)
    assert isinstance(last, int)
    return guid, ord_, last


def test_newer_history_in_the_package_is_merged(empty_services: Services, tmp_path: Path) -> None:
    notes, cards, reviews = anki_totals()
    guid, ord_, last = _most_reviewed(tmp_path)
    source = anki_package("legacy.apkg")
    collection = extract(source, "collection.anki21", tmp_path / "old.anki21")
    with sqlite3.connect(collection) as db:  # an older export: the last answer not made yet
        db.execute("DELETE FROM revlog WHERE id = ?", (last,))
        db.execute(
            "UPDATE cards SET data = '{}' WHERE nid = (SELECT id FROM notes WHERE guid = ?)",
            (guid,),
        )
    older = rezip(source, tmp_path / "older.apkg", {"collection.anki21": collection})
    empty_services.imports.import_file(older)
    before = _card(empty_services, guid, ord_)
    summary = empty_services.imports.import_file(source)
    assert (summary.reviews_added, summary.reviews_present) == (1, reviews - 1)
    assert summary.cards_rescheduled >= 1
    after = _card(empty_services, guid, ord_)
    [(data,)] = _legacy_rows(
        tmp_path,
        f"SELECT c.data FROM cards c JOIN notes n ON n.id = c.nid "
        f"WHERE n.guid = '{guid}' AND c.ord = {ord_}",
    )
    assert isinstance(data, str)
    assert after.id == before.id
    assert (after.stability, after.difficulty) == (json.loads(data)["s"], json.loads(data)["d"])
    assert counts(empty_services) == (notes, cards, reviews)


def test_without_fsrs_state_the_memory_is_replayed(
    empty_services: Services, tmp_path: Path
) -> None:
    guid, ord_, _ = _most_reviewed(tmp_path)
    source = anki_package("legacy.apkg")
    collection = extract(source, "collection.anki21", tmp_path / "sm2.anki21")
    with sqlite3.connect(collection) as db:
        db.execute("UPDATE cards SET data = ''")
    sm2 = rezip(source, tmp_path / "sm2.apkg", {"collection.anki21": collection})
    empty_services.imports.import_file(sm2)
    card = _card(empty_services, guid, ord_)
    assert card.stability is not None
    assert card.difficulty is not None
    with empty_services.sessions() as session:
        repo = Repository(session)
        log = repo.reviews_of(card.id)
        preset = repo.preset(repo.deck(card.deck_id).preset_id)
    scheduler = Scheduler(preset)
    memory = Memory()
    assert len(log) >= 3
    for entry in log:
        memory = scheduler.review(memory, entry.rating, now=entry.answered_at, rng=None)
    assert (card.stability, card.difficulty) == pytest.approx((memory.stability, memory.difficulty))


def test_no_history_imports_content_as_new_cards(empty_services: Services) -> None:
    notes, cards, _ = anki_totals()
    summary = empty_services.imports.import_file(
        anki_package("modern.apkg"), ImportOptions(history=False)
    )
    assert (summary.notes_added, summary.cards_added, summary.reviews_added) == (notes, cards, 0)
    with empty_services.sessions() as session:
        assert set(session.scalars(select(CardRow.state))) == {0}
        assert not any(session.scalars(select(CardRow.suspended)))
        assert not any(session.scalars(select(CardRow.flag)))


def test_dry_run_writes_nothing(empty_services: Services) -> None:
    summary = empty_services.imports.import_file(
        anki_package("modern.apkg"), ImportOptions(dry_run=True)
    )
    assert summary.dry_run
    assert (summary.notes_added, summary.cards_added, summary.reviews_added) == anki_totals()
    assert counts(empty_services) == (0, 0, 0)
    media = empty_services.settings.media_dir
    assert not media.exists() or not any(media.rglob("*"))


@pytest.fixture(scope="session")
def genanki_apkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package genanki writes: only ``collection.anki2`` (schema 11), no history, no ``meta``;
    a raw ESC byte kept in a field, a picture, a cloze with a hint."""
    folder = tmp_path_factory.mktemp("genanki")
    basic = genanki.Model(
        1_607_392_319,
        "Basic (genanki)",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr>{{Back}}"}],
    )
    deck = genanki.Deck(2_059_400_111, "PMP::genanki")
    deck.add_note(genanki.Note(model=basic, fields=["Esc \x1b[31mred", "b"], guid="g-esc"))
    deck.add_note(genanki.Note(model=basic, fields=['<img src="g.png">', "pic"], guid="g-img"))
    deck.add_note(
        genanki.Note(
            model=genanki.CLOZE_MODEL,
            fields=["{{c1::Scope::what}} and {{c2::cost}}", ""],
            guid="g-cloze",
        )
    )
    picture = folder / "g.png"
    picture.write_bytes(_PNG)
    path = folder / "genanki.apkg"
    package = genanki.Package(deck)
    package.media_files = [str(picture)]
    package.write_to_file(str(path))
    return path


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415478da63f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def test_genanki_package_without_history(empty_services: Services, genanki_apkg: Path) -> None:
    with zipfile.ZipFile(genanki_apkg) as archive:
        assert "collection.anki2" in archive.namelist()
        assert "collection.anki21" not in archive.namelist()
    summary = empty_services.imports.import_file(genanki_apkg)
    assert (summary.notes_added, summary.cards_added, summary.reviews_added) == (3, 4, 0)
    assert summary.media_added == 1
    with empty_services.sessions() as session:
        kinds = {t.name: t.kind for t in session.scalars(select(NoteTypeRow))}
        decks = set(session.scalars(select(DeckRow.name)))
    assert kinds["Basic (genanki)"] == NoteKind.BASIC.value
    assert kinds["Cloze (genanki)"] == NoteKind.CLOZE.value
    assert "PMP::genanki" in decks
    card = _card(empty_services, "g-esc", 0)
    with empty_services.sessions() as session:
        shown = render(Repository(session).card(card.id))
    front = "".join(t for t, _ in shown.front)
    assert "\x1b" not in front
    assert "red" in front
    cloze = _card(empty_services, "g-cloze", 0)
    assert cloze.state == CardState.NEW


def test_a_set_due_date_row_does_not_reset_the_replayed_memory(
    empty_services: Services, tmp_path: Path
) -> None:
    rows = _legacy_rows(
        tmp_path,
        "SELECT n.guid, c.ord, c.data FROM cards c JOIN notes n ON n.id = c.nid "
        "WHERE c.id IN (SELECT cid FROM revlog WHERE type = 4 AND ivl = 0 AND factor != 0)",
    )
    assert rows
    source = anki_package("legacy.apkg")
    collection = extract(source, "collection.anki21", tmp_path / "sm2.anki21")
    with sqlite3.connect(collection) as db:
        db.execute("UPDATE cards SET data = ''")
    empty_services.imports.import_file(
        rezip(source, tmp_path / "sm2.apkg", {"collection.anki21": collection})
    )
    for guid, ord_, data in rows:
        assert isinstance(guid, str)
        assert isinstance(ord_, int)
        assert isinstance(data, str)
        card = _card(empty_services, guid, ord_)
        anki = json.loads(data)
        assert (card.stability, card.difficulty) == pytest.approx((anki["s"], anki["d"]), rel=1e-3)


@pytest.mark.parametrize("layout", ["modern", "legacy"])
def test_plain_notes_pmstudy_exported_come_back_plain_through_anki(
    empty_services: Services, second: Services, layout: str
) -> None:
    """pmstudy's export of the sample decks, imported into Anki and exported by it
    (scripts/make_anki_roundtrip_fixture.py): Anki keeps the plain-text mark in both layouts,
    so the notes come back as they were written, in plain-text note types."""
    decks = Path(__file__).parent.parent / "tui" / "decks"
    for name in ("basics", "choice", "markup", "multi", "typing"):
        empty_services.imports.import_file(decks / f"{name}.toml")
    second.imports.import_file(anki_package(f"pmstudy-via-anki-{layout}.apkg"))

    def notes(services: Services) -> dict[str, tuple[dict[str, str], bool]]:
        with services.sessions() as session:
            html = {t.id: t.html for t in session.scalars(select(NoteTypeRow))}
            return {
                n.guid: (n.fields, html[n.note_type_id]) for n in session.scalars(select(NoteRow))
            }

    # Anki drops the raw ESC the markup sample holds (pmstudy keeps it, shown inert)
    written = {
        guid: ({k: v.replace("\x1b", "") for k, v in fields.items()}, html)
        for guid, (fields, html) in notes(empty_services).items()
    }
    assert notes(second) == written
    assert not any(html for _, html in written.values())
