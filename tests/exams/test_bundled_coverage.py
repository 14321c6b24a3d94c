"""The bundled decks meet the content minimums, counted as pmstudy coverage counts them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmstudy.clock import FixedClock
from pmstudy.decks.format import DeckFile
from pmstudy.decks.loader import parse_model, read_text
from pmstudy.resources import decks_dir
from pmstudy.services.container import Services, build_services
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
