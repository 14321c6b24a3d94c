"""``pmstudy group publish`` on SQLite: a trainer's deck into every learner profile of the data
directory, updated in place with each learner's progress kept (docs/group.md)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from pmstudy.clock import FixedClock
from pmstudy.db import migrate
from pmstudy.db.engine import make_engine
from pmstudy.domain.model import Rating
from pmstudy.services.container import build_services
from pmstudy.settings import Settings
from tests.conftest import START, run_cli

HEADER = """schema_version = 1
id = "cohort"
name = "Cohort"
description = "The trainer's deck for the cohort."
version = "{version}"
"""

SPRINT = """
[[cards]]
id = "sprint-length"
type = "basic"
front = "What is the longest a Sprint may last?"
back = "{back}"
"""

VALUES = """
[[cards]]
id = "scrum-values"
type = "basic"
front = "Name the five Scrum values."
back = "Commitment, focus, openness, respect and courage."
"""

DAILY = """
[[cards]]
id = "daily-scrum"
type = "basic"
front = "How long is the Daily Scrum?"
back = "15 minutes."
"""

GOAL = """
[[cards]]
id = "product-goal"
type = "basic"
front = "Which artifact holds the Product Goal?"
back = "The Product Backlog."
"""

V1 = HEADER.format(version="1") + SPRINT.format(back="One month.") + VALUES + DAILY
# v2: one note's text changed, one note new, one note (daily-scrum) no longer in the deck
V2 = HEADER.format(version="2") + SPRINT.format(back="One month or less.") + VALUES + GOAL


def _deck(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _db(data: Path, profile: str | None) -> Path:
    return Settings(data_dir=data, profile=profile).sqlite_path


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.execute(sql).fetchall())


def _progress(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every card's scheduling and every review-log row of the profile, in id order."""
    cards = _query(
        path,
        "SELECT id, note_id, ord, deck_id, state, step, stability, difficulty, due, "
        "last_review, reps, lapses FROM cards ORDER BY id",
    )
    reviews = _query(path, "SELECT * FROM review_log ORDER BY id")
    return cards, reviews


def _everything(path: Path) -> list[list[tuple[object, ...]]]:
    """The rows a publication could change: notes, cards, decks, review log."""
    return [
        _query(path, f"SELECT * FROM {table} ORDER BY id")
        for table in ("notes", "cards", "decks", "review_log")
    ]


def _back(path: Path, card_id: str) -> str:
    ((fields,),) = _query(path, f"SELECT fields FROM notes WHERE source_ref = '{card_id}'")
    assert isinstance(fields, str)
    return str(json.loads(fields)["Back"])


def study_cohort(data: Path, profile: str, answers: int, *, url: str | None = None) -> None:
    """Answer ``answers`` cards of the published deck as the learner (``url``: PostgreSQL)."""
    settings = Settings(data_dir=data, database_url=url, timezone="UTC", profile=profile)
    clock = FixedClock(START)
    with build_services(settings, clock, seed=1) as services:
        deck_id = next(n.id for n in services.study.deck_tree() if n.name == "Cohort")
        session = services.study.start(deck_id)
        for _ in range(answers):
            assert session.next_card() is not None
            session.answer(Rating.GOOD, duration_ms=2000)
            clock.advance(seconds=10)


def _publish(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "group", "publish", *args)


@pytest.fixture
def group(env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Two learner profiles (ana, ben) and the trainer's own default collection."""
    for args in (("decks",), ("--profile", "ana", "decks"), ("--profile", "ben", "decks")):
        assert run_cli(capsys, *args)[0] == 0
    return env


def test_publish_updates_in_place_and_keeps_progress(
    group: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trainer_before = _everything(_db(group, None))
    code, out, err = _publish(capsys, str(_deck(tmp_path, "cohort.toml", V1)))
    assert code == 0, err
    assert out.splitlines() == [
        "ana: got notes added 3, updated 0, unchanged 0; cards added 3",
        "ben: got notes added 3, updated 0, unchanged 0; cards added 3",
        "cohort.toml: published to 2 of 2 learner(s)",
    ]
    # the default profile (the trainer's own collection, where the deck is written) is no learner
    assert _everything(_db(group, None)) == trainer_before

    study_cohort(group, "ana", 3)
    ana, ben = _db(group, "ana"), _db(group, "ben")
    studied_cards, studied_reviews = _progress(ana)
    assert len(_query(ana, "SELECT id FROM review_log")) == 3

    v2 = _deck(tmp_path, "cohort.toml", V2)
    code, out, err = _publish(capsys, str(v2), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["failed"] == 0
    for learner in report["learners"]:
        summary = learner["summary"]
        assert summary["notes"] == {"added": 1, "updated": 1, "unchanged": 1, "skipped": 0}
        assert summary["cards"] == {"added": 1, "removed": 0, "rescheduled": 0}
        assert summary["removed_upstream_kept"] == 1
        assert summary["reviews"] == 0

    # ana's three answered cards hold exactly the scheduling they had, and every answer stays;
    # the one new card is the new note's, not yet studied
    cards_after, reviews_after = _progress(ana)
    assert reviews_after == studied_reviews
    assert cards_after[: len(studied_cards)] == studied_cards
    assert [c[4] for c in cards_after[len(studied_cards) :]] == [0]
    for profile in (ana, ben):
        assert _back(profile, "sprint-length") == "One month or less."
        # the note the trainer took out of the deck is kept, with its card
        assert _back(profile, "daily-scrum") == "15 minutes."

    # the same file again changes nothing
    before = [_everything(ana), _everything(ben)]
    code, out, err = _publish(capsys, str(v2))
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "ana: got notes added 0, updated 0, unchanged 3; cards added 0; "
        "1 note(s) no longer in the deck (kept)",
        "ben: got notes added 0, updated 0, unchanged 3; cards added 0; "
        "1 note(s) no longer in the deck (kept)",
    ]
    assert [_everything(ana), _everything(ben)] == before


def test_dry_run_reports_and_writes_nothing(
    group: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _publish(capsys, str(_deck(tmp_path, "cohort.toml", V1)))[0] == 0
    ana, ben = _db(group, "ana"), _db(group, "ben")
    before = [_everything(ana), _everything(ben)]
    code, out, err = _publish(capsys, str(_deck(tmp_path, "cohort.toml", V2)), "--dry-run")
    assert code == 0, err
    assert out.splitlines() == [
        "ana: would get notes added 1, updated 1, unchanged 1; cards added 1; "
        "1 note(s) no longer in the deck (kept)",
        "ben: would get notes added 1, updated 1, unchanged 1; cards added 1; "
        "1 note(s) no longer in the deck (kept)",
        "cohort.toml: would publish to 2 of 2 learner(s)",
    ]
    assert [_everything(ana), _everything(ben)] == before


def test_a_bad_file_is_one_line_and_changes_no_learner(
    group: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _publish(capsys, str(_deck(tmp_path, "cohort.toml", V1)))[0] == 0
    ana, ben = _db(group, "ana"), _db(group, "ben")
    before = [_everything(ana), _everything(ben)]
    broken = V2.replace('back = "The Product Backlog."', "back = 42")
    code, out, err = _publish(capsys, str(_deck(tmp_path, "broken.toml", broken)))
    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [
        "pmstudy: error: broken.toml: line 23: cards[2].back: Input should be a valid string"
    ]
    code, out, err = _publish(capsys, str(tmp_path / "missing.toml"))
    assert code == 1
    assert "missing.toml: no such file, nor a bundled deck's id (bundled: capm, " in err
    assert len(err.strip().splitlines()) == 1
    assert [_everything(ana), _everything(ben)] == before


def test_a_learner_behind_is_reported_and_the_others_still_get_it(
    group: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(f"sqlite:///{_db(group, 'ben')}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    engine.dispose()
    deck = str(_deck(tmp_path, "cohort.toml", V1))
    code, out, _ = _publish(capsys, deck)
    assert code == 1
    assert out.splitlines() == [
        "ana: got notes added 3, updated 0, unchanged 0; cards added 3",
        f"ben: not published: schema 0009 is older than this pmstudy's {migrate.HEAD_REVISION}; "
        "run 'pmstudy --profile ben db upgrade' first",
        "cohort.toml: published to 1 of 2 learner(s)",
    ]
    assert _query(_db(group, "ben"), "SELECT count(*) FROM notes WHERE source_ref = 'daily-scrum'")[
        0
    ] == (0,)
    code, out, err = run_cli(capsys, "--profile", "ben", "db", "upgrade")
    assert code == 0, out + err
    code, out, _ = _publish(capsys, deck)
    assert code == 0
    assert out.splitlines()[:2] == [
        "ana: got notes added 0, updated 0, unchanged 3; cards added 0",
        "ben: got notes added 3, updated 0, unchanged 0; cards added 3",
    ]


def test_a_package_brings_content_not_its_authors_answers(
    group: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A trainer's .apkg export carries the trainer's answers: learners get the notes only."""
    assert run_cli(capsys, "import", str(_deck(tmp_path, "cohort.toml", V1)))[0] == 0
    # the trainer (the default profile) studies the deck before exporting it
    settings = Settings(data_dir=group, timezone="UTC")
    with build_services(settings, FixedClock(START), seed=1) as services:
        deck_id = next(n.id for n in services.study.deck_tree() if n.name == "Cohort")
        session = services.study.start(deck_id)
        assert session.next_card() is not None
        session.answer(Rating.EASY, duration_ms=2000)
    package = tmp_path / "cohort.apkg"
    code, _, err = run_cli(
        capsys, "export", "--deck", "Cohort", "--format", "apkg", "-o", str(package)
    )
    assert code == 0, err
    code, out, err = _publish(capsys, str(package))
    assert code == 0, err
    assert "ben: got notes added 3, updated 0, unchanged 0; cards added 3" in out
    ben = _db(group, "ben")
    assert _query(ben, "SELECT count(*) FROM review_log") == [(0,)]
    cohort_states = _query(
        ben,
        "SELECT c.state FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.name = 'Cohort'",
    )
    assert cohort_states == [(0,), (0,), (0,)]


def test_a_learners_own_edit_gives_way_to_the_trainers_text_and_the_rest_stays(
    group: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What docs/group.md says of a learner's edits: the published text wins over the learner's
    edit of it (as a re-import does), the learner's exam tags, suspensions and moves stay."""
    assert _publish(capsys, str(_deck(tmp_path, "cohort.toml", V1)))[0] == 0
    ana = _db(group, "ana")
    with closing(sqlite3.connect(ana)) as connection, connection:
        connection.execute(
            "UPDATE notes SET fields = json_set(fields, '$.Back', 'my own words'), "
            "tags = ' mine exam::psm-1::team ' WHERE source_ref = 'scrum-values'"
        )
        connection.execute(
            "UPDATE cards SET suspended = 1 WHERE note_id = "
            "(SELECT id FROM notes WHERE source_ref = 'scrum-values')"
        )
    code, out, err = _publish(capsys, str(_deck(tmp_path, "cohort.toml", V2)))
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "ana: got notes added 1, updated 2, unchanged 0; cards added 1; "
        "1 note(s) no longer in the deck (kept)",
        "ben: got notes added 1, updated 1, unchanged 1; cards added 1; "
        "1 note(s) no longer in the deck (kept)",
    ]
    assert _back(ana, "scrum-values") == "Commitment, focus, openness, respect and courage."
    assert _query(ana, "SELECT tags FROM notes WHERE source_ref = 'scrum-values'") == [
        (" exam::psm-1::team ",)
    ]
    assert _query(
        ana,
        "SELECT suspended FROM cards WHERE note_id = "
        "(SELECT id FROM notes WHERE source_ref = 'scrum-values')",
    ) == [(1,)]


def test_a_card_the_trainer_took_out_of_a_note_goes_with_its_answers_and_says_so(
    group: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/group.md: a note that makes fewer cards would lose the card with its answers, as
    an edit would: only with --remove-cards."""
    two = HEADER.format(version="1") + (
        '\n[[cards]]\nid = "pillars"\ntype = "cloze"\n'
        'text = "The pillars are {{c1::transparency}} and {{c2::inspection}}."\n'
    )
    one = two.replace("{{c2::inspection}}", "inspection")
    assert _publish(capsys, str(_deck(tmp_path, "cohort.toml", two)))[0] == 0
    ana = _db(group, "ana")
    cloze_cards = _query(
        ana,
        "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
        "WHERE n.source_ref = 'pillars' ORDER BY c.ord",
    )
    settings = Settings(data_dir=group, timezone="UTC", profile="ana")
    with build_services(settings, FixedClock(START), seed=1) as services:
        session = services.study.start_filtered([int(str(cloze_cards[1][0]))])
        assert session.next_card() is not None  # c2, the deletion the trainer takes out
        session.answer(Rating.EASY, duration_ms=2000)
    assert _query(ana, "SELECT count(*) FROM review_log") == [(1,)]
    code, out, _ = _publish(capsys, str(_deck(tmp_path, "cohort.toml", one)), "--dry-run")
    assert code == 0
    assert out.splitlines()[0] == (
        "ana: would get notes added 0, updated 1, unchanged 0; cards added 0, "
        "removed 1 (with their answers)"
    )
    before = [_everything(ana), _everything(_db(group, "ben"))]
    code, out, _ = _publish(capsys, str(_deck(tmp_path, "cohort.toml", one)))
    assert code == 1
    assert out.splitlines()[:2] == [
        "ana: not published: it would remove 1 card(s), and any answers to them (notes that "
        "now make fewer cards); nothing was changed: --remove-cards accepts that",
        "ben: not published: it would remove 1 card(s), and any answers to them (notes that "
        "now make fewer cards); nothing was changed: --remove-cards accepts that",
    ]
    assert [_everything(ana), _everything(_db(group, "ben"))] == before
    code, out, _ = _publish(capsys, str(_deck(tmp_path, "cohort.toml", one)), "--remove-cards")
    assert code == 0
    assert out.splitlines()[0] == (
        "ana: got notes added 0, updated 1, unchanged 0; cards added 0, "
        "removed 1 (with their answers)"
    )
    assert _query(ana, "SELECT count(*) FROM review_log") == [(0,)]
    assert _query(ana, f"SELECT count(*) FROM cards WHERE id = {cloze_cards[1][0]}") == [(0,)]


def test_a_csv_file_and_a_bundled_deck_id_publish_too(
    group: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = _deck(tmp_path, "terms.csv", "front,back\nWIP,Work in progress\nDoD,Definition of Done\n")
    code, out, err = _publish(capsys, str(csv))
    assert code == 0, err
    assert out.splitlines()[0] == "ana: got notes added 2, updated 0, unchanged 0; cards added 2"
    assert _query(_db(group, "ben"), "SELECT name FROM decks WHERE name = 'terms'") == [("terms",)]
    # the bundled Scrum deck every learner got on first run: already there, nothing to add
    code, out, err = _publish(capsys, "scrum", "--dry-run")
    assert code == 0, err
    for line in out.splitlines()[:2]:
        assert "would get notes added 0, updated 0, unchanged " in line
    assert out.splitlines()[2] == "scrum.toml: would publish to 2 of 2 learner(s)"
