"""Anki note types -> pmstudy note kinds: the stock shapes by structure, anything else as is.

A note type is recognised by what its templates do, not by its name: one template showing
field A and answering with field B is Basic, two mirrored ones are Basic (and reversed), a
``{{type:B}}`` template is type-in, a cloze note type is Cloze.  Every other note type keeps its
own fields and templates (``NoteKind.TEMPLATE``) and is rendered from them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pmstudy.domain.cards import STANDARD, CardKind, NoteTypeSpec, from_html, kind_of
from pmstudy.domain.model import NoteKind

_REF = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
SPECIAL = {"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID"}


@dataclass(frozen=True, slots=True)
class AnkiNoteType:
    """A note type as an Anki collection defines it."""

    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str], ...]  # (question, answer) per card ordinal
    plain: bool = False  # pmstudy's export of plain-text notes (anki_schema11.PLAIN_MARK)


@dataclass(frozen=True, slots=True)
class MappedType:
    """How notes of one Anki note type become pmstudy notes."""

    spec: NoteTypeSpec
    names: tuple[str, ...]  # pmstudy field name for each Anki field, by position


def _refs(template: str) -> tuple[list[tuple[str, str]], bool]:
    """(filters, field) references in a template, and whether it has conditional sections."""
    refs: list[tuple[str, str]] = []
    sections = False
    for match in _REF.finditer(template):
        body = match.group(1)
        if body[0] in "#^/":
            sections = True
            continue
        if body[0] == "!":
            continue
        filters, _, name = body.rpartition(":")
        name = name.strip()
        if name in SPECIAL:
            if name == "FrontSide":
                refs.append(("", name))
            continue
        refs.append((filters.strip(), name))
    return refs, sections


def _plain(refs: list[tuple[str, str]]) -> list[str]:
    return [name for filters, name in refs if not filters and name != "FrontSide"]


def _typed(refs: list[tuple[str, str]]) -> list[str]:
    return [name for filters, name in refs if "type" in filters.split(":")]


def _stock(note_type: AnkiNoteType) -> tuple[NoteKind, dict[str, str]] | None:
    """(kind, Anki field -> pmstudy field) when the note type has a stock shape.

    Fields no template shows may be present (they are kept by name); an "Extra" field may
    be shown on the answer side (pmstudy's own exports do that).
    """
    fields = note_type.fields
    parsed = [(_refs(q), _refs(a)) for q, a in note_type.templates]
    if any(q_sections or a_sections for (_, q_sections), (_, a_sections) in parsed):
        return None
    shown = {name for (q, _), (a, _) in parsed for _, name in (*q, *a) if name != "FrontSide"}
    if not shown <= set(fields):
        return None
    if note_type.cloze:
        if len(parsed) != 1:
            return None
        (q_refs, _), (a_refs, _) = parsed[0]
        cloze = {name for filters, name in q_refs if "cloze" in filters.split(":")}
        if len(cloze) != 1:
            return None
        text = cloze.pop()
        others = [f for f in _plain(a_refs) if f != text] or [f for f in fields if f != text]
        mapping = {text: "Text"}
        if others:
            mapping[others[0]] = "Extra"
        return NoteKind.CLOZE, mapping
    if len(parsed) == 1:
        (q_refs, _), (a_refs, _) = parsed[0]
        question, typed = _plain(q_refs), _typed(q_refs)
        if len(question) != 1:
            return None
        front = question[0]
        if typed:
            back = typed[0]
            if len(typed) != 1 or back == front or back not in _typed(a_refs) + _plain(a_refs):
                return None
            kind = NoteKind.TYPE_IN
        else:
            answer = [f for f in _plain(a_refs) if f != front]
            if not answer:
                return None
            back = answer[0]
            kind = NoteKind.BASIC
        if not shown <= {front, back, "Extra"} or back == "Extra":
            return None
        return kind, {front: "Front", back: "Back"}
    if len(parsed) == 2:
        (q0, _), (a0, _) = parsed[0]
        (q1, _), (a1, _) = parsed[1]
        first, second = _plain(q0), _plain(q1)
        if _typed(q0) or _typed(q1) or len(first) != 1 or len(second) != 1:
            return None
        front, back = first[0], second[0]
        if front == back or not shown <= {front, back, "Extra"} or "Extra" in (front, back):
            return None
        if back in _plain(a0) and front in _plain(a1):
            return NoteKind.REVERSED, {front: "Front", back: "Back"}
    return None


# pmstudy's own note types (multiple choice, matching, …), longest name first, so that a kind
# whose name starts another's never takes that one's notes.
_OWN = sorted((k for k in STANDARD if k.own_note_type), key=lambda k: -len(k.name))


def _own(note_type: AnkiNoteType) -> CardKind | None:
    """The kind of one of pmstudy's own exports (the options, pairs, steps are JSON in a field
    no template shows): known by its name (Anki may add to it) and its first fields."""
    name = note_type.name.lower()
    for kind in _OWN:
        fields = kind.fields
        if name.startswith(kind.name.lower()) and note_type.fields[: len(fields)] == fields:
            return kind
    return None


def map_note_type(note_type: AnkiNoteType) -> MappedType:
    """The pmstudy note type for an Anki one, and where each of its fields goes."""
    own = _own(note_type)
    if own is not None:
        spec = NoteTypeSpec(name=note_type.name, kind=own.kind, fields=own.fields, html=True)
        return MappedType(spec, note_type.fields)
    stock = _stock(note_type)
    if stock is None:
        spec = NoteTypeSpec(
            name=note_type.name,
            kind=NoteKind.TEMPLATE,
            fields=note_type.fields,
            templates=note_type.templates,
            html=True,
        )
        return MappedType(spec, note_type.fields)
    kind, mapping = stock
    taken = set(mapping.values())
    names: list[str] = []
    for field in note_type.fields:
        name = mapping.get(field)
        if name is None:
            name = field
            while name in taken:
                name += " (2)"
            taken.add(name)
        names.append(name)
    spec = NoteTypeSpec(name=note_type.name, kind=kind, fields=tuple(names), html=True)
    return MappedType(spec, tuple(names))


def plain_again(
    mapped: MappedType, notes: Sequence[dict[str, str]]
) -> tuple[MappedType, list[dict[str, str]]] | None:
    """A plain-text note type pmstudy exported (``AnkiNoteType.plain``) and its notes' fields,
    plain again: what the export computed for Anki (a multiple-choice note's listed choices)
    and the empty fields it added (another note's Source) left out, the raw JSON kept as it is.

    None when a value is not the escaped form of a plain text (markup added in Anki): the
    notes then stay HTML, as any Anki note type's.
    """
    if mapped.spec.kind == NoteKind.TEMPLATE:
        return None
    kind = kind_of(mapped.spec.kind)
    own = set(kind.fields)
    computed = set(kind.anki_shape(kind.fields).fields) - own
    raw = kind.anki_raw_field()
    result: list[dict[str, str]] = []
    for fields in notes:
        plain: dict[str, str] = {}
        for name, value in fields.items():
            if name in computed or (not value and name not in own):
                continue
            text = value if name == raw else from_html(value)
            if text is None:
                return None
            plain[name] = text
        result.append(plain)
    return MappedType(replace(mapped.spec, html=False), mapped.names), result
