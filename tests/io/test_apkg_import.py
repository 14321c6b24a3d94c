"""Anki packages written by Anki itself: every layout, scheduling, history, media, re-import.

On the larger ../shared packages (60 simulated days of FSRS answers); they skip with the reason
where ../shared is absent. test_apkg_anki_written.py checks the same properties on the small
packages committed under tests/fixtures/anki, so a fresh clone runs them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from pmstudy.db.models import CardRow, DeckRow, NoteRow, NoteTypeRow, PresetRow, ReviewLogRow
from pmstudy.db.repo import Repository
from pmstudy.domain.cards import ImportOptions, render
from pmstudy.domain.model import CardState, LeechAction, Memory, NoteKind, Rating
from pmstudy.domain.scheduling import Scheduler
from pmstudy.services.container import Services
from tests.conftest import shared_path
from tests.io.support import counts, extract, rezip

LAYOUTS = ["small.apkg", "legacy.apkg", "legacy_anki2.apkg"]
SCRUM_PARAMS = (0.3, 1.4, 2.9, 9.0, 6.2, 0.8, 2.9, 0.002, 1.7, 0.15, 0.85, 1.5, 0.06, 0.28, 1.6,
                0.55, 1.9, 0.6, 0.1, 0.07, 0.18)  # fmt: skip


def _card(services: Services, guid: str, ord_: int = 0) -> CardRow:
    with services.sessions() as session:
        row = session.scalar(
            select(CardRow).join(NoteRow).where(NoteRow.guid == guid, CardRow.ord == ord_)
        )
        assert row is not None
        return row


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_brings_notes_cards_and_history(empty_services: Services, name: str) -> None:
    summary = empty_services.imports.import_file(shared_path("fixtures", name))
    assert (summary.notes_added, summary.cards_added, summary.reviews_added) == (41, 57, 140)
    assert summary.media_added == 2
    assert summary.skipped == []
    assert counts(empty_services) == (41, 57, 140)
    with empty_services.sessions() as session:
        decks = set(session.scalars(select(DeckRow.name)))
        assert {"PMP", "PMP::People", "PMP::Process", "PMP::Business Environment", "Scrum"} <= decks
        assert "Default" not in decks  # empty in the package
        states = Counter(session.scalars(select(CardRow.state)))
        assert states == {0: 30, 1: 1, 2: 24, 3: 2}
        assert sum(session.scalars(select(CardRow.suspended))) == 3
        buried = session.scalars(select(CardRow.id).where(CardRow.buried_until.is_not(None)))
        assert len(list(buried)) == 3
        assert sorted(f for f in session.scalars(select(CardRow.flag)) if f) == [1, 4]
        kinds = Counter(session.scalars(select(ReviewLogRow.kind)))
        assert kinds == {"learn": 70, "review": 59, "relearn": 11}
        types = {t.name: (t.kind, t.html) for t in session.scalars(select(NoteTypeRow))}
        assert types["Basic (HTML)"] == ("basic", True)
        assert types["Cloze (HTML)"] == ("cloze", True)
        by_kind = Counter(
            kind
            for kind in session.scalars(
                select(NoteTypeRow.kind).join(NoteRow, NoteRow.note_type_id == NoteTypeRow.id)
            )
        )
        assert by_kind == {"basic": 23, "reversed": 7, "cloze": 6, "type_in": 5}


def test_schema_18_and_schema_11_read_the_same(empty_services: Services) -> None:
    small = empty_services.imports.import_file(shared_path("fixtures", "small.apkg"))
    legacy = empty_services.imports.import_file(shared_path("fixtures", "legacy.apkg"))
    assert small.notes_added == 41
    assert (legacy.notes_added, legacy.notes_updated, legacy.notes_unchanged) == (0, 0, 41)
    assert (legacy.cards_added, legacy.reviews_added, legacy.reviews_present) == (0, 0, 140)


def test_presets_keep_retention_steps_limits_and_fsrs_parameters(
    empty_services: Services,
) -> None:
    empty_services.imports.import_file(shared_path("fixtures", "small.apkg"))
    with empty_services.sessions() as session:
        repo = Repository(session)
        presets = {p.name: p for p in session.scalars(select(PresetRow))}
        pmp = repo.preset(presets["PMP preset"].id)
        scrum = repo.preset(presets["Scrum preset"].id)
        people = repo.deck_by_name("PMP::People")
        top = repo.deck_by_name("PMP")
        assert people is not None
        assert top is not None
        assert people.preset_id == pmp.id
        assert top.preset_id == scrum.id
    assert pmp.desired_retention == pytest.approx(0.9)
    assert (pmp.learning_steps, pmp.relearning_steps) == ((60, 600), (600,))
    assert pmp.fsrs_params is None  # default parameters in Anki
    assert pmp.leech_action == LeechAction.TAG_ONLY
    assert scrum.desired_retention == pytest.approx(0.85)
    assert (scrum.learning_steps, scrum.relearning_steps) == ((300, 1800), (900,))
    assert scrum.max_interval_days == 365
    assert scrum.fsrs_params == pytest.approx(SCRUM_PARAMS)


def test_fsrs_state_comes_from_cards_data(empty_services: Services) -> None:
    empty_services.imports.import_file(shared_path("fixtures", "small.apkg"))
    card = _card(empty_services, "J+@U{gR6,,")
    assert card.state == CardState.REVIEW
    assert (card.stability, card.difficulty) == (2.2982, 3.464)
    assert card.last_review == dt.datetime.fromtimestamp(1746180037, dt.UTC)
    # crt 2025-03-03 04:00 UTC + 62 days
    assert card.due == dt.datetime(2025, 5, 4, 4, 0, tzinfo=dt.UTC)
    assert card.buried_until is not None  # buried by hand in Anki
    relearning = _card(empty_services, "h$l(98#`Hf")
    assert relearning.state == CardState.RELEARNING
    assert relearning.flag == 4  # blue
    assert relearning.due == dt.datetime.fromtimestamp(1746183508, dt.UTC)
    assert (relearning.reps, relearning.lapses) == (19, 3)
    learning = _card(empty_services, "I6,*}*n30R")
    assert (learning.state, learning.step) == (CardState.LEARNING, 1)


def test_review_rows_carry_kind_rating_time_and_states(empty_services: Services) -> None:
    empty_services.imports.import_file(shared_path("fixtures", "small.apkg"))
    card = _card(empty_services, "jE{~kB.eS7")
    with empty_services.sessions() as session:
        log = Repository(session).reviews_of(card.id)
    first = log[0]
    assert first.answered_at == dt.datetime(2025, 3, 3, 8, 30, 11, 484000, dt.UTC)
    assert (first.rating, first.kind.value, first.duration_ms) == (Rating.GOOD, "learn", 11000)
    assert first.before.state == CardState.NEW
    assert first.after.state == CardState.LEARNING
    assert first.after.due == first.answered_at + dt.timedelta(seconds=1800)
    assert len(log) == 10  # every Anki answer of the card
    assert log[-1].answered_at <= dt.datetime(2025, 5, 3, tzinfo=dt.UTC)


def test_card_text_is_shown_literally(empty_services: Services) -> None:
    empty_services.imports.import_file(shared_path("fixtures", "small.apkg"))
    with empty_services.sessions() as session:
        repo = Repository(session)
        safety = repo.card(_card(empty_services, "jE{~kB.eS7").id)
        image = repo.card(_card(empty_services, "Nz_>:_^izc").id)
        cloze = repo.card(_card(empty_services, "z*g4=x87/w").id)
    shown = render(safety)
    front = "".join(t for t, _ in shown.front)
    back = "".join(t for t, _ in shown.back)
    assert "[bold red]x[/]" in front
    assert "[@click=app.quit]Click[/]" in front
    assert "\x1b" not in front + back
    assert "alert('xss')" not in back  # <script> content is dropped, never run
    assert "$(rm -rf ~)" in back
    assert ("[image: pmp_triple_constraint.png]", "media") in render(image).front
    assert "[length?]" in "".join(t for t, _ in render(cloze).front)


def test_media_are_stored_and_found_for_a_card(empty_services: Services) -> None:
    empty_services.imports.import_file(shared_path("fixtures", "small.apkg"))
    card = _card(empty_services, "KMcPwbnhms")
    [found] = empty_services.imports.media_for_card(card.id)
    assert found.name == "risk matrix é.png"
    assert found.path is not None
    assert found.path.read_bytes().startswith(b"\x89PNG")
    assert found.path.is_relative_to(empty_services.settings.media_dir)
    broken = _card(empty_services, "jE{~kB.eS7")
    assert empty_services.imports.media_for_card(broken.id) == [type(found)(name="x", path=None)]


def test_reimport_updates_in_place_and_keeps_scheduling(
    empty_services: Services, tmp_path: Path
) -> None:
    source = shared_path("fixtures", "legacy.apkg")
    empty_services.imports.import_file(source)
    card = _card(empty_services, "J+@U{gR6,,")
    # study the card here, then re-import an edited package
    with empty_services.sessions.begin() as db:
        Repository(db).set_buried([card.id], None)
    session = empty_services.study.start(card.deck_id)
    while (current := session.next_card()) is not None and current.id != card.id:
        session.bury()
    assert current is not None
    session.answer(Rating.GOOD, duration_ms=3000)
    studied = _card(empty_services, "J+@U{gR6,,")
    collection = extract(source, "collection.anki21", tmp_path / "collection.anki21")
    with sqlite3.connect(collection) as db:
        db.execute(
            "UPDATE notes SET flds = 'Edited front' || char(31) || 'Edited back' "
            "WHERE guid = 'J+@U{gR6,,'"
        )
    edited = rezip(source, tmp_path / "legacy.apkg", {"collection.anki21": collection})
    summary = empty_services.imports.import_file(edited)
    assert (summary.notes_added, summary.notes_updated, summary.notes_unchanged) == (0, 1, 40)
    assert (summary.cards_added, summary.reviews_added, summary.reviews_present) == (0, 0, 140)
    assert summary.cards_rescheduled == 0  # our answer is newer than the package's
    assert counts(empty_services) == (41, 57, 141)
    after = _card(empty_services, "J+@U{gR6,,")
    assert after.id == studied.id
    assert (after.stability, after.due, after.reps) == (
        studied.stability,
        studied.due,
        studied.reps,
    )
    with empty_services.sessions() as db:
        note = db.scalar(select(NoteRow).where(NoteRow.guid == "J+@U{gR6,,"))
        assert note is not None
        assert note.fields == {"Front": "Edited front", "Back": "Edited back"}


def test_newer_history_in_the_package_is_merged(empty_services: Services, tmp_path: Path) -> None:
    source = shared_path("fixtures", "legacy.apkg")
    collection = extract(source, "collection.anki21", tmp_path / "old.anki21")
    with sqlite3.connect(collection) as db:  # an older export: the last answer not made yet
        last = db.execute(
            "SELECT max(id) FROM revlog WHERE cid = (SELECT id FROM cards WHERE nid = "
            "(SELECT id FROM notes WHERE guid = 'gbsnb!gNzH'))"
        ).fetchone()[0]
        db.execute("DELETE FROM revlog WHERE id = ?", (last,))
        db.execute(
            "UPDATE cards SET data = '{}' WHERE nid = (SELECT id FROM notes WHERE guid = "
            "'gbsnb!gNzH')"
        )
    older = rezip(source, tmp_path / "older.apkg", {"collection.anki21": collection})
    empty_services.imports.import_file(older)
    before = _card(empty_services, "gbsnb!gNzH")
    summary = empty_services.imports.import_file(source)
    assert (summary.reviews_added, summary.reviews_present) == (1, 139)
    assert summary.cards_rescheduled >= 1
    after = _card(empty_services, "gbsnb!gNzH")
    assert after.id == before.id
    assert (after.stability, after.difficulty) == (7.2776, 2.235)
    assert counts(empty_services) == (41, 57, 140)


def test_without_fsrs_state_the_memory_is_replayed(
    empty_services: Services, tmp_path: Path
) -> None:
    source = shared_path("fixtures", "legacy.apkg")
    collection = extract(source, "collection.anki21", tmp_path / "sm2.anki21")
    with sqlite3.connect(collection) as db:
        db.execute("UPDATE cards SET data = ''")
    sm2 = rezip(source, tmp_path / "sm2.apkg", {"collection.anki21": collection})
    empty_services.imports.import_file(sm2)
    card = _card(empty_services, "gbsnb!gNzH")
    assert card.stability is not None
    assert card.difficulty is not None
    with empty_services.sessions() as session:
        repo = Repository(session)
        log = repo.reviews_of(card.id)
        preset = repo.preset(repo.deck(card.deck_id).preset_id)
    scheduler = Scheduler(preset)
    memory = Memory()
    for entry in log:
        memory = scheduler.review(memory, entry.rating, now=entry.answered_at, rng=None)
    assert (card.stability, card.difficulty) == pytest.approx((memory.stability, memory.difficulty))
    assert card.state == CardState.REVIEW  # the schedule itself stays Anki's


def test_no_history_imports_content_as_new_cards(empty_services: Services) -> None:
    summary = empty_services.imports.import_file(
        shared_path("fixtures", "small.apkg"), ImportOptions(history=False)
    )
    assert (summary.notes_added, summary.cards_added, summary.reviews_added) == (41, 57, 0)
    with empty_services.sessions() as session:
        assert set(session.scalars(select(CardRow.state))) == {0}
        assert not any(session.scalars(select(CardRow.suspended)))
        assert not any(session.scalars(select(CardRow.flag)))


def test_dry_run_writes_nothing(empty_services: Services) -> None:
    summary = empty_services.imports.import_file(
        shared_path("fixtures", "small.apkg"), ImportOptions(dry_run=True)
    )
    assert summary.dry_run
    assert (summary.notes_added, summary.cards_added, summary.reviews_added) == (41, 57, 140)
    assert counts(empty_services) == (0, 0, 0)
    media = empty_services.settings.media_dir
    assert not media.exists() or not any(media.rglob("*"))


def test_genanki_package_without_history(empty_services: Services) -> None:
    summary = empty_services.imports.import_file(shared_path("fixtures", "genanki.apkg"))
    assert (summary.notes_added, summary.cards_added, summary.reviews_added) == (41, 57, 0)
    with empty_services.sessions() as session:
        kinds = {t.name: t.kind for t in session.scalars(select(NoteTypeRow))}
    assert kinds["Basic (genanki)"] == NoteKind.BASIC.value
    assert kinds["Cloze (genanki)"] == NoteKind.CLOZE.value
    card = _card(empty_services, "uz*Jv,2t9=")
    with empty_services.sessions() as session:
        shown = render(Repository(session).card(card.id))
    assert "\x1b" not in "".join(t for t, _ in shown.front)
