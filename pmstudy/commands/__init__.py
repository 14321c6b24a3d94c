"""Subcommand modules; each exposes ``register(subparsers)`` and is listed in MODULES."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmstudy.commands.common import Subparsers


def modules() -> list[ModuleType]:
    """Every command module, imported lazily so that ``pmstudy --version`` stays fast."""
    from pmstudy.commands import (
        browse,
        calendar,
        classify,
        core,
        custom_study,
        eligibility,
        exams,
        group,
        history,
        mock,
        postpone,
        profiles,
        transfer,
        tuning,
    )

    return [
        core,
        exams,
        mock,
        transfer,
        tuning,
        postpone,
        calendar,
        browse,
        custom_study,
        classify,
        profiles,
        eligibility,
        group,
        history,
    ]


def register_all(sub: Subparsers) -> None:
    """Add every module's subcommands."""
    for module in modules():
        module.register(sub)
