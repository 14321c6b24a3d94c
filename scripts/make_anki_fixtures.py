"""Write the small Anki packages under tests/fixtures/anki/ with Anki's own code (run once).

The importer tests need packages that Anki itself wrote: the modern layout (``collection.anki21b``,
zstd SQLite at schema 18, protobuf deck/note-type/preset definitions, zstd media list) and the
"support older Anki versions" layout (``collection.anki21``, schema 11). pmstudy's exporter
writes only the second, and writing the first with pmstudy's own reader's idea of it would test
nothing, so these two files come from the ``anki`` package on PyPI, which is no dependency of
pmstudy. Tests that can make their data at run time (genanki, pmstudy's exporter, CSV) do so.

How they were made (Anki 26.9.3, Python 3.11)::

    python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install anki
    /tmp/ankivenv/bin/python scripts/make_anki_fixtures.py

It writes ``modern.apkg``, ``legacy.apkg``, ``notes.txt`` (Anki's "Notes in Plain Text" of the
same notes: guid, note type, deck and tags columns) and ``expected.json``.

The content is ours (a handful of exam notes). Reviews are answered through Anki's own scheduler
with FSRS on, at the time the script runs and a second apart, so revlog ids, cards.data and due
dates agree with each other; tests therefore compare with what the files hold, not with fixed
dates. Two cards were made due today with Anki's "Set due date" (manual revlog rows). Contents:

- decks ``PMP::People``, ``PMP::Process`` (preset ``PMP preset``: retention 0.90, steps 1m 10m /
  10m) and ``Scrum`` (preset ``Scrum preset``: retention 0.85, steps 5m 30m / 15m, max interval
  365 days, explicit FSRS-6 parameters ``SCRUM_PARAMS``); the empty ``Default`` deck;
- note types Basic (6 notes, one with an HTML list), Basic (and reversed card) (2 notes, 4
  cards), Cloze (1 note, c1..c3 with a hint: 3 cards), Basic (type in the answer) (1 note): 10
  notes, 14 cards;
- nested tags ``exam::pmp::people``; two images, ``pmp_triple_constraint.png`` and
  ``risk matrix é.png`` (non-ASCII name, a space);
  a field with Rich markup and an ANSI escape, to be shown literally;
- card states: new, learning, review, relearning; one suspended card, one buried by hand, a red
  flag. The script reads the counts back from Anki into ``expected.json``; the tests use it.
"""

from __future__ import annotations

import json
import struct
import tempfile
import time
import zlib
from collections import Counter
from pathlib import Path

SCRUM_PARAMS = (0.3, 1.4, 2.9, 9.0, 6.2, 0.8, 2.9, 0.002, 1.7, 0.15, 0.85, 1.5, 0.06, 0.28, 1.6,
                0.55, 1.9, 0.6, 0.1, 0.07, 0.18)  # fmt: skip
OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "anki"


def png(red: int, green: int, blue: int) -> bytes:
    """A 1×1 PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"\x00" + bytes((red, green, blue))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def build(folder: Path) -> tuple[Path, dict[str, object]]:
    from anki.buildinfo import version
    from anki.collection import Collection, ExportAnkiPackageOptions

    col = Collection(str(folder / "collection.anki2"))
    col.set_config("fsrs", True)
    decks = col.decks
    pmp_conf = decks.add_config_returning_id("PMP preset")
    conf = decks.get_config(pmp_conf)
    assert conf is not None
    conf["new"]["delays"] = [1.0, 10.0]
    conf["lapse"]["delays"] = [10.0]
    conf["desiredRetention"] = 0.9
    decks.update_config(conf)
    scrum_conf = decks.add_config_returning_id("Scrum preset")
    conf = decks.get_config(scrum_conf)
    assert conf is not None
    conf["new"]["delays"] = [5.0, 30.0]
    conf["lapse"]["delays"] = [15.0]
    conf["rev"]["maxIvl"] = 365
    conf["desiredRetention"] = 0.85
    conf["fsrsParams6"] = list(SCRUM_PARAMS)
    decks.update_config(conf)
    deck_ids = {}
    for name, conf_id in (
        ("PMP::People", pmp_conf),
        ("PMP::Process", pmp_conf),
        ("Scrum", scrum_conf),
    ):
        deck_id = decks.id(name)
        assert deck_id is not None
        deck = decks.get(deck_id)
        assert deck is not None
        deck["conf"] = conf_id
        decks.save(deck)
        deck_ids[name] = deck_id

    image = col.media.write_data("risk matrix é.png", png(200, 30, 30))
    triangle = col.media.write_data("pmp_triple_constraint.png", png(30, 30, 200))
    models = col.models

    def add(model: str, deck: str, tags: str, *values: str) -> int:
        notetype = models.by_name(model)
        assert notetype is not None
        note = col.new_note(notetype)
        for index, value in enumerate(values):
            note.fields[index] = value
        note.tags = tags.split()
        col.add_note(note, deck_ids[deck])
        return note.id

    add("Basic", "PMP::People", "exam::pmp::people", "Who approves the charter?", "The sponsor")
    add(
        "Basic",
        "PMP::People",
        "exam::pmp::people",
        "What does a <b>servant leader</b> do?",
        "Removes impediments&nbsp;&amp; shields the team",
    )
    add(
        "Basic",
        "PMP::Process",
        "exam::pmp::process",
        f'Read the risk matrix <img src="{image}">',
        "Probability × impact",
    )
    add(
        "Basic",
        "Scrum",
        "exam::psm",
        "[bold red]x[/] [@click=app.quit]Click[/] \x1b[31mred\x1b[0m",
        "$(rm -rf ~) %s {0}",
    )
    add(
        "Basic",
        "PMP::Process",
        "exam::pmp::process",
        f'<img src="{triangle}"> What does the triangle show?',
        "Scope, schedule and cost pull on each other",
    )
    listed = add(
        "Basic",
        "PMP::People",
        "exam::pmp::people",
        "Tuckman's stages?",
        "<ul><li>Forming</li><li>Storming</li><li>Norming</li><li>Performing</li></ul>",
    )
    add("Basic (and reversed card)", "Scrum", "exam::psm", "Sprint Goal", "Why of the Sprint")
    add("Basic (and reversed card)", "Scrum", "exam::psm", "Increment", "A usable step")
    add(
        "Cloze",
        "PMP::Process",
        "exam::pmp::process",
        "{{c1::Scope}}, {{c2::schedule::time}} and {{c3::cost}} form the triple constraint",
        "",
    )
    add("Basic (type in the answer)", "Scrum", "exam::psm", "Maximum Sprint length?", "One month")

    sched = col.sched

    def answer(cid: int, ease: int) -> None:
        card = col.get_card(cid)
        card.start_timer()
        time.sleep(1.1)  # answers a second apart: cards.data keeps the last review in seconds
        sched.answerCard(card, ease)  # type: ignore[arg-type]

    order = sorted(col.find_cards(""))
    answer(order[0], 3)  # learning: one Good from new
    for cid in order[1:5]:
        answer(cid, 4)  # review: Easy from new graduates at once
    sched.set_due_date([order[1]], "0")
    answer(order[1], 1)  # relearning: a review card made due today and forgotten
    answer(order[1], 1)  # and forgotten again while relearning
    sched.set_due_date([order[2]], "0")
    answer(order[2], 3)  # a second review, Good
    for ease in (3, 3, 3, 2):  # learning steps, graduation and two early reviews, no manual row
        answer(order[6], ease)
    sched.suspend_cards([order[3]])
    sched.bury_cards([order[4]], manual=True)
    col.set_user_flag_for_cards(1, [order[5]])

    queues = Counter(col.db.list("select type from cards"))
    expected: dict[str, object] = {
        "notes": col.note_count(),
        "cards": col.card_count(),
        "reviews": col.db.scalar("select count() from revlog"),
        "states": {str(k): v for k, v in sorted(queues.items())},
        "revlog_types": {
            str(k): v for k, v in sorted(Counter(col.db.list("select type from revlog")).items())
        },
        "suspended": col.db.scalar("select count() from cards where queue = -1"),
        "buried": col.db.scalar("select count() from cards where queue in (-2, -3)"),
        "flagged": col.db.scalar("select count() from cards where flags & 7 != 0"),
        "media": ["pmp_triple_constraint.png", "risk matrix é.png"],
        "decks": {
            deck: [len(col.find_notes(f'"deck:{deck}"')), len(col.find_cards(f'"deck:{deck}"'))]
            for deck in ("PMP", "Scrum")
        },
        "list_guid": col.get_note(listed).guid,
        "by_kind": {"basic": 6, "reversed": 2, "cloze": 1, "type_in": 1},
        "scrum_params": list(SCRUM_PARAMS),
        "anki": version,
    }
    for legacy, name in ((False, "modern.apkg"), (True, "legacy.apkg")):
        col.export_anki_package(
            out_path=str(OUT / name),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, with_media=True, legacy=legacy
            ),
            limit=None,
        )
    col.export_note_csv(
        out_path=str(OUT / "notes.txt"),
        limit=None,
        with_html=True,
        with_tags=True,
        with_deck=True,
        with_notetype=True,
        with_guid=True,
    )
    col.close()
    return OUT, expected


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        _, expected = build(Path(scratch))
    (OUT / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(expected, ensure_ascii=False))


if __name__ == "__main__":
    main()
