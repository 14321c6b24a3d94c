"""Deck files: the bundled decks (install, update in place) and importing any deck file
(renaming, moving and removing a deck of the collection: deck_edits.py)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmstudy.clock import Clock
from pmstudy.db.notes import write_notes
from pmstudy.db.unit_of_work import Database
from pmstudy.domain.cards import ImportSummary
from pmstudy.errors import PmStudyError

if TYPE_CHECKING:
    from pmstudy.decks.format import DeckFile

# The deck-file models (pydantic) are imported where a file is parsed, not at start-up: the
# start-up sync only reads ids and digests.

STARTER_DECKS = ("scrum",)
CHOSEN_EXAMS_KEY = "chosen_exams"
DECKS_REMOVED_KEY = "decks_removed"
_DECK_ID = re.compile(rb'^id\s*=\s*"([a-z0-9][a-z0-9._-]*)"', re.MULTILINE)
_FIRST_CARD = re.compile(r"^\[\[cards\]\]", re.MULTILINE)
_CARD_TABLE = re.compile(rb"^\[\[cards\]\]\s*$", re.MULTILINE)


@dataclass(frozen=True)
class DeckHeader:
    """What the deck list shows: a deck file's top-level keys and its number of cards."""

    id: str
    name: str
    description: str
    exams: tuple[str, ...]
    cards: int
    version: str


@dataclass(frozen=True)
class BundledDeck(DeckHeader):
    """A deck shipped with pmstudy: its header, file, and whether it is installed and current."""

    path: Path
    installed: bool
    up_to_date: bool


def deck_top(text: str) -> dict[str, Any] | None:
    """A deck file's keys above its first card (the header and the ``[[sources]]``), without
    parsing the cards (None: not valid TOML)."""
    match = _FIRST_CARD.search(text)
    try:
        return tomllib.loads(text[: match.start()] if match else text)
    except tomllib.TOMLDecodeError:
        return None


def read_header(data: bytes) -> DeckHeader | None:
    """The header of a deck file without parsing its cards (None: not a plain header).

    Listing the bundled decks parsed ~1 MB of TOML through pydantic (~0.5 s); the list only
    needs the keys above the first ``[[...]]`` table and a count of ``[[cards]]`` tables. Any
    file this cannot read plainly goes through the full parser instead.
    """
    try:
        top = deck_top(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    if top is None:
        return None
    keys = ("id", "name", "version")
    exams = top.get("exams", [])
    if not all(isinstance(top.get(k), str) for k in keys) or not isinstance(exams, list):
        return None
    description = top.get("description", "")
    if not isinstance(description, str) or not all(isinstance(e, str) for e in exams):
        return None
    return DeckHeader(
        id=top["id"],
        name=top["name"],
        description=description,
        exams=tuple(exams),
        cards=len(_CARD_TABLE.findall(data)),
        version=top["version"],
    )


class DeckError(PmStudyError):
    """A deck file is malformed; the message lists file:line problems."""


@dataclass(frozen=True)
class ExamChoice:
    """An exam the learner can say they prepare for, and the bundled decks serving it."""

    id: str
    name: str
    status: str
    decks: tuple[str, ...]
    cards: int


def _digest(data: bytes) -> str:
    """The content part of an installed deck's version: ``<deck version>+<digest>``."""
    return hashlib.sha256(data).hexdigest()[:16]


def _source(deck_id: str) -> str:
    return f"deckfile:{deck_id}"


class _RollbackError(Exception):
    """Raised to roll back a dry run."""


class DeckService:
    """Bundled decks and deck-file imports."""

    def __init__(self, db: Database, clock: Clock, decks_dir: Path) -> None:
        self._db = db
        self._clock = clock
        self._dir = decks_dir

    def _read(self, path: Path) -> tuple[DeckFile, str]:
        from pmstudy.decks.format import DeckFile
        from pmstudy.decks.loader import DeckFileError, parse_model, read_text

        try:
            text = read_text(path)
            deck = parse_model(text, str(path), DeckFile)
        except DeckFileError as exc:
            raise DeckError(str(exc)) from exc
        return deck, f"{deck.version}+{_digest(path.read_bytes())}"

    def bundled(self) -> list[BundledDeck]:
        """Every bundled deck, and whether it is installed and current."""
        with self._db.read() as uow:
            installed = uow.repo.deck_sources()
        result = []
        for path in sorted(self._dir.glob("*.toml")):
            data = path.read_bytes()
            header = read_header(data)
            if header is None:
                deck, _ = self._read(path)  # raises the full parser's file:line message
                header = DeckHeader(
                    deck.id,
                    deck.name,
                    deck.description,
                    tuple(deck.exams),
                    len(deck.cards),
                    deck.version,
                )
            source = _source(header.id)
            version = f"{header.version}+{_digest(data)}"
            result.append(
                BundledDeck(
                    **dataclasses.asdict(header),
                    path=path,
                    installed=source in installed,
                    up_to_date=installed.get(source) == version,
                )
            )
        return result

    def import_file(self, path: Path, *, dry_run: bool = False) -> ImportSummary:
        """Import (or re-import) a deck file in one transaction."""
        deck, version = self._read(path)
        return self._write(deck, version, str(path), dry_run=dry_run)

    def _write(self, deck: DeckFile, version: str, name: str, *, dry_run: bool) -> ImportSummary:
        summary = ImportSummary(source=name, dry_run=dry_run)
        source = _source(deck.id)
        now = self._clock.now()
        from pmstudy.decks.to_notes import deck_to_notes

        specs = deck_to_notes(deck)
        try:
            with self._db.write() as uow:
                # a deck the learner renamed or moved keeps its name: the update goes there
                home = uow.repo.deck_of_source(source) or deck.name
                if home != deck.name:
                    specs = [dataclasses.replace(s, deck=home) for s in specs]
                write_notes(
                    uow.session,
                    specs,
                    source=source,
                    now=now,
                    summary=summary,
                    keep_exam_tags_except=deck.exams,
                )
                known = {s.guid for s in specs}
                summary.removed_upstream = len(uow.repo.note_guids(source) - known)
                deck_id = uow.repo.ensure_deck(home, now=now)
                uow.repo.set_deck_source(
                    deck_id, source=source, version=version, description=deck.description
                )
                if dry_run:
                    raise _RollbackError
        except _RollbackError:
            pass
        return summary

    def install(self, deck_ids: list[str]) -> list[ImportSummary]:
        """Install bundled decks by id (re-installing updates them in place)."""
        available = {b.id: b for b in self.bundled()}
        unknown = [d for d in deck_ids if d not in available]
        if unknown:
            raise PmStudyError(
                f"no bundled deck {', '.join(unknown)}; available: {', '.join(sorted(available))}"
            )
        return [self.import_file(available[d].path) for d in deck_ids]

    def exam_choices(self) -> list[ExamChoice]:
        """Every exam some bundled deck serves, with its name and those decks (current first)."""
        from pmstudy.decks.check import load_profiles

        profiles = load_profiles(self._dir / "exams")
        decks = self.bundled()
        choices = []
        for exam_id in sorted({e for b in decks for e in b.exams}):
            profile = profiles.get(exam_id)
            serving = [b for b in decks if exam_id in b.exams]
            choices.append(
                ExamChoice(
                    id=exam_id,
                    name=profile.name if profile else exam_id,
                    status=profile.status if profile else "current",
                    decks=tuple(b.name for b in serving),
                    cards=sum(b.cards for b in serving),
                )
            )
        return sorted(choices, key=lambda c: (c.status != "current", c.name))

    def decks_for_exams(self, exam_ids: list[str]) -> list[BundledDeck]:
        """Bundled decks that serve any of the given exam profiles."""
        wanted = set(exam_ids)
        return [b for b in self.bundled() if wanted & set(b.exams)]

    def exams_chosen(self) -> list[str] | None:
        """The exams picked on first run (None: the learner has not been asked yet)."""
        with self._db.read() as uow:
            value = uow.repo.get_setting(CHOSEN_EXAMS_KEY)
        return [str(v) for v in value] if isinstance(value, list) else None

    def choose_exams(self, exam_ids: list[str]) -> list[ImportSummary]:
        """Remember the learner's exams and install every bundled deck serving them."""
        decks = self.decks_for_exams(exam_ids)
        known = {e for b in self.bundled() for e in b.exams}
        unknown = sorted(set(exam_ids) - known)
        if unknown:
            raise PmStudyError(
                f"no bundled deck serves {', '.join(unknown)}; exams with decks: "
                f"{', '.join(sorted(known))}"
            )
        summaries = self.install([d.id for d in decks if not d.installed])
        with self._db.write() as uow:
            uow.repo.set_setting(CHOSEN_EXAMS_KEY, sorted(set(exam_ids)))
        return summaries

    def sync(self) -> list[ImportSummary]:
        """Update installed bundled decks whose file changed; first run installs the starter.

        Runs at every start, so it reads each file's id and digest without validating it;
        only a changed, installed deck is parsed and re-imported.
        """
        with self._db.read() as uow:
            installed = uow.repo.deck_sources()
            # a collection whose decks were all removed is no first run: nothing comes back
            first_run = not uow.repo.has_decks() and not uow.repo.get_setting(DECKS_REMOVED_KEY)
        if first_run:
            available = {b.id for b in self.bundled()}
            return self.install([d for d in STARTER_DECKS if d in available])
        summaries = []
        for path in sorted(self._dir.glob("*.toml")):
            data = path.read_bytes()
            match = _DECK_ID.search(data)
            if match is None:
                continue
            stored = installed.get(_source(match.group(1).decode()))
            if stored is not None and not stored.endswith("+" + _digest(data)):
                summaries.append(self.import_file(path))
        return summaries
