"""The metadata of an Anki collection: note types, decks and presets.

Schema 11 keeps them as JSON in the ``col`` row; schema 18 in their own tables as protobuf
blobs, with deck-name levels separated by ``\x1f``.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field

from pmstudy.domain.cards import clean, deck_name
from pmstudy.domain.model import LeechAction, Preset
from pmstudy.io.anki_notetypes import AnkiNoteType
from pmstudy.io.anki_schema11 import PLAIN_MARK
from pmstudy.io.protobuf import Message


@dataclass
class AnkiDeck:
    name: str
    config_id: int
    description: str
    filtered: bool
    desired_retention: float | None = None  # the deck's own (Anki 25.09)


def _percent(value: object) -> object:
    return value / 100 if isinstance(value, int | float) else None


def _deck_retention(value: object) -> float | None:
    """A deck's own desired retention if it is one pmstudy accepts (else the preset's)."""
    if not isinstance(value, int | float) or not math.isfinite(value):
        return None
    value = round(float(value), 4)
    return value if 0.5 <= value <= 0.99 else None


def _fsrs_params(values: list[float]) -> tuple[float, ...] | None:
    """FSRS-6 parameters from Anki's 21 (FSRS-6), 19 (FSRS-5) or 17 (FSRS-4.5) numbers."""
    if not values or not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        return None
    values = [float(v) for v in values]
    if len(values) == 21:
        return tuple(values)
    if len(values) == 19:  # FSRS-5: no same-day power, decay 0.5
        return (*values, 0.0, 0.5)
    if len(values) == 17:  # FSRS-4.5: no short-term terms either
        return (*values, 0.0, 0.0, 0.0, 0.5)
    return None


def _steps(minutes: list[float]) -> tuple[int, ...]:
    return tuple(max(1, round(m * 60)) for m in minutes if isinstance(m, int | float) and m > 0)


def _make_preset(
    name: str,
    *,
    new_per_day: int,
    reviews_per_day: int,
    learn: list[float],
    relearn: list[float],
    max_ivl: int,
    leech_fails: int,
    leech_tag_only: bool,
    bury: bool,
    retention: float,
    params: tuple[float, ...] | None,
) -> Preset:
    return Preset(
        name=clean(name).strip() or "Imported",
        new_per_day=max(0, min(new_per_day, 100_000)),
        max_reviews_per_day=max(0, min(reviews_per_day, 1_000_000)),
        desired_retention=min(max(retention or 0.9, 0.5), 0.99),
        learning_steps=_steps(learn),
        relearning_steps=_steps(relearn),
        max_interval_days=max_ivl if 1 <= max_ivl <= 36500 else 36500,
        leech_threshold=leech_fails if leech_fails >= 1 else 8,
        leech_action=LeechAction.TAG_ONLY if leech_tag_only else LeechAction.SUSPEND,
        bury_siblings=bury,
        fsrs_params=params,
    )


@dataclass
class Meta:
    note_types: dict[int, AnkiNoteType] = field(default_factory=dict)
    decks: dict[int, AnkiDeck] = field(default_factory=dict)
    presets: dict[int, Preset] = field(default_factory=dict)
    crt: int = 0


def read_schema11(connection: sqlite3.Connection, meta: Meta) -> None:
    row = connection.execute("SELECT crt, models, decks, dconf FROM col LIMIT 1").fetchone()
    if row is None:
        raise ValueError("the col table is empty")
    meta.crt = int(row[0] or 0)
    models = json.loads(row[1] or "{}")
    decks = json.loads(row[2] or "{}")
    dconf = json.loads(row[3] or "{}")
    for model in models.values():
        fields = sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
        templates = sorted(model.get("tmpls", []), key=lambda t: t.get("ord", 0))
        meta.note_types[int(model["id"])] = AnkiNoteType(
            id=int(model["id"]),
            name=clean(str(model.get("name", ""))).strip() or f"Note type {model['id']}",
            cloze=model.get("type") == 1,
            fields=tuple(str(f["name"]) for f in fields),
            templates=tuple((str(t.get("qfmt", "")), str(t.get("afmt", ""))) for t in templates),
            plain=model.get(PLAIN_MARK) is True,
        )
    for deck in decks.values():
        meta.decks[int(deck["id"])] = AnkiDeck(
            name=deck_name(str(deck.get("name", ""))),
            config_id=int(deck.get("conf") or 1),
            description=str(deck.get("desc", "")),
            filtered=bool(deck.get("dyn")),
            # schema 11 keeps it in whole percent
            desired_retention=_deck_retention(_percent(deck.get("desiredRetention"))),
        )
    for conf in dconf.values():
        new, rev, lapse = conf.get("new", {}), conf.get("rev", {}), conf.get("lapse", {})
        params = (
            _fsrs_params(conf.get("fsrsParams6") or [])
            or _fsrs_params(conf.get("fsrsParams5") or [])
            or _fsrs_params(conf.get("fsrsWeights") or [])
        )
        meta.presets[int(conf["id"])] = _make_preset(
            str(conf.get("name", "")),
            new_per_day=int(new.get("perDay", 20)),
            reviews_per_day=int(rev.get("perDay", 200)),
            learn=list(new.get("delays", [1.0, 10.0])),
            relearn=list(lapse.get("delays", [10.0])),
            max_ivl=int(rev.get("maxIvl", 36500)),
            leech_fails=int(lapse.get("leechFails", 8)),
            leech_tag_only=lapse.get("leechAction", 1) == 1,
            bury=bool(new.get("bury") or rev.get("bury")),
            retention=float(conf.get("desiredRetention", 0.9)),
            params=params,
        )


def _other(config: Message) -> dict[str, object]:
    """The keys Anki keeps from a note type's JSON that it has no field for (``other``, 255):
    pmstudy's :data:`PLAIN_MARK` among them. Empty when absent or not a JSON object."""
    raw = config.raw(255)
    try:
        value = json.loads(raw) if raw else {}
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def read_schema18(connection: sqlite3.Connection, meta: Meta) -> None:
    row = connection.execute("SELECT crt FROM col LIMIT 1").fetchone()
    meta.crt = int(row[0] or 0) if row else 0
    fields: dict[int, list[tuple[int, str]]] = {}
    for ntid, ord_, name in connection.execute(
        "SELECT f.ntid, f.ord, f.name FROM fields f JOIN notetypes n ON n.id = f.ntid"
    ):
        fields.setdefault(ntid, []).append((ord_, name))
    templates: dict[int, list[tuple[int, str, str]]] = {}
    for ntid, ord_, config in connection.execute(
        "SELECT t.ntid, t.ord, t.config FROM templates t JOIN notetypes n ON n.id = t.ntid"
    ):
        message = Message(config)
        templates.setdefault(ntid, []).append((ord_, message.string(1), message.string(2)))
    for ntid, name, config in connection.execute("SELECT id, name, config FROM notetypes"):
        message = Message(config)
        meta.note_types[ntid] = AnkiNoteType(
            id=ntid,
            name=clean(name).strip() or f"Note type {ntid}",
            cloze=message.uint(1) == 1,
            fields=tuple(n for _, n in sorted(fields.get(ntid, []))),
            templates=tuple((q, a) for _, q, a in sorted(templates.get(ntid, []))),
            plain=_other(message).get(PLAIN_MARK) is True,
        )
    for deck_id, name, kind in connection.execute("SELECT id, name, kind FROM decks"):
        container = Message(kind)
        normal = container.message(1)
        meta.decks[deck_id] = AnkiDeck(
            name=deck_name(name),
            config_id=normal.sint64(1, 1) if normal else 1,
            description=normal.string(4) if normal else "",
            filtered=container.has(2),
            desired_retention=(
                _deck_retention(normal.float32(10)) if normal and normal.has(10) else None
            ),
        )
    for conf_id, name, blob in connection.execute("SELECT id, name, config FROM deck_config"):
        config = Message(blob)
        params = (
            _fsrs_params(_f32(config.floats(6)))
            or _fsrs_params(_f32(config.floats(5)))
            or _fsrs_params(_f32(config.floats(3)))
        )
        meta.presets[conf_id] = _make_preset(
            name,
            new_per_day=config.uint(9),
            reviews_per_day=config.uint(10),
            learn=_f32(config.floats(1)),
            relearn=_f32(config.floats(2)),
            max_ivl=config.uint(16),
            leech_fails=config.uint(22),
            leech_tag_only=config.uint(21) == 1,
            bury=bool(config.uint(27) or config.uint(28)),
            retention=round(config.float32(37, 0.9), 4),
            params=params,
        )


def _f32(values: list[float]) -> list[float]:
    """Protobuf floats are float32: 0.9 arrives as 0.8999999761; keep 6 significant digits."""
    return [float(f"{v:.6g}") for v in values]
