"""train and Classifier: deterministic, inside the blueprint, clear when scikit-learn is absent."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator

import pytest

from pmstudy.domain.classify import (
    ClassifierUnavailable,
    Example,
    Prediction,
    train,
)
from pmstudy.domain.exam import ExamDomain, ExamSpec, ExamTask, PassKind, PassRule
from pmstudy.errors import PmStudyError
from pmstudy.resources import profiles_dir
from pmstudy.services.classify import bundled_decks, examples_for
from pmstudy.services.exams import load_specs

TOY = ExamSpec(
    id="toy",
    name="Toy",
    provider="Test",
    version="1",
    status="current",
    items_total=10,
    items_scored=10,
    minutes=10,
    options_per_item=4,
    pass_rule=PassRule(PassKind.PERCENT, 70),
    domains=(
        ExamDomain("money", "Money", 50, (ExamTask("t1", "Budget"), ExamTask("t2", "Invoices"))),
        ExamDomain("people", "People", 50),
    ),
)


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    # a fold's linear SVM may stop at its iteration cap; the tests check what it answers
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.fixture(scope="module")
def pmp() -> ExamSpec:
    return next(s for s in load_specs(profiles_dir()) if s.id == "pmp-2026")


@pytest.fixture(scope="module")
def pmp_texts() -> list[str]:
    deck = next(d for d in bundled_decks() if d.id == "pmp-2026")
    return [note.text for note in deck.notes[:150]]


def test_training_is_deterministic(pmp: ExamSpec, pmp_texts: list[str]) -> None:
    examples = examples_for(pmp, exclude_decks={"pmp-2026"})
    first = train(pmp, examples).predict(pmp_texts)
    second = train(pmp, list(examples)).predict(pmp_texts)
    assert first == second


def test_predictions_stay_inside_the_blueprint(pmp: ExamSpec, pmp_texts: list[str]) -> None:
    predictions = train(pmp, examples_for(pmp, exclude_decks={"pmp-2026"})).predict(pmp_texts)
    tasks = {d.id: {t.id for t in d.tasks} for d in pmp.domains}
    assert len(predictions) == len(pmp_texts)
    for p in predictions:
        assert p.task in tasks[p.domain]
        assert 0.0 <= p.task_confidence <= p.domain_confidence <= 1.0 + 1e-9


def test_a_small_set_trains_and_answers_words_it_was_shown() -> None:
    examples = [
        Example("budget cost baseline reserve", "money", "t1"),
        Example("invoice payment supplier bill", "money", "t2"),
        Example("team motivation coaching conflict", "people", None),
        Example("budget", "money", None),  # a domain with tasks and no task: not a place
    ]
    classifier = train(TOY, examples)
    budget, invoice, team = classifier.predict(["cost baseline", "supplier invoice", "coaching"])
    assert (budget.domain, budget.task) == ("money", "t1")
    assert (invoice.domain, invoice.task) == ("money", "t2")
    assert (team.domain, team.task, team.task_confidence) == ("people", None, 0.0)
    assert classifier.predict([]) == []


def test_one_place_is_said_with_full_confidence() -> None:
    classifier = train(TOY, [Example("anything", "money", "t2")])
    assert classifier.predict(["x", "y"]) == [Prediction("money", 1.0, "t2", 1.0)] * 2


@pytest.mark.parametrize(
    ("example", "message"),
    [
        (Example("x", "nowhere", None), "toy has no domain 'nowhere'"),
        (Example("x", "money", "t9"), "toy's domain 'money' has no task 't9'"),
    ],
)
def test_an_example_outside_the_blueprint_is_refused(example: Example, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        train(TOY, [Example("ok", "money", "t1"), example])


def test_examples_naming_no_place_are_refused() -> None:
    with pytest.raises(ValueError, match="no training example names a task of toy"):
        train(TOY, [Example("budget", "money", None)])


def test_without_scikit_learn_training_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the one boundary simulated: the optional extra is installed in this venv
    monkeypatch.setitem(sys.modules, "sklearn.calibration", None)
    with pytest.raises(ClassifierUnavailable) as raised:
        train(TOY, [Example("budget", "money", "t1")])
    assert isinstance(raised.value, PmStudyError)
    assert str(raised.value) == (
        "suggesting domains needs scikit-learn: pip install 'pmstudy[classify]'"
    )
