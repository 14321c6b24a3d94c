"""The one error an import or export raises: a readable sentence naming file, place, field."""

from __future__ import annotations

from pmstudy.errors import PmStudyError


class ImportFileError(PmStudyError):
    """A file cannot be imported; ``str()`` names the file, then where (line, note, member)."""

    def __init__(self, file: str, message: str, *, where: str | None = None) -> None:
        self.file = file
        self.where = where
        self.detail = message
        super().__init__(f"{file}: {where}: {message}" if where else f"{file}: {message}")


class ExportError(PmStudyError):
    """An export cannot be written."""
