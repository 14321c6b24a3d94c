"""CSV / TSV / TXT imports on files written at test time (tests/io/text_samples.py) and on Anki's
own "Notes in Plain Text" export (tests/fixtures/anki/notes.txt): what test_csv_import.py checks
on the ../shared community files, in a fresh clone (without the comparison with Anki's importer,
which only those files record)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pmstudy.db.models import CardRow, NoteRow, NoteTypeRow
from pmstudy.db.repo import Repository
from pmstudy.domain.cards import ImportOptions, render
from pmstudy.domain.model import NoteKind
from pmstudy.io.errors import ImportFileError
from pmstudy.services.container import Services
from tests.conftest import ANKI_FIXTURES, anki_expected, anki_package, anki_totals
from tests.io.support import counts
from tests.io.text_samples import write_sample


def _by_front(services: Services) -> dict[str, dict[str, str]]:
    with services.sessions() as session:
        return {
            n.fields.get("Front", n.fields.get("Text", "")): n.fields
            for n in session.scalars(select(NoteRow))
        }


def test_anki_notes_in_plain_text_keep_guid_type_deck_and_tags(empty_services: Services) -> None:
    summary = empty_services.imports.import_file(ANKI_FIXTURES / "notes.txt")
    assert summary.detected["html"] == "true"
    assert summary.detected["delimiter"] == "tab"
    assert "guid=1" in summary.detected["mapping"]
    assert (summary.notes_added, summary.skipped) == (anki_totals()[0], [])
    assert counts(empty_services)[1] == anki_totals()[1]  # reversed and cloze notes: their cards
    guid = anki_expected()["list_guid"]
    with empty_services.sessions() as session:
        note = session.scalar(select(NoteRow).where(NoteRow.guid == guid))
        assert note is not None
        assert note.tags == " exam::pmp::people "
        deck = session.scalar(select(CardRow.deck_id).where(CardRow.note_id == note.id))
        assert deck is not None
        assert Repository(session).deck(deck).name == "PMP::People"
        kinds = {t.name: (t.kind, t.html) for t in session.scalars(select(NoteTypeRow))}
    assert kinds["Cloze (HTML)"] == (NoteKind.CLOZE.value, True)
    assert kinds["Basic (and reversed card) (HTML)"] == (NoteKind.REVERSED.value, True)


def test_plain_text_notes_have_the_same_guids_as_the_package(empty_services: Services) -> None:
    notes, cards, _ = anki_totals()
    empty_services.imports.import_file(anki_package())
    summary = empty_services.imports.import_file(ANKI_FIXTURES / "notes.txt")
    assert summary.notes_added == 0
    assert summary.notes_unchanged + summary.notes_updated == notes
    assert counts(empty_services)[:2] == (notes, cards)


def test_the_bom_crlf_csv_with_quoting(empty_services: Services, tmp_path: Path) -> None:
    summary = empty_services.imports.import_file(write_sample(tmp_path, "header_bom_crlf.csv"))
    assert summary.detected["delimiter"] == "comma"
    assert summary.detected["encoding"] == "utf-8-sig"
    assert summary.detected["header row"] == "Front, Back, Tags"
    assert (summary.notes_added, summary.skipped) == (8, [])
    fronts = _by_front(empty_services)
    assert fronts["Name the risk responses for threats"]["Back"] == (
        "Escalate, avoid, transfer, mitigate, accept"
    )
    assert fronts['Quote handling: what does "done" mean?']["Back"] == (
        'The team\'s "Definition of Done"'
    )
    assert fronts["Multi-line answer"]["Back"] == "Line one<br>Line two, with a comma<br>Line three"
    assert fronts["Empty back"]["Back"] == ""
    with empty_services.sessions() as session:
        repo = Repository(session)
        shown = {}
        for note in session.scalars(select(NoteRow)):
            card = session.scalar(select(CardRow.id).where(CardRow.note_id == note.id))
            assert card is not None
            shown[note.fields["Front"]] = "".join(t for t, _ in render(repo.card(card)).back)
    assert shown["Multi-line answer"] == "Line one\nLine two, with a comma\nLine three"
    assert shown["Markup"] == "[bold red]not markup[/]"
    assert "\x1b" not in shown["Escape"]


def test_cp1252_semicolon_excel_file_is_read(empty_services: Services, tmp_path: Path) -> None:
    path = write_sample(tmp_path, "excel_de_semicolon_cp1252.csv")
    summary = empty_services.imports.import_file(path)
    assert (summary.detected["encoding"], summary.detected["delimiter"]) == ("cp1252", "semicolon")
    assert summary.detected["header row"] == "Begriff, Erklärung"
    fronts = _by_front(empty_services)
    assert fronts["Lastenheft"]["Back"] == "Anforderungen des Auftraggebers; „was und wofür“"
    assert fronts["Meilenstein"]["Back"] == "Ereignis mit Dauer 0 €"


def test_invalid_utf8_is_refused_unless_an_encoding_is_named(
    empty_services: Services, tmp_path: Path
) -> None:
    path = write_sample(tmp_path, "malformed_encoding.csv")
    with pytest.raises(ImportFileError, match=r"line 3: is not valid UTF-8 \(byte 0xff\)"):
        empty_services.imports.import_file(path)
    assert counts(empty_services) == (0, 0, 0)
    summary = empty_services.imports.import_file(path, ImportOptions(encoding="latin-1"))
    assert summary.notes_added == 3
    assert "latin-1 café" in _by_front(empty_services)


def test_malformed_rows_are_reported_by_line_and_skipped(
    empty_services: Services, tmp_path: Path
) -> None:
    summary = empty_services.imports.import_file(write_sample(tmp_path, "malformed.csv"))
    assert (summary.notes_added, summary.notes_skipped) == (3, 5)
    assert summary.skipped == [
        "line 3: 5 field(s), expected 3 (Front, Back, Tags)",
        "line 4: 1 field(s), expected 3 (Front, Back, Tags)",
        "line 5: a quoted field is not closed properly (unbalanced quote)",
        "line 7: contains a NUL byte",
        "line 8: 2 field(s), expected 3 (Front, Back, Tags)",
    ]
    assert set(_by_front(empty_services)) == {
        "ok row",
        "next row that the open quote swallows",
        'last row "with stray quote',
    }


def test_quizlet_files(empty_services: Services, tmp_path: Path) -> None:
    tsv = empty_services.imports.import_file(write_sample(tmp_path, "quizlet_export.tsv"))
    assert (tsv.detected["delimiter"], tsv.detected["header row"]) == ("tab", "none")
    custom = write_sample(tmp_path, "quizlet_custom_separators.txt")
    assert empty_services.imports.import_file(custom).notes_added == 2
    fronts = _by_front(empty_services)
    assert fronts["Kaizen"]["Back"] == "改善 — continuous improvement"
    assert fronts["Scope creep"]["Back"].endswith("resources ")
    assert fronts["RACI"]["Back"] == "Responsible, Accountable, Consulted, Informed"
    assert fronts["Float / slack"]["Back"].endswith("(free float)")
