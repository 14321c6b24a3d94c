"""The command line builds the parser of the command it names, and only that one."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from pmstudy.cli import _command_named, build_parser
from pmstudy.commands import MODULES, modules
from pmstudy.commands.common import Parser


def _registered(module_name: str) -> list[str]:
    parser = Parser(prog="pmstudy")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    modules([module_name])[0].register(sub)
    return list(sub.choices)


@pytest.mark.parametrize("name", list(MODULES))
def test_the_table_names_what_each_module_registers(name: str) -> None:
    assert tuple(_registered(name)) == MODULES[name]


def test_every_command_has_one_module() -> None:
    commands = [c for names in MODULES.values() for c in names]
    assert len(commands) == len(set(commands))
    full = build_parser()
    sub = next(a for a in full._actions if a.dest == "command")
    assert list(sub.choices) == commands  # --help lists them in the table's order


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["decks"], "decks"),
        (["--data-dir", "decks", "readiness", "--json"], "readiness"),
        (["--profile", "ana", "--data-dir=/tmp/x", "import", "f.apkg"], "import"),
        (["--help", "decks"], None),
        (["--version"], None),
        ([], None),
        (["--data-dir"], None),
    ],
)
def test_the_command_named(argv: list[str], command: str | None) -> None:
    assert _command_named(argv) == command


def _loaded_after(argv: list[str], tmp_path: Path) -> list[str]:
    code = (
        "import sys\n"
        "from pmstudy.cli import main\n"
        f"main({argv!r} + ['--data-dir', sys.argv[1]])\n"
        "print(sorted(m for m in sys.modules if m.startswith('pmstudy.commands.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=True,
    )
    return list(ast.literal_eval(result.stdout.strip().splitlines()[-1]))


def test_a_command_imports_its_own_module_only(tmp_path: Path) -> None:
    loaded = _loaded_after(["profiles"], tmp_path)
    assert "pmstudy.commands.profiles" in loaded
    assert not {"pmstudy.commands.exams", "pmstudy.commands.browse"} & set(loaded)


def test_an_unknown_command_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from pmstudy.cli import main

    assert main(["no-such-command"]) == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'no-such-command'" in error
    assert all(f"'{c}'" in error for names in MODULES.values() for c in names)
