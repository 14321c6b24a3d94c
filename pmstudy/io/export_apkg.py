"""Write an Anki package Anki imports: ``collection.anki21`` (schema 11) + JSON media list.

This is the layout Anki writes for "Support older Anki versions" and still imports, with
notes, cards (FSRS memory in ``cards.data``), presets and the review log.  Notes whose note
type is plain text are HTML-escaped, newlines becoming ``<br>``, so Anki shows them literally.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from pmstudy.domain.cards import CollectionSlice, ExportCard, ExportSummary, NoteTypeSpec, kind_of
from pmstudy.domain.model import CardState, Note, Preset, Rating, ReviewKind
from pmstudy.domain.scheduling import DEFAULT_PARAMETERS, card_preset
from pmstudy.io.anki_schema11 import CONF, DDL, dconf_json, deck_json, model_json

DAY = 86_400
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_TAGS = re.compile(r"<[^>]*>")
REVLOG_TYPE = {
    ReviewKind.LEARN: 0,
    ReviewKind.REVIEW: 1,
    ReviewKind.RELEARN: 2,
    ReviewKind.MANUAL: 4,
    ReviewKind.MOCK_EXAM: 1,
}


def stable_id(*parts: str) -> int:
    """An id in Anki's range (epoch milliseconds, 2001-2033) that depends only on ``parts``."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return 1_000_000_000_000 + int.from_bytes(digest[:8], "big") % 1_000_000_000_000


def _seconds(value: dt.datetime) -> int:
    return int((value - _EPOCH).total_seconds())


def _ms(value: dt.datetime) -> int:
    return (value - _EPOCH) // dt.timedelta(milliseconds=1)


def anki_layout(
    spec: NoteTypeSpec, extra_fields: Iterable[str]
) -> tuple[list[str], list[tuple[str, str]], bool]:
    """(Anki field names, templates, is cloze) for a pmstudy note type: its kind's shape.

    Field names the notes carry beyond the type's own (a deck file's Source, Confidence) are
    appended unreferenced: kept, not shown, and a re-import recognises the stock shape.
    """
    shape = kind_of(spec.kind).anki_shape(spec.fields, spec.templates)
    extra = [f for f in extra_fields if f not in spec.fields and f not in shape.fields]
    return [*shape.fields, *extra], list(shape.templates), shape.cloze


def _field_values(note: Note, names: list[str]) -> list[str]:
    values = kind_of(note.kind).anki_values(note.fields, note.html)
    return [values.get(name, "") for name in names]


def _sort_field(value: str) -> str:
    return html.unescape(_TAGS.sub(" ", value)).strip()


def _checksum(value: str) -> int:
    return int(hashlib.sha1(_sort_field(value).encode("utf-8")).hexdigest()[:8], 16)


def _preset_json(conf_id: int, preset: Preset, mod: int) -> dict[str, object]:
    params = (
        list(preset.fsrs_params) if preset.fsrs_params and len(preset.fsrs_params) == 21 else []
    )
    return dconf_json(
        conf_id,
        preset.name,
        new_per_day=preset.new_per_day,
        reviews_per_day=preset.max_reviews_per_day,
        learn_minutes=[s / 60 for s in preset.learning_steps],
        relearn_minutes=[s / 60 for s in preset.relearning_steps],
        max_interval=preset.max_interval_days,
        leech_fails=preset.leech_threshold,
        leech_tag_only=preset.leech_action.value == "tag",
        bury=preset.bury_siblings,
        retention=preset.desired_retention,
        params=params,
        mod=mod,
    )


def build_collection(
    collection: CollectionSlice, path: Path, *, now: dt.datetime, summary: ExportSummary
) -> None:
    """Write the schema-11 SQLite collection for ``collection`` at ``path``."""
    now_s = _seconds(now)
    now_ms = _ms(now)
    earliest = min(
        [now]
        + [c.memory.due for c in collection.cards if c.memory.due is not None]
        + [c.memory.last_review for c in collection.cards if c.memory.last_review is not None]
        + [r.answered_at for r in collection.reviews]
    )
    day = dt.datetime.combine(earliest.date(), dt.time(4), tzinfo=dt.UTC)
    crt = _seconds(day if day <= earliest else day - dt.timedelta(days=1))

    presets = {p.name: p for p in collection.presets}
    conf_ids: dict[str, int] = {}
    dconf: dict[str, object] = {}
    for index, name in enumerate(sorted(presets, key=lambda n: (n != "Default", n))):
        conf_id = 1 if index == 0 else stable_id("preset", name)
        conf_ids[name] = conf_id
        dconf[str(conf_id)] = _preset_json(conf_id, presets[name], now_s)
    if not dconf:
        dconf["1"] = _preset_json(1, Preset(), now_s)
    deck_ids: dict[str, int] = {}
    decks: dict[str, object] = {"1": deck_json(1, "Default", 1, "", now_s)}
    for index, deck in enumerate(collection.decks, start=1):
        deck_id = 1 if deck.name == "Default" else now_ms + 1000 + index
        deck_ids[deck.name] = deck_id
        decks[str(deck_id)] = deck_json(
            deck_id,
            deck.name,
            conf_ids.get(deck.preset or "", 1),
            html.escape(deck.description),
            now_s,
            deck.desired_retention,
        )
    retention_by_deck = {
        d.name: card_preset(
            presets.get(d.preset or "", Preset()), d.desired_retention
        ).desired_retention
        for d in collection.decks
    }
    decay_by_deck = {
        d.name: (presets[d.preset].fsrs_params or DEFAULT_PARAMETERS)[20]
        if d.preset in presets
        else DEFAULT_PARAMETERS[20]
        for d in collection.decks
    }
    steps_by_deck = {
        d.name: presets[d.preset] if d.preset in presets else Preset() for d in collection.decks
    }

    field_names: dict[str, set[str]] = {}
    for note in collection.notes:
        field_names.setdefault(note.note_type, set()).update(note.fields)
    models: dict[str, object] = {}
    layouts: dict[str, tuple[int, list[str], NoteTypeSpec]] = {}
    for spec in collection.note_types:
        names, templates, cloze = anki_layout(spec, sorted(field_names.get(spec.name, set())))
        # Anki matches note types by id: the same type exported twice must keep its id.
        model_id = stable_id("notetype", spec.name, spec.kind.value, *names, *map(str, templates))
        models[str(model_id)] = model_json(
            model_id,
            spec.name,
            cloze=cloze,
            fields=names,
            templates=templates,
            mod=now_s,
            stock_kind=kind_of(spec.kind).anki_shape(spec.fields).stock_id or 0,
            plain=not spec.html,
        )
        layouts[spec.name] = (model_id, names, spec)

    connection = sqlite3.connect(path)
    try:
        connection.executescript(DDL)
        connection.execute(
            "INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
            (
                crt,
                now_ms,
                now_ms,
                json.dumps({**CONF, "curModel": next(iter(layouts.values()))[0] if layouts else 1}),
                json.dumps(models),
                json.dumps(decks),
                json.dumps(dconf),
            ),
        )
        note_ids: dict[int, int] = {}
        base = now_ms - len(collection.notes) - len(collection.cards) - 10
        note_rows = []
        for index, note in enumerate(collection.notes):
            model_id, names, spec = layouts[note.note_type]
            values = _field_values(note, names)
            anki_id = base + index
            assert note.id is not None
            note_ids[note.id] = anki_id
            tags = " " + " ".join(note.tags) + " " if note.tags else ""
            note_rows.append(
                (anki_id, note.guid, model_id, now_s, -1, tags, "\x1f".join(values),
                 _sort_field(values[0]), _checksum(values[0]), 0, "")
            )  # fmt: skip
        connection.executemany(
            "INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", note_rows
        )
        card_ids: dict[int, int] = {}
        card_rows = []
        for index, card in enumerate(collection.cards):
            anki_id = base + len(collection.notes) + index
            card_ids[card.id] = anki_id
            card_rows.append(
                _card_row(
                    card=card,
                    anki_id=anki_id,
                    note_id=note_ids[card.note_id],
                    deck_id=deck_ids.get(card.deck, 1),
                    crt=crt,
                    now=now,
                    preset=steps_by_deck.get(card.deck, Preset()),
                    retention=retention_by_deck.get(card.deck, 0.9),
                    decay=decay_by_deck.get(card.deck, DEFAULT_PARAMETERS[20]),
                )
            )
        connection.executemany(
            "INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            card_rows,
        )
        connection.executemany(
            "INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _revlog_rows(collection, card_ids),
        )
        connection.commit()
    finally:
        connection.close()
    summary.notes = len(collection.notes)
    summary.cards = len(collection.cards)
    summary.reviews = len(collection.reviews)


def _card_row(
    *,
    card: ExportCard,
    anki_id: int,
    note_id: int,
    deck_id: int,
    crt: int,
    now: dt.datetime,
    preset: Preset,
    retention: float,
    decay: float,
) -> tuple[object, ...]:
    m = card.memory
    state = m.state
    ivl = 0
    left = 0
    if state == CardState.NEW:
        queue, due = 0, card.position
    elif state == CardState.REVIEW:
        due_at = m.due or now
        queue, due = 2, (_seconds(due_at) - crt) // DAY
        if m.last_review is not None:
            ivl = max(1, round((due_at - m.last_review) / dt.timedelta(days=1)))
        else:
            ivl = 1
    else:
        due_at = m.due or now
        steps = preset.learning_steps if state == CardState.LEARNING else preset.relearning_steps
        left = max(1, len(steps) - (m.step or 0)) if steps else 1
        if m.last_review is not None and due_at - m.last_review >= dt.timedelta(days=1):
            queue, due = 3, (_seconds(due_at) - crt) // DAY
        else:
            queue, due = 1, _seconds(due_at)
    if card.suspended:
        queue = -1
    elif card.buried_until is not None and card.buried_until > now:
        queue = -3
    data: dict[str, object] = {}
    if state != CardState.NEW and m.stability and m.difficulty:
        data = {
            "pos": card.position,
            "s": round(m.stability, 4),
            "d": round(m.difficulty, 3),
            "dr": round(retention, 4),
            "decay": round(decay, 4),
        }
        if m.last_review is not None:
            data["lrt"] = _seconds(m.last_review)
    factor = 2500 if state != CardState.NEW else 0
    return (
        anki_id, note_id, deck_id, card.ord, _seconds(now), -1, int(state), queue, due, ivl,
        factor, m.reps, m.lapses, left, 0, 0, card.flag & 0b111,
        json.dumps(data, separators=(",", ":")) if data else "{}",
    )  # fmt: skip


def _revlog_rows(collection: CollectionSlice, card_ids: dict[int, int]) -> list[tuple[int, ...]]:
    rows: list[tuple[int, ...]] = []
    used: set[int] = set()
    last_ivl: dict[int, int] = {}
    for entry in sorted(collection.reviews, key=lambda e: (e.card_id, e.answered_at)):
        cid = card_ids.get(entry.card_id)
        if cid is None:
            continue
        rid = _ms(entry.answered_at)
        while rid in used:
            rid += 1
        used.add(rid)
        after = entry.after
        if after.due is not None and after.state == CardState.REVIEW:
            ivl = max(1, round((after.due - entry.answered_at) / dt.timedelta(days=1)))
        elif after.due is not None and after.state in (CardState.LEARNING, CardState.RELEARNING):
            ivl = -max(1, int((after.due - entry.answered_at).total_seconds()))
        else:
            ivl = 0
        if entry.rating == Rating.MANUAL:
            ease, rtype = 0, 4
        else:
            ease = int(entry.rating)
            rtype = REVLOG_TYPE.get(entry.kind, -1)
            if rtype < 0:
                rtype = {CardState.REVIEW: 1, CardState.RELEARNING: 2}.get(entry.before.state, 0)
        factor = 2500 if after.state == CardState.REVIEW else 0
        rows.append(
            (rid, cid, -1, ease, ivl, last_ivl.get(cid, 0), factor, entry.duration_ms, rtype)
        )
        last_ivl[cid] = ivl
    return rows


def write_apkg(
    collection: CollectionSlice,
    path: Path,
    *,
    media: dict[str, Path],
    summary: ExportSummary,
    now: dt.datetime,
) -> None:
    """Write ``collection`` as an .apkg at ``path`` with the given media files."""
    with tempfile.TemporaryDirectory(prefix="pmstudy-apkg-") as scratch:
        database = Path(scratch) / "collection.anki21"
        build_collection(collection, database, now=now, summary=summary)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("meta", b"\x08\x02")
            archive.write(database, "collection.anki21")
            names: dict[str, str] = {}
            for index, (name, source) in enumerate(sorted(media.items())):
                archive.write(source, str(index))
                names[str(index)] = name
            archive.writestr("media", json.dumps(names, ensure_ascii=False))
    summary.media = len(media)
