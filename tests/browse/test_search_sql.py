"""Searches compiled to SQL and run on a small real collection (tests/browse/support.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from pmstudy.clock import FixedClock
from pmstudy.db.browse import ratio_limit
from pmstudy.db.convert import preset_to_row
from pmstudy.db.models import DeckRow, PresetRow
from pmstudy.domain.model import CardState, Memory, NoteKind, Preset
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, retrievability
from pmstudy.domain.search import SortKey
from pmstudy.services.container import Services
from tests.browse.support import Sample, add_note, note_id_of

ALL = [1, 2, 3, 4, 5, 6, 7, 8]


def ids(services: Services, query: str) -> list[int]:
    return sorted(services.browser.search(query).ids)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        # state
        ("is:new", [3, 4, 6, 7, 8]),
        ("is:learn", [5]),
        ("is:review", [1, 2]),
        ("is:due", [2, 5]),
        ("is:suspended", [6]),
        ("is:buried", [7]),
        ("is:leech", [5, 6]),
        ("is:flagged", [7, 8]),
        ("flag:1", [7]),
        ("flag:3", [8]),
        ("flag:0", [1, 2, 3, 4, 5, 6]),
        # decks: sub-decks included, case-insensitive, wildcards
        ("deck:PMP", [3, 4, 5, 6, 8]),
        ("deck:pmp::process", [3, 4]),
        ("deck:PMP::P*", [3, 4, 5, 6]),
        ('deck:"Other Deck"', [7]),
        ("deck:Other*", [7]),
        ("deck:*", ALL),
        ("deck:Nowhere", []),
        # tags: child tags included, case-insensitive, wildcards stay inside one tag
        ("tag:exam::pmp", [3, 4, 5, 6]),
        ("tag:exam::*", [1, 2, 3, 4, 5, 6, 8]),
        ("tag:exam::*::people", [5, 6, 8]),
        ("tag:exam::pmp::proc*", [3, 4]),
        ("tag:TOPIC", [1]),
        ("tag:topic::ev", []),
        ("tag:misc", [7]),
        ('tag:"exam::pmp::process topic::events"', []),
        ("tag:p*s", []),
        # exam and domain tags
        ("exam:psm-1", [1, 2]),
        ("exam:pmp", [3, 4, 5, 6]),
        ("exam:p*", [1, 2, 3, 4, 5, 6]),
        ("domain:people", [5, 6, 8]),
        ("domain:people-teams", [2]),
        ("domain:peop*", [2, 5, 6, 8]),
        ("exam:capm domain:people", [8]),
        ("domain:exam", []),
        # properties
        ("prop:s>10", [1]),
        ("prop:s<=2", [2, 5]),
        ("prop:d>7", [2]),
        ("prop:d<=4", [1]),
        ("prop:due<0", [2]),
        ("prop:due=0", [5]),
        ("prop:due<3", [2, 5]),
        ("prop:due>3", [1]),
        ("prop:due=20", [1]),
        ("prop:due!=20", [2, 5]),
        ("prop:due>=-8", [1, 2, 5]),
        ("prop:ivl>=21", [1]),
        ("prop:ivl<21", [2]),
        ("prop:reps>2", [1, 2]),
        ("prop:lapses>=1", [2]),
        ("prop:r<0.8", [2]),
        ("prop:r>=0.95", [1, 5]),
        ("prop:r<0.96", [1, 2]),
        ("prop:r=0.96", [1]),
        ("prop:r!=0.96", [2, 5]),
        ("prop:r>1", []),
        ("prop:r<=1", [1, 2, 5]),
        ("prop:r<0", []),
        ("prop:r>0", [1, 2, 5]),
        # answers
        ("rated:1", [5]),
        ("rated:3", [2, 5]),
        ("rated:11", [1, 2, 5]),
        ("rated:11:1", [2, 5]),
        ("rated:30:2", [2]),
        ("rated:30:4", []),
        ("added:1", ALL),
        # free text: values only, never field names; case-insensitive; wildcards
        ("sprint", [1]),
        ("SPRINT", [1]),
        ('"product backlog"', [2]),
        ("front", []),
        ("stem", []),
        ("back", [2]),
        ("café", [7]),
        ("CAFÉ", [7]),
        ("résumé", [7]),
        ("wh*sprint", [1]),
        ("pmo", [3, 4]),
        ("{{c1", [3, 4]),
        ("%", []),
        ("_", []),
        ('"\\""', [8]),  # the option list is JSON text: it holds quotes
        ("*", ALL),
        ("\\*", []),  # a literal star
        ("tag:*", [1, 2, 3, 4, 5, 6, 7, 8]),
        # negation (never loses cards to NULLs), OR and parentheses
        ("-is:new", [1, 2, 5]),
        ("-deck:PMP*", [1, 2, 7]),
        ("-prop:s>10", [2, 3, 4, 5, 6, 7, 8]),
        ("-prop:r<0.8", [1, 3, 4, 5, 6, 7, 8]),
        ("-is:buried", [1, 2, 3, 4, 5, 6, 8]),
        ("deck:Scrum OR is:suspended", [1, 2, 6]),
        ("(deck:Scrum OR deck:Other*) -is:review", [7]),
        ("is:new (flag:1 OR flag:3)", [7, 8]),
        ("is:new flag:1 OR flag:3", [7, 8]),
        ("cid:1,3", [1, 3]),
        ("cid:999", []),
    ],
)
def test_filters(sample_services: Services, query: str, expected: list[int]) -> None:
    assert ids(sample_services, query) == expected


def test_note_ids(sample_services: Services, sample: Sample) -> None:
    note = note_id_of(sample_services, sample.pmo[0])
    assert ids(sample_services, f"nid:{note}") == list(sample.pmo)


def test_rated_and_due_follow_the_study_day(sample_services: Services, clock: FixedClock) -> None:
    # 03:00 the next morning is still the same study day (rollover at 04:00)
    clock.set(dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC))
    assert ids(sample_services, "rated:1") == [5]
    assert ids(sample_services, "prop:due=0") == [5]
    clock.set(dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC))
    assert ids(sample_services, "rated:1") == []
    assert ids(sample_services, "rated:2") == [5]
    assert ids(sample_services, "prop:due=-1") == [5]


@pytest.mark.parametrize("decay", [0.1, DEFAULT_PARAMETERS[20], 0.5, 0.8])
@pytest.mark.parametrize("value", [0.3, 0.5, 0.8, 0.9, 0.97])
def test_ratio_limit_inverts_the_forgetting_curve(decay: float, value: float) -> None:
    parameters = (*DEFAULT_PARAMETERS[:20], decay)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    stability = 7.0
    elapsed = ratio_limit(value, decay) * stability
    memory = Memory(
        state=CardState.REVIEW,
        stability=stability,
        difficulty=5,
        last_review=now - dt.timedelta(days=elapsed),
    )
    assert retrievability(memory, now, parameters) == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.76, 0.77, 0.9, 0.95, 0.9573, 0.9574, 0.9999])
def test_prop_r_agrees_with_the_scheduler(sample_services: Services, threshold: float) -> None:
    rows = sample_services.browser.rows(ALL)
    below = sorted(
        r.id for r in rows if r.retrievability is not None and r.retrievability < threshold
    )
    above = sorted(
        r.id for r in rows if r.retrievability is not None and r.retrievability >= threshold
    )
    assert ids(sample_services, f"prop:r<{threshold}") == below
    assert ids(sample_services, f"prop:r>={threshold}") == above


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (SortKey.CREATED, ALL),
        (SortKey.DUE, [2, 5, 1, 3, 4, 6, 7, 8]),
        (SortKey.STABILITY, [5, 2, 1, 3, 4, 6, 7, 8]),
        (SortKey.DIFFICULTY, [1, 5, 2, 3, 4, 6, 7, 8]),
        (SortKey.RETRIEVABILITY, [2, 1, 5, 3, 4, 6, 7, 8]),
        (SortKey.DECK, [7, 8, 5, 6, 3, 4, 1, 2]),
        (SortKey.STATE, [3, 4, 6, 7, 8, 5, 1, 2]),
        (SortKey.FRONT, [7, 5, 6, 1, 2, 8, 3, 4]),
        (SortKey.REPS, [3, 4, 6, 7, 8, 5, 1, 2]),
        (SortKey.LAPSES, [1, 3, 4, 5, 6, 7, 8, 2]),
    ],
)
def test_sorting_covers_every_match(
    sample_services: Services, sort: SortKey, expected: list[int]
) -> None:
    browser = sample_services.browser
    assert list(browser.search("", sort=sort).ids) == expected
    assert list(browser.search("", sort=sort, descending=True).ids) == expected[::-1]


def test_sorting_a_filtered_search(sample_services: Services) -> None:
    result = sample_services.browser.search("deck:PMP", sort=SortKey.RETRIEVABILITY)
    assert list(result.ids) == [5, 3, 4, 6, 8]
    assert result.page(0, 2) == (5, 3)
    assert result.page(2, 2) == (8,)
    assert result.pages(2) == 3


def test_rows_show_the_card(sample_services: Services, sample: Sample) -> None:
    rows = {r.id: r for r in sample_services.browser.rows(ALL)}
    sprint = rows[sample.sprint]
    assert sprint.deck == "Scrum"
    assert sprint.front == "What is a Sprint?"
    assert sprint.state == CardState.REVIEW
    assert sprint.stability == 30
    assert sprint.retrievability == pytest.approx(0.9573, abs=1e-4)
    assert rows[sample.pmo[0]].front == "The [...] supports projects"
    assert rows[sample.pmo[1]].front == "The PMO supports [...]"
    assert rows[sample.stakeholder[1]].front == "Anyone affected by the project"
    assert rows[sample.stakeholder[1]].suspended
    assert rows[sample.choice].front == "Which leadership style fits agile teams?"
    assert rows[sample.cafe].buried
    assert rows[sample.cafe].flag == 1
    assert rows[sample.pmo[0]].retrievability is None
    data = sprint.as_json()
    assert set(data) >= {
        "id",
        "deck",
        "front",
        "state",
        "due",
        "stability",
        "difficulty",
        "retrievability",
    }
    assert data["state"] == "review"
    assert data["due"] == "2026-12-12T09:00:00+00:00"
    # rows come back in the order asked, missing ids left out
    assert [r.id for r in sample_services.browser.rows([8, 999, 1])] == [8, 1]


def test_preview(sample_services: Services, sample: Sample) -> None:
    preview = sample_services.browser.preview(sample.backlog)
    assert preview.reviews == 2
    assert preview.retrievability == pytest.approx(0.7605, abs=1e-4)
    assert "".join(t for t, _ in preview.rendered.front) == "Who orders the Product Backlog?"


def test_prop_r_uses_each_decks_own_decay(sample_services: Services, sample: Sample) -> None:
    # Scrum's cards forget on a steeper curve than the other decks' default one
    with sample_services.sessions.begin() as session:
        preset = PresetRow(name="Steep")
        preset_to_row(Preset(name="Steep", fsrs_params=(*DEFAULT_PARAMETERS[:20], 0.6)), preset)
        session.add(preset)
        session.flush()
        session.execute(update(DeckRow).where(DeckRow.name == "Scrum").values(preset_id=preset.id))
    rows = sample_services.browser.rows(ALL)
    recall = {r.id: r.retrievability for r in rows if r.retrievability is not None}
    assert recall[sample.sprint] != pytest.approx(0.9573, abs=1e-3)  # the steeper curve applies
    for threshold in sorted({*recall.values(), 0.5, 0.8, 0.95}):
        below = sorted(card for card, r in recall.items() if r < threshold)
        assert ids(sample_services, f"prop:r<{threshold!r}") == below
    by_recall = list(sample_services.browser.search("", sort=SortKey.RETRIEVABILITY).ids)
    assert by_recall[:3] == sorted(recall, key=lambda c: recall[c])


def test_untagged_notes(sample_services: Services) -> None:
    (untagged,) = add_note(sample_services, NoteKind.BASIC, {"Front": "plain"}, deck="Scrum")
    assert ids(sample_services, "-tag:*") == [untagged]
    assert untagged not in ids(sample_services, "tag:*")


def test_not_on_exam_is_no_domain_and_off_the_exam(sample_services: Services) -> None:
    def note(*tags: str) -> int:
        (card,) = add_note(
            sample_services, NoteKind.BASIC, {"Front": " ".join(tags)}, deck="Scrum", tags=tags
        )
        return card

    off = note("exam::pmp::not-on-exam")
    both = note("exam::pmp::not-on-exam", "exam::pmp::people")  # the mark wins, as in readiness
    elsewhere = note("exam::capm::not-on-exam", "exam::pmp::people")
    on_pmp = set(ids(sample_services, "exam:pmp"))
    assert off not in on_pmp
    assert both not in on_pmp
    assert elsewhere in on_pmp
    assert off not in ids(sample_services, "exam:p*")
    assert ids(sample_services, "domain:not-on-exam") == []
    assert ids(sample_services, "domain:not-on*") == []
    assert off not in ids(sample_services, "domain:*")
    assert both in ids(sample_services, "domain:people")
    assert off in ids(
        sample_services, "tag:exam::pmp::not-on-exam"
    )  # the tag itself still finds it
