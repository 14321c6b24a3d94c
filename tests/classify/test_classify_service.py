"""ClassifyService on a real database: what it learns from the learner's own notes, the tags it
refuses, and undo of several applies in turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmstudy.domain.cards import ImportOptions
from pmstudy.errors import NotFoundError, PmStudyError
from pmstudy.services.container import Services


def _import(services: Services, tmp_path: Path, deck: str, rows: str) -> dict[str, int]:
    """Import ``rows`` (front,back lines) into ``deck``; front -> note id."""
    csv = tmp_path / f"{deck}.csv"
    csv.write_text(rows, encoding="utf-8")
    services.imports.import_file(csv, ImportOptions(deck=deck))
    ids = services.browser.search(f'"deck:{deck}"').ids
    return {row.front: row.note_id for row in services.browser.rows(ids)}


def _tags(services: Services, deck: str) -> dict[str, tuple[str, ...]]:
    ids = services.browser.search(f'"deck:{deck}"').ids
    return {row.front: row.tags for row in services.browser.rows(ids)}


def test_learns_from_the_learners_notes_mapped_outside_the_deck(
    empty_services: Services, tmp_path: Path
) -> None:
    mine = _import(empty_services, tmp_path, "Mine", "Sprint review?,Inspect the increment\n")
    other = _import(
        empty_services,
        tmp_path,
        "Other",
        "Daily scrum?,15 minutes\nVelocity?,Points per sprint\nCapital of Peru?,Lima\n",
    )
    classify = empty_services.classify
    before = classify.classify("Mine", "capm")
    assert before.learner_examples == 0
    classify.apply(
        "capm",
        "Other",
        {
            other["Daily scrum?"]: "exam::capm::agile::t2",
            other["Velocity?"]: "exam::capm::agile",
            other["Capital of Peru?"]: "exam::capm::not-on-exam",
        },
    )
    classify.apply("capm", "Mine", {mine["Sprint review?"]: "exam::capm::agile::t1"})
    after = classify.classify("Mine", "capm")
    # the two placed notes of Other teach; not-on-exam and the deck's own note do not
    assert after.learner_examples == 2
    assert after.examples == before.examples + 2
    assert after.notes[0].current == ("exam::capm::agile::t1",)
    # classifying Other instead, the placed note of Mine teaches
    assert classify.classify("Other", "capm").learner_examples == 1


def test_refuses_tags_that_are_not_of_the_exam(empty_services: Services, tmp_path: Path) -> None:
    ids = _import(empty_services, tmp_path, "Mine", "Charter?,Authorises\n")
    note = ids["Charter?"]
    classify = empty_services.classify
    for tag, message in [
        ("exam::capm::nope", "not a domain of CAPM"),
        ("exam::capm::agile::t99", "not a task of CAPM"),
        ("exam::pmp-2026::people", "not a domain of CAPM"),
        ("leech", "not a domain of CAPM"),
    ]:
        with pytest.raises(PmStudyError, match=message):
            classify.apply("capm", "Mine", {note: tag})
    assert _tags(empty_services, "Mine") == {"Charter?": ()}
    assert classify.undo_step() is None
    with pytest.raises(NotFoundError, match="no deck named 'Nope'"):
        classify.classify("Nope", "capm")
    with pytest.raises(NotFoundError, match="no exam profile 'nope'"):
        classify.classify("Mine", "nope")


def test_applies_undo_in_turn_and_keep_other_tags(empty_services: Services, tmp_path: Path) -> None:
    ids = _import(empty_services, tmp_path, "Mine", "Charter?,Authorises\nWBS?,Deliverables\n")
    classify = empty_services.classify
    charter, wbs = ids["Charter?"], ids["WBS?"]
    card = empty_services.browser.search('"deck:Mine"').ids
    empty_services.browser.add_tags(card, ["mine", "exam::pmp-2026::people"])
    first = classify.apply("capm", "Mine", {charter: "exam::capm::agile", wbs: "exam::capm::agile"})
    assert (first.changed, first.missing) == (2, 0)
    second = classify.apply(
        "capm", "Mine", {wbs: "exam::capm::predictive::t1", 999_999: "exam::capm::agile"}
    )
    assert (second.changed, second.missing) == (1, 1)
    same = classify.apply("capm", "Mine", {wbs: "exam::capm::predictive::t1"})
    assert same.changed == 0  # nothing changed: no undo step either
    assert _tags(empty_services, "Mine") == {
        "Charter?": ("mine", "exam::pmp-2026::people", "exam::capm::agile"),
        "WBS?": ("mine", "exam::pmp-2026::people", "exam::capm::predictive::t1"),
    }
    step = classify.undo_step()
    assert step is not None
    assert (step.profile_id, step.deck, step.notes) == ("capm", "Mine", 1)
    assert classify.undo().restored == 1
    assert _tags(empty_services, "Mine")["WBS?"][-1] == "exam::capm::agile"
    assert classify.undo().restored == 2
    assert set(_tags(empty_services, "Mine").values()) == {("mine", "exam::pmp-2026::people")}
    assert classify.undo().step is None
