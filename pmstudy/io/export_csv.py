"""Write notes as Anki's "Notes in Plain Text": tab-separated with ``#`` headers.

Columns: guid, note type, deck, the note's fields, tags.  ``#html`` is false when every
note is plain text (deck-file notes), so a re-import gives the same text; otherwise true, and
plain-text notes are HTML-escaped.

A cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a
``'`` in front, as OWASP's CSV-injection guidance says; the ``#pmstudy:formulas quoted`` header
tells pmstudy's import to take it off again.  ``raw`` writes every cell as it is.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

from pmstudy.domain.cards import CollectionSlice, ExportSummary, kind_of
from pmstudy.domain.model import Note
from pmstudy.io.text_columns import QUOTED_HEADER, quote_formula


def _fields(note: Note, type_fields: tuple[str, ...]) -> list[str]:
    names = kind_of(note.kind).fields or type_fields  # an imported type has its own fields
    return [note.fields.get(name, "") for name in names]


def write_csv(
    collection: CollectionSlice, path: Path, *, summary: ExportSummary, raw: bool = False
) -> None:
    """Write the notes of ``collection`` to ``path`` (formula cells quoted unless ``raw``)."""
    deck_of: dict[int, str] = {}
    for card in collection.cards:
        deck_of.setdefault(card.note_id, card.deck)
    type_fields = {t.name: t.fields for t in collection.note_types}
    as_html = any(n.html for n in collection.notes)
    rows: list[list[str]] = []
    left_out: set[str] = set()
    for note in collection.notes:
        written = kind_of(note.kind).fields
        if written:
            left_out.update(k for k, v in note.fields.items() if v and k not in written)
        values = _fields(note, type_fields.get(note.note_type, ()))
        if as_html and not note.html:
            values = [html.escape(v, quote=False).replace("\n", "<br>") for v in values]
        if not written:
            summary.converted.append(
                f"note {note.guid}: note type {note.note_type!r} has its own templates; "
                "its fields are written in order"
            )
        rows.append(
            [note.guid, note.note_type, deck_of.get(note.id or 0, collection.deck), *values]
        )
    width = max((len(r) for r in rows), default=5)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("#separator:tab\n")
        handle.write(f"#html:{'true' if as_html else 'false'}\n")
        handle.write("#guid column:1\n#notetype column:2\n#deck column:3\n")
        handle.write(f"#tags column:{width + 1}\n")
        if not raw:
            handle.write(QUOTED_HEADER + "\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        for row, note in zip(rows, collection.notes, strict=True):
            cells = [*row, *[""] * (width - len(row)), " ".join(note.tags)]
            writer.writerow(cells if raw else [quote_formula(c) for c in cells])
    if left_out:
        summary.converted.append(
            f"fields {', '.join(sorted(left_out))} have no column in this format and were left out"
        )
    summary.notes = len(collection.notes)
    summary.cards = len(collection.cards)
