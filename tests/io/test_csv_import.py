"""CSV / TSV / TXT imports on the shared fixtures, compared with what Anki's importer did.

They skip with the reason where ../shared is absent; test_text_samples.py checks the same
behaviour on files written at test time and on Anki's own plain-text export, in a fresh clone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from pmstudy.db.models import CardRow, NoteRow, NoteTypeRow
from pmstudy.db.repo import Repository
from pmstudy.domain.cards import ImportOptions, render
from pmstudy.domain.model import NoteKind, Rating
from pmstudy.io.errors import ImportFileError
from pmstudy.io.text_columns import kind_for, parse_mapping
from pmstudy.io.text_import import decode, detect_delimiter
from pmstudy.services.container import Services
from tests.conftest import shared_path
from tests.io.support import counts


def _csv(name: str) -> Path:
    return shared_path("fixtures", "community_csv", name)


def _reference() -> dict[str, dict[str, object]]:
    data = json.loads(_csv("anki_reference.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _anki(name: str) -> dict[str, object]:
    auto = _reference()[name]["auto"]
    assert isinstance(auto, dict)
    return auto


def _notes(services: Services) -> dict[str, dict[str, str]]:
    with services.sessions() as session:
        return {n.guid: n.fields for n in session.scalars(select(NoteRow))}


def _by_front(services: Services) -> dict[str, dict[str, str]]:
    return {f.get("Front", f.get("Text", "")): f for f in _notes(services).values()}


@pytest.mark.parametrize(
    "name", ["anki_notes_plaintext.txt", "anki_cards_plaintext.txt", "quizlet_export.tsv"]
)
def test_agrees_with_anki_where_anki_is_right(empty_services: Services, name: str) -> None:
    anki = _anki(name)
    summary = empty_services.imports.import_file(_csv(name))
    assert summary.detected["delimiter"] == "tab" == str(anki["metadata"]["delimiter"]).lower()  # type: ignore[index]
    assert summary.notes_added == anki["import"]["notes_added"]  # type: ignore[index]
    assert summary.skipped == []


def test_anki_notes_in_plain_text_keep_guid_type_deck_and_tags(empty_services: Services) -> None:
    summary = empty_services.imports.import_file(_csv("anki_notes_plaintext.txt"))
    assert summary.detected["html"] == "true"
    assert "guid=1" in summary.detected["mapping"]
    with empty_services.sessions() as session:
        note = session.scalar(select(NoteRow).where(NoteRow.guid == "JA^yEV:RoT"))
        assert note is not None
        note_type = session.get(NoteTypeRow, note.note_type_id)
        assert note_type is not None
        assert (note_type.kind, note_type.html) == (NoteKind.REVERSED.value, True)
        assert note.tags == " exam::pmp::people leadership "
        decks = set(
            session.scalars(
                select(CardRow.deck_id).join(NoteRow).where(NoteRow.guid == "JA^yEV:RoT")
            )
        )
        assert len(decks) == 1
        assert Repository(session).deck(decks.pop()).name == "PMP::People"
        kinds = {t.name: t.kind for t in session.scalars(select(NoteTypeRow))}
    assert kinds["Cloze (HTML)"] == NoteKind.CLOZE.value
    assert counts(empty_services)[1] == 57  # reversed and cloze notes make their cards


def test_same_guids_as_the_package(empty_services: Services) -> None:
    empty_services.imports.import_file(shared_path("fixtures", "small.apkg"))
    summary = empty_services.imports.import_file(_csv("anki_notes_plaintext.txt"))
    assert summary.notes_added == 0
    assert summary.notes_unchanged + summary.notes_updated == 41
    assert counts(empty_services)[:2] == (41, 57)


def test_better_than_anki_on_the_bom_crlf_csv(empty_services: Services) -> None:
    anki = _reference()["header_bom_crlf.csv"]
    assert anki["auto"]["metadata"]["delimiter"] == "SEMICOLON"  # type: ignore[index]
    summary = empty_services.imports.import_file(_csv("header_bom_crlf.csv"))
    assert summary.detected["delimiter"] == "comma"
    assert summary.detected["encoding"] == "utf-8-sig"
    assert summary.detected["header row"] == "Front, Back, Tags"
    # Anki, forced to comma, also counted the header row as a note (9)
    assert anki["forced_comma"]["import"]["notes_added"] == 9  # type: ignore[index]
    assert summary.notes_added == 8
    fronts = _by_front(empty_services)
    assert fronts["Name the risk responses for threats"]["Back"] == (
        "Escalate, avoid, transfer, mitigate, accept"
    )
    assert fronts['Quote handling: what does "done" mean?']["Back"] == (
        'The team\'s "Definition of Done", agreed by the ""Scrum Team""'
    )
    multi = fronts["Multi-line answer"]["Back"]
    assert multi == "Line one<br>Line two, with a comma<br>Line three"
    with empty_services.sessions() as session:
        note = session.scalar(
            select(NoteRow).where(NoteRow.fields["Front"].as_string() == "Multi-line answer")
        )
        assert note is not None
        card = session.scalar(select(CardRow.id).where(CardRow.note_id == note.id))
        assert card is not None
        shown = render(Repository(session).card(card))
    assert "".join(t for t, _ in shown.back) == "Line one\nLine two, with a comma\nLine three"
    assert fronts["Empty back"]["Back"] == ""


def test_cp1252_is_read_where_anki_refuses(empty_services: Services) -> None:
    assert "error" in _anki("excel_de_semicolon_cp1252.csv")
    summary = empty_services.imports.import_file(_csv("excel_de_semicolon_cp1252.csv"))
    assert (summary.detected["encoding"], summary.detected["delimiter"]) == ("cp1252", "semicolon")
    assert summary.detected["header row"] == "Begriff, Erklärung"
    fronts = _by_front(empty_services)
    assert fronts["Lastenheft"]["Back"] == "Anforderungen des Auftraggebers; „was und wofür“"
    assert fronts["Meilenstein"]["Back"] == "Ereignis mit Dauer 0 €"


def test_invalid_utf8_is_refused_like_anki(empty_services: Services) -> None:
    assert "error" in _anki("malformed_encoding.csv")
    with pytest.raises(ImportFileError, match=r"line 3: is not valid UTF-8 \(byte 0xff\)"):
        empty_services.imports.import_file(_csv("malformed_encoding.csv"))
    assert counts(empty_services) == (0, 0, 0)
    summary = empty_services.imports.import_file(
        _csv("malformed_encoding.csv"), ImportOptions(encoding="latin-1")
    )
    assert summary.notes_added == 3
    assert "latin-1 café" in _by_front(empty_services)


def test_quizlet_custom_separators(empty_services: Services) -> None:
    assert _anki("quizlet_custom_separators.txt")["import"]["notes_added"] == 1  # type: ignore[index]
    summary = empty_services.imports.import_file(_csv("quizlet_custom_separators.txt"))
    assert summary.notes_added == 6
    fronts = _by_front(empty_services)
    assert fronts["RACI"]["Back"] == "Responsible, Accountable, Consulted, Informed"
    assert fronts["Float / slack"]["Back"].endswith("(free float)")


def test_mapping_deck_encoding_and_delimiter_options(
    empty_services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "swapped.txt"
    path.write_text("tag1 tag2|Answer one|Question one\ntag3|Answer two|Question two\n")
    summary = empty_services.imports.import_file(
        path,
        ImportOptions(
            mapping=parse_mapping("front=3,back=2,tags=1"), delimiter="pipe", deck="Mine::Sub"
        ),
    )
    assert summary.notes_added == 2
    assert summary.decks_created == ["Mine", "Mine::Sub"]
    with empty_services.sessions() as session:
        note = session.scalar(
            select(NoteRow).where(NoteRow.fields["Front"].as_string() == "Question one")
        )
        assert note is not None
        assert (note.fields["Back"], note.tags) == ("Answer one", " tag1 tag2 ")


def test_entities_do_not_fool_the_delimiter() -> None:
    lines = [
        "Front,Back\n",
        "A&nbsp;B,one&nbsp;two&nbsp;three\n",
        "C&amp;D,x&lt;y&nbsp;z\n",
        "E,f\n",
    ]
    assert detect_delimiter(lines) == ","


def test_cp1252_detection_needs_text_that_reads_as_text() -> None:
    assert decode("caf\xe9 au lait".encode("cp1252"), "x", None).encoding == "cp1252"
    with pytest.raises(ImportFileError, match="not valid UTF-8"):
        decode(b"valid\nbinary \xff\xfe junk\n", "x", None)
    assert decode("\ufeffhi".encode(), "x", None).text == "hi"
    assert decode("hi".encode("utf-16"), "x", None).text == "hi"


def test_reimport_updates_changed_rows_and_keeps_their_scheduling(
    empty_services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "deck.csv"
    path.write_text("Front,Back\nQ1,A1\nQ2,A2\n", encoding="utf-8")
    empty_services.imports.import_file(path)
    deck = next(n.id for n in empty_services.study.deck_tree() if n.name == "deck")
    session = empty_services.study.start(deck)
    card = session.next_card()
    assert card is not None
    session.answer(Rating.GOOD, duration_ms=2000)
    path.write_text("Front,Back\nQ1,A1 (fixed)\nQ2,A2\nQ3,A3\n", encoding="utf-8")
    summary = empty_services.imports.import_file(path)
    assert (summary.notes_added, summary.notes_updated, summary.notes_unchanged) == (1, 1, 1)
    assert counts(empty_services) == (3, 3, 1)
    with empty_services.sessions() as db:
        again = Repository(db).card(card.id)
    assert again.memory.reps == 1


def test_small_helpers() -> None:
    assert kind_for("Basic (and reversed card) (genanki)") == NoteKind.REVERSED
    assert kind_for("Cloze (HTML)") == NoteKind.CLOZE
    assert kind_for("Something else") is None
    with pytest.raises(ValueError, match="bad mapping"):
        parse_mapping("front=1,sideways=2")
    with pytest.raises(ValueError, match="mapped twice"):
        parse_mapping("front=1,front=2")


def test_exam_items_from_a_hand_written_file(empty_services: Services, tmp_path: Path) -> None:
    """Each exam item type by name in a notetype column, its fields in order (the options,
    pairs and steps as JSON, as in pmstudy's own CSV export); the kind's rule refuses a bad
    row."""
    options = json.dumps(
        [
            {"text": "Cost", "correct": True, "why": "a constraint"},
            {"text": "Scope", "correct": True, "why": "a constraint"},
            {"text": "Colour", "why": "no"},
        ]
    )
    pairs = json.dumps([{"left": f"L{n}", "right": f"R{n}"} for n in range(3)])
    steps = json.dumps([{"text": f"S{n}"} for n in range(4)])
    rows = [
        ["Multiple response", "Which are constraints?", options, ""],
        ["Matching", "Match them.", pairs, "extra"],
        ["Ordering", "Order them.", steps, ""],
        ["Numeric", "SPI with EV 90, PV 100?", "0.9", "", "", "SPI = EV / PV"],
        ["Numeric", "Broken", "about 1", "", "", ""],
        ["Ordering", "Too short", json.dumps([{"text": "a"}]), ""],
    ]
    path = tmp_path / "items.txt"
    text = "#separator:tab\n#html:false\n#notetype column:1\n"
    path.write_text(text + "\n".join("\t".join(r + [""] * (6 - len(r))) for r in rows) + "\n")
    summary = empty_services.imports.import_file(path)
    assert summary.notes_added == 4
    assert summary.skipped == [
        "line 8: the answer 'about 1' is not a number",
        "line 9: an ordering note needs 3 to 6 steps",
    ]
    with empty_services.sessions() as session:
        found = {
            kind: note.fields
            for note, kind in session.execute(select(NoteRow, NoteTypeRow.kind).join(NoteTypeRow))
        }
    assert found["multiple_response"]["Options"] == options
    assert (found["matching"]["Pairs"], found["matching"]["Extra"]) == (pairs, "extra")
    assert found["ordering"]["Steps"] == steps
    assert found["numeric"] == {
        "Question": "SPI with EV 90, PV 100?",
        "Answer": "0.9",
        "Tolerance": "",
        "Unit": "",
        "Extra": "SPI = EV / PV",
    }


def test_numeric_items_from_a_csv_with_a_header_row(
    empty_services: Services, tmp_path: Path
) -> None:
    """Question and answer columns map to the numeric note's Question and Answer."""
    path = tmp_path / "numbers.csv"
    path.write_text(
        "#notetype:Numeric\nquestion,answer,extra\n"
        '"EV 500, AC 400: CPI?",1.25,CPI = EV / AC\n"PV 100, EV 80: SV?",-20,SV = EV - PV\n',
        encoding="utf-8",
    )
    summary = empty_services.imports.import_file(path)
    assert (summary.notes_added, summary.skipped) == (2, [])
    with empty_services.sessions() as session:
        fields = [n.fields for n in session.scalars(select(NoteRow).order_by(NoteRow.id))]
    assert [(f["Answer"], f["Extra"]) for f in fields] == [
        ("1.25", "CPI = EV / AC"),
        ("-20", "SV = EV - PV"),
    ]
