"""``pmstudy group``: a study group on a shared PostgreSQL (docs/profiles.md, README).

Run by the group's owner (a PostgreSQL superuser, or the database's owner with CREATEROLE):
``add-learner`` gives a learner a login role and a schema, ``add-trainer`` a read-only trainer,
``upgrade`` brings every learner's schema to this pmstudy's. ``learners`` lists the profiles an
account can see. Other group commands (the report, deck publication) register beside these.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pmstudy.commands.common import Parser, make_clock, print_json
from pmstudy.errors import PmStudyError
from pmstudy.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from pmstudy.commands.common import Subparsers

NEEDS_SERVER = (
    "study groups need a shared PostgreSQL: set PMSTUDY_DATABASE_URL "
    "(on one machine, 'pmstudy --profile NAME' keeps learners apart)"
)


def server_engine(settings: Settings) -> Engine:
    """An engine on the group's database as the account in the URL (no learner schema)."""
    from pmstudy.db.engine import make_engine

    if settings.database_url is None or settings.database_url.startswith("sqlite"):
        raise PmStudyError(NEEDS_SERVER)
    return make_engine(settings.database_url)


@contextmanager
def owner_transaction(settings: Settings) -> Iterator[Connection]:
    """One transaction on the group's database as the account in the URL."""
    engine = server_engine(settings)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise PmStudyError("--password-stdin: no password on standard input")
    return line


def _upgrade_learner(settings: Settings, name: str) -> str | None:
    """Create or upgrade the learner's tables (bundled decks installed as on first use), then
    hand them to the learner's role; the backup path when one was made."""
    from pmstudy.db.learners import secure_schema
    from pmstudy.services.container import build_services

    with build_services(settings.model_copy(update={"profile": name}), make_clock(settings)) as s:
        made = s.backup
    if settings.database_url is None:  # a profile folder: the file system keeps it apart
        return None if made is None else str(made)
    with owner_transaction(settings) as connection:
        secure_schema(connection, name)
    return None if made is None else str(made)


def cmd_add_learner(settings: Settings, args: argparse.Namespace) -> int:
    """Create a learner's role and schema (idempotent), ready to study."""
    from pmstudy.db.learners import add_learner, learner_role
    from pmstudy.db.migrate import HEAD_REVISION
    from pmstudy.settings import learner_schema

    password = _password(args)
    with owner_transaction(settings) as connection:
        created = add_learner(connection, args.name, password)
    _upgrade_learner(settings, args.name)
    role = learner_role(args.name)
    print(
        f"learner {args.name}: login role {role} ({'new' if created else 'already there'}), "
        f"schema {learner_schema(args.name)} at {HEAD_REVISION}"
    )
    print(f"  the learner connects as {role} and runs: pmstudy --profile {args.name}")
    return 0


def cmd_add_trainer(settings: Settings, args: argparse.Namespace) -> int:
    """Create a trainer's login role: reads every learner, changes none."""
    from pmstudy.db.learners import add_trainer, profile_names, secure_schema

    password = _password(args)
    with owner_transaction(settings) as connection:
        created = add_trainer(connection, args.name, password)
        for name in profile_names(connection):
            secure_schema(connection, name)
    print(f"trainer {args.name}: login role ({'new' if created else 'already there'})")
    print("  the trainer connects as that role and runs: pmstudy group report")
    return 0


def cmd_learners(settings: Settings, args: argparse.Namespace) -> int:
    """List the learner profiles this account can see."""
    from pmstudy.services.profiles import learner_names

    names = learner_names(settings)
    if args.json:
        print_json(names)
        return 0
    if not names:
        print("no learner profiles visible to this account")
    for name in names:
        print(name)
    return 0


def cmd_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    """Upgrade every learner's schema, one at a time; report each."""
    from pmstudy.db.migrate import HEAD_REVISION
    from pmstudy.services.profiles import learner_names

    names = learner_names(settings)
    failed = 0
    for name in names:
        try:
            made = _upgrade_learner(settings, name)
        except PmStudyError as exc:
            failed += 1
            print(f"{name}: not upgraded: {exc}")
            continue
        print(f"{name}: at {HEAD_REVISION}" + (f" (backup {made})" if made else ""))
    if not names:
        print("no learner profiles visible to this account")
    return 1 if failed else 0


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    """The trainer's report (commands/group_report.py, loaded only when asked for)."""
    from pmstudy.commands.group_report import cmd_report as report

    return report(settings, args)


def register(sub: Subparsers) -> None:
    """Add ``group`` and its subcommands."""
    group = sub.add_parser("group", help="a study group on a shared PostgreSQL: learners, trainers")
    group_sub = group.add_subparsers(dest="group_command", required=True, parser_class=Parser)

    learner = group_sub.add_parser(
        "add-learner", help="give a learner a login role and a private schema (owner only)"
    )
    learner.add_argument("name", help="the learner's profile name (letters, digits, - or _)")
    learner.add_argument(
        "--password-stdin", action="store_true", help="read the role's password from stdin"
    )
    learner.set_defaults(handler=cmd_add_learner)

    trainer = group_sub.add_parser(
        "add-trainer", help="give a trainer a login role that reads every learner (owner only)"
    )
    trainer.add_argument("name", help="the trainer's login role name")
    trainer.add_argument(
        "--password-stdin", action="store_true", help="read the role's password from stdin"
    )
    trainer.set_defaults(handler=cmd_add_trainer)

    learners = group_sub.add_parser("learners", help="the learner profiles this account can see")
    learners.add_argument("--json", action="store_true", help="print as JSON")
    learners.set_defaults(handler=cmd_learners)

    upgrade = group_sub.add_parser(
        "upgrade", help="upgrade every learner's schema to this pmstudy (owner only)"
    )
    upgrade.set_defaults(handler=cmd_upgrade)

    report = group_sub.add_parser(
        "report", help="every learner's readiness, last mock, exam countdown, 7-day activity"
    )
    report.add_argument(
        "--with-plan",
        action="store_true",
        help="also readiness and pass probability if each learner follows the plan "
        "(a simulation per exam: slower)",
    )
    report.add_argument("--json", action="store_true", help="print as JSON")
    report.set_defaults(handler=cmd_report)

    from pmstudy.commands import group_publish

    group_publish.register(group_sub)
