"""A package's face (its ``__init__.py``) that loads some of its names on first use.

Faces whose modules pull in NumPy (or the database and the optimiser) name those exports in a
table instead of importing them, so that importing the package (start-up does) stays cheap;
the module answers a name from the table the first time someone asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def loaded_on_first_use(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name in ``homes`` from its module.

    ``homes`` maps a name to the module that defines it, absolute (``pmstudy.domain.exam.plan``)
    or relative to the package (``.plan``).
    """

    def attribute(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(home, package), name)

    return attribute
