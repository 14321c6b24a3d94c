"""The bundled decks meet the content minimums, counted as pmstudy coverage counts them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.decks.format import DeckFile
from pmstudy.decks.loader import parse_model, read_text
from pmstudy.domain.exam import ExamSpec, exam_tag
from pmstudy.domain.mock.draw import EXAM_ITEM_KINDS
from pmstudy.resources import decks_dir, profiles_dir
from pmstudy.services.container import Services, build_services
from pmstudy.services.exams.profiles import load_spec
from pmstudy.settings import Settings

# deck id -> (minimum cards in the deck file, exam profile whose domains it must cover)
MINIMUMS = {
    "pmp-2026": (250, "pmp-2026"),
    "capm": (150, "capm"),
    "prince2-7": (150, "prince2-7-foundation"),
    "scrum": (120, "psm-1"),
    "pmi-acp": (60, "pmi-acp"),
    "comptia-project-plus": (60, "comptia-project-plus-pk0-005"),
}


def _decks() -> dict[str, DeckFile]:
    found = {}
    for path in sorted(decks_dir().glob("*.toml")):
        deck = parse_model(read_text(path), str(path), DeckFile)
        found[deck.id] = deck
    return found


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A collection with every bundled deck installed."""
    data: Path = tmp_path_factory.mktemp("bundled") / "data"
    clock = FixedClock(dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC))
    services = build_services(Settings(data_dir=data, timezone="UTC"), clock, seed=1)
    services.decks.install(sorted(_decks()))
    yield services
    services.close()


@pytest.mark.parametrize("deck_id", sorted(MINIMUMS))
def test_deck_size_and_multiple_choice_share(deck_id: str) -> None:
    deck = _decks()[deck_id]
    minimum, _ = MINIMUMS[deck_id]
    assert len(deck.cards) >= minimum
    choice = sum(1 for c in deck.cards if c.type == "multiple_choice")
    assert choice / len(deck.cards) >= 0.20, f"{deck_id}: {choice}/{len(deck.cards)}"


@pytest.mark.parametrize("deck_id", sorted(MINIMUMS))
def test_every_domain_of_the_exam_has_cards(everything: Services, deck_id: str) -> None:
    minimum, profile = MINIMUMS[deck_id]
    coverage = everything.exams.coverage(profile)
    assert coverage.cards >= minimum
    assert all(d.cards > 0 for d in coverage.domains), coverage.gaps


def test_pmp_every_task_has_five_cards(everything: Services) -> None:
    coverage = everything.exams.coverage("pmp-2026")
    tasks = [t for d in coverage.domains for t in d.tasks]
    assert len(tasks) == 26
    thin = [f"{d.id}::{t.id}" for d in coverage.domains for t in d.tasks if t.cards < 5]
    assert not thin, thin
    assert coverage.cards >= 250


def test_capm_covers_its_four_domains(everything: Services) -> None:
    coverage = everything.exams.coverage("capm")
    assert len(coverage.domains) == 4
    assert all(d.cards > 0 for d in coverage.domains)
    assert coverage.cards >= 150


# exam profile -> (exam items at least, exam items on every task (or every domain without
# tasks) at least, full mocks in a row without asking an item twice); the content targets of
# the two question-bank issues.
BANKS = {
    "pmp-2026": (600, 15, 3),
    "capm": (300, 8, 2),
    "pmi-acp": (250, 8, 2),
    "psm-1": (300, 40, 2),
    "csm": (150, 30, 2),
    "prince2-7-foundation": (300, 8, 2),
    "prince2-7-practitioner": (100, 15, 1),
    "comptia-project-plus-pk0-005": (250, 6, 2),
}


def _exam_items(profile: str) -> tuple[int, Counter[tuple[str, str | None]]]:
    """Exam items (the kinds a mock asks) of the bundled decks tagged for ``profile``, and how
    many serve each (domain, task) (an item tagged for two tasks counts for both)."""
    items = 0
    found: Counter[tuple[str, str | None]] = Counter()
    for deck in _decks().values():
        for card in deck.cards:
            if card.type not in EXAM_ITEM_KINDS:
                continue
            places = {p[1:] for t in card.tags if (p := exam_tag(t)) and p[0] == profile}
            items += bool(places)
            found.update(places)
    return items, found


@pytest.mark.parametrize("profile", sorted(BANKS))
def test_the_item_bank_has_its_minimum_on_every_task(profile: str) -> None:
    total, per_area, _ = BANKS[profile]
    count, items = _exam_items(profile)
    assert count >= total
    spec = everything_spec(profile)
    areas = [(d.id, t.id) for d in spec.domains for t in d.tasks]
    areas += [(d.id, None) for d in spec.domains if not d.tasks]
    thin = {area: items[area] for area in areas if items[area] < per_area}
    assert not thin, thin


def test_practitioner_items_come_in_case_study_sets() -> None:
    sets = Counter(
        tag
        for card in _decks()["prince2-7"].cards
        if card.type in EXAM_ITEM_KINDS
        for tag in card.tags
        if tag.startswith("topic::case::")
    )
    assert len([s for s, n in sets.items() if n >= 15]) >= 4, sets


@pytest.mark.parametrize("profile", sorted(BANKS))
def test_full_mocks_in_a_row_never_repeat_an_item(everything: Services, profile: str) -> None:
    _, _, mocks = BANKS[profile]
    asked: list[int | None] = []
    for _ in range(mocks):
        run = everything.mocks.start_exam(profile)
        assert len(run.items) == everything_spec(profile).items_total
        asked += [item.drawn.card_id for item in run.items]
        everything.mocks.abandon(run.id)
    assert None not in asked
    assert len(set(asked)) == len(asked)


def everything_spec(profile: str) -> ExamSpec:
    spec = load_spec(profiles_dir(), profile)
    assert spec is not None
    return spec


def test_pmp_items_come_in_the_exam_formats_and_ask_what_to_do_first_or_next() -> None:
    cards = _decks()["pmp-2026"].cards
    kinds = Counter(c.type for c in cards)
    assert kinds["multiple_response"] >= 60
    assert kinds["matching"] + kinds["ordering"] >= 20
    assert kinds["numeric"] >= 30
    scenario = [c.stem or "" for c in cards if c.type == "multiple_choice"]
    first_or_next = [s for s in scenario if re.search(r"\b(FIRST|NEXT)\b", s)]
    assert len(first_or_next) >= len(scenario) / 4
