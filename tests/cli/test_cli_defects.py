"""The command-line defects of issue 21, one test each: options after the subcommand, a data
directory that is a file, prose refused by import, deck remove and rename, --limit, the exam
buffer, --help, full domain names in readiness, the mode of exported files, import progress."""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
from pathlib import Path

import pytest

from pmstudy.cli import build_parser, main
from tests.conftest import run_cli


def _decks(capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    code, out, _ = run_cli(capsys, "decks", "--json")
    assert code == 0
    return {d["name"]: d["total"] for d in json.loads(out)}


# 1. global options after the subcommand


def test_data_dir_after_the_subcommand(
    tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    after, before = tmp_path / "after", tmp_path / "before"
    assert run_cli(capsys, "decks", "--data-dir", str(after))[0] == 0
    assert run_cli(capsys, "deck", "available", "--json", "--data-dir", str(after))[0] == 0
    assert run_cli(capsys, "--data-dir", str(before), "stats")[0] == 0
    assert (after / "pmstudy.sqlite3").exists()
    assert (before / "pmstudy.sqlite3").exists()
    assert not env.exists()


# 2. a data directory that is a file


@pytest.mark.parametrize("below", [False, True])
def test_data_dir_that_is_a_file(
    tmp_path: Path, env: Path, below: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    target = file / "sub" if below else file
    code, out, err = run_cli(capsys, "decks", "--data-dir", str(target))
    assert code == 1
    assert out == ""
    assert err.startswith(f"pmstudy: error: data directory {target}")
    assert err.rstrip().endswith("is a file, not a directory")
    assert len(err.strip().splitlines()) == 1


# 3. import refuses prose; deck remove and rename


def test_import_refuses_markdown_and_prose_and_writes_nothing(
    tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _decks(capsys)
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\nSome prose, with a comma.\n\n| a | b |\n|---|---|\n")
    code, out, err = run_cli(capsys, "import", str(readme))
    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [
        "pmstudy: error: README.md: a Markdown file is not a card file; pmstudy imports Anki "
        "packages (.apkg), CSV/TSV/TXT files and deck files (.toml)"
    ]
    # a table at the top makes '|' look like the separator; the prose below has one field
    prose = tmp_path / "notes.txt"
    table = "".join(f"| term {i} | meaning {i} |\n" for i in range(30))
    text = "".join(f"A sentence of prose number {i} without a separator.\n" for i in range(60))
    prose.write_text(table + text)
    code, out, err = run_cli(capsys, "import", str(prose))
    assert code == 1
    assert "60 of its 90 rows have a single field" in err
    assert len(err.strip().splitlines()) == 1
    assert _decks(capsys) == before
    # naming the separator says the file is meant as it is
    code, out, _ = run_cli(capsys, "import", str(prose), "--delimiter", "pipe", "--dry-run")
    assert code == 0
    assert "would import" in out


def test_deck_remove_and_rename(
    tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "Scrum" in _decks(capsys)  # the first start installs it
    cards = tmp_path / "cards.csv"
    cards.write_text("front,back\none,1\ntwo,2\n")
    assert run_cli(capsys, "import", str(cards), "--deck", "Mine::Sub")[0] == 0
    assert _decks(capsys)["Mine::Sub"] == 2

    code, out, _ = run_cli(capsys, "deck", "rename", "Mine", "Yours")
    assert (code, out) == (0, "renamed 'Mine' to 'Yours' (and 1 sub-deck(s))\n")
    assert "Yours::Sub" in _decks(capsys)

    # not a terminal and no --yes: says what would go, removes nothing
    code, out, err = run_cli(capsys, "deck", "remove", "Yours")
    assert code == 1
    assert out == (
        "will remove 'Yours' and its 1 sub-deck(s): 2 card(s), 2 note(s) used only there, "
        "0 review(s) of history\n"
    )
    assert "add --yes" in err
    # a terminal: asks; "n" keeps it, "y" removes it
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert run_cli(capsys, "deck", "remove", "Yours")[1].endswith("nothing removed\n")
    assert "Yours" in _decks(capsys)
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    code, out, _ = run_cli(capsys, "deck", "remove", "Yours")
    assert code == 0
    assert out.splitlines()[-1].startswith("removed 'Yours' and its 1 sub-deck(s): 2 card(s)")
    assert not {"Yours", "Yours::Sub"} & set(_decks(capsys))

    code, out, err = run_cli(capsys, "deck", "remove", "Scrum", "--yes", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["decks"] == ["Scrum"]
    assert "Scrum" not in _decks(capsys)  # and it does not come back at the next start
    code, _, err = run_cli(capsys, "deck", "remove", "Nope", "--yes")
    assert (code, err) == (1, "pmstudy: error: no deck named 'Nope' (see 'pmstudy decks')\n")


# 4. cards --limit


def test_cards_limit(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "Scrum" in _decks(capsys)
    code, _, err = run_cli(capsys, "cards", "--limit", "-1")
    assert code == 2
    assert "argument --limit: must be 0 or more, not -1" in err
    everything = json.loads(run_cli(capsys, "cards", "--json")[1])
    assert len(json.loads(run_cli(capsys, "cards", "--json", "--limit", "0")[1])) == len(everything)
    assert len(json.loads(run_cli(capsys, "cards", "--json", "--limit", "3")[1])) == 3
    code, out, _ = run_cli(capsys, "cards", "--limit", "0")
    assert out.splitlines()[-1] == f"{len(everything)} cards"


# 5. the exam buffer


def test_exam_buffer_must_leave_days_to_learn(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(
        capsys, "exam", "add", "psm-1", "--date", "2027-01-18", "--buffer-days", "500"
    )
    assert code == 1
    assert err == (
        "pmstudy: error: a buffer of 500 day(s) leaves no day to learn in: the exam is 57 "
        "day(s) away, so the buffer must be less than 57\n"
    )
    assert run_cli(capsys, "exam", "add", "psm-1", "--date", "2027-01-18", "--buffer-days", "57")[0]
    assert (
        run_cli(capsys, "exam", "add", "psm-1", "--date", "2027-01-18", "--buffer-days", "56")[0]
        == 0
    )
    # the default buffer (14) is kept for a nearer exam, as before
    assert run_cli(capsys, "exam", "add", "psm-1", "--date", "2026-11-25")[0] == 0


# 6. --help


def test_help_starts_with_what_pmstudy_is(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[2].startswith("pmstudy: spaced-repetition study for project-management exams")
    assert "composition root" not in out
    assert "common commands:" in out
    assert "pmstudy import FILE" in out


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helped = {a.dest for a in action._choices_actions if a.help}
            assert helped == set(action.choices), f"{parser.prog}: subcommands without help"
            for child in dict.fromkeys(action.choices.values()):
                found += _parsers(child)
    return found


def test_every_subcommand_and_option_has_help() -> None:
    parsers = _parsers(build_parser())
    progs = {p.prog for p in parsers}
    assert {"pmstudy db upgrade", "pmstudy deck remove", "pmstudy deck rename"} <= progs
    missing = [
        f"{p.prog} {a.dest}"
        for p in parsers
        for a in p._actions
        if not a.help and not isinstance(a, argparse._SubParsersAction)
    ]
    assert missing == []


# 7. readiness shows full domain names


def test_readiness_shows_full_domain_names(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "exam", "add", "psm-1", "--date", "2027-01-18")[0] == 0
    long_name = "Developing and Delivering Products Professionally"  # 49 characters
    monkeypatch.setenv("COLUMNS", "160")
    out = run_cli(capsys, "readiness")[1]
    assert any(line.startswith(long_name + " ") for line in out.splitlines())
    monkeypatch.setenv("COLUMNS", "80")  # narrow: the name wraps, every word still shows
    lines = run_cli(capsys, "readiness")[1].splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Developing and Del"))
    assert " ".join([lines[first][:44].strip(), lines[first + 1].strip()]) == long_name


# 8. exported files get the user's umask


def test_export_follows_the_umask(
    tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "Scrum" in _decks(capsys)
    old = os.umask(0o022)
    try:
        for fmt in ("csv", "apkg", "deck"):
            path = tmp_path / f"out.{fmt}"
            code, _, _ = run_cli(
                capsys, "export", "--deck", "Scrum", "--format", fmt, "-o", str(path)
            )
            assert code == 0
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, fmt
        os.umask(0o077)
        private = tmp_path / "private.csv"
        assert (
            run_cli(capsys, "export", "--deck", "Scrum", "--format", "csv", "-o", str(private))[0]
            == 0
        )
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    finally:
        os.umask(old)


# 9. import progress on a terminal only, never with --json


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("as_json", [False, True])
def test_import_progress_on_a_terminal(
    tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    cards = tmp_path / "cards.csv"
    cards.write_text("front,back\n" + "".join(f"q{i},a{i}\n" for i in range(50)))
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["import", str(cards), *(["--json"] if as_json else [])]) == 0
    shown = terminal.getvalue()
    if as_json:
        assert shown == ""
    else:
        assert "writing notes 0/50" in shown
        assert shown.endswith("\r\x1b[2K")  # the line is cleared at the end


def test_no_import_progress_when_not_a_terminal(
    tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = tmp_path / "cards.csv"
    cards.write_text("front,back\nq,a\n")
    code, _, err = run_cli(capsys, "import", str(cards))
    assert (code, err) == (0, "")
