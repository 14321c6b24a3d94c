"""One study-day rule: every path that computes memory rebuilds what live answers stored.

Cards are answered through the study session (Europe/Berlin, 4 am rollover) with pairs of
answers under 24 hours apart on the same study day and across the rollover (23:00 then 05:00,
03:00 then 05:00), and across the spring daylight-saving change. Then the log is replayed by
every other path, answer by answer where the path allows it: the scheduler's replay, the import
replay, reschedule's recompute, the vectorised FSRS of the simulations, and the optimiser's
training data with evaluation's predictions.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import fsrs
import numpy as np
import pytest

from pmstudy.clock import FixedClock
from pmstudy.db.repo import Repository
from pmstudy.db.tuning import TuningRepository
from pmstudy.domain.cards import ImportedCard
from pmstudy.domain.model import CardState, Memory, Preset, Rating, ReviewEntry
from pmstudy.domain.scheduling import (
    DEFAULT_PARAMETERS,
    CardArrays,
    DayClock,
    Scheduler,
    VecPresets,
    build_training_set,
    fuzz_rng,
    predict,
    recompute_memory,
    replay,
    review,
)
from pmstudy.services.container import Services, build_services
from pmstudy.services.replay import replay_memories
from pmstudy.settings import Settings
from tests.conftest import write_deck

BERLIN = ZoneInfo("Europe/Berlin")
A, H, G, E = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


def _local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN).astimezone(dt.UTC)


# One timeline per card: (local time, rating). When the card is not yet due on the study day
# of a planned answer, that answer and every later one move on by whole days.
TIMELINES: tuple[tuple[tuple[str, Rating], ...], ...] = (
    (
        ("2027-01-04 23:00", A),  # new card: learning
        ("2027-01-05 05:00", G),  # 6 h later, the next study day
        ("2027-01-05 05:12", G),  # the same study day: graduates
        ("2027-01-06 03:00", A),  # a review at 3 am: a lapse
        ("2027-01-06 05:00", G),  # 2 h later, across the rollover: relearnt
        ("2027-01-07 09:00", G),
        ("2027-01-08 23:30", H),
    ),
    (
        ("2027-01-04 10:00", G),
        ("2027-01-04 22:00", G),  # 12 h later, the same study day: graduates
        ("2027-01-05 03:59", A),  # a review a minute before the rollover: a lapse
        ("2027-01-05 04:01", H),  # 2 minutes later, the next study day
        ("2027-01-05 04:20", G),  # the same study day: relearnt
        ("2027-01-06 20:00", E),
    ),
    (
        ("2027-03-27 23:30", H),  # the night the clocks go forward (02:00 -> 03:00)
        ("2027-03-28 03:30", G),  # 3 real hours later, the same study day
        ("2027-03-28 05:00", G),  # the next study day: graduates
        ("2027-03-29 03:00", A),
        ("2027-03-29 05:00", G),  # 2 h later, across the rollover
        ("2027-03-30 21:00", G),
    ),
)


@pytest.fixture
def berlin(tmp_path: Path) -> Iterator[tuple[Services, FixedClock, list[int]]]:
    """Services on Berlin time with one deck per timeline, each card answered through it."""
    clock = FixedClock(_local("2027-01-01 12:00"))
    settings = Settings(data_dir=tmp_path / "data", timezone="Europe/Berlin", day_rollover_hour=4)
    services = build_services(settings, clock, seed=1, sync_decks=False)
    # replayed answers must match exactly: the load balancer's day depends on the other cards
    services.calendar.set_balancing(False)
    card_ids = []
    for index, timeline in enumerate(TIMELINES):
        deck = write_deck(
            tmp_path / f"d{index}.toml",
            f'[[cards]]\nid = "c{index}"\nfront = "q{index}"\nback = "a{index}"\n',
            deck_id=f"d{index}",
            name=f"Deck {index}",
        )
        services.decks.import_file(deck)
        deck_id = next(n.id for n in services.study.deck_tree() if n.name == f"Deck {index}")
        card_ids.append(_answer_timeline(services, clock, deck_id, timeline))
    yield services, clock, card_ids
    services.close()


def _answer_timeline(
    services: Services, clock: FixedClock, deck_id: int, timeline: tuple[tuple[str, Rating], ...]
) -> int:
    card_id = None
    due: dt.datetime | None = None
    shift = dt.timedelta(0)
    for text, rating in timeline:
        at = _local(text) + shift
        while due is not None and due >= services.days.next_day_start(at):
            at += dt.timedelta(days=1)
            shift += dt.timedelta(days=1)
        clock.set(at)
        session = services.study.start(deck_id)
        card = session.next_card()
        assert card is not None, (text, due)
        card_id = card.id
        session.answer(rating, duration_ms=3000)
        with services.sessions() as s:
            due = Repository(s).card(card_id).memory.due
    assert card_id is not None
    return card_id


def _logs(services: Services, card_ids: list[int]) -> dict[int, list[ReviewEntry]]:
    with services.sessions() as s:
        return {c: Repository(s).reviews_of(c) for c in card_ids}


def _stored(services: Services, card_ids: list[int]) -> dict[int, Memory]:
    with services.sessions() as s:
        return {c: Repository(s).card(c).memory for c in card_ids}


def _preset(services: Services) -> Preset:
    """The one preset every deck uses (the default)."""
    with services.sessions() as s:
        [preset] = TuningRepository(s).presets()
    return preset


def test_the_timelines_cross_the_rollover_within_24_hours(berlin) -> None:
    services, _, card_ids = berlin
    days = services.days
    same_day = next_day_within_24h = 0
    for log in _logs(services, card_ids).values():
        assert len(log) >= 6
        for previous, entry in itertools.pairwise(log):
            hours = (entry.answered_at - previous.answered_at) / dt.timedelta(hours=1)
            gap = days.elapsed_days(previous.answered_at, entry.answered_at)
            same_day += gap == 0
            next_day_within_24h += gap == 1 and hours < 24
    assert same_day >= 4
    assert next_day_within_24h >= 4


def test_live_answers_take_the_short_term_formula_only_on_the_same_study_day(berlin) -> None:
    services, _, card_ids = berlin
    preset = _preset(services)
    plain = fsrs.Scheduler(parameters=DEFAULT_PARAMETERS, enable_fuzzing=False)
    for log in _logs(services, card_ids).values():
        for previous, entry in itertools.pairwise(log):
            before = entry.before
            assert before.stability is not None
            short = plain._short_term_stability(stability=before.stability, rating=entry.rating)
            gap = services.days.elapsed_days(previous.answered_at, entry.answered_at)
            assert preset.fsrs_params is None
            if gap == 0:
                assert entry.after.stability == pytest.approx(short, rel=1e-12)
            else:
                assert entry.after.stability != pytest.approx(short, rel=1e-6)


def _logged(memory: Memory) -> tuple[object, ...]:
    """What the review log keeps of a memory."""
    return memory.state, memory.step, memory.stability, memory.difficulty, memory.due


def test_the_scheduler_replays_every_answer_exactly(berlin) -> None:
    services, _, card_ids = berlin
    scheduler = Scheduler(_preset(services), services.days)
    stored = _stored(services, card_ids)
    for card_id, log in _logs(services, card_ids).items():
        memory = Memory()
        for entry in log:
            assert _logged(memory) == _logged(entry.before)
            memory = scheduler.review(
                memory, entry.rating, now=entry.answered_at, rng=fuzz_rng(1, card_id, memory.reps)
            )
            assert _logged(memory) == _logged(entry.after)
        assert replay(scheduler, card_id, log, seed=1) == stored[card_id]


def test_import_replay_rebuilds_the_stored_memory(berlin) -> None:
    services, _, card_ids = berlin
    stored = _stored(services, card_ids)
    logs = _logs(services, card_ids)
    cards = [
        ImportedCard(
            ref=card_id,
            note_guid=f"n{card_id}",
            ord=0,
            deck="Deck",
            memory=replace(stored[card_id], stability=None, difficulty=None),
            replay=True,
        )
        for card_id in card_ids
    ]
    reviews = [
        (e.card_id, int(e.answered_at.timestamp() * 1000), int(e.rating), int(e.after.state))
        for log in logs.values()
        for e in log
    ]
    rebuilt = replay_memories(cards, reviews, {"Deck": _preset(services)}, days=services.days)
    for card in rebuilt:
        assert card.memory.stability == pytest.approx(stored[card.ref].stability, abs=1e-9)
        assert card.memory.difficulty == pytest.approx(stored[card.ref].difficulty, abs=1e-9)


def test_reschedule_recomputes_the_stored_memory(berlin) -> None:
    services, _, card_ids = berlin
    stored = _stored(services, card_ids)
    with services.sessions() as s:
        repo = TuningRepository(s)
        deck_ids = tuple(d for d, _, _ in repo.decks())
        cards, _ = repo.card_columns(deck_ids, dict.fromkeys(deck_ids, 0))
        log = repo.log_columns(deck_ids)
    stability, difficulty, replayed = recompute_memory(
        cards, log, [_preset(services)], services.days
    )
    assert replayed.all()
    for row, card_id in enumerate(cards.ids.tolist()):
        assert stability[row] == pytest.approx(stored[card_id].stability, abs=1e-9)
        assert difficulty[row] == pytest.approx(stored[card_id].difficulty, abs=1e-9)
    assert services.rescheduler.reschedule(dry_run=True).plan["cards_changed"] == 0


def _axis(days: DayClock, at: dt.datetime, origin: dt.date) -> float:
    """fsrs_vec's time axis: whole numbers are study-day starts (DST days are 23 or 25 h)."""
    day = days.day_of(at)
    start, end = days.start_of(day), days.start_of(day + dt.timedelta(days=1))
    return (day - origin).days + (at - start) / (end - start)


def test_vectorised_fsrs_follows_every_answer(berlin) -> None:
    services, _, card_ids = berlin
    logs = _logs(services, card_ids)
    vec = VecPresets.of([_preset(services)])
    for log in logs.values():
        origin = services.days.day_of(log[0].answered_at)
        cards = CardArrays(
            state=np.zeros(1, dtype=np.int64),
            step=np.full(1, -1, dtype=np.int64),
            stability=np.full(1, np.nan),
            difficulty=np.full(1, np.nan),
            last=np.full(1, np.nan),
            due=np.zeros(1),
            preset=np.zeros(1, dtype=np.int64),
        )
        for entry in log:
            t = _axis(services.days, entry.answered_at, origin)
            review(cards, np.zeros(1, dtype=np.int64), np.array([int(entry.rating)]),
                   np.array([t]), vec, None)  # fmt: skip
            assert cards.state[0] == int(entry.after.state)
            assert cards.stability[0] == pytest.approx(entry.after.stability, abs=1e-9)
            assert cards.difficulty[0] == pytest.approx(entry.after.difficulty, abs=1e-9)


def test_training_and_evaluation_see_the_same_memory(berlin) -> None:
    services, _, card_ids = berlin
    logs = _logs(services, card_ids)
    with services.sessions() as s:
        log = TuningRepository(s).log_columns(None)
    data = build_training_set(log, services.days)
    assert data.card_ids.tolist() == sorted(card_ids)
    entries = [e for card_id in sorted(card_ids) for e in logs[card_id]]
    gaps = [0]
    for previous, entry in itertools.pairwise(entries):
        same_card = previous.card_id == entry.card_id
        gap = services.days.elapsed_days(previous.answered_at, entry.answered_at)
        gaps.append(gap if same_card else 0)
    assert data.delta.tolist() == gaps
    assert set(data.items.tolist()) == {i for i, g in enumerate(gaps) if g > 0}
    # evaluation predicts each item from the memory live answers stored before it
    decay = -DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (1 / decay) - 1
    expected = []
    for i in data.items.tolist():
        stability = entries[i].before.stability
        assert stability is not None
        expected.append((1 + factor * gaps[i] / stability) ** decay)
    assert predict(data, DEFAULT_PARAMETERS).tolist() == pytest.approx(expected, abs=1e-9)
    assert all(entries[i].before.state != CardState.NEW for i in data.items.tolist())
