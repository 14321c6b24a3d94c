"""An Anki package imported under a chosen deck: its decks become sub-decks of it."""

from __future__ import annotations

from sqlalchemy import select

from pmstudy.db.models import CardRow, DeckRow
from pmstudy.domain.cards import ImportOptions
from pmstudy.services.container import Services
from tests.conftest import anki_package, anki_totals
from tests.io.support import counts


def _decks_of_cards(services: Services) -> set[str]:
    with services.sessions() as session:
        return set(
            session.scalars(select(DeckRow.name).join(CardRow, CardRow.deck_id == DeckRow.id))
        )


def test_a_package_under_a_target_deck_keeps_its_decks_as_sub_decks(
    empty_services: Services,
) -> None:
    summary = empty_services.imports.import_file(anki_package(), ImportOptions(deck=" Mine "))
    assert counts(empty_services) == anki_totals()
    used = _decks_of_cards(empty_services)
    assert used
    assert all(name.startswith("Mine::") for name in used)
    assert {"Mine::PMP::People", "Mine::Scrum"} <= used
    assert "Mine" in summary.decks_created
    with empty_services.sessions() as session:
        names = set(session.scalars(select(DeckRow.name)))
    assert "PMP" not in names
    assert "Mine::Default" not in names


def test_without_a_target_deck_the_package_keeps_its_own_names(empty_services: Services) -> None:
    empty_services.imports.import_file(anki_package(), ImportOptions())
    used = _decks_of_cards(empty_services)
    assert {"PMP::People", "Scrum"} <= used
    assert not any(name.startswith("Mine") for name in used)
