"""CSV export and formula cells (OWASP "CSV Injection"): a cell a spreadsheet would run gets a
``'`` in front unless ``--raw``; pmstudy's import of its own export takes it off again."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from pmstudy.io.text_columns import FORMULA_STARTS, quote_formula, unquote_formula
from pmstudy.services.container import Services
from tests.conftest import run_cli, write_deck

FORMULAS = {
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1+2",
    "minus": "-2+3",
    "at": "@SUM(A1:A2)",
    "link": '=HYPERLINK("http://evil.example","click")',
    "tab": "\tTabbed",
    "quote": "'already quoted",
    "plain": "just text",
}


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


CARDS = "".join(
    f'[[cards]]\nid = "{key}"\nfront = {_toml(value)}\nback = "=1+1"\ntags = ["-tag", "@x"]\n\n'
    for key, value in FORMULAS.items()
)


def _rows(path: Path) -> list[list[str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return list(csv.reader(lines, delimiter="\t"))


def _fronts(services: Services) -> dict[str, str]:
    with services.db.read() as uow:
        found = uow.session.execute(text("SELECT guid, fields FROM notes")).all()
    return {guid: json.loads(fields)["Front"] for guid, fields in found}


@pytest.fixture
def exported(empty_services: Services, tmp_path: Path) -> Path:
    empty_services.imports.import_file(write_deck(tmp_path / "f.toml", CARDS, name="=Deck"))
    out = tmp_path / "out.txt"
    empty_services.imports.export("=Deck", "csv", out)
    return out


def test_no_cell_starts_like_a_formula(exported: Path) -> None:
    assert "#pmstudy:formulas quoted" in exported.read_text(encoding="utf-8").splitlines()
    cells = [cell for row in _rows(exported) for cell in row]
    assert cells
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert "'=cmd|' /C calc'!A0" in cells
    assert "'=Deck" in cells  # the deck column too
    assert "'-tag @x" in cells  # the tags cell: its first character counts


def test_reimport_gives_the_original_text(
    empty_services: Services, exported: Path, second: Services
) -> None:
    result = second.imports.import_file(exported)
    assert result.skipped == []
    assert _fronts(second) == _fronts(empty_services)
    assert sorted(_fronts(second).values()) == sorted(FORMULAS.values())
    assert [n.name for n in second.study.deck_tree()] == ["=Deck"]


def test_raw_keeps_cells_as_they_are(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = write_deck(tmp_path / "f.toml", CARDS, name="Deck")
    assert run_cli(capsys, "import", str(deck))[0] == 0
    out = tmp_path / "raw.txt"
    code, _, err = run_cli(
        capsys, "export", "--deck", "Deck", "--format", "csv", "-o", str(out), "--raw"
    )
    assert code == 0, err
    assert "#pmstudy:formulas quoted" not in out.read_text(encoding="utf-8")
    fronts = {row[3] for row in _rows(out)}
    assert fronts == set(FORMULAS.values())


def test_an_anki_file_with_a_leading_quote_is_left_alone(
    empty_services: Services, tmp_path: Path
) -> None:
    """Only pmstudy's own export (its header) is unquoted: another file's ' is text."""
    path = tmp_path / "anki.txt"
    path.write_text("#separator:tab\n#html:false\n'=1+1\tback\n", encoding="utf-8")
    empty_services.imports.import_file(path)
    assert list(_fronts(empty_services).values()) == ["'=1+1"]


@pytest.mark.parametrize("cell", [*FORMULAS.values(), "", "'", "''=x", "\r", "a=b"])
def test_quote_and_unquote_are_inverse(cell: str) -> None:
    assert unquote_formula(quote_formula(cell)) == cell
    assert not quote_formula(cell).startswith(FORMULA_STARTS)
