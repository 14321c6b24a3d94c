"""CSV / TSV / TXT files -> note specs: Anki's text headers, Quizlet exports, spreadsheets.

Steps, each reported in the summary's ``detected``:
1-3. encoding, Anki's ``#key:value`` header lines, delimiter (``pmstudy.io.text_detect``);
4. RFC 4180 records (quoted fields may hold delimiters, quotes and newlines); a record whose
   quote never closes properly is reported and parsing resumes on the next line;
5. a header row, when the first row names columns (Front, Back, Tags, Term, Definition...);
6. the column mapping (``--map front=1,back=2,tags=3``), then one note per row.
Bad rows are skipped with their line number, or (``strict``) the import is refused.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pmstudy.domain.cards import (
    ImportOptions,
    NoteSpec,
    NoteTypeSpec,
    ParsedImport,
    TextPreview,
    clean,
    deck_name,
    kind_of,
)
from pmstudy.domain.model import NoteKind
from pmstudy.io.errors import ImportFileError
from pmstudy.io.limits import Limits
from pmstudy.io.text_columns import (
    header_target,
    kind_for,
    mapped_fields,
    positional_fields,
    unquote_formula,
)
from pmstudy.io.text_detect import (
    DELIMITER_NAMES,
    Headers,
    decode,
    detect_delimiter,
    quizlet_custom,
    read_headers,
    separator,
)

csv.field_size_limit(2**31 - 1)

_HTML = re.compile(
    r"<(?:b|i|u|br|div|p|span|ul|ol|li|img|table|tr|td|th|code|pre|sup|sub|hr|em|strong|a)\b"
    r"[^>]*>|</(?:b|i|u|div|p|span|ul|ol|li|table|tr|td|th|code|pre|sup|sub|em|strong|a)>"
    r"|&(?:nbsp|amp|lt|gt|quot|#\d+);",
    re.IGNORECASE,
)
PREVIEW_ROWS = 20


@dataclass
class _Record:
    line: int
    values: list[str]
    error: str | None = None


def records(lines: list[str], start_line: int, delimiter: str) -> Iterator[_Record]:
    """RFC 4180 records with the line each starts on; a broken one is reported and skipped."""
    position = 0
    while position < len(lines):
        reader = csv.reader(lines[position:], delimiter=delimiter, strict=True)
        consumed = 0
        try:
            for row in reader:
                line = position + consumed + 1
                consumed = reader.line_num
                if row:
                    yield _Record(start_line + line - 1, row)
            return
        except csv.Error as exc:
            line = position + consumed + 1
            message = str(exc)
            if "unexpected end of data" in message or "expected after" in message:
                message = "a quoted field is not closed properly (unbalanced quote)"
            yield _Record(start_line + line - 1, [], message)
            position = line  # resume on the line after the broken record's first line


@dataclass
class TextFile:
    """A text file decoded and split into records, before mapping."""

    label: str
    encoding: str
    delimiter: str
    html: bool
    headers: Headers
    header_row: list[str]
    records: list[_Record]
    quizlet_custom: bool = False


def read_text_file(path: Path, options: ImportOptions, limits: Limits) -> TextFile:
    """Decode and split a CSV/TSV/TXT file."""
    label = path.name
    try:
        size = path.stat().st_size
        if size > limits.max_text_bytes:
            raise ImportFileError(
                label, f"the file is {size} bytes; the limit is {limits.max_text_bytes}"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(label, f"cannot read the file: {exc.strerror}") from exc
    decoded = decode(data, label, options.encoding)
    lines = decoded.text.splitlines(keepends=True)
    headers = read_headers(lines, label)
    body = lines[headers.lines :]
    start = headers.lines + 1
    delimiter = None
    if options.delimiter:
        try:
            delimiter = separator(options.delimiter)
        except ValueError as exc:
            raise ImportFileError(label, str(exc)) from exc
    delimiter = delimiter or headers.separator
    quizlet = None if delimiter else quizlet_custom(body)
    if quizlet is not None:
        line = start + next(i for i, text in enumerate(body) if text.strip())
        return TextFile(
            label,
            decoded.encoding,
            " - ",
            False,
            headers,
            [],
            [_Record(line, row) for row in quizlet],
            quizlet_custom=True,
        )
    if delimiter is None:
        delimiter = detect_delimiter(body)
        if delimiter is None:
            raise ImportFileError(
                label,
                "cannot tell its columns apart (no tab, comma, semicolon or pipe splits the "
                "rows); name the separator with --delimiter",
            )
    found = list(records(body, start, delimiter))
    if not (options.delimiter or headers.separator or options.mapping):
        _refuse_prose(label, found)
    header_row: list[str] = []
    if headers.names:
        header_row = headers.names
    elif found and found[0].error is None and not headers.columns:
        first = found[0].values
        known = [header_target(v) for v in first]
        if sum(k is not None for k in known) >= max(1, min(2, len(first))):
            header_row = first
            found = found[1:]
    html = headers.html
    if html is None:
        html = any(_HTML.search(v) for r in found[:2000] for v in r.values)
    return TextFile(label, decoded.encoding, delimiter, html, headers, header_row, found)


def _refuse_prose(label: str, found: list[_Record]) -> None:
    """Refuse a file whose rows mostly hold one field: prose (a README, notes), not cards; a
    guessed separator that splits a few sentences at their commas makes no card file of it."""
    single = sum(1 for r in found if len(r.values) < 2)
    if found and single * 2 > len(found):
        raise ImportFileError(
            label,
            f"this is not a card file: {single} of its {len(found)} rows have a single field "
            "(no separator splits them into front and back); name the separator with "
            "--delimiter or the columns with --map to import it anyway",
        )


def default_mapping(text: TextFile, columns: int) -> dict[str, int]:
    """Target -> 1-based column when the user gives no mapping (Anki header columns aside)."""
    mapping: dict[str, int] = {}
    meta = set(text.headers.columns.values())
    if text.header_row:
        for index, name in enumerate(text.header_row, start=1):
            target = header_target(name)
            if target is not None and target not in mapping and index not in meta:
                mapping[target] = index
        return mapping
    free = [c for c in range(1, columns + 1) if c not in meta]
    for target, column in zip(("front", "back"), free, strict=False):
        mapping[target] = column
    return mapping


def _column_count(text: TextFile) -> int:
    counts = Counter(len(r.values) for r in text.records if r.error is None)
    if text.header_row:
        return len(text.header_row)
    return counts.most_common(1)[0][0] if counts else 0


def preview(text: TextFile) -> TextPreview:
    """The detected layout and first rows, for a mapping screen."""
    columns = _column_count(text)
    return TextPreview(
        label=text.label,
        encoding=text.encoding,
        delimiter=DELIMITER_NAMES.get(text.delimiter, text.delimiter),
        html=text.html,
        header=list(text.header_row),
        rows=[r.values for r in text.records if r.error is None][:PREVIEW_ROWS],
        columns=columns,
        mapping=default_mapping(text, columns),
        meta=dict(text.headers.columns),
    )


def _guid(kind: NoteKind, first: str) -> str:
    digest = hashlib.sha256(f"{kind.value}\x1f{first.strip()}".encode()).digest()[:12]
    return "csv:" + base64.urlsafe_b64encode(digest).decode()


def to_notes(
    text: TextFile, options: ImportOptions, limits: Limits, *, source: str, default_deck: str
) -> ParsedImport:
    """One note per good row; bad rows become skip reasons (or, strict, the error).

    With Anki's column headers and no mapping, the columns left after guid/notetype/deck/tags
    are the note type's fields in order.  Otherwise the mapping (given, or from the header
    row, or front=1, back=2) places columns; columns it leaves out are appended to Extra
    unless the user gave the mapping, so nothing is dropped silently.
    """
    label = text.label
    parsed = ParsedImport(source=source, label=label)
    columns = _column_count(text)
    meta = dict(text.headers.columns)
    positional = not options.mapping and not text.header_row and bool(meta)
    mapping = dict(options.mapping) if options.mapping else default_mapping(text, columns)
    for key in ("guid", "notetype", "deck", "tags"):
        if key in mapping:
            meta[key] = mapping.pop(key)
    used = set(mapping.values()) | set(meta.values())
    rest_columns = [] if options.mapping else [c for c in range(1, columns + 1) if c not in used]
    for target, column in [*mapping.items(), *meta.items()]:
        if column > columns:
            raise ImportFileError(
                label, f"{target} is mapped to column {column}, but rows have {columns} column(s)"
            )
    shown = {**mapping, **meta}
    parsed.detected.update(
        {
            "encoding": text.encoding,
            "delimiter": "' - ' and ';' (Quizlet custom)"
            if text.quizlet_custom
            else DELIMITER_NAMES.get(text.delimiter, repr(text.delimiter)),
            "html": str(text.html).lower(),
            "header row": ", ".join(text.header_row) if text.header_row else "none",
            "columns": str(columns),
            "mapping": ", ".join(
                f"{t}={c}" for t, c in sorted(shown.items(), key=lambda item: item[1])
            )
            if not positional
            else "fields in column order after "
            + ", ".join(f"{t}={c}" for t, c in sorted(meta.items(), key=lambda item: item[1])),
        }
    )
    field_columns = [c for c in range(1, columns + 1) if c not in meta.values()]
    seen: dict[str, int] = {}
    types: dict[str, NoteTypeSpec] = {}
    limit = limits.max_field_bytes
    joiner = "<br>" if text.html else "\n"
    line_breaks = text.html and text.headers.html is None

    def problem(line: int, message: str) -> None:
        if options.strict:
            raise ImportFileError(
                label, f"{message} (--strict refuses the whole file)", where=f"line {line}"
            )
        parsed.skipped.append(f"line {line}: {message}")
        parsed.notes_skipped += 1

    for record in text.records:
        if record.error is not None:
            problem(record.line, record.error)
            continue
        values = record.values
        for index, value in enumerate(values, start=1):
            size = len(value.encode("utf-8", "surrogatepass"))
            if size > limit:
                raise ImportFileError(
                    label,
                    f"is {size / (1024 * 1024):.1f} MiB; the limit for one field is "
                    f"{limit // (1024 * 1024)} MiB",
                    where=f"line {record.line}, column {index}",
                )
        if len(values) != columns:
            expected = f" ({', '.join(text.header_row)})" if text.header_row else ""
            problem(record.line, f"{len(values)} field(s), expected {columns}{expected}")
            continue
        if any("\x00" in v for v in values):
            problem(record.line, "contains a NUL byte")
            continue
        if text.headers.formulas_quoted:
            values = [unquote_formula(v) for v in values]
        values = [v.replace("\r\n", "\n").replace("\r", "\n") for v in values]
        if line_breaks:
            # HTML was detected, not declared: the file's own line breaks are meant as such.
            values = [v.replace("\n", "<br>") for v in values]

        def cell(target: str, row: list[str] = values) -> str:
            number = meta.get(target)
            return row[number - 1] if number is not None else ""

        type_name = cell("notetype").strip() or text.headers.notetype or ""
        if type_name:
            found_kind = kind_for(type_name)
            if found_kind is None:
                problem(record.line, f"unknown note type {type_name!r}")
                continue
            kind = found_kind
        else:
            kind = NoteKind.CLOZE if "text" in mapping else NoteKind.BASIC  # what the map names
        card_kind = kind_of(kind)
        names = card_kind.fields
        if positional:
            fields = positional_fields(names, [values[c - 1] for c in field_columns], joiner)
        else:
            fields = mapped_fields(card_kind, mapping, values)
            rest = [values[c - 1] for c in rest_columns if values[c - 1].strip()]
            if rest:
                fields["Extra"] = joiner.join(filter(None, [fields["Extra"], *rest]))
        first = fields[names[0]]
        if not clean(first).strip():
            problem(record.line, f"empty {names[0]}")
            continue
        # The kind's own rule, but for fields left empty: a file's front-only rows are notes.
        broken = [p for p in card_kind.problems(fields) if not p.missing]
        if broken:
            problem(record.line, broken[0].message)
            continue
        guid = cell("guid").strip() or _guid(kind, first)
        if guid in seen:
            problem(
                record.line, f"repeats the note on line {seen[guid]} (same guid or first field)"
            )
            continue
        seen[guid] = record.line
        deck = options.deck or cell("deck").strip() or text.headers.deck or default_deck
        tags = tuple(cell("tags").split()) + text.headers.tags
        type_spec = NoteTypeSpec(card_kind.name, kind, names, html=text.html)
        types.setdefault(type_spec.name, type_spec)
        parsed.notes.append(
            NoteSpec(
                guid=guid,
                kind=kind,
                fields=fields,
                deck=deck_name(deck, deck_name(default_deck)),
                tags=tuple(dict.fromkeys(clean(t) for t in tags)),
                source_ref=f"line {record.line}",
                note_type=type_spec.name,
            )
        )
    parsed.note_types = list(types.values())
    return parsed
