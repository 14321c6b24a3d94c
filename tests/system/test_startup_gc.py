"""Start-up runs without the cyclic garbage collector (it would walk every module's objects
over and over), and the collector is back once the services are open (with start-up's objects
frozen out of its way until the command is done), or the command is done, however it ended.
Nor does start-up look for pydantic plugins (pmstudy uses none)."""

from __future__ import annotations

import contextlib
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmstudy.cli import main
from pmstudy.commands import common
from pmstudy.services import container


def test_the_services_are_built_without_the_collector_and_it_runs_again_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[bool] = []
    build = container.build_services

    def watched(*args: object, **kwargs: object) -> container.Services:
        seen.append(gc.isenabled())
        return build(*args, **kwargs)  # type: ignore[arg-type]

    after: list[tuple[bool, int]] = []
    report = common.report_upgrade

    def opened(services: container.Services) -> None:  # make_services: right after opening
        after.append((gc.isenabled(), gc.get_freeze_count()))
        report(services)

    monkeypatch.setattr(container, "build_services", watched)
    monkeypatch.setattr(common, "report_upgrade", opened)
    assert gc.isenabled()
    assert main(["--data-dir", str(tmp_path / "data"), "decks"]) == 0
    assert seen == [False]
    # running again, with what start-up made frozen out of its way...
    assert after[0][0]
    assert after[0][1] > 0
    # ...and given back when the command is done
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(
    "argv", [["--version"], ["--no-such-option"], ["decks", "--data-dir", "/dev/null/x"]]
)
def test_the_collector_runs_again_however_the_command_ended(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert gc.isenabled()
    with contextlib.suppress(SystemExit):  # --version exits through argparse
        main(argv)
    assert gc.isenabled()


def test_a_collector_the_caller_switched_off_stays_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gc.disable()
    try:
        assert main(["--data-dir", str(tmp_path / "data"), "decks"]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_start_up_does_not_look_for_pydantic_plugins() -> None:
    """Looking reads the entry points of every installed package (30 ms of each start)."""
    code = (
        "import pmstudy.cli, pmstudy.settings\n"
        "import pydantic.plugin._loader as loader\n"
        "print(loader._plugins is None)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == "True"


def test_the_command_line_leaves_everything_frozen_for_the_exit(tmp_path: Path) -> None:
    """``pmstudy`` from the shell (``main()`` reads sys.argv) ends the process when it returns:
    everything stays frozen, so that the interpreter's exit does not walk it all with the
    collector (0.2 s after a large import). ``main([...])`` gives it back (the test above)."""
    code = (
        "import gc, sys\n"
        "from pmstudy.cli import main\n"
        "sys.argv = ['pmstudy', '--data-dir', sys.argv[1], 'decks']\n"
        "code = main()\n"
        "print(code, gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "0 True True"
