"""The titles of the sources bundled deck files cite.

A deck file lists its sources once (``[[sources]]``: key, title, url) and each card cites them
by key in its ``source`` field ("SG6 Scrum theory", "C7 ... (C8 and C6 disagree)"). Only the
field reaches the database; the titles stay in the deck file, which is bundled. So the titles
are read from the bundled files on first use (the part above the first ``[[cards]]`` only,
a few ms), by the source a note records (``deckfile:<deck id>``).
"""

from __future__ import annotations

import re
from pathlib import Path

from pmstudy.services.decks import deck_top

DECK_FILE_SOURCE = "deckfile:"
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def sources_of(text: str) -> tuple[str | None, dict[str, str]]:
    """A deck file's id and its source titles by key (None, {}: not a readable deck file)."""
    top = deck_top(text)
    if top is None:
        return None, {}
    deck_id = top.get("id")
    titles = {
        str(s["key"]): str(s["title"])
        for s in top.get("sources", [])
        if isinstance(s, dict) and s.get("key") and s.get("title")
    }
    return (deck_id if isinstance(deck_id, str) else None), titles


def cited(source: str, titles: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The (key, title) of every source ``source`` names, in order, each once."""
    found: dict[str, str] = {}
    for word in _WORD.findall(source):
        key = word.rstrip(".,;:")
        if key in titles:
            found.setdefault(key, titles[key])
    return tuple(found.items())


class SourceTitles:
    """Source titles of the bundled deck files, by the source recorded on a note."""

    def __init__(self, decks_dir: Path) -> None:
        self._dir = decks_dir
        self._by_deck: dict[str, dict[str, str]] | None = None

    def _tables(self) -> dict[str, dict[str, str]]:
        if self._by_deck is None:
            self._by_deck = {}
            for path in sorted(self._dir.glob("*.toml")):
                deck_id, titles = sources_of(path.read_text(encoding="utf-8"))
                if deck_id is not None and titles:
                    self._by_deck[deck_id] = titles
        return self._by_deck

    def cited(self, note_source: str | None, source: str) -> tuple[tuple[str, str], ...]:
        """The sources a card's ``source`` field cites, with their titles (empty: not a
        bundled deck's note, or no key found)."""
        if not source or not note_source or not note_source.startswith(DECK_FILE_SOURCE):
            return ()
        titles = self._tables().get(note_source.removeprefix(DECK_FILE_SOURCE), {})
        return cited(source, titles)
