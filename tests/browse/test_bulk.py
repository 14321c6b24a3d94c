"""Bulk actions: each one transaction and one undo step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pytest
from sqlalchemy import func, select

from pmstudy.db.browse import store as browse_store
from pmstudy.db.models import CardRow, DeckRow, NoteRow, ReviewLogRow
from pmstudy.db.repo import Repository
from pmstudy.domain.model import CardState, Memory, Preset, Rating, ReviewKind
from pmstudy.domain.scheduling import Scheduler, replay
from pmstudy.errors import PmStudyError
from pmstudy.services.container import Services
from tests.browse.support import Sample, note_id_of

DAY = dt.timedelta(days=1)


def card_row(services: Services, card_id: int) -> dict[str, object]:
    with services.engine.connect() as connection:
        row = connection.execute(select(CardRow.__table__).where(CardRow.id == card_id)).one()
    return dict(row._mapping)


def all_rows(services: Services) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a bulk action may touch, for before/after comparisons."""
    found = {}
    with services.engine.connect() as connection:
        for model in (CardRow, NoteRow, ReviewLogRow, DeckRow):
            table = model.__table__
            found[table.name] = [
                tuple(r) for r in connection.execute(select(table).order_by(table.c.id))
            ]
    return found


def tags_of(services: Services, card_id: int) -> tuple[str, ...]:
    return services.library.card(card_id).note.tags


def test_nothing_to_undo(sample_services: Services) -> None:
    browser = sample_services.browser
    assert not browser.can_undo
    assert browser.undo_label is None
    assert browser.undo() is None


def test_suspend_and_undo(sample_services: Services, sample: Sample) -> None:
    browser = sample_services.browser
    before = all_rows(sample_services)
    result = browser.suspend([sample.sprint, sample.backlog, 999])
    assert result.cards == 2
    assert result.message == "suspend: 2 cards"
    assert sorted(browser.search("is:suspended").ids) == sorted(
        [sample.sprint, sample.backlog, sample.stakeholder[1]]
    )
    assert browser.undo_label == "suspend"
    assert browser.undo() == "suspend"
    assert all_rows(sample_services) == before
    assert not browser.can_undo


def test_unsuspend_bury_unbury_flag_and_undo(sample_services: Services, sample: Sample) -> None:
    browser = sample_services.browser
    before = all_rows(sample_services)
    browser.unsuspend([sample.stakeholder[1]])
    assert browser.search("is:suspended").ids == ()
    browser.bury([sample.sprint])
    assert sorted(browser.search("is:buried").ids) == [sample.sprint, sample.cafe]
    until = card_row(sample_services, sample.sprint)["buried_until"]
    assert until == dt.datetime(2026, 11, 23, 4, 0, tzinfo=dt.UTC)  # the next study day
    browser.unbury([sample.cafe])
    assert browser.search("is:buried").ids == (sample.sprint,)
    browser.set_flag([sample.sprint, sample.cafe], 4)
    assert sorted(browser.search("flag:4").ids) == [sample.sprint, sample.cafe]
    browser.set_flag([sample.sprint], 0)
    assert browser.search("flag:4").ids == (sample.cafe,)
    with pytest.raises(PmStudyError):
        browser.set_flag([sample.sprint], 8)
    labels = [browser.undo() for _ in range(5)]
    assert labels == ["unflag", "flag", "unbury", "bury", "unsuspend"]
    assert all_rows(sample_services) == before


def test_add_and_remove_tags(sample_services: Services, sample: Sample) -> None:
    browser = sample_services.browser
    before = all_rows(sample_services)
    # two cards of one note count once; a tag already there (any case) is not repeated
    result = browser.add_tags([*sample.pmo, sample.sprint], ["weak", "TOPIC::EVENTS"])
    assert (result.cards, result.notes) == (3, 2)
    assert tags_of(sample_services, sample.pmo[0]) == (
        "exam::pmp::process",
        "weak",
        "TOPIC::EVENTS",
    )
    assert tags_of(sample_services, sample.sprint) == (
        "exam::psm-1::framework",
        "topic::events",
        "weak",
    )
    assert sorted(browser.search("tag:weak").ids) == sorted([*sample.pmo, sample.sprint])
    removed = browser.remove_tags([sample.sprint, sample.backlog], ["Topic::Events", "weak"])
    assert removed.notes == 1
    assert tags_of(sample_services, sample.sprint) == ("exam::psm-1::framework",)
    with pytest.raises(PmStudyError):
        browser.add_tags([sample.sprint], ["two words"])
    with pytest.raises(PmStudyError):
        browser.add_tags([sample.sprint], [])
    assert browser.undo() == "remove tags"
    assert browser.undo() == "add tags"
    assert all_rows(sample_services) == before


def test_tagging_without_a_change_leaves_no_undo_step(
    sample_services: Services, sample: Sample
) -> None:
    result = sample_services.browser.add_tags([sample.sprint], ["topic::events"])
    assert result.notes == 0
    assert not sample_services.browser.can_undo


def test_move_creates_decks_and_undo_removes_them(
    sample_services: Services, sample: Sample
) -> None:
    browser = sample_services.browser
    before = all_rows(sample_services)
    result = browser.move([sample.sprint, *sample.pmo], "Review::Hard ones")
    assert result.cards == 3
    assert sorted(browser.search('deck:"Review::Hard ones"').ids) == sorted(
        [sample.sprint, *sample.pmo]
    )
    assert "Review" in browser.deck_names()
    browser.move([sample.backlog], "PMP")
    assert browser.undo() == "move to PMP"
    assert browser.undo() == "move to Review::Hard ones"
    assert all_rows(sample_services) == before


def test_a_bad_deck_name_changes_nothing(sample_services: Services, sample: Sample) -> None:
    before = all_rows(sample_services)
    with pytest.raises(PmStudyError):
        sample_services.browser.move([sample.sprint], "A::::B")
    with pytest.raises(PmStudyError):
        sample_services.browser.move([sample.sprint], "  ")
    assert all_rows(sample_services) == before
    assert not sample_services.browser.can_undo


def test_reset_to_new_logs_manual_rows_and_replays(
    sample_services: Services, sample: Sample
) -> None:
    browser = sample_services.browser
    before = all_rows(sample_services)
    result = browser.reset([sample.sprint, sample.backlog])
    assert result.cards == 2
    assert sorted(browser.search("is:new").ids) == sorted(
        [
            sample.sprint,
            sample.backlog,
            *sample.pmo,
            sample.stakeholder[1],
            sample.cafe,
            sample.choice,
        ]
    )
    sprint = card_row(sample_services, sample.sprint)
    backlog = card_row(sample_services, sample.backlog)
    assert sprint["state"] == 0
    assert sprint["stability"] is None
    assert sprint["due"] is None
    assert sprint["reps"] == 0
    assert sprint["lapses"] == 0
    highest = max(r[-5] for r in before["cards"])  # position column
    assert (sprint["position"], backlog["position"]) == (highest + 1, highest + 2)
    with sample_services.sessions() as session:
        log = Repository(session).reviews_of(sample.sprint)
    assert [e.kind for e in log] == [ReviewKind.REVIEW, ReviewKind.MANUAL]
    manual = log[-1]
    assert manual.rating == Rating.MANUAL
    assert manual.before.state == CardState.REVIEW
    assert manual.before.stability == 30
    assert manual.after.state == CardState.NEW
    # the log alone gives the stored state
    replayed = replay(Scheduler(Preset()), sample.sprint, log, seed=1)
    stored = sample_services.library.card(sample.sprint).memory
    assert (replayed.state, replayed.stability, replayed.due, replayed.last_review) == (
        stored.state,
        stored.stability,
        stored.due,
        stored.last_review,
    )
    assert browser.undo() == "reset to new"
    assert all_rows(sample_services) == before


def test_set_due_date(sample_services: Services, sample: Sample) -> None:
    browser = sample_services.browser
    before = all_rows(sample_services)
    result = browser.set_due([sample.sprint, sample.stakeholder[0], sample.cafe], "5")
    assert (result.cards, result.skipped) == (2, 1)  # the new card has no memory to schedule
    assert result.message == "set due date: 2 cards, 1 skipped"
    due = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.UTC)
    for card_id in (sample.sprint, sample.stakeholder[0]):
        memory = sample_services.library.card(card_id).memory
        assert memory.due == due
        assert memory.state == CardState.REVIEW
        assert memory.step is None
    assert sorted(browser.search("prop:due=5").ids) == [sample.sprint, sample.stakeholder[0]]
    with sample_services.sessions() as session:
        manual = Repository(session).reviews_of(sample.sprint)[-1]
    assert manual.kind == ReviewKind.MANUAL
    assert manual.after.due == due
    assert browser.undo() == "set due date"
    assert all_rows(sample_services) == before
    with pytest.raises(PmStudyError):
        browser.set_due([sample.sprint], "7-3")
    with pytest.raises(PmStudyError):
        browser.set_due([sample.sprint], "soon")


def test_set_due_range_is_seeded(sample_services: Services, sample: Sample) -> None:
    browser = sample_services.browser
    cards = [sample.sprint, sample.backlog]
    browser.set_due(cards, "3-30")
    first = [sample_services.library.card(c).memory.due for c in cards]
    browser.undo()
    browser.set_due(cards, "3-30")
    second = [sample_services.library.card(c).memory.due for c in cards]
    assert first == second
    start = dt.datetime(2026, 11, 22, 4, tzinfo=dt.UTC)
    for due in first:
        assert due is not None
        assert 3 <= (due - start) / DAY <= 30


def test_delete_removes_notes_and_undo_restores_everything(
    sample_services: Services, sample: Sample
) -> None:
    browser = sample_services.browser
    before = all_rows(sample_services)
    result = browser.delete([sample.backlog, sample.pmo[0]])
    assert (result.cards, result.notes) == (3, 2)  # the cloze note takes both its cards
    assert sorted(browser.search("").ids) == sorted(
        [sample.sprint, *sample.stakeholder, sample.cafe, sample.choice]
    )
    with sample_services.engine.connect() as connection:
        left = connection.execute(
            select(func.count()).where(ReviewLogRow.card_id == sample.backlog)
        ).scalar_one()
    assert left == 0
    assert browser.undo() == "delete"
    after = all_rows(sample_services)
    assert after == before
    with sample_services.sessions() as session:
        assert len(Repository(session).reviews_of(sample.backlog)) == 2
    assert note_id_of(sample_services, sample.pmo[1]) == note_id_of(sample_services, sample.pmo[0])


def test_an_action_that_fails_midway_changes_nothing(
    sample_services: Services, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = all_rows(sample_services)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(browse_store, "write_memories", broken)
    with pytest.raises(RuntimeError):
        sample_services.browser.reset([sample.sprint, sample.backlog])
    assert all_rows(sample_services) == before
    assert not sample_services.browser.can_undo


def test_large_selections_are_written_in_chunks(
    sample_services: Services, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = browse_store.chunks

    def small(ids: Sequence[int], size: int = 5000) -> Iterable[list[int]]:
        return real(ids, 2)

    monkeypatch.setattr(browse_store, "chunks", small)
    browser = sample_services.browser
    before = all_rows(sample_services)
    everything = list(browser.search("").ids)
    assert browser.set_flag(everything, 2).cards == 8
    assert len(browser.search("flag:2")) == 8
    assert browser.delete(everything).notes == 6
    assert len(browser.search("")) == 0
    browser.undo()
    browser.undo()
    assert all_rows(sample_services) == before


def test_undo_history_is_bounded(sample_services: Services, sample: Sample) -> None:
    browser = sample_services.browser
    for flag in range(40):
        browser.set_flag([sample.sprint], flag % 7 + 1)
    steps = 0
    while browser.undo() is not None:
        steps += 1
    assert steps == 30


def test_memory_columns_round_trip(sample_services: Services, sample: Sample) -> None:
    # undo writes back the captured values themselves (aware datetimes included)
    memory = sample_services.library.card(sample.backlog).memory
    sample_services.browser.reset([sample.backlog])
    sample_services.browser.undo()
    assert sample_services.library.card(sample.backlog).memory == memory
    assert isinstance(memory, Memory)
