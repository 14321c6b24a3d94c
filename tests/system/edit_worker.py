"""A process that imports and edits while another studies: the one-learner, two-machines tests.

It keeps editing the studied deck's notes (the Extra field, through the editor) and importing
small CSV files of new notes into another deck, until its time is up; then it writes
``edits imports`` to its tally file.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import select

from pmstudy.clock import SystemClock
from pmstudy.db.models import CardRow, DeckRow
from pmstudy.domain.cards import ImportOptions
from pmstudy.services.container import build_services
from pmstudy.settings import Settings

EDIT_MARK = "edited while studying"
IMPORT_DECK = "Imported meanwhile"


def edit_and_import(
    data_dir: Path,
    deck: str,
    origin: float,
    seconds: float,
    tally: Path,
    database_url: str | None = None,
    profile: str | None = None,
) -> None:
    """From ``origin`` on, for ``seconds``: edit a note of ``deck``, import a CSV, again."""
    settings = Settings(
        data_dir=data_dir, timezone="UTC", database_url=database_url, profile=profile
    )
    data_dir.mkdir(parents=True, exist_ok=True)  # on PostgreSQL nothing else makes it
    services = build_services(settings, SystemClock(), seed=2)
    edits = imports = 0
    try:
        with services.sessions() as session:
            card_ids = list(
                session.scalars(
                    select(CardRow.id)
                    .join(DeckRow, DeckRow.id == CardRow.deck_id)
                    .where(DeckRow.name == deck)
                    .order_by(CardRow.id)
                )
            )
        while time.time() < origin:
            time.sleep(0.001)
        turn = 0
        while time.time() < origin + seconds:
            draft = services.editor.draft(card_ids[turn % len(card_ids)])
            turn += 1
            if "Extra" in draft.fields:  # the deck's basic and cloze notes
                draft.fields["Extra"] = f"{EDIT_MARK} {edits}"
                services.editor.save(draft)
                edits += 1
            csv = data_dir / f"batch-{imports}.csv"
            csv.write_text(
                "".join(f"Term {imports}-{n}\tMeaning {imports}-{n}\n" for n in range(20)),
                encoding="utf-8",
            )
            services.imports.import_file(csv, ImportOptions(deck=IMPORT_DECK))
            imports += 1
    finally:
        services.close()
    tally.write_text(f"{edits} {imports}")
