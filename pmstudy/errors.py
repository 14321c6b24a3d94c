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


class DatabaseUnavailableError(PmStudyError):
    """The database refused a write for now (busy, disk full); the write was rolled back whole.

    Whatever was being saved can be tried again; the TUI keeps it instead of ending.
    """


class DatabaseBusyError(DatabaseUnavailableError):
    """Another process held the write lock for longer than the busy timeout."""


class DatabaseFullError(DatabaseUnavailableError):
    """The disk (or the database's size limit) is full."""


class DatabaseReadOnlyError(DatabaseStateError):
    """The database file, or the folder that holds it, cannot be written."""


class DatabaseDamagedError(DatabaseStateError):
    """SQLite found a corrupt page: the file is not used (a foreign file is refused apart)."""


class SchemaBehindError(DatabaseStateError):
    """A database at an older schema opened for reading only (it is not upgraded then):
    ``revision`` is its schema, ``head`` this pmstudy's."""

    def __init__(self, revision: str, head: str) -> None:
        super().__init__(
            f"schema {revision} is older than this pmstudy's {head}; run pmstudy group upgrade"
        )
        self.revision = revision
        self.head = head


class CardsWouldGoError(PmStudyError):
    """An import told to keep every card (``ImportOptions.keep_cards``) would remove some: a
    note that now makes fewer cards. It was rolled back; ``removed`` is how many."""

    def __init__(self, removed: int) -> None:
        super().__init__(
            f"it would remove {removed} card(s), and any answers to them (notes that now make "
            "fewer cards); nothing was changed"
        )
        self.removed = removed
