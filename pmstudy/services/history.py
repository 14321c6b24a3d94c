"""One learner on two machines without a shared server: carry the history across in a file.

``export`` writes every answered card's memory and review log (``pmstudy.io.history_file``);
``merge`` joins a file's logs to this profile's, card by card
(``pmstudy.domain.scheduling.history_merge``), in one transaction. Cards the file names that
are not here are counted, not created: notes travel as decks (bundled, or the same file
imported on both machines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pmstudy.clock import Clock
from pmstudy.db.history import card_histories, histories_named, store_merges
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.scheduling import CardMerge, DayClock, MergeKind, Scheduler, merge_card
from pmstudy.io.errors import ExportError


@dataclass(frozen=True)
class HistoryExport:
    """What an export wrote."""

    path: Path
    cards: int
    reviews: int


@dataclass
class HistoryMerge:
    """What a merge did (or, in a dry run, would do)."""

    path: Path
    cards_in_file: int = 0
    unchanged: int = 0
    taken: int = 0
    replayed: int = 0
    reviews_added: int = 0
    missing: int = 0
    missing_decks: list[str] = field(default_factory=list)
    dry_run: bool = False

    def count(self, kind: MergeKind, added: int) -> None:
        """Count one card's merge."""
        self.unchanged += kind == MergeKind.UNCHANGED
        self.taken += kind == MergeKind.TAKEN
        self.replayed += kind == MergeKind.REPLAYED
        self.reviews_added += added

    def as_dict(self) -> dict[str, object]:
        """The summary as JSON-ready data."""
        return {
            "file": str(self.path),
            "cards_in_file": self.cards_in_file,
            "unchanged": self.unchanged,
            "took_file_state": self.taken,
            "replayed": self.replayed,
            "reviews_added": self.reviews_added,
            "missing": self.missing,
            "missing_decks": self.missing_decks,
            "dry_run": self.dry_run,
        }


class HistoryService:
    """Export this profile's history; merge another machine's."""

    def __init__(self, db: Database, clock: Clock, days: DayClock, profile: str | None) -> None:
        self._db = db
        self._clock = clock
        self._days = days
        self._profile = profile

    def export(self, path: Path, *, force: bool = False) -> HistoryExport:
        """Write the history file at ``path`` (an existing file only with ``force``)."""
        from pmstudy.io.history_file import write_history

        if path.exists() and not force:
            raise ExportError(f"{path}: exists (--force replaces it)")
        with self._db.read() as uow:
            cards = card_histories(uow.session)
        count, reviews = write_history(
            cards, path, exported_at=self._clock.now(), profile=self._profile
        )
        return HistoryExport(path, count, reviews)

    def merge(self, path: Path, *, dry_run: bool = False) -> HistoryMerge:
        """Join the file's history to this profile's, in one transaction."""
        from pmstudy.io.history_file import read_history

        incoming = read_history(path)
        summary = HistoryMerge(path, cards_in_file=len(incoming), dry_run=dry_run)
        # a dry run's unit is a reader's: closed without a commit, its writes roll back
        with self._db.read() if dry_run else self._db.write() as uow:
            here = histories_named(uow.session, ((c.guid, c.ord) for c in incoming))
            presets = uow.repo.presets_by_deck()
            schedulers: dict[int, Scheduler] = {}
            changed: list[tuple[int, CardMerge]] = []
            for card in incoming:
                found = here.get((card.guid, card.ord))
                if found is None:
                    summary.missing += 1
                    if card.deck not in summary.missing_decks:
                        summary.missing_decks.append(card.deck)
                    continue
                card_id, deck_id, local = found
                scheduler = schedulers.get(deck_id)
                if scheduler is None:
                    scheduler = schedulers[deck_id] = Scheduler(presets[deck_id], self._days)
                merged = merge_card(local, card, scheduler)
                summary.count(merged.kind, len(merged.added))
                if merged.kind != MergeKind.UNCHANGED:
                    changed.append((card_id, merged))
            store_merges(uow.session, changed)
        summary.missing_decks.sort()
        return summary
