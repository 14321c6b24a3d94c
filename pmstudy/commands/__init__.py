"""Subcommand modules; each exposes ``register(subparsers)`` and is listed in MODULES."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

    from pmstudy.commands.common import Subparsers

# Every command module, in the order ``pmstudy --help`` lists their commands, with the
# commands each registers (tests/cli/test_parser.py holds this to what ``register`` adds).
# A command line that names one command builds that module's parser only: importing every
# module costs a tenth of a second of each command's start.
MODULES: dict[str, tuple[str, ...]] = {
    "core": ("decks", "deck", "stats", "db"),
    "exams": ("exam", "readiness", "plan", "coverage"),
    "mock": ("mock",),
    "transfer": ("import", "export"),
    "tuning": ("optimize", "evaluate", "reschedule", "simulate"),
    "postpone": ("postpone", "advance", "break"),
    "calendar": ("calendar",),
    "browse": ("cards",),
    "custom_study": ("custom",),
    "classify": ("classify",),
    "profiles": ("profiles",),
    "eligibility": ("eligibility",),
    "group": ("group",),
    "history": ("history",),
}


def modules(names: Sequence[str] | None = None) -> list[ModuleType]:
    """The command modules named (default: every one), imported on demand so that
    ``pmstudy --version`` and each single command stay fast."""
    return [import_module(f"{__name__}.{name}") for name in names or MODULES]


def module_of(command: str) -> str | None:
    """The module that registers ``command`` (None: no command is called so)."""
    return next((name for name, commands in MODULES.items() if command in commands), None)


def register_all(sub: Subparsers, command: str | None = None) -> None:
    """Add the subcommands: ``command``'s module's only when it names one, else every one."""
    module = None if command is None else module_of(command)
    for each in modules(None if module is None else [module]):
        each.register(sub)
