"""Small pieces: protobuf wire format, media names, note-type recognition, card removal."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from sqlalchemy import select, text

from pmstudy.db.models import CardRow, NoteTypeRow, ReviewLogRow
from pmstudy.db.repo import Repository
from pmstudy.domain.cards import render
from pmstudy.domain.model import NoteKind, Rating
from pmstudy.io import media
from pmstudy.io.anki_notetypes import AnkiNoteType, map_note_type
from pmstudy.io.anki_schema11 import model_json
from pmstudy.io.protobuf import Message, ProtobufError, encode_varint, field_bytes, field_varint
from pmstudy.services.container import Services
from tests.conftest import anki_package
from tests.io.support import BASIC_MODEL, counts, legacy_collection, package

ANSWER = "{{FrontSide}}\n\n<hr id=answer>\n\n"


def test_protobuf_reads_what_it_writes() -> None:
    floats = struct.pack("<3f", 1.0, 10.0, 0.5)
    inner = field_bytes(2, "Nested é".encode())
    blob = (
        field_varint(1, 150)
        + field_varint(3, -5)
        + field_bytes(4, floats)
        + field_bytes(5, inner)
        + encode_varint(37 << 3 | 5)
        + struct.pack("<f", 0.85)
    )
    message = Message(blob)
    assert message.uint(1) == 150
    assert message.sint64(3) == -5
    assert message.floats(4) == [1.0, 10.0, 0.5]
    nested = message.message(5)
    assert nested is not None
    assert nested.string(2) == "Nested é"
    assert message.float32(37) == pytest.approx(0.85)
    assert message.uint(99, 7) == 7
    with pytest.raises(ProtobufError):
        Message(b"\x0a\x05ab")  # a length beyond the end
    with pytest.raises(ProtobufError):
        Message(b"\x08" + b"\xff" * 11)  # an endless varint


def test_media_names() -> None:
    assert media.traversal_reason("risk matrix é.png") is None
    for bad in ("../x.png", "a/b.png", "..", "C:\\evil", "a\x00b"):
        assert media.traversal_reason(bad) is not None
    assert media.safe_name("a:b?.png") == "a_b_.png"
    assert media.safe_name("CON.png") == "_CON.png"
    assert len(media.safe_name("x" * 500 + ".png").encode()) <= 200
    assert media.safe_name("e\u0301.png") == "é.png"  # NFC
    assert media.referenced(
        ['<img src="a.png"> <img src=\'b c.png\'> <img src=d.png>', "[sound:e.mp3]",
         '<img src="https://x/y.png"> <img src="a.png">']
    ) == ["a.png", "b c.png", "d.png", "e.mp3"]  # fmt: skip
    assert media.folder_for("apkg:My Deck") != media.folder_for("apkg:my deck")


def _type(
    fields: tuple[str, ...], templates: tuple[tuple[str, str], ...], cloze: bool = False
) -> AnkiNoteType:
    return AnkiNoteType(1, "T", cloze, fields, templates)


def test_note_types_are_recognised_by_their_templates() -> None:
    basic = map_note_type(_type(("Q", "A"), (("{{Q}}", ANSWER + "{{A}}"),)))
    assert basic.spec.kind == NoteKind.BASIC
    assert basic.names == ("Front", "Back")
    typed = map_note_type(
        _type(("Q", "A"), (("{{Q}}\n{{type:A}}", "{{Q}}<hr id=answer>{{type:A}}"),))
    )
    assert typed.spec.kind == NoteKind.TYPE_IN
    reversed_ = map_note_type(
        _type(("A", "B"), (("{{A}}", ANSWER + "{{B}}"), ("{{B}}", ANSWER + "{{A}}")))
    )
    assert reversed_.spec.kind == NoteKind.REVERSED
    cloze = map_note_type(
        _type(("Text", "Notes"), (("{{cloze:Text}}", "{{cloze:Text}}<br>{{Notes}}"),), True)
    )
    assert cloze.spec.kind == NoteKind.CLOZE
    assert cloze.names == ("Text", "Extra")
    with_extra = map_note_type(
        _type(("Front", "Back", "Extra"), (("{{Front}}", ANSWER + "{{Back}}<br><br>{{Extra}}"),))
    )
    assert with_extra.spec.kind == NoteKind.BASIC
    # a field the answer shows that pmstudy's Basic would not: keep the note type's templates
    custom = map_note_type(
        _type(("Front", "Back", "Source"), (("{{Front}}", ANSWER + "{{Back}}<br>{{Source}}"),))
    )
    assert custom.spec.kind == NoteKind.TEMPLATE
    optional = map_note_type(
        _type(
            ("Front", "Back", "Add Reverse"),
            (
                ("{{Front}}", ANSWER + "{{Back}}"),
                ("{{#Add Reverse}}{{Back}}{{/Add Reverse}}", ANSWER + "{{Front}}"),
            ),
        ),
    )
    assert optional.spec.kind == NoteKind.TEMPLATE


def test_a_custom_note_type_is_rendered_from_its_templates(
    empty_services: Services, tmp_path: Path
) -> None:
    model = model_json(
        BASIC_MODEL,
        "Vocabulary",
        cloze=False,
        fields=["Word", "Meaning", "Source"],
        templates=[
            ("<div>{{Word}}</div>", ANSWER + "{{Meaning}}<br><i>{{Source}}</i>"),
            ("{{Meaning}}", ANSWER + "{{Word}}"),
        ],
        mod=0,
    )
    collection = legacy_collection(
        tmp_path / "c.anki21",
        [(1, "vocab-1", "Stakeholder\x1fA person with an interest\x1fPMBOK 7")],
        cards=[(11, 1, 0), (12, 1, 1)],
        models={str(BASIC_MODEL): model},
    )
    path = package(tmp_path / "vocab.apkg", {"collection.anki21": collection})
    summary = empty_services.imports.import_file(path)
    assert (summary.notes_added, summary.cards_added) == (1, 2)
    with empty_services.sessions() as session:
        note_type = session.scalar(select(NoteTypeRow).where(NoteTypeRow.name == "Vocabulary"))
        assert note_type is not None
        assert note_type.kind == NoteKind.TEMPLATE.value
        ids = list(session.scalars(select(CardRow.id).order_by(CardRow.ord)))
        repo = Repository(session)
        first, second = (render(repo.card(i)) for i in ids)
    assert "".join(t for t, _ in first.front) == "Stakeholder"
    assert "PMBOK 7" in "".join(t for t, _ in first.back)
    assert "".join(t for t, _ in second.front) == "A person with an interest"


def test_foreign_keys_hold_after_imports(empty_services: Services) -> None:
    empty_services.imports.import_file(anki_package())
    empty_services.imports.import_file(anki_package("legacy.apkg"))
    with empty_services.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_cloze_number_removed_upstream_removes_its_card_and_history(
    empty_services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "cloze.txt"
    path.write_text(
        "#separator:tab\n#notetype column:1\n#guid column:2\n"
        "Cloze\tc-1\tThe {{c1::CPI}} is EV / {{c2::AC}}\textra\n",
        encoding="utf-8",
    )
    empty_services.imports.import_file(path)
    assert counts(empty_services)[1] == 2
    deck = next(n.id for n in empty_services.study.deck_tree() if n.name == "cloze")
    session = empty_services.study.start(deck)
    while session.next_card() is not None:
        session.answer(Rating.GOOD, duration_ms=1000)
    path.write_text(
        "#separator:tab\n#notetype column:1\n#guid column:2\n"
        "Cloze\tc-1\tThe {{c1::CPI}} is EV / AC\textra\n",
        encoding="utf-8",
    )
    summary = empty_services.imports.import_file(path)
    assert (summary.notes_updated, summary.cards_removed) == (1, 1)
    with empty_services.sessions() as db:
        assert list(db.scalars(select(CardRow.ord))) == [0]
        orphans = db.scalars(
            select(ReviewLogRow.id).where(ReviewLogRow.card_id.not_in(select(CardRow.id)))
        )
        assert list(orphans) == []
