"""Study sessions on a real, migrated SQLite file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from pmstudy.clock import FixedClock
from pmstudy.db.models import CardRow, ReviewLogRow
from pmstudy.db.repo import Repository
from pmstudy.domain.model import CardState, LeechAction, Preset, Rating
from pmstudy.domain.scheduling import Scheduler, replay
from pmstudy.services.container import Services
from tests.conftest import write_deck


def _scrum(services: Services) -> int:
    return next(n.id for n in services.study.deck_tree() if n.name == "Scrum")


def _review_count(services: Services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(ReviewLogRow)) or 0


def test_first_run_installs_the_starter_deck_with_limits(services: Services) -> None:
    node = next(n for n in services.study.deck_tree() if n.name == "Scrum")
    assert node.total >= 60
    assert node.counts.new == 20  # new/day limit of the default preset
    assert node.counts.review == 0


def test_answers_are_committed_and_tomorrow_has_the_right_cards(
    services: Services, clock: FixedClock
) -> None:
    session = services.study.start(_scrum(services))
    answered = 0
    while session.next_card() is not None:
        session.answer(Rating.EASY, duration_ms=4000)
        answered += 1
    # 20 new cards a day, less the siblings of cloze/reversed notes buried until tomorrow
    assert 10 <= answered <= 20
    assert _review_count(services) == answered
    assert session.summary.answered == answered
    # Easy on a new card: first interval ~8 days (with fuzz), so nothing is due tomorrow
    clock.advance(days=1)
    node = next(n for n in services.study.deck_tree() if n.name == "Scrum")
    assert node.counts.review == 0
    assert node.counts.new == 20
    # in 14 days every one of them is due
    clock.advance(days=13)
    node = next(n for n in services.study.deck_tree() if n.name == "Scrum")
    assert node.counts.review == answered


def test_learning_card_comes_back_after_its_step(services: Services, clock: FixedClock) -> None:
    session = services.study.start(_scrum(services))
    first = session.next_card()
    assert first is not None
    assert session.intervals()[Rating.AGAIN] == "1m"
    session.answer(Rating.AGAIN, duration_ms=1000)
    assert session.counts().learning == 1
    for _ in range(3):
        assert session.next_card() is not None
        session.answer(Rating.GOOD, duration_ms=1000)
    clock.advance(minutes=2)
    again = session.next_card()
    assert again is not None
    # the failed card is due first now
    assert again.id == first.id


def test_undo_restores_exact_state_and_removes_the_log_row(services: Services) -> None:
    session = services.study.start(_scrum(services))
    card = session.next_card()
    assert card is not None
    before = card.memory
    counts_before = session.counts()
    session.answer(Rating.GOOD, duration_ms=1000)
    second = session.next_card()
    assert second is not None
    session.answer(Rating.HARD, duration_ms=1000)
    assert _review_count(services) == 2
    session.undo()
    assert session.current is not None
    assert session.current.id == second.id
    step = session.undo()
    assert step is not None
    assert session.current is not None
    assert session.current.id == card.id
    assert session.current.memory == before
    assert _review_count(services) == 0
    assert session.counts() == counts_before
    assert session.undo() is None


def test_suspend_and_bury_are_undoable(services: Services, clock: FixedClock) -> None:
    session = services.study.start(_scrum(services))
    card = session.next_card()
    assert card is not None
    session.suspend()
    assert services.library.card(card.id).suspended
    session.undo()
    assert not services.library.card(card.id).suspended
    session.bury()
    buried = services.library.card(card.id).buried_until
    assert buried == dt.datetime(2026, 11, 23, 4, tzinfo=dt.UTC)
    assert card.id not in [c for c in [session.next_card()] if c]
    clock.set(dt.datetime(2026, 11, 23, 5, tzinfo=dt.UTC))
    fresh = services.study.start(_scrum(services))
    ids = set()
    while (c := fresh.next_card()) is not None:
        ids.add(c.id)
        fresh.answer(Rating.EASY, duration_ms=1)
    assert card.id in ids


def test_bury_siblings_of_reversed_notes(empty_services: Services, tmp_path: Path) -> None:
    deck = write_deck(
        tmp_path / "r.toml",
        '[[cards]]\nid = "r1"\ntype = "reversed"\nfront = "term"\nback = "def"\n',
    )
    empty_services.decks.import_file(deck)
    node = next(n for n in empty_services.study.deck_tree() if n.name == "Test")
    session = empty_services.study.start(node.id)
    assert session.counts().new == 2
    assert session.next_card() is not None
    result = session.answer(Rating.GOOD, duration_ms=1)
    assert result.buried_siblings == 1
    assert session.counts().new == 0
    session.undo()
    assert session.counts().new == 2


def test_leech_is_tagged_and_suspended(
    empty_services: Services, tmp_path: Path, clock: FixedClock
) -> None:
    deck = write_deck(tmp_path / "l.toml", '[[cards]]\nid = "l1"\nfront = "q"\nback = "a"\n')
    empty_services.decks.import_file(deck)
    deck_id = next(n.id for n in empty_services.study.deck_tree() if n.name == "Test")
    with empty_services.sessions.begin() as s:
        from pmstudy.db.convert import preset_to_row
        from pmstudy.db.models import PresetRow

        row = s.scalars(select(PresetRow)).one()
        preset_to_row(
            Preset(name="Default", leech_threshold=2, leech_action=LeechAction.SUSPEND), row
        )
    session = empty_services.study.start(deck_id)
    card = session.next_card()
    assert card is not None
    session.answer(Rating.EASY, duration_ms=1)
    leech = False
    for _ in range(6):
        clock.advance(days=40)
        session = empty_services.study.start(deck_id)
        current = session.next_card()
        if current is None:
            break
        leech = session.answer(Rating.AGAIN, duration_ms=1).leech
        clock.advance(minutes=15)
        session = empty_services.study.start(deck_id)
        if session.next_card() is not None:
            session.answer(Rating.GOOD, duration_ms=1)
        if leech:
            break
    assert leech
    stored = empty_services.library.card(card.id)
    assert "leech" in stored.note.tags
    assert stored.suspended


def test_stored_state_replays_from_the_log(services: Services, clock: FixedClock) -> None:
    # the load balancer picks due days from the cards due around, which a replay does not
    # know (tests/calendar/test_balanced_answers.py checks balanced answers)
    services.calendar.set_balancing(False)
    deck_id = _scrum(services)
    for day in range(15):
        session = services.study.start(deck_id)
        answered = 0
        while (card := session.next_card()) is not None and answered < 30:
            rating = [Rating.GOOD, Rating.AGAIN, Rating.HARD, Rating.EASY][(card.id + day) % 4]
            session.answer(rating, duration_ms=1000)
            answered += 1
            clock.advance(minutes=3)
        clock.advance(days=1)
    with services.sessions() as s:
        repo = Repository(s)
        card_ids = s.scalars(select(CardRow.id).where(CardRow.state != int(CardState.NEW))).all()
        assert len(card_ids) > 20
        preset = repo.preset(repo.deck(deck_id).preset_id)
        for card_id in card_ids:
            stored = repo.card(card_id).memory
            rebuilt = replay(Scheduler(preset), card_id, repo.reviews_of(card_id), seed=1)
            assert rebuilt == stored


def test_undo_takes_the_answer_out_of_the_summary(services: Services) -> None:
    session = services.study.start(_scrum(services))
    assert session.next_card() is not None
    session.answer(Rating.AGAIN, duration_ms=3000)
    session.undo()
    session.answer(Rating.GOOD, duration_ms=2000)
    summary = session.summary
    assert (summary.answered, summary.again, summary.seconds) == (1, 0, 2.0)
    assert summary.by_rating == {int(Rating.GOOD): 1}


def test_an_edit_that_removes_the_current_card(empty_services: Services, tmp_path: Path) -> None:
    import pytest

    from pmstudy.errors import NotFoundError

    deck = write_deck(
        tmp_path / "c.toml", '[[cards]]\nid = "c"\ntype = "cloze"\ntext = "{{c1::a}} {{c2::b}}"\n'
    )
    empty_services.decks.import_file(deck)
    node = next(n for n in empty_services.study.deck_tree() if n.name == "Test")
    session = empty_services.study.start(node.id)
    card = session.next_card()
    assert card is not None
    number = card.ord + 1
    keep = 2 if number == 1 else 1
    draft = empty_services.editor.draft(card.id)
    empty_services.editor.save(
        dataclasses.replace(draft, fields={"Text": f"{{{{c{keep}::kept}}}}", "Extra": ""})
    )
    with pytest.raises(NotFoundError):
        session.refresh_current()
    assert session.current is None
    assert card.id not in session._queue.new


def test_deck_tree_keeps_sub_decks_under_their_parent_when_names_share_a_prefix(
    services: Services, tmp_path: Path
) -> None:
    """ "PMP Question Bank" sorts before "PMP::Part" by the raw name (" " < ":"); the tree
    sorts by the name's parts, so PMP's sub-decks stay under PMP (issue 21)."""
    card = '[[cards]]\nid = "{0}"\ntype = "basic"\nfront = "Q {0}"\nback = "A"\n'
    for deck_id, name in (("a", "PMP"), ("b", "PMP::Part"), ("c", "PMP Question Bank")):
        path = tmp_path / f"{deck_id}.toml"
        services.decks.import_file(
            write_deck(path, card.format(deck_id), deck_id=deck_id, name=name)
        )
    names = [n.name for n in services.study.deck_tree() if n.name.startswith("PMP")]
    assert names == ["PMP", "PMP::Part", "PMP Question Bank"]
    pmp = next(n for n in services.study.deck_tree() if n.name == "PMP")
    assert pmp.total == 2  # its own card and its sub-deck's
