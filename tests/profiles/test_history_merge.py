"""One learner on two machines without a server: ``pmstudy history export`` on one, ``history
merge`` on the other, each way once, on two real SQLite data directories (profile ana).

Both machines end with the same review rows and the same card memories: a card answered on one
machine only takes that machine's memory as stored; a card answered on both gets the replay of
the joined log; a second merge of the same file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.db.convert import entry_from_row, memory_from_row
from pmstudy.db.models import CardRow, ReviewLogRow
from pmstudy.domain.model import NoteKind, Rating
from pmstudy.domain.scheduling import DayClock, Scheduler, replay, replay_key
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.conftest import START, run_cli

MEMORY = "k.state, k.step, k.stability, k.difficulty, k.due, k.last_review, k.reps, k.lapses"
RATINGS = (Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.HARD)


def _settings(data: Path) -> Settings:
    return Settings(data_dir=data, timezone="UTC", profile="ana")


Dump = tuple[list[tuple[object, ...]], list[tuple[object, ...]]]


def _dump(data: Path) -> Dump:
    """(review rows, answered cards' memories), each by note guid and ordinal."""
    with closing(sqlite3.connect(_settings(data).sqlite_path)) as connection:
        rows = connection.execute(
            "SELECT n.guid, k.ord, r.answered_at, r.rating, r.kind, r.duration_ms, r.answer "
            "FROM review_log r JOIN cards k ON k.id = r.card_id JOIN notes n ON n.id = k.note_id "
            "ORDER BY 1, 2, 3"
        ).fetchall()
        cards = connection.execute(
            f"SELECT n.guid, k.ord, {MEMORY} FROM cards k JOIN notes n ON n.id = k.note_id "
            "WHERE k.state != 0 OR k.reps > 0 ORDER BY 1, 2"
        ).fetchall()
    return rows, cards


def _study(data: Path, seed: int, picks: range, clock: FixedClock) -> int:
    """Answer the Scrum cards at ``picks`` (sorted by guid) over three days; answers made."""
    answers = 0
    with build_services(_settings(data), clock, seed=seed) as services:
        with closing(sqlite3.connect(_settings(data).sqlite_path)) as connection:
            ids = [
                card_id
                for (card_id,) in connection.execute(
                    "SELECT k.id FROM cards k JOIN notes n ON n.id = k.note_id "
                    "JOIN decks d ON d.id = k.deck_id WHERE d.name = 'Scrum' ORDER BY n.guid, k.ord"
                )
            ]
        chosen = [ids[i] for i in picks]
        for day in range(3):
            session = services.study.start_filtered(chosen)
            for turn in range(len(chosen)):
                if session.next_card() is None:
                    break
                session.answer(RATINGS[(seed + day + turn) % len(RATINGS)], duration_ms=1000 + seed)
                answers += 1
                clock.advance(seconds=37)
            clock.advance(days=1)
    return answers


def _machines(tmp_path: Path) -> tuple[Path, Path, int]:
    """Laptop and desktop: cards 0-5 answered on the laptop, 3-8 on the desktop (3-5 on both),
    at different times, by collections with different seeds; all answers made."""
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    made = _study(laptop, 7, range(0, 6), FixedClock(START + dt.timedelta(hours=1)))
    made += _study(desktop, 9, range(3, 9), FixedClock(START + dt.timedelta(hours=5)))
    return laptop, desktop, made


def _cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "--data-dir", str(data), "--profile", "ana", "history", *args)


def test_one_merge_each_way_leaves_both_machines_the_same(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop, made = _machines(tmp_path)
    laptop_before = _dump(laptop)
    to_desktop, to_laptop = tmp_path / "laptop.pmstudy-history", tmp_path / "desk.pmstudy-history"

    code, out, err = _cli(capsys, laptop, "export", "-o", str(to_desktop))
    assert (code, err) == (0, "")
    assert out == f"{to_desktop}: 6 answered cards, {len(laptop_before[0])} reviews (profile ana)\n"
    code, out, err = _cli(capsys, desktop, "merge", str(to_desktop))
    assert (code, err) == (0, "")
    assert "3 took the other machine's state, 3 replayed from both machines' answers" in out
    code, out, err = _cli(capsys, desktop, "export", "-o", str(to_laptop))
    assert code == 0, err
    code, out, err = _cli(capsys, laptop, "merge", str(to_laptop))
    assert code == 0, err
    assert "6 took the other machine's state, 0 replayed" in out  # 3 desktop-only, 3 both
    assert "3 unchanged" in out  # the laptop-only cards: the desktop took them as they were

    laptop_after, desktop_after = _dump(laptop), _dump(desktop)
    assert laptop_after == desktop_after
    rows, cards = laptop_after
    assert len(rows) == made  # every answer of both machines, none twice
    assert len(cards) == 9
    # a card answered on the laptop alone has, on the desktop too, the laptop's own memory
    only_laptop = {c[:2]: c for c in laptop_before[1]}
    for card in cards[:3]:
        assert card == only_laptop[card[:2]]
    # a card answered on both machines holds the replay of both logs
    _assert_replayed(desktop, cards[3:6])

    # a second merge of either file changes nothing
    for data, file in ((laptop, to_laptop), (desktop, to_desktop)):
        code, out, _err = _cli(capsys, data, "merge", str(file))
        assert code == 0
        assert "0 reviews added; 0 took the other machine's state, 0 replayed" in out
    assert _dump(laptop) == _dump(desktop) == laptop_after


def _assert_replayed(data: Path, cards: list[tuple[object, ...]]) -> None:
    settings = _settings(data)
    with build_services(settings, FixedClock(START), seed=1) as services:
        scrum = next(n.id for n in services.study.deck_tree() if n.name == "Scrum")
        scheduler = Scheduler(services.presets.of_deck(scrum), DayClock.named("UTC", 4))
        with services.sessions() as session:
            for guid, ord_, *_memory in cards:
                assert isinstance(guid, str)
                assert isinstance(ord_, int)
                log = [
                    entry_from_row(row)
                    for row in session.query(ReviewLogRow)
                    .filter(ReviewLogRow.card_id.in_(_card_ids(settings, guid, ord_)))
                    .all()
                ]
                assert {e.duration_ms for e in log} == {1007, 1009}  # both machines answered
                expected = replay(scheduler, replay_key(guid, ord_), log, seed=0)
                (card_id,) = _card_ids(settings, guid, ord_)
                stored = session.get(CardRow, card_id)
                assert stored is not None
                assert memory_from_row(stored) == expected


def _card_ids(settings: Settings, guid: str, ord_: int) -> list[int]:
    with closing(sqlite3.connect(settings.sqlite_path)) as connection:
        return [
            i
            for (i,) in connection.execute(
                "SELECT k.id FROM cards k JOIN notes n ON n.id = k.note_id "
                "WHERE n.guid = ? AND k.ord = ?",
                (guid, ord_),
            )
        ]


def test_both_exporting_before_either_merges_still_converges(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop, _made = _machines(tmp_path)
    files = {laptop: tmp_path / "l.history", desktop: tmp_path / "d.history"}
    for data, file in files.items():
        assert _cli(capsys, data, "export", "-o", str(file))[0] == 0
    assert _cli(capsys, laptop, "merge", str(files[desktop]))[0] == 0
    assert _cli(capsys, desktop, "merge", str(files[laptop]))[0] == 0
    assert _dump(laptop) == _dump(desktop)


def test_dry_run_json_and_cards_this_profile_lacks(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop, _made = _machines(tmp_path)
    clock = FixedClock(START + dt.timedelta(days=4))
    with build_services(_settings(laptop), clock, seed=7) as services:
        draft = services.editor.blank(NoteKind.BASIC, "Mine")
        draft.fields.update(Front="Who orders the Product Backlog?", Back="The Product Owner")
        services.editor.save(draft)
        mine = next(n.id for n in services.study.deck_tree() if n.name == "Mine")
        session = services.study.start(mine)
        assert session.next_card() is not None
        session.answer(Rating.GOOD, duration_ms=1000)
    file = tmp_path / "laptop.history"
    assert _cli(capsys, laptop, "export", "-o", str(file))[0] == 0
    before = _dump(desktop)

    code, out, _err = _cli(capsys, desktop, "merge", str(file), "--dry-run")
    assert code == 0
    assert out.startswith("dry run, nothing written: ")
    assert "  1 card not in this profile, from deck 'Mine': import those decks here" in out
    assert _dump(desktop) == before

    code, out, _err = _cli(capsys, desktop, "merge", str(file), "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["cards_in_file"] == 7
    assert summary["missing"] == 1
    assert summary["missing_decks"] == ["Mine"]
    assert summary["took_file_state"] + summary["replayed"] == 6
    assert summary["dry_run"] is False
    assert _dump(desktop) != before

    # the deck travels as a deck file (its note keeps its guid); merging again brings its answer
    deck = tmp_path / "mine.toml"
    base = ("--data-dir", str(laptop), "--profile", "ana")
    assert (
        run_cli(capsys, *base, "export", "--deck", "Mine", "--format", "deck", "-o", str(deck))[0]
        == 0
    )
    assert (
        run_cli(capsys, "--data-dir", str(desktop), "--profile", "ana", "import", str(deck))[0] == 0
    )
    code, out, _err = _cli(capsys, desktop, "merge", str(file))
    assert code == 0
    assert "7 cards; 1 review added; 1 took the other machine's state, 0 replayed" in out
    assert "not in this profile" not in out
    mine = [_only_editor_notes(_dump(data)) for data in (laptop, desktop)]
    assert mine[0] == mine[1]
    assert len(mine[0][0]) == len(mine[0][1]) == 1


def _only_editor_notes(dump: Dump) -> Dump:
    rows, cards = dump
    return [r for r in rows if str(r[0]).startswith("pmstudy-")], [
        c for c in cards if str(c[0]).startswith("pmstudy-")
    ]


def test_bad_files_are_one_line_and_change_nothing(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop, _made = _machines(tmp_path)
    good = tmp_path / "laptop.history"
    assert _cli(capsys, laptop, "export", "-o", str(good))[0] == 0
    document = json.loads(gzip.decompress(good.read_bytes()))
    guid = document["cards"][0]["guid"]
    document["cards"][0]["reviews"][1]["rating"] = 9
    bad_rating = tmp_path / "bad-rating.history"
    bad_rating.write_text(json.dumps(document))
    document["cards"][0]["reviews"][1]["rating"] = 3
    document["cards"][0]["memory"]["due"] = "2026-11-30T09:00:00"
    naive = tmp_path / "naive.history"
    naive.write_bytes(gzip.compress(json.dumps(document).encode()))
    garbage = tmp_path / "garbage.history"
    garbage.write_bytes(b"\x1f\x8b not really gzip")
    apkg = tmp_path / "deck.json"
    apkg.write_text('{"format": "something else"}')
    before = _dump(desktop)
    expected = {
        bad_rating: f"{bad_rating}: card 1 ({guid!r}), review 2: field 'rating': 9 is not a "
        "valid Rating",
        naive: f"{naive}: card 1 ({guid!r}), memory: field 'due': "
        "'2026-11-30T09:00:00' has no time zone",
        garbage: f"{garbage}: not a pmstudy history file (broken gzip: ",
        apkg: f"{apkg}: not a pmstudy history file (pmstudy history export writes one)",
        tmp_path / "absent": f"{tmp_path / 'absent'}: no such file",
    }
    for path, message in expected.items():
        code, out, err = _cli(capsys, desktop, "merge", str(path))
        assert code == 1
        assert out == ""
        assert len(err.strip().splitlines()) == 1, err
        assert message in err
        assert "Traceback" not in err
    assert _dump(desktop) == before
    # an export does not write over a file unless told to
    code, _out, err = _cli(capsys, desktop, "export", "-o", str(good))
    assert code == 1
    assert f"{good}: exists (--force replaces it)" in err
    assert _cli(capsys, desktop, "export", "-o", str(good), "--force")[0] == 0
