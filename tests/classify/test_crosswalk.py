"""The crosswalk file: the bundled one is valid; a bad entry is named with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmstudy.decks.check import load_profiles
from pmstudy.decks.crosswalk import Place, load_crosswalk
from pmstudy.decks.loader import DeckFileError
from pmstudy.decks.profile_format import ExamProfileFile
from pmstudy.resources import crosswalk_file, profiles_dir


@pytest.fixture(scope="module")
def profiles() -> dict[str, ExamProfileFile]:
    return load_profiles(profiles_dir())


def _write(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "crosswalk.toml"
    path.write_text(f"schema_version = 1\n\n{entries}", encoding="utf-8")
    return path


def _problems(path: Path, profiles: dict[str, ExamProfileFile]) -> list[str]:
    with pytest.raises(DeckFileError) as raised:
        load_crosswalk(path, profiles)
    return [str(p) for p in raised.value.problems]


def test_the_bundled_crosswalk_is_valid_and_maps_onto_pmp(
    profiles: dict[str, ExamProfileFile],
) -> None:
    links = load_crosswalk(crosswalk_file(), profiles)
    assert len(links) > 50
    assert all(link.source.exam != link.targets[0].exam for link in links)
    conflict = next(link for link in links if link.source == Place("pmp-2021", "people", "t1"))
    assert conflict.targets == (Place("pmp-2026", "people", "t2"),)


def test_the_bundled_crosswalk_holds_ids_not_card_text() -> None:
    keys = {
        line.split("=")[0].strip()
        for line in crosswalk_file().read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    assert keys == {"schema_version", "from", "to"}


def test_an_unknown_exam_is_named_with_file_entry_and_line(
    tmp_path: Path, profiles: dict[str, ExamProfileFile]
) -> None:
    path = _write(
        tmp_path,
        '[[entries]]\nfrom = "capm::agile::t2"\nto = ["pmp-2026::process::t8"]\n\n'
        '[[entries]]\nfrom = "nope::people::t1"\nto = ["pmp-2026::people::t2"]\n',
    )
    assert _problems(path, profiles) == [
        f"{path}:7: entries[1]: 'nope::people::t1' names unknown exam profile 'nope'"
    ]


def test_an_unknown_domain_or_task_is_named(
    tmp_path: Path, profiles: dict[str, ExamProfileFile]
) -> None:
    path = _write(
        tmp_path,
        '[[entries]]\nfrom = "capm::agile::t99"\nto = ["pmp-2026::finance::t1"]\n',
    )
    assert _problems(path, profiles) == [
        f"{path}:3: entries[0]: 'capm::agile::t99': 't99' is not a task of capm::agile",
        f"{path}:3: entries[0]: 'pmp-2026::finance::t1': 'finance' is not a domain of "
        "pmp-2026 (people, process, business-environment)",
    ]


def test_a_domain_with_tasks_must_name_a_task(
    tmp_path: Path, profiles: dict[str, ExamProfileFile]
) -> None:
    path = _write(tmp_path, '[[entries]]\nfrom = "capm::agile"\nto = ["psm-1::product"]\n')
    assert _problems(path, profiles) == [
        f"{path}:3: entries[0]: 'capm::agile' names a domain that has tasks: name one of its tasks"
    ]


def test_an_exam_mapped_onto_itself_or_twice_is_refused(
    tmp_path: Path, profiles: dict[str, ExamProfileFile]
) -> None:
    path = _write(
        tmp_path,
        '[[entries]]\nfrom = "pmp-2026::people::t1"\nto = ["pmp-2026::people::t2"]\n\n'
        '[[entries]]\nfrom = "capm::agile::t2"\nto = ["pmp-2026::process::t8"]\n\n'
        '[[entries]]\nfrom = "capm::agile::t2"\nto = ["pmp-2026::process::t1"]\n',
    )
    assert _problems(path, profiles) == [
        f"{path}:3: entries[0]: maps pmp-2026 onto itself",
        f"{path}:11: entries[2]: 'capm::agile::t2' is already mapped onto pmp-2026",
    ]


def test_a_malformed_reference_or_key_is_a_file_error(
    tmp_path: Path, profiles: dict[str, ExamProfileFile]
) -> None:
    path = _write(tmp_path, '[[entries]]\nfrom = "capm agile"\nto = []\ncards = "text"\n')
    problems = _problems(path, profiles)
    assert all(p.startswith(f"{path}:") for p in problems)
    assert any("entries[0].from" in p for p in problems)
    assert any("entries[0].to" in p for p in problems)
    assert any("entries[0].cards" in p for p in problems)
