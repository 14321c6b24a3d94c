"""Deterministic synthetic collections for benchmarks (raw sqlite3 for speed).

``make_collection(path, cards=100_000, reviews_per_card=10, seed=7)`` builds a migrated pmstudy
database with one deck tree, a mix of new / learning / review cards, and a review log.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from pathlib import Path

from pmstudy.db import migrate
from pmstudy.db.engine import make_engine

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def _ts(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def make_collection(
    path: Path, *, cards: int, reviews_per_card: int = 10, seed: int = 7, decks: int = 20
) -> dict[str, int]:
    """Create the collection at ``path``; returns counts of what was written."""
    if path.exists():
        path.unlink()
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, backup_dir=path.parent / "backups", now=NOW)
    engine.dispose()
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    created = _ts(NOW - dt.timedelta(days=400))
    with connection:
        connection.execute(
            "INSERT INTO presets (id, name, new_per_day, max_reviews_per_day, desired_retention,"
            " learning_steps, relearning_steps, max_interval_days, leech_threshold, leech_action,"
            " bury_siblings) VALUES (1, 'Default', 20, 200, 0.9, '[60, 600]', '[600]', 36500, 8,"
            " 'suspend', 1)"
        )
        connection.execute(
            "INSERT INTO note_types (id, name, kind, fields, templates, html) VALUES "
            "(1, 'Basic', 'basic', '[\"Front\", \"Back\", \"Extra\"]', '[]', 0)"
        )
        connection.execute(
            "INSERT INTO decks (id, name, preset_id, description, created_at) VALUES "
            "(1, 'Bench', 1, '', ?)",
            (created,),
        )
        connection.executemany(
            "INSERT INTO decks (id, name, preset_id, description, created_at) VALUES "
            "(?, ?, 1, '', ?)",
            [(i + 2, f"Bench::Part {i:02d}", created) for i in range(decks)],
        )
        notes = []
        card_rows = []
        review_rows = []
        review_id = 0
        for number in range(1, cards + 1):
            fields = json.dumps({"Front": f"Question {number}", "Back": f"Answer {number}"})
            notes.append(
                (
                    number,
                    f"bench-{number}",
                    1,
                    fields,
                    f" bench topic::{number % 50} ",
                    created,
                    created,
                )
            )
            deck = 2 + number % decks
            roll = rng.random()
            if roll < 0.3:
                card_rows.append(
                    (
                        number,
                        number,
                        deck,
                        0,
                        0,
                        None,
                        None,
                        None,
                        None,
                        None,
                        0,
                        0,
                        number,
                        0,
                        None,
                        0,
                        created,
                    )
                )
                continue
            stability = rng.lognormvariate(2.5, 1.0)
            difficulty = rng.uniform(2, 9)
            last = NOW - dt.timedelta(days=rng.uniform(0, stability * 1.2))
            due = last + dt.timedelta(days=max(stability, 1 / 144))
            state = 2 if roll > 0.05 else 3
            step = None if state == 2 else 0
            card_rows.append(
                (
                    number,
                    number,
                    deck,
                    0,
                    state,
                    step,
                    stability,
                    difficulty,
                    _ts(due),
                    _ts(last),
                    reviews_per_card,
                    rng.randint(0, 3),
                    number,
                    0,
                    None,
                    0,
                    created,
                )
            )
            answered = last
            for index in range(reviews_per_card):
                review_id += 1
                answered = answered - dt.timedelta(days=rng.uniform(0.5, 20))
                rating = rng.choices([1, 2, 3, 4], weights=[10, 10, 70, 10])[0]
                review_rows.append(
                    (
                        review_id,
                        number,
                        _ts(answered),
                        rating,
                        rng.randint(2000, 15000),
                        "review" if index else "learn",
                        2 if index else 0,
                        stability,
                        difficulty,
                        2,
                        stability,
                        difficulty,
                        _ts(due),
                    )
                )
        connection.executemany(
            "INSERT INTO notes (id, guid, note_type_id, fields, tags, created_at, modified_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            notes,
        )
        connection.executemany(
            "INSERT INTO cards (id, note_id, deck_id, ord, state, step, stability, difficulty,"
            " due, last_review, reps, lapses, position, suspended, buried_until, flag,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            card_rows,
        )
        connection.executemany(
            "INSERT INTO review_log (id, card_id, answered_at, rating, duration_ms, kind,"
            " state_before, stability_before, difficulty_before, state_after, stability_after,"
            " difficulty_after, due_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            review_rows,
        )
    connection.execute("PRAGMA optimize")
    connection.close()
    return {"cards": cards, "reviews": len(review_rows)}
