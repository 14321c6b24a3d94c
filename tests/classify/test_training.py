"""examples_for: statements, own tags, the crosswalk, and decks left out."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pmstudy.decks.crosswalk import Place
from pmstudy.domain.classify import Example
from pmstudy.domain.exam import ExamSpec
from pmstudy.resources import profiles_dir
from pmstudy.services.classify import bundled_decks, examples_for
from pmstudy.services.classify.training import STATEMENT_WEIGHT
from pmstudy.services.exams import load_specs


@pytest.fixture(scope="module")
def pmp() -> ExamSpec:
    return next(s for s in load_specs(profiles_dir()) if s.id == "pmp-2026")


@pytest.fixture(scope="module")
def examples(pmp: ExamSpec) -> list[Example]:
    return examples_for(pmp)


def _note(deck_id: str, *places: Place) -> str:
    deck = next(d for d in bundled_decks() if d.id == deck_id)
    return next(n.text for n in deck.notes if set(n.places) == set(places))


def test_every_statement_of_the_blueprint_is_an_example(
    pmp: ExamSpec, examples: list[Example]
) -> None:
    for domain in pmp.domains:
        assert Example(domain.name, domain.id, None, STATEMENT_WEIGHT) in examples
        for task in domain.tasks:
            assert Example(task.name, domain.id, task.id, STATEMENT_WEIGHT) in examples
            assert task.summary
            assert Example(task.summary, domain.id, task.id, STATEMENT_WEIGHT) in examples


def test_a_task_without_a_summary_teaches_its_statement_alone(pmp: ExamSpec) -> None:
    domain = pmp.domains[0]
    bare = replace(domain, tasks=tuple(replace(t, summary="") for t in domain.tasks))
    examples = examples_for(replace(pmp, domains=(bare, *pmp.domains[1:])))
    texts = {e.text for e in examples if e.domain == domain.id and e.weight == STATEMENT_WEIGHT}
    assert texts >= {t.name for t in domain.tasks}
    assert not texts & {t.summary for t in domain.tasks}


def test_a_crosswalked_statement_teaches_the_task_it_maps_onto(examples: list[Example]) -> None:
    # pmp-2021::people::t1 "Manage conflict" -> pmp-2026::people::t2
    assert Example("Manage conflict", "people", "t2", STATEMENT_WEIGHT) in examples


def test_a_card_with_two_tasks_teaches_both_at_half_weight(examples: list[Example]) -> None:
    text = _note("pmp-2026", Place("pmp-2026", "process", "t6"), Place("pmp-2026", "process", "t9"))
    assert [e for e in examples if e.text == text] == [
        Example(text, "process", "t6", 0.5),
        Example(text, "process", "t9", 0.5),
    ]


def test_another_exams_card_teaches_through_the_crosswalk(examples: list[Example]) -> None:
    # capm::agile::t2 "Planning project iterations" -> pmp-2026::process::t8
    text = _note("capm", Place("capm", "agile", "t2"))
    assert [e for e in examples if e.text == text] == [Example(text, "process", "t8", 1.0)]


def test_a_card_the_crosswalk_does_not_map_teaches_nothing(examples: list[Example]) -> None:
    text = _note("capm", Place("capm", "agile", "t5"))  # Task management steps: not mapped
    assert not [e for e in examples if e.text == text]


def test_a_left_out_deck_teaches_nothing(pmp: ExamSpec) -> None:
    capm = {n.text for d in bundled_decks() if d.id == "capm" for n in d.notes}
    assert capm & {e.text for e in examples_for(pmp)}
    assert not capm & {e.text for e in examples_for(pmp, exclude_decks={"capm"})}
