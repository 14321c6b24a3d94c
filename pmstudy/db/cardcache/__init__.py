"""The readiness cache, database side: linked cards' columns kept between reads and runs.

- ``changelog``: the ``card_changes`` log the triggers of migration 0004 fill (which cards
  changed after a mark), pruned at start-up;
- ``columns``: one aggregate SQLite pass that reads every linked card's columns into NumPy;
- ``snapshot``: a deck set's columns as of a change-log mark (``CardSnapshot``), brought up
  to date by merging in the cards logged since;
- ``files``: snapshots saved beside the database, trusted only when they check out;
- ``watch``: SQLite's data version on a private connection, which moves with every commit.

The services side (what is kept per data version, per deck set) is
``pmstudy.services.exams.cache``; docs/readiness.md ("Readiness cache") describes the whole.

Every name loads on first use: start-up prunes the change log and needs nothing else here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmstudy.faces import loaded_on_first_use

if TYPE_CHECKING:
    from pmstudy.db.cardcache.changelog import KEEP, Changes, changes_since, current_mark, prune
    from pmstudy.db.cardcache.columns import RawColumns, read_columns
    from pmstudy.db.cardcache.files import SnapshotFiles
    from pmstudy.db.cardcache.snapshot import CardSnapshot, patched, snapshot_of
    from pmstudy.db.cardcache.watch import CollectionWatch

_HOMES = {
    "KEEP": ".changelog",
    "Changes": ".changelog",
    "changes_since": ".changelog",
    "current_mark": ".changelog",
    "prune": ".changelog",
    "RawColumns": ".columns",
    "read_columns": ".columns",
    "SnapshotFiles": ".files",
    "CardSnapshot": ".snapshot",
    "patched": ".snapshot",
    "snapshot_of": ".snapshot",
    "CollectionWatch": ".watch",
}
__getattr__ = loaded_on_first_use(__name__, _HOMES)

__all__ = [
    "KEEP",
    "CardSnapshot",
    "Changes",
    "CollectionWatch",
    "RawColumns",
    "SnapshotFiles",
    "changes_since",
    "current_mark",
    "patched",
    "prune",
    "read_columns",
    "snapshot_of",
]
