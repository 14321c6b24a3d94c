"""Core commands: the TUI, decks, deck files, import, stats, database maintenance."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pmstudy.commands.common import (
    Parser,
    UsageError,
    make_clock,
    make_services,
    open_services,
    print_json,
    print_summary,
    report_upgrade,
)
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers
    from pmstudy.domain.deck_tree import DeckNode
    from pmstudy.services.opening import ReadAhead


def cmd_tui(settings: Settings, args: argparse.Namespace) -> int:
    """Run the TUI; when the learner switches profile in it, run it again on that profile."""
    from pmstudy.services.opening import ServicesOnFirstUse
    from pmstudy.tui.app import PmStudyApp

    # the deck counts a child process reads on another core meanwhile (cli._read_ahead)
    ahead: ReadAhead[list[DeckNode] | None] | None = getattr(args, "read_ahead", None)
    while True:
        # the dashboard opens the database behind its first frame (services/opening.py)
        services = ServicesOnFirstUse(settings, open_services, ahead=ahead)
        ahead = None  # for this profile only
        try:
            app = PmStudyApp(services=services)
            app.run()
        finally:
            services.close()
        if services.opened is not None:
            report_upgrade(services.opened)
        if app.failure is not None:
            raise PmStudyError(app.failure)
        if app.switch_to is None:
            return app.return_code or 0
        # the switcher checked the name; "" is the default profile
        settings = settings.model_copy(update={"profile": app.switch_to or None})


def cmd_decks(settings: Settings, args: argparse.Namespace) -> int:
    """Deck tree with new / learning / due / total."""
    with make_services(settings) as services:
        nodes = services.study.deck_tree()
        retention = services.presets.deck_retentions() if args.json else {}
    if args.json:
        print_json(
            [
                {
                    "id": n.id,
                    "name": n.name,
                    "new": n.counts.new,
                    "learning": n.counts.learning,
                    "due": n.counts.review,
                    "total": n.total,
                    # today's new-card limit and where it comes from: plan, today, preset
                    "new_limit": None if n.new_limit is None else n.new_limit.total,
                    "new_from": None if n.new_limit is None else n.new_limit.source.value,
                    # the deck's own (null: its preset's), and the one its cards follow
                    "desired_retention": retention[n.id].own,
                    "retention": retention[n.id].effective,
                }
                for n in nodes
            ]
        )
        return 0
    width = max((len(n.leaf) + 2 * n.depth for n in nodes), default=4)
    # "New by": where today's new-card number comes from (plan, today, preset)
    print(f"{'Deck':<{width}}  {'New':>5} {'Learn':>5} {'Due':>5} {'Total':>6}  New by")
    for n in nodes:
        label = "  " * n.depth + n.leaf
        c = n.counts
        source = "" if n.new_limit is None else n.new_limit.source.value
        counts = f"{c.new:>5} {c.learning:>5} {c.review:>5} {n.total:>6}"
        print(f"{label:<{width}}  {counts}  {source}".rstrip())
    return 0


def cmd_deck_add(settings: Settings, args: argparse.Namespace) -> int:
    """Install bundled decks, by id or by the exams they serve."""
    if not args.ids and not args.exam:
        raise UsageError("name deck ids or --exam PROFILE (see 'pmstudy deck available')")
    with make_services(settings) as services:
        summaries = services.decks.install(args.ids) if args.ids else []
        if args.exam:
            summaries += services.decks.choose_exams(args.exam)
    for summary in summaries:
        print_summary(summary.as_dict())
    return 0


def cmd_deck_available(settings: Settings, args: argparse.Namespace) -> int:
    """List the bundled decks."""
    with make_services(settings) as services:
        bundled = services.decks.bundled()
    if args.json:
        print_json(
            [
                {
                    "id": b.id,
                    "name": b.name,
                    "exams": list(b.exams),
                    "cards": b.cards,
                    "version": b.version,
                    "installed": b.installed,
                }
                for b in bundled
            ]
        )
        return 0
    for b in bundled:
        mark = "installed" if b.installed else "available"
        print(f"{b.id:<24} {b.cards:>4} cards  {mark:<9}  {b.name}  ({', '.join(b.exams)})")
    return 0


def cmd_deck_check(settings: Settings, args: argparse.Namespace) -> int:
    """Validate deck files."""
    from pmstudy.decks.check import check_files, load_profiles
    from pmstudy.decks.loader import DeckFileError
    from pmstudy.resources import profiles_dir

    try:
        profiles = load_profiles(profiles_dir())
    except DeckFileError as exc:
        raise PmStudyError(str(exc)) from exc
    paths = [Path(p) for p in args.paths]
    problems = check_files(paths, profiles)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len(paths)} file(s)", file=sys.stderr)
        return 1
    print(f"{len(paths)} file(s) OK")
    return 0


def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    """Collection statistics."""
    with make_services(settings) as services:
        overview = services.stats.overview()
        data = overview.as_dict()
        if args.json:
            # The overview's keys stay as they were; the charts add their own sections.
            data.update(services.stats.report().as_json())
            data["calibration"] = services.stats.calibration().as_json()
    if args.json:
        print_json(data)
        return 0
    retention = overview.retention_30d
    lines = [
        (
            "Cards",
            f"{overview.cards_total} (new {overview.cards_new}, learning "
            f"{overview.cards_learning + overview.cards_relearning}, review "
            f"{overview.cards_review}; suspended {overview.cards_suspended}, "
            f"buried {overview.cards_buried})",
        ),
        ("Reviews today", str(overview.reviews_today)),
        ("Reviews total", str(overview.reviews_total)),
        ("Streak", f"{overview.streak_days} day(s)"),
        (
            "Retention (30 days)",
            f"{retention:.1%} of {overview.retention_30d_reviews}"
            if retention is not None
            else "no reviews yet",
        ),
    ]
    for label, value in lines:
        print(f"{label:<20} {value}")
    return 0


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """Database maintenance: upgrade, backup, check."""
    from pmstudy.db import migrate
    from pmstudy.db.engine import make_engine

    clock = make_clock(settings)
    if args.action == "upgrade":
        from pmstudy.services.container import open_database

        engine, made = open_database(settings, clock)
        engine.dispose()
        print(
            f"database at schema {migrate.head_revision()}" + (f"; backup: {made}" if made else "")
        )
        return 0
    engine = make_engine(settings.url, schema=settings.pg_schema)
    try:
        state = migrate.status(engine)
        if args.action == "backup":
            from pmstudy.db.backup import backup

            made = backup(
                engine,
                settings.backup_dir,
                now=clock.now(),
                label="manual",
                keep=settings.backups_kept,
            )
            if made is None:
                raise PmStudyError("only SQLite databases can be backed up by pmstudy")
            print(made)
            return 0
        from sqlalchemy import text

        from pmstudy.db.schema_drift import schema_drift

        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                integrity = connection.execute(text("PRAGMA integrity_check")).scalar()
                foreign = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            else:
                integrity, foreign = "ok", []
            drifts = schema_drift(connection) if state.up_to_date else []
        ok = integrity == "ok" and not foreign and state.up_to_date and not drifts
        print(f"schema: {state.current or 'empty'} (this pmstudy: {state.head})")
        print(f"integrity: {integrity}")
        print(f"foreign keys: {'ok' if not foreign else f'{len(foreign)} problem(s)'}")
        if state.up_to_date:
            print(f"tables and indexes: {'ok' if not drifts else f'{len(drifts)} difference(s)'}")
        for drift in drifts:
            found = f" is {drift.found}" if drift.found else ""
            expected = f", expected {drift.expected}" if drift.expected else ""
            print(f"  {drift.kind}: {drift.name}{found}{expected}")
        if not state.up_to_date:
            print("the schema is behind: run 'pmstudy db upgrade' (a backup is made first)")
        return 0 if ok else 1
    finally:
        engine.dispose()


def register(sub: Subparsers) -> None:
    """Add the core subcommands."""

    decks = sub.add_parser("decks", help="deck tree with new / learning / due / total")
    decks.add_argument("--json", action="store_true", help="print as JSON")
    decks.set_defaults(handler=cmd_decks)

    deck = sub.add_parser("deck", help="bundled decks, deck files; delete, rename or move a deck")
    deck_sub = deck.add_subparsers(dest="deck_command", required=True, parser_class=Parser)
    add = deck_sub.add_parser("add", help="install bundled decks by id")
    add.add_argument("ids", nargs="*", help="bundled deck ids")
    add.add_argument(
        "--exam", action="append", default=[], help="add every deck serving this exam profile"
    )
    add.set_defaults(handler=cmd_deck_add)
    available = deck_sub.add_parser("available", help="list the bundled decks")
    available.add_argument("--json", action="store_true", help="print as JSON")
    available.set_defaults(handler=cmd_deck_available)
    check = deck_sub.add_parser("check", help="validate deck files")
    check.add_argument("paths", nargs="+", metavar="PATH", help="deck files (.toml)")
    check.set_defaults(handler=cmd_deck_check)
    from pmstudy.commands import deck_edit, deck_lint, deck_retention  # not on the way to the TUI

    deck_lint.register(deck_sub)
    deck_edit.register(deck_sub)
    deck_retention.register(deck_sub)

    stats = sub.add_parser("stats", help="cards by state, reviews, streak, retention")
    stats.add_argument("--json", action="store_true", help="print as JSON")
    stats.set_defaults(handler=cmd_stats)

    db = sub.add_parser("db", help="database maintenance: upgrade, backup, check")
    db_sub = db.add_subparsers(dest="action", required=True, parser_class=Parser)
    for action, text in (
        ("upgrade", "bring the database to this pmstudy's schema (a backup is made first)"),
        ("backup", "copy the database into the backups folder and print the copy's path"),
        ("check", "check the schema version, integrity and foreign keys (exit 1 on a problem)"),
    ):
        db_sub.add_parser(action, help=text, description=text[0].upper() + text[1:] + ".")
    db.set_defaults(handler=cmd_db)
