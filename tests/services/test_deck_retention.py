"""Per-deck desired retention (Anki 25.09) on a real, migrated SQLite file: live answers,
reschedule and the exam plan's card table schedule a deck's cards at its own retention; a
sub-deck does not inherit it; the CLI sets, shows and clears it, and refuses a bad value."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from pmstudy.clock import FixedClock
from pmstudy.db.models import CardRow, DeckRow
from pmstudy.domain.model import Memory, Preset, Rating
from pmstudy.domain.scheduling import Scheduler, card_preset, fuzz_days
from pmstudy.errors import PmStudyError
from pmstudy.services.container import Services
from tests.conftest import run_cli, write_deck

DECKS = ("Own", "Own::Child", "Other")


def _decks(services: Services, tmp_path: Path) -> dict[str, int]:
    """Three decks of two basic cards each, all on the Default preset: deck name -> id."""
    for number, name in enumerate(DECKS):
        cards = "".join(
            f'[[cards]]\nid = "c{i}"\nfront = "{name} q{i}"\nback = "a{i}"\n\n' for i in (1, 2)
        )
        services.decks.import_file(
            write_deck(tmp_path / f"d{number}.toml", cards, deck_id=f"d{number}", name=name)
        )
    return {n.name: n.id for n in services.study.deck_tree() if n.name in DECKS}


def _answer_all(services: Services, deck_id: int, rating: Rating) -> dict[int, dt.datetime]:
    """Answer every card the deck offers (sub-decks included); card id -> its new due."""
    session = services.study.start(deck_id)
    while session.next_card() is not None:
        session.answer(rating, duration_ms=1000)
    with services.sessions() as db:
        rows = db.execute(select(CardRow.id, CardRow.due).where(CardRow.reps > 0)).all()
    return dict(rows)


def _deck_of(services: Services) -> dict[int, str]:
    with services.sessions() as db:
        rows = db.execute(select(CardRow.id, DeckRow.name).join(DeckRow)).all()
    return dict(rows)


def test_live_answers_use_the_decks_own_retention_and_its_sub_deck_the_presets(
    empty_services: Services, tmp_path: Path, clock: FixedClock
) -> None:
    ids = _decks(empty_services, tmp_path)
    empty_services.presets.set_deck_retention("Own", 0.80)
    now = clock.now()
    due: dict[int, dt.datetime] = {}
    for name in ("Own", "Other"):  # "Own" offers its sub-deck's cards too
        due |= _answer_all(empty_services, ids[name], Rating.EASY)
    deck_of = _deck_of(empty_services)
    assert sorted(deck_of[c] for c in due) == sorted(d for d in DECKS for _ in (1, 2))
    days = {c: round((d - now) / dt.timedelta(days=1)) for c, d in due.items()}
    for card_id, got in days.items():
        retention = 0.80 if deck_of[card_id] == "Own" else 0.90
        scheduler = Scheduler(card_preset(Preset(), retention), empty_services.days)
        after = scheduler.review(Memory(), Rating.EASY, now=now, rng=None)
        assert after.due is not None
        interval = round((after.due - now) / dt.timedelta(days=1))
        # within FSRS's fuzz range of that retention's interval (the balancer stays inside it)
        low, high = _fuzz_range(interval)
        assert low <= got <= high, (deck_of[card_id], got, interval)
    own = [days[c] for c in due if deck_of[c] == "Own"]
    others = [days[c] for c in due if deck_of[c] != "Own"]
    assert min(own) > max(others)  # a lower retention: longer intervals


def _fuzz_range(interval: int) -> tuple[int, int]:
    """The days a fuzzed interval can take: every draw of the fuzz, as the scheduler does it."""
    drawn = {fuzz_days(interval, 36500, _Fixed(x / 100)) for x in range(100)}
    return min(drawn), max(drawn)


class _Fixed(random.Random):
    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


def test_reschedule_moves_a_decks_cards_to_its_own_retention_only(
    empty_services: Services, tmp_path: Path, clock: FixedClock
) -> None:
    ids = _decks(empty_services, tmp_path)
    before: dict[int, dt.datetime] = {}
    for name in ("Own", "Other"):
        before |= _answer_all(empty_services, ids[name], Rating.EASY)
    deck_of = _deck_of(empty_services)
    clock.advance(days=1)
    nothing = empty_services.rescheduler.reschedule(dry_run=True)
    assert nothing.plan["cards_moving"] == 0

    empty_services.presets.set_deck_retention("Own", 0.80)
    done = empty_services.rescheduler.reschedule()
    assert done.changed == 2
    with empty_services.sessions() as db:
        after = dict(db.execute(select(CardRow.id, CardRow.due)).all())
    moved = {deck_of[c] for c in before if after[c] != before[c]}
    assert moved == {"Own"}
    assert all(after[c] > before[c] for c in before if deck_of[c] == "Own")
    # back to the preset's: a reschedule brings them back near where they were
    empty_services.presets.set_deck_retention("Own", None)
    assert empty_services.rescheduler.reschedule(deck="Own").changed == 2


def test_the_exam_plans_cards_carry_their_decks_retention(
    empty_services: Services, tmp_path: Path
) -> None:
    ids = _decks(empty_services, tmp_path)
    empty_services.presets.set_deck_retention("Own", 0.85)
    empty_services.presets.set_deck_retention("Other", 0.90)  # the preset's own value
    with empty_services.db.read() as uow:
        decks = uow.exam_cards.presets(list(ids.values()))
        table, _ = uow.exam_cards.card_table(list(ids.values()))
    # two sets of options: Default at 0.85 (Own) and Default as it is (the others)
    assert sorted(p.desired_retention for p in decks.presets) == [0.85, 0.90]
    assert {p.name for p in decks.presets} == {"Default"}
    deck_of = _deck_of(empty_services)
    retention = np.array([p.desired_retention for p in table.presets])[table.preset]
    by_deck = {deck_of[int(c)]: float(r) for c, r in zip(table.ids, retention, strict=True)}
    assert by_deck == {"Own": 0.85, "Own::Child": 0.90, "Other": 0.90}


def test_a_bad_value_is_refused_and_nothing_changes(
    empty_services: Services, tmp_path: Path
) -> None:
    _decks(empty_services, tmp_path)
    empty_services.presets.set_deck_retention("Own", 0.85)
    for bad in (0.3, 1.0, float("nan")):
        with pytest.raises(PmStudyError, match=r"between 0\.50 and 0\.99"):
            empty_services.presets.set_deck_retention("Own", bad)
    with pytest.raises(PmStudyError, match="no deck named 'Nope'"):
        empty_services.presets.set_deck_retention("Nope", 0.8)
    assert empty_services.presets.deck_retention("Own").own == 0.85


def test_cli_sets_shows_and_clears_a_decks_retention(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("PMSTUDY_DATA_DIR", str(data))
    monkeypatch.setenv("PMSTUDY_TIMEZONE", "UTC")
    deck = write_deck(tmp_path / "d.toml", '[[cards]]\nid = "c"\nfront = "q"\nback = "a"\n')
    assert run_cli(capsys, "import", str(deck))[0] == 0
    database = data / "pmstudy.sqlite3"

    code, out, _ = run_cli(capsys, "deck", "retention", "Test", "0.85")
    assert code == 0
    assert out.splitlines()[0] == "Test: desired retention 0.85, its own (preset 'Default': 0.90)"
    code, out, _ = run_cli(capsys, "decks", "--json")
    [test] = [d for d in json.loads(out) if d["name"] == "Test"]
    assert (test["desired_retention"], test["retention"]) == (0.85, 0.85)

    saved = database.read_bytes()
    for argv, message in (
        (("1.2",), "desired retention must lie between 0.50 and 0.99"),
        (("x",), "desired retention must be a number, not 'x'"),
        (("0.8", "--preset"), "give a retention or --preset, not both"),
    ):
        code, out, err = run_cli(capsys, "deck", "retention", "Test", *argv)
        assert (code, out, err) == (1, "", f"pmstudy: error: {message}\n")
    assert database.read_bytes() == saved

    code, out, _ = run_cli(capsys, "deck", "retention", "Test", "--preset", "--json")
    assert code == 0
    assert json.loads(out) == {
        "deck": "Test",
        "desired_retention": None,
        "preset": "Default",
        "preset_retention": 0.9,
        "retention": 0.9,
    }
