"""What an import produces before anything is written: notes to add or update, and a summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from pmstudy.domain.model import NoteKind


@dataclass(frozen=True, slots=True)
class NoteSpec:
    """A note as a source describes it; ``guid`` is stable across re-imports."""

    guid: str
    kind: NoteKind
    fields: dict[str, str]
    deck: str
    tags: tuple[str, ...] = ()
    source_ref: str | None = None
    note_type: str | None = None  # defaults to the standard type of ``kind``


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do)."""

    source: str
    notes_added: int = 0
    notes_updated: int = 0
    notes_unchanged: int = 0
    notes_skipped: int = 0
    cards_added: int = 0
    cards_removed: int = 0
    reviews_added: int = 0
    media_added: int = 0
    decks_created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # reasons, "line 12: ..."
    removed_upstream: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "source": self.source,
            "notes": {
                "added": self.notes_added,
                "updated": self.notes_updated,
                "unchanged": self.notes_unchanged,
                "skipped": self.notes_skipped,
            },
            "cards": {"added": self.cards_added, "removed": self.cards_removed},
            "reviews": self.reviews_added,
            "media": self.media_added,
            "decks_created": self.decks_created,
            "skipped": self.skipped,
            "removed_upstream_kept": self.removed_upstream,
            "dry_run": self.dry_run,
        }
