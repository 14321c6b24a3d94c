"""``pmstudy group publish`` on a real PostgreSQL, through real roles.

The group's owner (the test server's superuser) adds two learners and a trainer; the learners
study through their own login roles; the owner publishes a deck and then a new version of it:
each learner sees the new text with every answer kept, and still owns (and may study) the
schema. The trainer's role, which reads only, is refused in one line and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from pmstudy.db.migrate import HEAD_REVISION
from tests.pg.test_learner_profiles import as_user, pmstudy
from tests.profiles.test_group_publish import V1, V2, study_cohort

LEARNERS = ("ana", "ben")


def _rows(url: str, schema: str) -> dict[str, list[tuple[object, ...]]]:
    """What a publication could change in the schema, read as ``url``'s role."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: [tuple(r) for r in connection.execute(text(sql.format(s=schema)))]
                for table, sql in (
                    ("notes", "SELECT id, guid, fields::text, tags FROM {s}.notes ORDER BY id"),
                    (
                        "cards",
                        "SELECT id, note_id, ord, state, stability, difficulty, due, "
                        "last_review, reps, lapses FROM {s}.cards ORDER BY id",
                    ),
                    ("review_log", "SELECT * FROM {s}.review_log ORDER BY id"),
                )
            }
    finally:
        engine.dispose()


def _back(url: str, schema: str, card_id: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            fields = connection.execute(
                text(f"SELECT fields FROM {schema}.notes WHERE source_ref = :r"), {"r": card_id}
            ).scalar_one()
    finally:
        engine.dispose()
    return str(fields["Back"])


def test_owner_publishes_learners_keep_progress_trainer_is_refused(
    pg_url: str, tmp_path: Path
) -> None:
    for command in (
        ("group", "add-learner", "ana"),
        ("group", "add-learner", "ben"),
        ("group", "add-trainer", "tina"),
    ):
        done = pmstudy(pg_url, tmp_path, *command)
        assert done.returncode == 0, done.stderr
    v1, v2 = tmp_path / "v1" / "cohort.toml", tmp_path / "v2" / "cohort.toml"
    for path, body in ((v1, V1), (v2, V2)):
        path.parent.mkdir()
        path.write_text(body, encoding="utf-8")

    done = pmstudy(pg_url, tmp_path, "group", "publish", str(v1))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "ana: got notes added 3, updated 0, unchanged 0; cards added 3",
        "ben: got notes added 3, updated 0, unchanged 0; cards added 3",
        "cohort.toml: published to 2 of 2 learner(s)",
    ]

    urls = {name: as_user(pg_url, f"pmstudy_{name}") for name in LEARNERS}
    study_cohort(tmp_path / "a", "ana", 3, url=urls["ana"])
    study_cohort(tmp_path / "b", "ben", 1, url=urls["ben"])
    studied = {name: _rows(urls[name], f"learner_{name}") for name in LEARNERS}
    assert [len(studied[n]["review_log"]) for n in LEARNERS] == [3, 1]

    # the trainer reads every learner and may publish to none: one line, nothing changed
    refused = pmstudy(as_user(pg_url, "tina"), tmp_path / "t", "group", "publish", str(v2))
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        "pmstudy: error: role tina may read the learners' collections but change none "
        "(trainers read only); nothing was published: publish as the group's owner"
    ]
    assert {name: _rows(urls[name], f"learner_{name}") for name in LEARNERS} == studied

    dry = pmstudy(pg_url, tmp_path, "group", "publish", str(v2), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[0] == (
        "ana: would get notes added 1, updated 1, unchanged 1; cards added 1; "
        "1 note(s) no longer in the deck (kept)"
    )
    assert {name: _rows(urls[name], f"learner_{name}") for name in LEARNERS} == studied

    done = pmstudy(pg_url, tmp_path, "group", "publish", str(v2), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [entry["learner"] for entry in report["learners"]] == ["ana", "ben"]
    for entry in report["learners"]:
        assert entry["summary"]["notes"] == {
            "added": 1,
            "updated": 1,
            "unchanged": 1,
            "skipped": 0,
        }
        assert entry["summary"]["removed_upstream_kept"] == 1

    for name in LEARNERS:
        # read through the learner's own role: the schema is still theirs
        after = _rows(urls[name], f"learner_{name}")
        assert after["review_log"] == studied[name]["review_log"]
        before_cards = studied[name]["cards"]
        assert after["cards"][: len(before_cards)] == before_cards
        assert len(after["cards"]) == len(before_cards) + 1
        assert _back(urls[name], f"learner_{name}", "sprint-length") == "One month or less."
        assert _back(urls[name], f"learner_{name}", "daily-scrum") == "15 minutes."
    # ana studies on, the new card included, through her role
    study_cohort(tmp_path / "a", "ana", 1, url=urls["ana"])
    assert len(_rows(urls["ana"], "learner_ana")["review_log"]) == 4
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        owners = set(
            connection.execute(
                text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'learner_ben'")
            ).scalars()
        )
    engine.dispose()
    assert owners == {"pmstudy_ben"}
    # the trainer still reads what was published
    assert _back(as_user(pg_url, "tina"), "learner_ben", "product-goal") == "The Product Backlog."

    again = pmstudy(pg_url, tmp_path, "group", "publish", str(v2))
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[1] == (
        "ben: got notes added 0, updated 0, unchanged 3; cards added 0; "
        "1 note(s) no longer in the deck (kept)"
    )


def test_a_learner_behind_is_told_to_upgrade_and_the_other_gets_the_deck(
    pg_url: str, tmp_path: Path
) -> None:
    for name in LEARNERS:
        assert pmstudy(pg_url, tmp_path, "group", "add-learner", name).returncode == 0
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE learner_ben.alembic_version SET version_num = '0009'"))
        connection.execute(text("DROP TABLE learner_ben.eligibility_entries"))
    engine.dispose()
    deck = tmp_path / "cohort.toml"
    deck.write_text(V1, encoding="utf-8")
    done = pmstudy(pg_url, tmp_path, "group", "publish", str(deck))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "ana: got notes added 3, updated 0, unchanged 0; cards added 3",
        f"ben: not published: schema 0009 is older than this pmstudy's {HEAD_REVISION}; "
        "run 'pmstudy group upgrade' first",
        "cohort.toml: published to 1 of 2 learner(s)",
    ]
    assert pmstudy(pg_url, tmp_path, "group", "upgrade").returncode == 0
    done = pmstudy(pg_url, tmp_path, "group", "publish", str(deck))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == (
        "ben: got notes added 3, updated 0, unchanged 0; cards added 3"
    )
