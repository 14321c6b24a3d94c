"""What every command shares: building services, printing JSON, usage errors.

Light to import (no pydantic, no settings): ``pmstudy`` forks its read-ahead child
(services/opening.py) before those load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import re
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from pmstudy.clock import Clock, ShiftedClock, SystemClock
from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    from pmstudy.domain.deck_tree import DeckNode
    from pmstudy.services.container import Services
    from pmstudy.settings import Settings


if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[Any]


class UsageError(PmStudyError):
    """Bad command-line usage (exit 2)."""

    exit_code = 2


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become UsageError (one line, exit 2)."""

    def error(self, message: str) -> NoReturn:
        """Raise instead of printing usage and exiting."""
        raise UsageError(f"{message} (see '{self.prog} --help')")


# What ``ensure_ascii=False`` leaves raw but a terminal acts on (DEL, C1 controls such as
# the one-byte CSI, bidi overrides): written as \u escapes, as JSON allows in any string.
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def day_argument(text: str) -> dt.date:
    """An argparse type: a calendar day written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def print_json(value: object) -> None:
    """Pretty JSON on stdout (text as it is, but nothing a terminal would obey)."""
    text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    print(_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))


def make_clock(settings: Settings) -> Clock:
    """The real clock, or one starting at PMSTUDY_NOW."""
    return ShiftedClock(settings.now) if settings.now else SystemClock()


def make_services(settings: Settings, *, sync_decks: bool = True) -> Services:
    """Build every service once (the composition root)."""
    services = open_services(settings, sync_decks=sync_decks)
    report_upgrade(services)
    return services


def open_services(settings: Settings, *, sync_decks: bool = True) -> Services:
    """``make_services`` without a word: the app opens them while it is on the screen."""
    from pmstudy.services.container import build_services

    services = build_services(settings, make_clock(settings), sync_decks=sync_decks)
    resume_collector()  # start-up is over
    return services


def read_deck_tree(settings: Settings) -> list[DeckNode] | None:
    """The deck tree, read through a read-only opening (the app's read-ahead child,
    services/opening.py): nothing is written, and a database that is missing or behind this
    pmstudy's schema raises instead of being made or upgraded.

    None on PostgreSQL: the app waits for this before it opens its own services, and a
    server's round trips would hold that back instead of a local file's quick read.
    """
    if settings.database_url is not None:
        return None
    from pmstudy.services.container import build_services

    services = build_services(settings, make_clock(settings), read_only=True)
    try:
        return services.study.deck_tree()
    finally:
        services.close()


class _StartUp:
    collector_paused = False
    objects_frozen = False


def pause_collector() -> None:
    """Pause the cyclic garbage collector for start-up (``cli.main``, first thing).

    Start-up makes tens of thousands of objects (modules, classes, the ORM's tables) and no
    garbage: the collector would walk them over and over, a sixth of the start-up. It runs
    again once the services are open, at the latest when the command is done.
    """
    if gc.isenabled():
        gc.disable()
        _StartUp.collector_paused = True


def resume_collector() -> None:
    """Start-up is over: the collector runs again (if ``pause_collector`` paused it).

    What start-up made is frozen out of its way first: else its first full collection would
    walk all of it at once, a tenth of a second in the middle of the dashboard's first query.
    """
    if _StartUp.collector_paused:
        _StartUp.collector_paused = False
        _StartUp.objects_frozen = True
        gc.freeze()
        gc.enable()


def command_done(*, process_ends: bool = False) -> None:
    """The command is over (``cli.main``, last thing): the collector runs again.

    When the process ends right after it (``process_ends``: ``pmstudy`` run from the shell),
    everything is frozen: the interpreter's exit would otherwise walk it all with the collector
    (0.2 s after a large import). Else start-up's objects may be collected again: a caller
    that runs more (a test) does not keep them.
    """
    resume_collector()
    if process_ends:
        gc.freeze()
    elif _StartUp.objects_frozen:
        _StartUp.objects_frozen = False
        gc.unfreeze()


def report_upgrade(services: Services) -> None:
    """When the database was upgraded at start-up, say where the copy from before it went."""
    if services.backup is not None:
        print(f"pmstudy: database upgraded; backup: {services.backup}", file=sys.stderr)


def print_summary(summary: dict[str, object]) -> None:
    """One import summary, human-readable."""
    notes = summary["notes"]
    assert isinstance(notes, dict)
    cards = summary["cards"]
    assert isinstance(cards, dict)
    prefix = "would import" if summary.get("dry_run") else "imported"
    print(
        f"{summary['source']}: {prefix} notes added {notes['added']}, updated {notes['updated']}, "
        f"unchanged {notes['unchanged']}, skipped {notes['skipped']}; cards added "
        f"{cards['added']}, removed {cards['removed']}; reviews {summary['reviews']}; "
        f"media {summary['media']}"
    )
    skipped = summary.get("skipped")
    if isinstance(skipped, list):
        for reason in skipped:
            print(f"  skipped: {reason}")
