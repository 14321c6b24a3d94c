"""Errors meant for the user: one readable sentence, no traceback."""

from __future__ import annotations


class PmStudyError(Exception):
    """A problem the user can act on; ``str(error)`` is the whole message."""

    exit_code = 1


class DatabaseStateError(PmStudyError):
    """The database cannot be used as it is (foreign, newer, corrupt); it was not touched."""


class NotFoundError(PmStudyError):
    """A deck, card or exam named by the user does not exist."""


class BackupError(PmStudyError):
    """A database backup could not be written whole; nothing was changed (no upgrade ran)."""
